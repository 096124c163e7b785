"""The native trainer against scikit-learn's lbfgs at the same tolerance, on wide models.

Both fit the same data to max|∇| / Σw <= tol (scikit-learn's own scaling); the script
prints seconds, the ratio and the relative objective difference (maths §2 objective).

    python bench/trainer_vs_sklearn.py [--tol 1e-8] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import warnings

import numpy as np
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

import salutary_native as sn
from machine_limits import best_of

CASES = ((2000, 384, 2), (2000, 384, 10), (5000, 1024, 10), (4000, 64, 10))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tol", type=float, default=1e-8)
    ap.add_argument("--json")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    rows = []
    for n, d, K in CASES:
        centers = 0.3 * rng.normal(size=(K, d))
        y = rng.integers(0, K, n)
        X = centers[y] + rng.normal(size=(n, d))
        for C in (0.02, 1.0):
            native = sn.LogisticRegression(C=C, tol=args.tol)
            native_s = best_of(lambda m=native, X=X, y=y: m.fit(X, y), 3)
            sk = SkLogisticRegression(C=C, tol=args.tol, max_iter=100_000)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sk_s = best_of(lambda m=sk, X=X, y=y: m.fit(X, y), 3)
            # Score scikit-learn's optimum with the same objective code.
            probe = sn.LogisticRegression(C=C).fit(X[:K * 2], np.arange(K * 2) % K)
            probe.coef_, probe.intercept_ = sk.coef_, sk.intercept_
            rel = (native.objective(X, y) - probe.objective(X, y)) / probe.objective(X, y)
            rows.append({"n": n, "d": d, "K": K, "C": C, "native_s": native_s, "sklearn_s": sk_s,
                         "speedup": sk_s / native_s, "solver": native.solver_,
                         "objective_rel_diff": rel})
            print(f"n={n:5d} d={d:5d} K={K:2d} C={C:<5g} native {native_s:7.3f}s ({native.solver_}) "
                  f"sklearn {sk_s:7.3f}s  speed-up {sk_s / native_s:5.1f}x  objective rel diff {rel:+.1e}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=2)


if __name__ == "__main__":
    main()
