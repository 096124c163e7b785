"""Where Newton–Cholesky stops paying: Newton, L-BFGS and `auto` as the model widens.

The native trainer's `solver="auto"` uses Newton up to `newton_max_params()` parameters;
beyond, L-BFGS for the work of one Newton solve, then Newton if still unconverged. This
script times the three to the same tolerance over model widths p = K·(d+1), on standardised
and on raw-scale (ill-conditioned) features, so the threshold is a measurement.

    python bench/trainer_threshold.py [--n 4000] [--classes 10] [--json out.json]
"""

from __future__ import annotations

import argparse
import json

import numpy as np

import salutary_native as sn
from machine_limits import best_of


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--dims", type=int, nargs="+", default=[8, 16, 32, 48, 64, 96, 128, 256])
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--tol", type=float, default=1e-8)
    ap.add_argument("--raw-scale", action="store_true", help="scale feature j by 10**(j % 4): ill-conditioned")
    ap.add_argument("--json")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    K = args.classes
    rows = []
    print(f"{'d':>5} {'p':>6} {'newton_s':>9} {'it':>5} {'lbfgs_s':>9} {'it':>5} {'auto_s':>9} {'it':>5} "
          f"{'lbfgs/newton':>12} {'auto/newton':>11}")
    for d in args.dims:
        centers = rng.normal(size=(K, d))
        y = rng.integers(0, K, args.n)
        X = centers[y] + 2 * rng.normal(size=(args.n, d))
        if args.raw_scale:
            X = X * 10.0 ** (np.arange(d) % 4)
        fits = {}
        for solver in ("newton", "lbfgs", "auto"):
            model = sn.LogisticRegression(C=args.C, tol=args.tol, max_iter=10_000, solver=solver)
            seconds = best_of(lambda m=model, X=X, y=y: m.fit(X, y), 2)
            fits[solver] = (seconds, int(model.n_iter_[0]), model.objective_)
        p = (1 if K == 2 else K) * (d + 1)
        ratio = fits["lbfgs"][0] / fits["newton"][0]
        auto_ratio = fits["auto"][0] / fits["newton"][0]
        rows.append({"d": d, "p": p, **{f"{k}_s": v[0] for k, v in fits.items()},
                     **{f"{k}_iter": v[1] for k, v in fits.items()},
                     "lbfgs_over_newton": ratio, "auto_over_newton": auto_ratio,
                     "auto_objective_rel_diff": abs(fits["newton"][2] - fits["auto"][2]) / abs(fits["newton"][2])})
        print(f"{d:5d} {p:6d} {fits['newton'][0]:9.4f} {fits['newton'][1]:5d} {fits['lbfgs'][0]:9.4f} "
              f"{fits['lbfgs'][1]:5d} {fits['auto'][0]:9.4f} {fits['auto'][1]:5d} {ratio:12.2f} {auto_ratio:11.2f}")
    print(f"current newton_max_params = {sn.build_info()['newton_max_params']}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=2)


if __name__ == "__main__":
    main()
