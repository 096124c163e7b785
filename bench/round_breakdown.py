"""Where a native paper round's time goes (scenario 4, ``paper_rounds.py --breakdown``).

The native loop of ``paper_rounds.run_loop`` runs five times (per-round medians) with the native
entry points it reaches (``_core.fit_logistic``, ``_core.Scorer.fit``, ``Scorer.table``) wrapped
by a timer, so every round splits into: the native fit, the Python work of ``LogisticRegression.fit`` around it, the
native direction and table passes, the Python work of ``influence_table`` around them, and the
loop's own numpy work. The fit's inside is then timed piece by piece at each round's labeled set
and fitted model (best of ``repeat`` calls each): one objective-and-gradient pass, one Hessian
assembly, and the Cholesky factor and solve (the direction's Cholesky fit less its Hessian and
validation gradient). Wrapping costs about a microsecond a call; it never runs in a timed figure
of the scenario itself.
"""

from __future__ import annotations

import time
from collections import defaultdict

import numpy as np

import salutary_native as sn
from salutary_native import _core

PHASES = ("fit_native", "fit_python", "direction_native", "table_native", "score_python", "loop_python")


class _TimedScorer:
    """A native scorer whose table pass is timed; every other attribute is the scorer's own."""

    def __init__(self, native, calls):
        self._native, self._calls = native, calls

    def table(self, *args, **kwargs):
        t0 = time.perf_counter()
        out = self._native.table(*args, **kwargs)
        self._calls["table_native"].append(time.perf_counter() - t0)
        return out

    def __getattr__(self, name):
        return getattr(self._native, name)


def _timed_core(calls):
    """Replacements for the native entry points the loop calls: each call's seconds go to calls[name]."""
    native_fit, native_scorer = _core.fit_logistic, _core.Scorer

    def fit_logistic(*args, **kwargs):
        t0 = time.perf_counter()
        result = native_fit(*args, **kwargs)
        calls["fit_native"].append(time.perf_counter() - t0)
        calls["newton_iterations"].append(result["n_iter"])
        return result

    class Scorer:
        @staticmethod
        def fit(*args, **kwargs):
            t0 = time.perf_counter()
            native = native_scorer.fit(*args, **kwargs)
            calls["direction_native"].append(time.perf_counter() - t0)
            return _TimedScorer(native, calls)

    return {"fit_logistic": fit_logistic, "Scorer": Scorer}, {"fit_logistic": native_fit, "Scorer": native_scorer}


def _best(fn, repeat):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _fit_pieces(model, X_lab, y_lab, X_val, y_val, repeat):
    """Seconds of one objective-and-gradient pass, one Hessian, one factor and solve at this round's fit."""
    native = sn.fitted_model.fitted_model(model).native
    X = np.ascontiguousarray(X_lab, dtype=np.float64)
    y = np.searchsorted(model.classes_, y_lab).astype(np.int64)
    yv = np.searchsorted(model.classes_, y_val).astype(np.int64)
    empty = np.empty((0, X.shape[1]))
    gradient = _best(lambda: _core.val_gradient(native, X, y), repeat)
    hessian = _best(lambda: _core.hessian(native, X, None, empty, "train", 0.0), repeat)
    cholesky = _best(lambda: _core.Scorer.fit(native, X, None, X_val, yv, None, "train", 0.0, "cholesky", "cpu"),
                     repeat)
    val_gradient = _best(lambda: _core.val_gradient(native, X_val, yv), repeat)
    return {"objective_gradient": gradient, "hessian": hessian,
            "factor_solve": max(0.0, cholesky - hessian - val_gradient)}


def breakdown(split, rounds, budget, fit, score, run_loop, runs=5, repeat=20):
    """Per-round seconds of every phase (one dict a round): medians over ``runs`` runs of the native loop."""
    timed, original = _timed_core(calls := defaultdict(list))
    states, phases = [], []

    def fit_and_keep(model, X, y):
        model = fit(model, X, y)
        states.append((model, X, y))
        return model

    for name, fn in timed.items():
        setattr(_core, name, fn)
    try:
        for _ in range(runs):
            run_loop(split, rounds, budget, fit_and_keep, score, phases=phases)
    finally:
        for name, fn in original.items():
            setattr(_core, name, fn)
    per_run = []
    for i, (fit_s, score_s, loop_s) in enumerate(phases):
        fit_native, direction, table = calls["fit_native"][i], calls["direction_native"][i], calls["table_native"][i]
        per_run.append({"fit_native": fit_native, "fit_python": fit_s - fit_native, "direction_native": direction,
                        "table_native": table, "score_python": score_s - direction - table, "loop_python": loop_s,
                        "newton_iterations": calls["newton_iterations"][i]})
    per_round = []
    for r in range(rounds):
        same_round = per_run[r::rounds]
        row = {key: float(np.median([run[key] for run in same_round])) for key in same_round[0]}
        row["newton_iterations"] = same_round[0]["newton_iterations"]
        row.update(_fit_pieces(*states[r], split.X_val, split.y_val, repeat))
        per_round.append(row)
    return per_round


def print_breakdown(per_round) -> None:
    """One line a round in microseconds, then the medians."""
    columns = list(PHASES) + ["total", "newton_iterations", "objective_gradient", "hessian", "factor_solve"]
    print("per round, µs, median of runs (objective_gradient, hessian, factor_solve: one call each at the round's fit)")
    print("round " + " ".join(f"{c:>18s}" for c in columns))
    for r, row in enumerate(per_round):
        row["total"] = sum(row[p] for p in PHASES)
        cells = [f"{row[c]:18d}" if c == "newton_iterations" else f"{row[c] * 1e6:18.1f}" for c in columns]
        print(f"{r:5d} " + " ".join(cells))
    med = {c: float(np.median([row[c] for row in per_round])) for c in columns}
    cells = [f"{med[c]:18.1f}" if c == "newton_iterations" else f"{med[c] * 1e6:18.1f}" for c in columns]
    print("median " + " ".join(cells)[1:])
