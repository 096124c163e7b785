"""The loop on a pool it must not copy: a memory-mapped pool is read in place every round, the
labeled set grows without re-stacking, and the fingerprint reads a sample of a large pool."""

from __future__ import annotations

import numpy as np

import salutary_native as sn
from conftest import make_problem
from salutary_native.learner_state import SAMPLED_ROWS, WHOLE_ARRAY_BYTES, input_fingerprint
from salutary_native.strategies import SalutaryLabeling, make_strategy


class _Watching(SalutaryLabeling):
    """Salutary labeling that records the pool and exclusion each round sees."""

    def __init__(self):
        self.seen = []

    def choose(self, view, budget):
        self.seen.append((view.X_pool, None if view.exclude is None else view.exclude.copy()))
        return super().choose(view, budget)


def test_a_memory_mapped_pool_is_read_in_place_every_round(tmp_path):
    p = make_problem(3, 60, 40, 500, 6, 0)
    path = tmp_path / "pool.npy"
    np.save(path, p.X_pool.astype(np.float32))
    pool = np.load(path, mmap_mode="r")
    strategy = _Watching()
    learner = sn.ActiveLearner(p.X_train, p.y_train, p.X_val, p.y_val, pool, strategy=strategy, budget=9, seed=1)
    learner.run(3, progress=False)
    assert np.shares_memory(learner.X_pool, pool)
    assert all(np.shares_memory(seen, pool) and seen.shape == pool.shape for seen, _ in strategy.seen)
    # Round r excludes exactly the rows taken before it, sorted.
    added = learner.added_pool_rows
    assert strategy.seen[0][1] is None
    for r, (_, excluded) in enumerate(strategy.seen[1:], start=1):
        np.testing.assert_array_equal(excluded, np.sort(added[:9 * r]))
    assert len(np.unique(added)) == len(added) == 27


def test_the_labeled_set_grows_by_the_added_rows_only():
    p = make_problem(2, 40, 30, 300, 4, 1)
    learner = sn.ActiveLearner(p.X_train, p.y_train, p.X_val, p.y_val, p.X_pool, y_pool=p.y_pool,
                               strategy="entropy", budget=50, seed=0)
    first = None
    for rounds in range(1, 6):
        learner.run(rounds, progress=False)
        rows = learner.X_labeled
        np.testing.assert_array_equal(rows, np.vstack([p.X_train, p.X_pool[learner.added_pool_rows]]))
        assert not rows.flags.writeable
        if first is None:
            first = rows
    # The first round's view still holds what it held (later rounds never overwrite it).
    np.testing.assert_array_equal(first, np.vstack([p.X_train, p.X_pool[learner.added_pool_rows[:50]]]))


def test_the_fingerprint_of_a_large_array_reads_a_fixed_sample_of_its_rows():
    model, strategy = sn.LogisticRegression(), make_strategy("random", 0)
    settings = dict(budget=5, seed=0, hessian_on="train", damping=0.0)
    n = WHOLE_ARRAY_BYTES // (8 * 4) + 1000  # just over the whole-array limit, float32, 8 columns
    X = np.random.default_rng(0).normal(size=(n, 8)).astype(np.float32)
    base = input_fingerprint([X], model, strategy, **settings)
    sampled = np.unique(np.linspace(0, n - 1, SAMPLED_ROWS).astype(np.int64))
    skipped = int(np.setdiff1d(np.arange(n), sampled)[n // 3])
    edited = X.copy()
    edited[skipped, 0] += 1  # not in the sample: documented as not caught
    assert input_fingerprint([edited], model, strategy, **settings) == base
    for row in (0, int(sampled[SAMPLED_ROWS // 2]), n - 1):
        edited = X.copy()
        edited[row, 3] = -edited[row, 3] - 1
        assert input_fingerprint([edited], model, strategy, **settings) != base
    assert input_fingerprint([X[:-1]], model, strategy, **settings) != base
    assert input_fingerprint([X.astype(np.float64)], model, strategy, **settings) != base
    # Small arrays are still hashed whole: any byte counts.
    small = X[:1000].copy()
    changed = small.copy()
    changed[517, 2] = np.nextafter(changed[517, 2], np.float32(np.inf))
    assert input_fingerprint([small], model, strategy, **settings) != \
        input_fingerprint([changed], model, strategy, **settings)


def test_hessian_on_pool_leaves_the_taken_rows_out_of_the_curvature():
    p = make_problem(3, 60, 40, 400, 5, 2)
    learner = sn.ActiveLearner(p.X_train, p.y_train, p.X_val, p.y_val, p.X_pool, strategy="salutary", budget=20,
                               seed=0, hessian_on="pool")
    learner.run(2, progress=False)
    q = learner.query()
    taken = np.sort(learner.added_pool_rows)
    remaining = np.setdiff1d(np.arange(400), taken)
    # The same direction as fitting on the remaining rows alone, to rounding.
    scorer = sn.InfluenceScorer(learner.model, hessian_on="pool").fit(learner.X_labeled, p.X_val, p.y_val,
                                                                      X_pool=p.X_pool[remaining])
    expected = scorer.query(p.X_pool[remaining], 20)
    np.testing.assert_allclose(np.sort(q.scores), np.sort(expected.scores), rtol=1e-9)
    assert not np.isin(q.rows, taken).any()
