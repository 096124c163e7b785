"""The float32 table pass (precision="float32") against the float64 one, on one large pool.

Default: a float32 pool of 2,000,000 × 384, K = 10, b = 1000, the scorer fitted once on 2,000
training rows. Times scorer.query(pool, b) with the float64 pass (the default) and the float32
pass (same scorer state, precision changed), and reports for each: seconds, the fraction of the
read bandwidth (machine_limits.read_bandwidth over the same pool, same run), and GFLOP/s of the
pass's product against numpy's f64 and f32 GEMM: 2·n·d·(2m − 2) flops (both passes take a softmax
model's logits and projections less their last one; 2·n·d·2 for the sigmoid). Then the relative table error
of the float32 pass on the first 50,000 rows against the float64 pass (max |ΔI| / max |I|), and
the overlap of the two top-b selections. Writes bench/results/float32_pass.{json,md}.

    nice python bench/float32_pass.py [--n-pool 2000000 --d 384 --classes 10 --budget 1000] [--out bench/results]
"""

from __future__ import annotations

import argparse
import json
import os

import numpy as np

import salutary_native as sn
from machine_limits import best_of, gemm_gflops, machine_facts, read_bandwidth
from workloads import blobs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-pool", type=int, default=2_000_000)
    ap.add_argument("--d", type=int, default=384)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--budget", type=int, default=1000)
    ap.add_argument("--n-train", type=int, default=2000)
    ap.add_argument("--subset", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results"))
    args = ap.parse_args()
    K, d, b = args.classes, args.d, args.budget
    w = blobs(args.n_train, 500, args.n_pool, d, K)
    pool = w.X_pool
    model = sn.LogisticRegression(C=0.02).fit(w.X_train, w.y_train)
    exact = sn.InfluenceScorer(model, device="cpu").fit(w.X_train, w.X_val, w.y_val)
    single = sn.InfluenceScorer.from_state({**exact.get_state(), "precision": "float32"})
    m = 1 if K == 2 else K
    products = 2 if m == 1 else 2 * m - 2
    flops = {name: 2.0 * pool.shape[0] * d * products for name in ("float64", "float32")}
    figures = {"machine": machine_facts(), "threads": sn.get_num_threads(), "n_pool": pool.shape[0], "d": d,
               "classes": K, "budget": b, "pool_gb": pool.nbytes / 1e9,
               "read_gbps": read_bandwidth(pool), "gemm_f64_gflops": gemm_gflops(np.float64),
               "gemm_f32_gflops": gemm_gflops(np.float32)}
    queries = {}
    for name, scorer in (("float64", exact), ("float32", single)):
        queries[name] = scorer.query(pool, b)
        seconds = best_of(lambda s=scorer: s.query(pool, b), args.repeat)
        gemm = figures[f"gemm_{'f64' if name == 'float64' else 'f32'}_gflops"]
        figures.update({f"{name}_s": seconds,
                        f"{name}_fraction_of_read_bandwidth": pool.nbytes / seconds / 1e9 / figures["read_gbps"],
                        f"{name}_gflops": flops[name] / seconds / 1e9,
                        f"{name}_fraction_of_gemm": flops[name] / seconds / 1e9 / gemm})
    figures["speedup_float32_vs_float64"] = figures["float64_s"] / figures["float32_s"]
    subset = pool[:args.subset]
    t64, t32 = exact.table(subset), single.table(subset)
    figures["subset_rows"] = subset.shape[0]
    figures["table_rel_error_subset"] = float(np.abs(t32 - t64).max() / np.abs(t64).max())
    figures["top_b_overlap"] = np.intersect1d(queries["float64"].indices, queries["float32"].indices).size / b
    figures["top_b_same_order"] = bool(np.array_equal(queries["float64"].indices, queries["float32"].indices))
    for key, value in figures.items():
        print(f"{key:38s} {value:.4g}" if isinstance(value, float) else f"{key:38s} {value}")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "float32_pass.json"), "w") as fh:
        json.dump(figures, fh, indent=2)
    with open(os.path.join(args.out, "float32_pass.md"), "w") as fh:
        fh.write(markdown(figures))


def markdown(f: dict) -> str:
    rows = ["| pass | seconds | GB/s | of read bandwidth | GFLOP/s | of GEMM (same dtype) |",
            "|---|---:|---:|---:|---:|---:|"]
    for name in ("float64", "float32"):
        rows.append(f"| {name} | {f[f'{name}_s']:.3f} | {f['pool_gb'] / f[f'{name}_s']:.2f} | "
                    f"{f[f'{name}_fraction_of_read_bandwidth']:.2f} | {f[f'{name}_gflops']:.1f} | "
                    f"{f[f'{name}_fraction_of_gemm']:.2f} |")
    return "\n".join(rows) + (
        f"\n\nscorer.query over a float32 pool of {f['n_pool']:,} × {f['d']} ({f['pool_gb']:.2f} GB), "
        f"K = {f['classes']}, b = {f['budget']}, {f['threads']} threads, best of the timed calls. "
        f"Read bandwidth {f['read_gbps']:.2f} GB/s (one X.sum(axis=0) pass over the same pool); numpy GEMM "
        f"{f['gemm_f64_gflops']:.1f} GFLOP/s (f64) and {f['gemm_f32_gflops']:.1f} GFLOP/s (f32). "
        f"float32 is {f['speedup_float32_vs_float64']:.2f}× the float64 pass. Table error of the float32 pass "
        f"on the first {f['subset_rows']:,} rows against the float64 pass: max |ΔI| / max |I| = "
        f"{f['table_rel_error_subset']:.2e}; top-{f['budget']} overlap {f['top_b_overlap']:.4f} "
        f"(same order: {f['top_b_same_order']}).\n")


if __name__ == "__main__":
    main()
