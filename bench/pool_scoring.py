"""Scenario 1: influence table + top-b over a large float32 pool, against read bandwidth.

Default: a float32 pool of 2,000,000 × 384, K = 2 and K = 10, b = 1000, the Hessian on
2,000 training rows. Native is one ``salutary_query(keep_table=False)``; the vectorised
peer is numpy/scipy (Gram Hessian, cho_factor, two float32 products over the pool,
argpartition). The authors' algorithm needs an n_pool × K·D gradient matrix per label,
so only the memory it would need is reported. Prints seconds, the ratio, the native
effective GB/s against one X.sum(axis=0) read pass, and the extra resident memory.

    python bench/pool_scoring.py [--n-pool 2000000 --d 384 --classes 2,10 --budget 1000] [--json out.json]
"""

from __future__ import annotations

import argparse

import numpy as np

import numpy_peer
import salutary_native as sn
from machine_limits import best_of, read_bandwidth, report
from workloads import PeakRSS, blobs


def peer_query(model, w, budget):
    table = numpy_peer.influence_table(model.coef_, model.intercept_, model.C, w.X_train, w.X_val, w.y_val,
                                       w.X_pool, pool_dtype=np.float32)
    scores = table.max(axis=1)
    top = np.argpartition(-scores, budget - 1)[:budget]
    return top[np.argsort(-scores[top], kind="stable")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-pool", type=int, default=2_000_000)
    ap.add_argument("--d", type=int, default=384)
    ap.add_argument("--classes", default="2,10")
    ap.add_argument("--budget", type=int, default=1000)
    ap.add_argument("--n-train", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--native-only", action="store_true",
                    help="time the native side only: no peers, nor the figures that compare against them")
    ap.add_argument("--json")
    args = ap.parse_args()
    figures = {"threads": sn.get_num_threads()}
    for K in (int(k) for k in args.classes.split(",")):
        figures.update(scenario(args, K, figures))
    report(figures, args.json)


def scenario(args, K: int, figures: dict) -> dict:
    """Figures for one class count; the first call also measures the read bandwidth."""
    w = blobs(args.n_train, 500, args.n_pool, args.d, K)
    if "read_gbps" not in figures:
        figures["read_gbps"] = read_bandwidth(w.X_pool)
        figures["pool_gb"] = w.X_pool.nbytes / 1e9
    read_gbps = figures["read_gbps"]
    model = sn.LogisticRegression(C=0.02).fit(w.X_train, w.y_train)

    def native():
        return sn.salutary_query(model, w.X_train, w.X_val, w.y_val, w.X_pool, args.budget, keep_table=False)

    with PeakRSS() as mem:
        native()
    t_native = best_of(native, args.repeat)
    t_peer = float("nan") if args.native_only else best_of(lambda: peer_query(model, w, args.budget), 1)
    m = 1 if K == 2 else K
    authors_gb = w.X_pool.shape[0] * m * (args.d + 1) * 8 / 1e9
    figures.update({
        f"K{K}_native_s": t_native,
        f"K{K}_numpy_peer_s": t_peer,
        f"K{K}_speedup_vs_numpy": t_peer / t_native,
        f"K{K}_native_gbps": w.X_pool.nbytes / t_native / 1e9,
        f"K{K}_fraction_of_read_bandwidth": w.X_pool.nbytes / t_native / 1e9 / read_gbps,
        f"K{K}_extra_rss_mb": mem.extra / 1e6,
        f"K{K}_extra_rss_fraction_of_pool": mem.extra / w.X_pool.nbytes,
        f"K{K}_authors_gradient_matrix_gb_per_label": authors_gb,
    })
    if args.native_only:  # no peer ran: drop the figures about the peers
        for key in ("numpy_peer_s", "speedup_vs_numpy", "authors_gradient_matrix_gb_per_label"):
            del figures[f"K{K}_{key}"]
    return figures


if __name__ == "__main__":
    main()
