"""Fit once, score many: a pool scored as blocks through the fitted scorer against one call.

Default: a float32 pool of 1,000,000 × 384, K = 10, b = 1000, the Hessian on 2,000 training
rows. Times (best of --repeat):
- one call: ``sn.salutary_query(..., keep_table=False)`` (fit and score together);
- blocks: ``InfluenceScorer.fit`` once, then ``query`` over the pool as --blocks blocks (a
  stream of array views, merged partial top-b);
- the old way: ``salutary_query`` on each block, refitting every time (what the library
  offered before the scorer), merged by hand.
Also checks that the block result equals the one call bit for bit (indices, labels, scores),
with a tie planted at the top, and reports the read bandwidth of the pool as the limit.

    python bench/chunked_scoring.py [--n-pool 1000000 --d 384 --classes 10 --blocks 10] [--json out.json]
"""

from __future__ import annotations

import argparse

import numpy as np

import salutary_native as sn
from machine_limits import best_of, read_bandwidth, report
from workloads import blobs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-pool", type=int, default=1_000_000)
    ap.add_argument("--d", type=int, default=384)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--budget", type=int, default=1000)
    ap.add_argument("--n-train", type=int, default=2000)
    ap.add_argument("--blocks", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json")
    args = ap.parse_args()

    w = blobs(args.n_train, 500, args.n_pool, args.d, args.classes)
    model = sn.LogisticRegression(C=0.02).fit(w.X_train, w.y_train)
    scorer = sn.InfluenceScorer(model).fit(w.X_train, w.X_val, w.y_val)
    # Plant ties at the top, across a block boundary: copies of the best row.
    best = int(scorer.table(w.X_pool[:20000]).max(axis=1).argmax())
    step = args.n_pool // args.blocks
    for at in (step - 3, step - 2, step - 1, step, step + 1, 5 * step + 7):
        w.X_pool[at] = w.X_pool[best]
    cuts = [i * step for i in range(args.blocks)] + [args.n_pool]

    def one_call():
        return sn.salutary_query(model, w.X_train, w.X_val, w.y_val, w.X_pool, args.budget, seed=0,
                                 keep_table=False)

    def fit_once_blocks():
        fitted = sn.InfluenceScorer(model).fit(w.X_train, w.X_val, w.y_val)
        return fitted.query((w.X_pool[a:b] for a, b in zip(cuts[:-1], cuts[1:])), args.budget, seed=0)

    def refit_per_block():
        parts = []
        for a, b in zip(cuts[:-1], cuts[1:]):
            q = sn.salutary_query(model, w.X_train, w.X_val, w.y_val, w.X_pool[a:b], args.budget, seed=0,
                                  keep_table=False)
            parts.append((q.scores, q.indices + a))
        scores = np.concatenate([s for s, _ in parts])
        return np.concatenate([i for _, i in parts])[np.argsort(-scores, kind="stable")[: args.budget]]

    one = one_call()
    blocks = fit_once_blocks()
    equal = (np.array_equal(one.indices, blocks.indices) and np.array_equal(one.labels, blocks.labels)
             and np.array_equal(one.scores, blocks.scores))
    tied = int(len(one.scores) - len(np.unique(one.scores)))
    t_one = best_of(one_call, args.repeat)
    t_blocks = best_of(fit_once_blocks, args.repeat)
    t_refit = best_of(refit_per_block, args.repeat)
    gbps = read_bandwidth(w.X_pool)
    report({
        "pool": f"{args.n_pool} x {args.d} float32, K = {args.classes}, b = {args.budget}, {args.blocks} blocks",
        "threads": sn.get_num_threads(),
        "one_call_s": t_one,
        "fit_once_blocks_s": t_blocks,
        "blocks_over_one_call": t_blocks / t_one,
        "refit_per_block_s": t_refit,
        "refit_over_fit_once": t_refit / t_blocks,
        "bitwise_equal_indices_labels_scores": bool(equal),
        "tied_rows_in_selection": tied,
        "read_gbps": gbps,
        "blocks_fraction_of_read_bandwidth": w.X_pool.nbytes / t_blocks / 1e9 / gbps,
    }, args.json)


if __name__ == "__main__":
    main()
