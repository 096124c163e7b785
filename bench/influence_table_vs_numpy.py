"""Native influence_table against a vectorised numpy/scipy evaluation of maths §3.

Default scenario (issue 2): a float32 pool of 1,000,000 × 128, K = 10, Hessian on 2,000
training rows. Both sides compute the whole table from the same fitted model; the peer
builds H from weighted Gram products, factors it with scipy.linalg.cho_factor and forms
the table from two matrix products over the pool. Prints seconds, the ratio, agreement,
and the native pass's effective bandwidth against the measured read bandwidth.

    python bench/influence_table_vs_numpy.py [--n-pool N] [--d D] [--classes K] [--json out.json]
"""

from __future__ import annotations

import argparse
import os
import platform

import numpy as np

import numpy_peer
import salutary_native as sn
from machine_limits import best_of, gemm_gflops, read_bandwidth, report


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
    def peer(dtype):
        return numpy_peer.influence_table(model.coef_, model.intercept_, model.C, X_train, X_val, y_val,
                                          X_pool, dtype)

    peer64_s = best_of(lambda: peer(np.float64), args.repeat)
    peer32_s = best_of(lambda: peer(np.float32), args.repeat)
    ref64, ref32 = peer(np.float64), peer(np.float32)
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
    report(figures, args.json)


if __name__ == "__main__":
    main()
