"""Hessian assembly and factorisation: native against numpy + scipy on the same model.

The peer builds H the fastest reasonable numpy way (one Gram product of U = p ⊗ x̃, which
numpy runs as a SYRK, plus the diagonal blocks) and factors it with scipy.linalg.cho_factor.
The native side is salutary_native.hessian and val_direction(solver="cholesky") (assembly +
tiled Cholesky + one solve); val_direction(solver="cg") is reported beside it. Prints seconds,
ratios and GFLOP/s against the GEMM and cho_factor limits.

    python bench/hessian_vs_numpy.py [--n 4000 --d 384 --classes 10] [--json out.json]
"""

from __future__ import annotations

import argparse

import numpy as np
from scipy.linalg import cho_factor

import numpy_peer
import salutary_native as sn
from machine_limits import best_of, cholesky_gflops, gemm_gflops, report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--d", type=int, default=384)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--native-only", action="store_true",
                    help="time the native side only: no peers, nor the figures that compare against them")
    ap.add_argument("--json")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    K, d, n = args.classes, args.d, args.n
    y = np.arange(n) % K
    X = 0.3 * rng.normal(size=(K, d))[y] + rng.normal(size=(n, d))
    model = sn.LogisticRegression(C=0.02).fit(X, y)
    m = 1 if K == 2 else K
    p = m * (d + 1)

    X_val, y_val = X[:200], y[:200]
    native_h = best_of(lambda: sn.hessian(model, X), 3)
    native_hs = best_of(lambda: sn.val_direction(model, X, X_val, y_val, solver="cholesky"), 3)
    native_cg = best_of(lambda: sn.val_direction(model, X, X_val, y_val, solver="cg"), 3)
    if args.native_only:
        report({"scenario": f"n={n} d={d} K={K} p={p}", "threads": sn.get_num_threads(),
                "native_hessian_s": native_h, "native_hessian_factor_solve_s": native_hs,
                "native_factor_s_approx": native_hs - native_h, "native_cg_direction_s": native_cg}, args.json)
        return
    peer_h = best_of(lambda: numpy_peer.hessian(model.coef_, model.intercept_, model.C, X), 3)
    H = numpy_peer.hessian(model.coef_, model.intercept_, model.C, X, complete=True)
    peer_f = best_of(lambda: cho_factor(H, lower=True), 3)
    H_plain = numpy_peer.hessian(model.coef_, model.intercept_, model.C, X)
    err = np.abs(sn.hessian(model, X) - H_plain).max() / np.abs(H_plain).max()
    s_chol = sn.val_direction(model, X, X_val, y_val, solver="cholesky")
    s_cg = sn.val_direction(model, X, X_val, y_val, solver="cg")
    # Flops of the work done: native forms the lower trapezoid of each of the m(m+1)/2 blocks
    # (n·D² each); the peer's SYRK forms the lower triangle of the whole matrix (n·p²).
    D = d + 1
    native_flops = m * (m + 1) / 2 * n * D * D
    factor_s = native_hs - native_h  # assembly + factor + solve, less assembly (+ output copy)
    gemm, chol = gemm_gflops(np.float64), cholesky_gflops()
    figures = {
        "scenario": f"n={n} d={d} K={K} p={p}",
        "threads": sn.get_num_threads(),
        "native_hessian_s": native_h,
        "numpy_hessian_s": peer_h,
        "hessian_ratio_native_over_numpy": native_h / peer_h,
        "native_hessian_factor_solve_s": native_hs,
        "numpy_hessian_plus_cho_factor_s": peer_h + peer_f,
        "hessian_factor_ratio_native_over_peer": native_hs / (peer_h + peer_f),
        "native_hessian_gflops": native_flops / native_h / 1e9,
        "native_hessian_fraction_of_gemm": native_flops / native_h / 1e9 / gemm,
        "native_factor_s_approx": factor_s,
        "native_factor_gflops_approx": p**3 / 3 / factor_s / 1e9,
        "scipy_cho_factor_s": peer_f,
        "scipy_cho_factor_gflops": p**3 / 3 / peer_f / 1e9,
        "gemm_f64_gflops": gemm,
        "cho_factor_gflops_limit": chol,
        "native_cg_direction_s": native_cg,
        "cg_direction_speedup_vs_peer": (peer_h + peer_f) / native_cg,
        "cg_vs_cholesky_direction_rel_diff": float(np.abs(s_cg - s_chol).max() / np.abs(s_chol).max()),
        "hessian_max_rel_diff": float(err),
    }
    report(figures, args.json)


if __name__ == "__main__":
    main()
