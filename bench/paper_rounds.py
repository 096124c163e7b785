"""Scenario 4: a 10-round paper-protocol run on the wine-quality data against both peers.

The paper's protocol (maths §4: test 20%, validation 20%, 300 labeled rows, b = 10,
C = 0.02, 10 rounds) on the bundled white wine-quality data (7 classes), with the same
loop on all three sides: fit on the labeled set, score the pool, give the top-b rows
their salutary labels, move them. Native uses LogisticRegression(warm_start) and
influence_table; the vectorised peer scikit-learn's lbfgs and numpy_peer; the authors'
algorithm scikit-learn's lbfgs and authors_peer. All fits at the same tolerance.
A fourth row, native_rounds, runs the same protocol as SalutaryRounds: the library's own
loop, one native call a round (its fit shares the round's Hessian, see salutary_rounds.py).
Each side's figure is its fastest whole run, over at least --repeat runs and --min-seconds of
runs (timeit's rule), so that every side is timed over about as much wall time.

    python bench/paper_rounds.py [--dataset wine_quality_white --rounds 10 --budget 10] [--breakdown] [--json out.json]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

import authors_peer
import numpy_peer
import round_breakdown
import salutary_native as sn
from machine_limits import best_of, report
from salutary_native.datasets import load_dataset


def run_loop(split, rounds, budget, fit, score, phases=None):
    """Selected pool rows of every round; fit(X, y) -> model, score(model, X_lab, X_pool) -> table.

    With a list as ``phases``, each round appends its (fit, score, rest of the loop) seconds.
    """
    X_lab, y_lab = split.X_train, split.y_train
    in_pool = np.ones(len(split.y_pool), dtype=bool)  # a mask: numpy's setdiff1d costs 0.26 ms a round here
    picked = []
    model = None
    for _ in range(rounds):
        t0 = time.perf_counter()
        model = fit(model, X_lab, y_lab)
        t1 = time.perf_counter()
        remaining = np.flatnonzero(in_pool)
        pool = split.X_pool[remaining]
        t2 = time.perf_counter()
        table = score(model, X_lab, pool)
        t3 = time.perf_counter()
        # The salutary label of every row, then its value: numpy's argmax over a row of K runs
        # about 8x faster than its max (91 against 12 µs on 2638 × 7), and the two pick the same value.
        best = table.argmax(axis=1)
        scores = table[np.arange(len(best)), best]
        top = np.argpartition(-scores, budget - 1)[:budget]
        top = top[np.argsort(-scores[top], kind="stable")]
        labels = np.asarray(model.classes_)[best[top]]
        rows = remaining[top]
        picked.append(rows)
        X_lab = np.vstack([X_lab, split.X_pool[rows]])
        y_lab = np.concatenate([y_lab, labels])
        in_pool[rows] = False
        if phases is not None:
            phases.append((t1 - t0, t3 - t2, t2 - t1 + time.perf_counter() - t3))
    return picked


def run_native_rounds(split, rounds, budget, C, tol, fits=None):
    """The same protocol through SalutaryRounds; with a list as ``fits``, its RoundFit records are appended."""
    loop = sn.SalutaryRounds(split.X_train, split.y_train, split.X_val, split.y_val, split.X_pool, C=C, tol=tol,
                             budget=budget)
    picked = [q.rows for q in loop.run(rounds)]
    if fits is not None:
        fits.extend(loop.fits_)
    return picked


def print_native_rounds_breakdown(split, rounds, budget, C, tol, runs=5):
    """Per round µs of SalutaryRounds, medians of ``runs`` runs: its native phases and the Python around them."""
    per_run = []
    for _ in range(runs):
        fits, walls = [], []
        loop = sn.SalutaryRounds(split.X_train, split.y_train, split.X_val, split.y_val, split.X_pool, C=C, tol=tol,
                                 budget=budget)
        for _ in range(rounds):
            t0 = time.perf_counter()
            loop.next_round()
            walls.append(time.perf_counter() - t0)
        per_run.append([(f.fit_seconds, f.direction_seconds, f.selection_seconds,
                         w - f.fit_seconds - f.direction_seconds - f.selection_seconds, w, f.n_iter, f.factorizations)
                        for f, w in zip(loop.fits_, walls)])
    columns = ("fit", "direction", "table+top-b+move", "python", "round", "newton_steps", "factorizations")
    print("SalutaryRounds per round, µs, median of runs")
    print("round " + " ".join(f"{c:>17s}" for c in columns))
    rows = np.median(np.array(per_run), axis=0)
    for r, row in enumerate(rows):
        print(f"{r:5d} " + " ".join(f"{v * 1e6:17.1f}" for v in row[:5]) + f" {row[5]:17.0f} {row[6]:17.0f}")
    med = np.median(rows, axis=0)
    print("median" + " ".join(f"{v * 1e6:17.1f}" for v in med[:5]) + f" {med[5]:17.1f} {med[6]:17.1f}")
    return [dict(zip(columns, map(float, row))) for row in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", default="wine_quality_white")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--budget", type=int, default=10)
    ap.add_argument("--C", type=float, default=0.02)
    ap.add_argument("--tol", type=float, default=1e-8)
    ap.add_argument("--repeat", type=int, default=3, help="whole runs a side, at least (the fastest is kept)")
    ap.add_argument("--min-seconds", type=float, default=1.0,
                    help="and runs a side until they have taken this long in all (timeit's rule: the "
                         "millisecond-long native runs are timed over as much wall time as a peer's)")
    ap.add_argument("--native-only", action="store_true",
                    help="time the native side only: no peers, nor the figures that compare against them")
    ap.add_argument("--breakdown", action="store_true",
                    help="also print where each native round's time goes (round_breakdown.py)")
    ap.add_argument("--json")
    args = ap.parse_args()
    data = load_dataset(args.dataset)
    split = sn.split_paper_protocol(data.X, data.y, seed=0)

    def sklearn_fit(_, X, y):
        from sklearn.linear_model import LogisticRegression

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return LogisticRegression(C=args.C, tol=args.tol, max_iter=1000).fit(X, y)

    def native_fit(model, X, y):
        model = model or sn.LogisticRegression(C=args.C, tol=args.tol, warm_start=True)
        return model.fit(X, y)

    sides = {
        "native": (native_fit, lambda m, X, P: sn.influence_table(m, X, split.X_val, split.y_val, P)),
        "numpy_peer": (sklearn_fit, lambda m, X, P: numpy_peer.influence_table(
            m.coef_, m.intercept_, m.C, X, split.X_val, np.searchsorted(m.classes_, split.y_val), P)),
        "authors": (sklearn_fit, lambda m, X, P: authors_peer.influence_table(
            m.coef_, m.intercept_, m.C, X, split.X_val, np.searchsorted(m.classes_, split.y_val), P)),
    }
    figures = {"dataset": args.dataset, "rows": len(data.y), "features": data.X.shape[1],
               "classes": data.n_classes, "pool": len(split.y_pool), "threads": sn.get_num_threads()}
    if args.native_only:
        sides = {"native": sides["native"]}
    picks = {}
    # SalutaryRounds first: after the peers, OpenBLAS's spinning threads held the second core for
    # a while, and a two-thread region of one round waited ~4 ms for it.
    def native_rounds():
        picks["native_rounds"] = run_native_rounds(split, args.rounds, args.budget, args.C, args.tol)

    figures["native_rounds_s"] = best_of(native_rounds, args.repeat, args.min_seconds)
    if args.breakdown:
        figures["native_rounds_breakdown_us"] = [
            {k: (v if k in ("newton_steps", "factorizations") else round(v * 1e6, 1)) for k, v in row.items()}
            for row in print_native_rounds_breakdown(split, args.rounds, args.budget, args.C, args.tol)]
    for name, (fit, score) in sides.items():
        def side(name=name, fit=fit, score=score):
            picks[name] = run_loop(split, args.rounds, args.budget, fit, score)

        figures[f"{name}_s"] = best_of(side, args.repeat, args.min_seconds)
    figures["native_rounds_rounds_with_same_rows_as_native"] = sum(
        set(a) == set(b) for a, b in zip(picks["native_rounds"], picks["native"]))
    if args.breakdown:
        per_round = round_breakdown.breakdown(split, args.rounds, args.budget, *sides["native"], run_loop)
        round_breakdown.print_breakdown(per_round)
        figures["breakdown_us"] = [{k: (v if k == "newton_iterations" else round(v * 1e6, 1)) for k, v in row.items()}
                                   for row in per_round]
    if args.native_only:
        report(figures, args.json)
        return
    figures["speedup_vs_numpy_peer"] = figures["numpy_peer_s"] / figures["native_s"]
    figures["speedup_vs_authors"] = figures["authors_s"] / figures["native_s"]
    figures["native_rounds_speedup_vs_numpy_peer"] = figures["numpy_peer_s"] / figures["native_rounds_s"]
    figures["native_rounds_speedup_vs_authors"] = figures["authors_s"] / figures["native_rounds_s"]
    figures["native_rounds_rounds_with_same_rows_as_numpy_peer"] = sum(
        set(a) == set(b) for a, b in zip(picks["native_rounds"], picks["numpy_peer"]))
    figures["first_round_same_rows_as_numpy_peer"] = bool(np.array_equal(picks["native"][0], picks["numpy_peer"][0]))
    figures["rounds_with_same_rows_as_numpy_peer"] = sum(
        set(a) == set(b) for a, b in zip(picks["native"], picks["numpy_peer"]))
    report(figures, args.json)


if __name__ == "__main__":
    main()
