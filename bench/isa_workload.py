"""The workload that portable_vs_native.py times under each build of the core (JSON on stdout).

Timings, best of 3, 2 threads: a salutary query over a float32 pool of 1,000,000 × 384
(K = 2 and K = 10), a full round at n_train = 2000, d = 384, a 200,000-row pool, K = 10, and
the Hessian assembly at n = 4000, d = 384, K = 10.
"""

from __future__ import annotations

import json

import salutary_native as sn
from machine_limits import best_of
from workloads import blobs


def query_seconds(K: int, n_pool: int, budget: int, fit: bool) -> float:
    w = blobs(2000, 500, n_pool, 384, K)
    model = sn.LogisticRegression(C=0.02).fit(w.X_train, w.y_train)

    def once():
        fitted = sn.LogisticRegression(C=0.02).fit(w.X_train, w.y_train) if fit else model
        return sn.salutary_query(fitted, w.X_train, w.X_val, w.y_val, w.X_pool, budget, keep_table=False)

    return best_of(once, 3)


def main() -> None:
    out = {"variant": sn._core.VARIANT, "compiled_for": sn.build_info().get("compiled_for", "")}
    out["query_1M_K2_s"] = query_seconds(2, 1_000_000, 1000, fit=False)
    out["query_1M_K10_s"] = query_seconds(10, 1_000_000, 1000, fit=False)
    out["full_round_K10_s"] = query_seconds(10, 200_000, 100, fit=True)
    h = blobs(4000, 10, 10, 384, 10, seed=1)
    model = sn.LogisticRegression(C=0.02).fit(h.X_train, h.y_train)
    out["hessian_p3850_s"] = best_of(lambda: sn.hessian(model, h.X_train), 3)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
