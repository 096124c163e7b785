"""A selection without the table skips the softmax of rows that cannot be selected; its result must
be exactly the selection over the full table: the same rows, labels and score bits.

The pass bounds a softmax row's score by max z − min z (plus a rounding margin) and passes over a row
whose bound is below the best `budget` eligible scores already finished. Checked here against the
full table of the same scorer (every row scored) and the seeded top-b over it, with ties planted at
the selection's boundary, rows excluded, float32 and float64 pools, one and two threads, blocks at
global offsets, and budgets from 1 to past the pool.
"""

from __future__ import annotations

import numpy as np
import pytest

import salutary_native as sn


def _problem(K, d, n_pool, seed, dtype):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(400 + n_pool, d))
    y = np.argmax(X @ rng.normal(size=(d, K)) + rng.gumbel(size=(len(X), K)), axis=1)
    model = sn.LogisticRegression(C=0.5).fit(X[:200], y[:200])
    scorer = sn.InfluenceScorer(model).fit(X[:200], X[200:400], y[200:400])
    pool = np.ascontiguousarray(X[400:], dtype=dtype)
    return scorer, pool


def _full_selection(scorer, pool, budget, seed, exclude):
    table = scorer.table(pool)
    scores = table.max(axis=1)
    rows = sn.top_b(scores, budget, seed=seed, exclude=exclude)
    return rows, table[rows].argmax(axis=1), scores[rows]


@pytest.mark.parametrize("K", [3, 7, 10])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("budget", [1, 10, 333])
def test_selection_without_the_table_equals_the_full_selection(K, dtype, budget):
    scorer, pool = _problem(K, 11, 3000, seed=K * 7 + budget, dtype=dtype)
    pool = pool.copy()
    pool[1500:1540] = pool[7]  # rows that tie with row 7, whatever its rank
    best = np.argsort(-scorer.table(pool).max(axis=1))
    pool[2000:2010] = pool[best[budget - 1]]  # ties at the selection's boundary
    exclude = np.sort(np.random.default_rng(budget).choice(3000, 50, replace=False))
    for excluded in (None, exclude):
        rows, labels, scores = _full_selection(scorer, pool, budget, 11, excluded)
        q = scorer.query(pool, budget, seed=11, exclude=excluded)
        np.testing.assert_array_equal(q.indices, rows)
        np.testing.assert_array_equal(q.labels, scorer.classes_[labels])
        np.testing.assert_array_equal(q.scores, scores)  # bit for bit: a finished row has the full pass's bits


@pytest.mark.parametrize("threads", [1, 2])
def test_blocks_at_offsets_and_threads_give_the_one_call_selection(threads):
    scorer, pool = _problem(7, 11, 20000, seed=3, dtype=np.float64)
    rows, _, scores = _full_selection(scorer, pool, 25, 4, None)
    sn.set_num_threads(threads)
    try:
        parts = [scorer.partial_query(pool[a:b], 25, offset=a, seed=4) for a, b in
                 ((0, 700), (700, 9000), (9000, 20000))]
    finally:
        sn.set_num_threads(0)
    merged = sn.merge_top_b(sn.merge_top_b(parts[0], parts[1]), parts[2])
    np.testing.assert_array_equal(merged.indices, rows)
    np.testing.assert_array_equal(merged.scores, scores)


def test_a_budget_past_the_eligible_rows_scores_every_row():
    scorer, pool = _problem(3, 5, 200, seed=5, dtype=np.float64)
    exclude = np.arange(0, 200, 2)
    rows, labels, scores = _full_selection(scorer, pool, 100, 0, exclude)
    q = scorer.query(pool, 100, seed=0, exclude=exclude)
    np.testing.assert_array_equal(q.indices, rows)
    assert np.isfinite(q.scores).all()
