"""Scenarios 3 and 6: one full salutary round (fit, direction, table, top-b) against both peers.

Scenario 3 (default): n_train = 2,000, d = 384, a float32 pool of 200,000, K = 2 and 10.
Scenario 6: ``--d 1024 --n-train 5000 --n-pool 100000 --classes 10`` (p = 10,250).

- Native: ``LogisticRegression.fit`` then ``salutary_query(keep_table=False)`` (solver="auto").
- Vectorised peer: scikit-learn's lbfgs fit at the same tolerance, the Gram Hessian,
  ``cho_factor``, two float32 products over the pool, argpartition.
- Authors' algorithm: the same fit, the per-row Hessian loop, ``pinv``, one n × K·D gradient
  matrix per label. Where it is too slow to run whole, its row loop and its gradient matrices
  are timed on a slice and scaled linearly (``--authors-rows``, ``--authors-pool-rows``); the
  figures say which.

Agreement is the native table against the peer's float64 table (maths §6: 1e-4 for float32 pools).

    python bench/full_round.py [--n-train 2000 --d 384 --n-pool 200000 --classes 2,10] [--json out.json]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

import authors_peer
import numpy_peer
import salutary_native as sn
from machine_limits import best_of, report
from numpy_peer import augment, theta
from workloads import blobs


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def sklearn_fit(w, C, tol):
    from sklearn.linear_model import LogisticRegression

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return LogisticRegression(C=C, tol=tol, max_iter=1000).fit(w.X_train, w.y_train)


def top_b(scores, budget):
    top = np.argpartition(-scores, budget - 1)[:budget]
    return top[np.argsort(-scores[top], kind="stable")]


def authors_round_seconds(model, w, rows: int, pool_rows: int):
    """(seconds, note): the authors' scoring, with the row loop and gradient matrices scaled from slices."""
    m = model.coef_.shape[0]
    K = 2 if m == 1 else m
    Theta = theta(model.coef_, model.intercept_)
    n, n_pool = len(w.y_train), w.X_pool.shape[0]
    rows, pool_rows = min(rows, n), min(pool_rows, n_pool)
    H, t_rows = timed(lambda: authors_peer.hessian_by_rows(Theta, K, model.C, w.X_train[:rows]))
    if rows < n:
        H = numpy_peer.hessian(model.coef_, model.intercept_, model.C, w.X_train)  # the matrix it would reach
    H_pinv, t_pinv = timed(lambda: np.linalg.pinv(H))
    Xv = augment(w.X_val)
    g_val = sum(authors_peer.per_row_gradients(Theta, K, Xv[w.y_val == c], c).sum(axis=0) for c in range(K))
    s = H_pinv @ g_val
    Xp = augment(np.asarray(w.X_pool[:pool_rows], dtype=np.float64))
    table, t_pool = timed(lambda: np.stack([authors_peer.per_row_gradients(Theta, K, Xp, c) @ s
                                            for c in range(K)], axis=1))
    seconds = t_rows * n / rows + t_pinv + t_pool * n_pool / pool_rows
    note = (f"row loop timed on {rows}/{n} rows, gradient matrices on {pool_rows}/{n_pool} pool rows, "
            "scaled linearly" if (rows < n or pool_rows < n_pool) else "run whole")
    return seconds, note


def scenario(args, K: int) -> dict:
    """Figures of one class count."""
    figures = {}
    w = blobs(args.n_train, 500, args.n_pool, args.d, K)

    def native():
        model = sn.LogisticRegression(C=args.C, tol=args.tol).fit(w.X_train, w.y_train)
        return model, sn.salutary_query(model, w.X_train, w.X_val, w.y_val, w.X_pool, args.budget, keep_table=False)

    t_native = best_of(native, args.repeat)
    model, _ = native()
    t_fit = best_of(lambda: sn.LogisticRegression(C=args.C, tol=args.tol).fit(w.X_train, w.y_train), 1)

    def peer():
        fitted = sklearn_fit(w, args.C, args.tol)
        table = numpy_peer.influence_table(fitted.coef_, fitted.intercept_, fitted.C, w.X_train, w.X_val,
                                           w.y_val, w.X_pool, pool_dtype=np.float32)
        return top_b(table.max(axis=1), args.budget)

    m = 1 if K == 2 else K
    p = m * (args.d + 1)
    if args.native_only:
        return {f"K{K}_p": p, f"K{K}_native_round_s": t_native, f"K{K}_native_fit_s": t_fit}
    t_peer = best_of(peer, 1)
    # Agreement on the same model: native table against the peer's float64 evaluation.
    native_table = sn.influence_table(model, w.X_train, w.X_val, w.y_val, w.X_pool)
    peer_table = numpy_peer.influence_table(model.coef_, model.intercept_, model.C, w.X_train, w.X_val,
                                            w.y_val, w.X_pool)
    err = float(np.abs(native_table - peer_table).max() / np.abs(peer_table).max())
    del native_table, peer_table
    figures.update({
        f"K{K}_p": p,
        f"K{K}_native_round_s": t_native,
        f"K{K}_native_fit_s": t_fit,
        f"K{K}_numpy_peer_round_s": t_peer,
        f"K{K}_speedup_vs_numpy_peer": t_peer / t_native,
        f"K{K}_table_rel_err_vs_float64_peer": err,
        f"K{K}_authors_gradient_matrix_gb_per_label": authors_peer.gradient_matrix_bytes(args.n_pool, m, args.d + 1)
        / 1e9,
    })
    if not args.skip_authors:
        sk_fit = best_of(lambda: sklearn_fit(w, args.C, args.tol), 1)
        whole = p <= 1000
        rows = args.authors_rows or (args.n_train if whole else 200)
        pool_rows = args.authors_pool_rows or (args.n_pool if whole else 20_000)
        scoring, note = authors_round_seconds(model, w, rows, pool_rows)
        figures.update({f"K{K}_authors_round_s": sk_fit + scoring,
                        f"K{K}_speedup_vs_authors": (sk_fit + scoring) / t_native,
                        f"K{K}_authors_note": note})
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-train", type=int, default=2000)
    ap.add_argument("--d", type=int, default=384)
    ap.add_argument("--n-pool", type=int, default=200_000)
    ap.add_argument("--classes", default="2,10")
    ap.add_argument("--budget", type=int, default=100)
    ap.add_argument("--C", type=float, default=0.02)
    ap.add_argument("--tol", type=float, default=1e-8, help="fit tolerance, both sides")
    ap.add_argument("--authors-rows", type=int, help="Hessian rows the authors' loop runs on "
                    "(default: all when p <= 1000, else 200)")
    ap.add_argument("--authors-pool-rows", type=int, help="pool rows of its gradient matrices "
                    "(default: all when p <= 1000, else 20000)")
    ap.add_argument("--skip-authors", action="store_true")
    ap.add_argument("--native-only", action="store_true",
                    help="time the native side only: no peers, nor the figures that compare against them")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--json")
    args = ap.parse_args()
    figures = {"scenario": f"n_train={args.n_train} d={args.d} n_pool={args.n_pool} float32 b={args.budget}",
               "threads": sn.get_num_threads()}
    for K in (int(k) for k in args.classes.split(",")):
        figures.update(scenario(args, K))
    report(figures, args.json)


if __name__ == "__main__":
    main()
