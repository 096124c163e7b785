"""Scenario 5: seconds against pool size (linearity) and against threads (1, 2).

Pool sizes 10⁴ … 2·10⁶ float32 rows × 384, K = 10, one salutary_query(keep_table=False) each
(Hessian direction on 2,000 training rows, then the table pass). Threads: the table pass
(influence_table on 10⁶ rows) and the Hessian (n = 4,000, d = 384, K = 10) at 1 and 2 threads.

    python bench/scaling.py [--d 384 --classes 10] [--json out.json]
"""

from __future__ import annotations

import argparse

import salutary_native as sn
from machine_limits import best_of, report
from workloads import blobs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--d", type=int, default=384)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--sizes", default="10000,30000,100000,300000,1000000,2000000")
    ap.add_argument("--json")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    w = blobs(2000, 500, max(sizes), args.d, args.classes)
    model = sn.LogisticRegression(C=0.02).fit(w.X_train, w.y_train)
    figures = {"d": args.d, "classes": args.classes}
    seconds = []
    for n in sizes:
        pool = w.X_pool[:n]
        t = best_of(lambda pool=pool: sn.salutary_query(model, w.X_train, w.X_val, w.y_val, pool, 100,
                                                        keep_table=False), 3)
        seconds.append(t)
        figures[f"query_s_n{n}"] = t
        figures[f"query_us_per_row_n{n}"] = t / n * 1e6
    # Linear in n: the slope between the two largest sizes, against seconds per row at the largest.
    slope = (seconds[-1] - seconds[-2]) / (sizes[-1] - sizes[-2])
    figures["marginal_us_per_row"] = slope * 1e6
    figures["fixed_cost_s"] = seconds[-1] - slope * sizes[-1]

    table_pool = w.X_pool[:1_000_000]
    H_rows = blobs(4000, 10, 10, args.d, args.classes, seed=1)
    hess_model = sn.LogisticRegression(C=0.02).fit(H_rows.X_train, H_rows.y_train)
    before = sn.get_num_threads()
    try:
        for threads in (1, 2):
            sn.set_num_threads(threads)
            figures[f"table_s_{threads}t"] = best_of(
                lambda: sn.influence_table(model, w.X_train, w.X_val, w.y_val, table_pool), 3)
            figures[f"hessian_s_{threads}t"] = best_of(lambda: sn.hessian(hess_model, H_rows.X_train), 3)
    finally:
        sn.set_num_threads(before)
    figures["table_speedup_2t"] = figures["table_s_1t"] / figures["table_s_2t"]
    figures["hessian_speedup_2t"] = figures["hessian_s_1t"] / figures["hessian_s_2t"]
    report(figures, args.json)


if __name__ == "__main__":
    main()
