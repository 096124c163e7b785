"""Native influence_table against a vectorised numpy/scipy evaluation of SPEC §3.

Default scenario (issue 2): a float32 pool of 1,000,000 × 128, K = 10, Hessian on 2,000
training rows. Both sides compute the whole table from the same fitted model; the peer
builds H from weighted Gram products, factors it with scipy.linalg.cho_factor and forms
the table from two matrix products over the pool. Prints seconds, the ratio, agreement,
and the native pass's effective bandwidth against the measured read bandwidth.

    python bench/influence_table_vs_numpy.py [--n-pool N] [--d D] [--classes K] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform

import numpy as np
from scipy.linalg import cho_factor, cho_solve

import salutary_native as sn
from machine_limits import best_of, gemm_gflops, read_bandwidth


def softmax_or_sigmoid(Z: np.ndarray, K: int) -> np.ndarray:
    if K == 2:
        p1 = 1.0 / (1.0 + np.exp(-Z[:, 0]))
        return np.stack([1.0 - p1, p1], axis=1)
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def numpy_influence_table(coef, intercept, C, X_train, X_val, y_val, X_pool, pool_dtype=np.float64):
    """The vectorised peer: weighted Gram Hessian, cho_factor, two products over the pool."""
    m, d = coef.shape
    K = 2 if m == 1 else m
    Theta = np.hstack([coef, intercept.reshape(m, 1)])
    D = d + 1
    aug = lambda X: np.hstack([X, np.ones((X.shape[0], 1))])  # noqa: E731
    Xt = aug(X_train)
    P = softmax_or_sigmoid(Xt @ Theta.T, K)
    if K == 2:
        H = (Xt * (P[:, 0] * P[:, 1])[:, None]).T @ Xt
    else:
        # Block (k, l) = Xtᵀ diag(p_k(δ_kl − p_l)) Xt, as diag-blocks minus one Gram product.
        U = (P[:, :, None] * Xt[:, None, :]).reshape(len(Xt), K * D)
        H = -(U.T @ U)
        for k in range(K):
            H[k * D:(k + 1) * D, k * D:(k + 1) * D] += (Xt * P[:, k:k + 1]).T @ Xt
    pen = np.tile(np.r_[np.full(d, 1.0 / C), 0.0], m)
    H[np.diag_indices_from(H)] += pen
    if K > 2:
        v = np.zeros(m * D)
        v[D - 1::D] = 1.0 / np.sqrt(K)
        H += np.outer(v, v)
    Xv = aug(X_val)
    Pv = softmax_or_sigmoid(Xv @ Theta.T, K)
    R = Pv.copy()
    R[np.arange(len(y_val)), y_val] -= 1.0
    G = (R[:, 1:2] if K == 2 else R).T @ Xv
    s = cho_solve(cho_factor(H, lower=True), G.ravel()).reshape(m, D)
    # Two thin products over the pool: logits and z = S x̃.
    Xp = X_pool.astype(pool_dtype, copy=False)
    Wstack = np.vstack([Theta[:, :d], s[:, :d]]).astype(pool_dtype)
    Z = Xp @ Wstack.T + np.r_[Theta[:, d], s[:, d]]
    Pp = softmax_or_sigmoid(Z[:, :m], K)
    z = Z[:, m:]
    if K == 2:
        return np.stack([Pp[:, 1] * z[:, 0], (Pp[:, 1] - 1.0) * z[:, 0]], axis=1)
    return (Pp * z).sum(axis=1, keepdims=True) - z


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-pool", type=int, default=1_000_000)
    ap.add_argument("--d", type=int, default=128)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--n-train", type=int, default=2000)
    ap.add_argument("--n-val", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args()

    rng = np.random.default_rng(0)
    K, d = args.classes, args.d
    centers = rng.normal(size=(K, d))
    draw = lambda n: (lambda y: (centers[y] + rng.normal(size=(n, d)) * 2, y))(rng.integers(0, K, n))  # noqa: E731
    X_train, y_train = draw(args.n_train)
    X_val, y_val = draw(args.n_val)
    X_pool = rng.normal(size=(args.n_pool, d)).astype(np.float32)
    model = sn.LogisticRegression(C=0.02).fit(X_train, y_train)

    native_s = best_of(lambda: sn.influence_table(model, X_train, X_val, y_val, X_pool), args.repeat)
    table = sn.influence_table(model, X_train, X_val, y_val, X_pool)
    peer64_s = best_of(lambda: numpy_influence_table(model.coef_, model.intercept_, model.C, X_train, X_val,
                                                     y_val, X_pool, np.float64), args.repeat)
    peer32_s = best_of(lambda: numpy_influence_table(model.coef_, model.intercept_, model.C, X_train, X_val,
                                                     y_val, X_pool, np.float32), args.repeat)
    ref64 = numpy_influence_table(model.coef_, model.intercept_, model.C, X_train, X_val, y_val, X_pool, np.float64)
    ref32 = numpy_influence_table(model.coef_, model.intercept_, model.C, X_train, X_val, y_val, X_pool, np.float32)
    scale = np.abs(ref64).max()
    read_gbps = read_bandwidth(X_pool)
    figures = {
        "scenario": f"float32 pool {args.n_pool} x {d}, K={K}, n_train={args.n_train}",
        "native_s": native_s,
        "numpy_f64_s": peer64_s,
        "numpy_f32_gemm_s": peer32_s,
        "speedup_vs_numpy_f64": peer64_s / native_s,
        "speedup_vs_numpy_f32_gemm": peer32_s / native_s,
        "native_max_rel_err_vs_numpy_f64": float(np.abs(table - ref64).max() / scale),
        "numpy_f32_gemm_max_rel_err_vs_f64": float(np.abs(ref32 - ref64).max() / scale),
        "native_pool_gbps": X_pool.nbytes / native_s / 1e9,
        "read_gbps": read_gbps,
        "native_fraction_of_read_bandwidth": X_pool.nbytes / native_s / 1e9 / read_gbps,
        "gemm_f64_gflops": gemm_gflops(np.float64),
        "threads": sn.get_num_threads(),
        "cpu_count": os.cpu_count(),
        "machine": platform.processor() or platform.machine(),
        "simd": sn.build_info()["simd"],
    }
    for key, value in figures.items():
        print(f"{key:36s} {value:.4g}" if isinstance(value, float) else f"{key:36s} {value}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(figures, fh, indent=2)


if __name__ == "__main__":
    main()
