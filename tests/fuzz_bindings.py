"""Fuzzes the native bindings and the public API with random arrays and parameters.

Each worker process draws calls from a seeded generator: random shapes (0–3 dimensions),
dtypes, memory orders and values (NaN, Inf, huge, tiny), and random parameters, fed both
to ``salutary_native._core`` directly and to the Python entry points. A call may return or
raise ValueError, TypeError or OverflowError (FactorizationError is a ValueError); any other
exception, a crash of the worker (a signal) or a worker that outlives its time budget is a
failure, reported with the seed to replay it.

    python tests/fuzz_bindings.py --seconds 20 --seed 1      # CI's short pass
    python tests/fuzz_bindings.py --seconds 600 --seed 7     # a longer run on demand
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import time

ALLOWED = (ValueError, TypeError, OverflowError)
DTYPES = ("float64", "float32", "float16", "int64", "bool", "object", "complex128")


def random_array(rng, np, rows=None, cols=None):
    ndim = rng.choice([0, 1, 2, 2, 2, 2, 3])
    shape = [int(rng.integers(0, 8)) for _ in range(ndim)]
    if ndim == 2:
        shape = [rows if rows is not None and rng.random() < 0.7 else shape[0],
                 cols if cols is not None and rng.random() < 0.7 else shape[1]]
    dtype = rng.choice(DTYPES, p=[0.55, 0.2, 0.05, 0.08, 0.04, 0.04, 0.04])
    values = rng.normal(size=shape) * 10.0 ** rng.integers(-5, 6)
    if values.size and rng.random() < 0.2:
        values.flat[rng.integers(0, values.size)] = rng.choice([np.nan, np.inf, -np.inf, 1e308, 1e-320])
    array = values.astype(dtype) if dtype != "object" else values.astype(object)
    if ndim == 2 and rng.random() < 0.3:
        array = np.asfortranarray(array)
    if ndim == 2 and rng.random() < 0.2 and array.shape[0] > 1:
        array = array[::2]
    return array


def random_scalar(rng, np):
    return rng.choice([0, 1, 2, 3, 5, -1, 2**31, 2**63 - 1, 0.5, -0.1, float("nan"), float("inf"), 1e300, None, "train",
                       "pool", "train+pool", "auto", "cg", "cholesky", "x", True])


def one_call(rng, np, sn):
    """A random call; returns its name."""
    d = int(rng.integers(1, 6))
    K = int(rng.choice([2, 3, 4]))
    m = 1 if K == 2 else K
    n_train, n_pool = int(rng.integers(1, 30)), int(rng.integers(1, 30))
    coef = random_array(rng, np, m, d + 1) if rng.random() < 0.4 else rng.normal(size=(m, d + 1))
    X_train, X_val, X_pool = (random_array(rng, np, n, d) if rng.random() < 0.5 else rng.normal(size=(n, d))
                              for n in (n_train, 10, n_pool))
    y = rng.integers(0, K, size=int(rng.integers(0, 32))) if rng.random() < 0.3 else rng.integers(0, K, size=10)
    y_train = rng.integers(0, K, size=n_train)
    pick = lambda: random_scalar(rng, np) if rng.random() < 0.25 else None  # noqa: E731
    budget = pick() or int(rng.integers(1, max(2, n_pool + 1)))
    hessian_on = pick() or rng.choice(["train", "pool", "train+pool"])
    damping = pick() or 0.0
    solver = pick() or rng.choice(["auto", "cholesky", "cg"])
    C = pick() or 1.0
    name = rng.choice(["core.scorer_fit", "core.scorer_table", "core.partial_top_b", "core.scorer_state",
                       "core.partial_merge", "core.hessian", "core.hessian_product", "core.fit_logistic", "core.predict_proba",
                       "core.top_b",
                       "core.all_finite", "api.influence_table", "api.salutary_query", "api.scorer_query",
                       "api.fit", "api.top_b", "api.hessian"])
    core = sn._core
    y_arr = np.ascontiguousarray(y, dtype=np.int64) if rng.random() < 0.8 else random_array(rng, np)
    exclude = (np.unique(rng.integers(0, 40, size=int(rng.integers(0, 6)))) if rng.random() < 0.7
               else random_array(rng, np))
    offset = pick() if rng.random() < 0.2 else int(rng.integers(0, 100))
    if name in ("core.scorer_fit", "core.scorer_table", "core.partial_top_b", "core.scorer_state",
                "core.partial_merge", "core.hessian", "core.hessian_product", "core.predict_proba"):
        model = core.Model(coef, K, True, C)
        if name == "core.hessian":
            core.hessian(model, X_train, None, X_pool, hessian_on, damping)
        elif name == "core.hessian_product":
            x = random_array(rng, np, coef.size) if rng.random() < 0.3 else rng.normal(size=coef.size)
            core.hessian_product(model, X_train, None, x, rng.choice(["float64", "float32", "x"]))
        elif name == "core.predict_proba":
            core.predict_proba(model, X_pool)
        elif name == "core.scorer_state":
            core.Scorer(model, random_array(rng, np, m, d + 1), hessian_on, damping, solver, solver, 0, "cpu")
        else:
            curvature = (core.pool_curvature(model, X_pool) if rng.random() < 0.5
                         else random_array(rng, np, coef.size, coef.size))
            scorer = core.Scorer.fit(model, X_train, None, X_val, y_arr, curvature, hessian_on, damping, solver, "cpu")
            if name == "core.scorer_table":
                scorer.table(random_array(rng, np, None, d), offset)
            elif name == "core.partial_top_b":
                scorer.partial_top_b(random_array(rng, np, None, d), offset, budget, 0, exclude,
                                     bool(rng.random() < 0.5))
            elif name == "core.partial_merge":
                a_, _ = scorer.partial_top_b(X_pool, 0, budget, 0, None, False)
                b_, _ = scorer.partial_top_b(X_pool, offset, budget, int(rng.integers(0, 2)), None, False)
                core.merge_top_b(a_, b_)
                core.PartialTopB(a_.scores[::-1].copy(), a_.keys, a_.indices, a_.labels, budget, 0)
    elif name == "core.fit_logistic":
        core.fit_logistic(X_train, np.ascontiguousarray(y_train, dtype=np.int64), None, K, C, True, 1e-8, 50,
                          rng.choice(["auto", "newton", "lbfgs", "newton_cg", "x"]), None,
                          curvature_precision=rng.choice(["auto", "float64", "x"]))
    elif name == "core.top_b":
        core.top_b(random_array(rng, np), budget, int(rng.integers(0, 2**32)))
    elif name == "core.all_finite":
        core.all_finite(random_array(rng, np), "X")
    else:
        model = sn.LogisticRegression(C=1.0).fit(rng.normal(size=(40, d)), np.arange(40) % K)
        if name == "api.influence_table":
            sn.influence_table(model, X_train, X_val, y, X_pool, hessian_on=hessian_on, damping=damping, solver=solver)
        elif name == "api.salutary_query":
            sn.salutary_query(model, X_train, X_val, y, X_pool, budget, hessian_on=hessian_on, damping=damping,
                              solver=solver)
        elif name == "api.scorer_query":
            scorer = sn.InfluenceScorer(model, hessian_on=hessian_on, damping=damping, solver=solver)
            scorer.fit(X_train, X_val, y, X_pool=X_pool)
            blocks = [X_pool, random_array(rng, np, None, d)] if rng.random() < 0.5 else X_pool
            scorer.query(blocks, budget, exclude=exclude, keep_table=bool(rng.random() < 0.5))
        elif name == "api.fit":
            sn.LogisticRegression(C=C).fit(X_train, y if rng.random() < 0.3 else y_train)
        elif name == "api.top_b":
            sn.top_b(random_array(rng, np), budget, 0)
        else:
            sn.hessian(model, X_train, X_pool=X_pool, hessian_on=hessian_on, damping=damping)
    return name


def worker(seed: int, seconds: float) -> None:
    import warnings

    import numpy as np

    import salutary_native as sn

    warnings.simplefilter("ignore")
    rng = np.random.default_rng(seed)
    counts = collections.Counter()
    deadline = time.monotonic() + seconds
    calls = 0
    while time.monotonic() < deadline:
        state = rng.bit_generator.state
        try:
            one_call(rng, np, sn)
            counts["returned"] += 1
        except ALLOWED as exc:
            counts[type(exc).__name__] += 1
        except Exception as exc:  # anything else is a finding
            print(json.dumps({"failure": repr(exc), "seed": seed, "call": calls, "rng_state": str(state)}))
            sys.exit(3)
        calls += 1
    print(json.dumps({"seed": seed, "calls": calls, "outcomes": dict(counts)}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.seed, args.seconds)
        return 0
    env = dict(os.environ, OMP_NUM_THREADS="1")
    procs = [subprocess.Popen([sys.executable, __file__, "--worker", "--seed", str(args.seed * 1000 + k),
                               "--seconds", str(args.seconds)], stdout=subprocess.PIPE, text=True, env=env)
             for k in range(args.workers)]
    total, outcomes, failed = 0, collections.Counter(), False
    for proc in procs:
        try:
            out, _ = proc.communicate(timeout=args.seconds + 120)
        except subprocess.TimeoutExpired:
            proc.kill()
            print(f"worker {proc.args} hung past its budget")
            failed = True
            continue
        if proc.returncode != 0:
            print(f"worker {proc.args} failed with exit code {proc.returncode}: {out.strip()[-2000:]}")
            failed = True
            continue
        report = json.loads(out.strip().splitlines()[-1])
        total += report["calls"]
        outcomes.update(report["outcomes"])
    print(f"fuzz: {total} calls in {args.seconds:.0f} s × {args.workers} workers, seed {args.seed}: {dict(outcomes)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
