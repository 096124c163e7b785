"""sn.salutary_query: salutary labels, scores and the top-b selection (maths §3, §5)."""

import numpy as np
import pytest

import reference as ref
import salutary_native as sn


@pytest.mark.parametrize("hessian_on", ref.HESSIAN_ON)
@pytest.mark.parametrize("K", [2, 3, 10])
def test_query_is_consistent_with_table(K, hessian_on, problem_for, sn_model_for):
    pb = problem_for(K)
    model = sn_model_for(K, True)
    budget = 17
    q = sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, budget, seed=5, hessian_on=hessian_on)
    table = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, hessian_on=hessian_on)
    np.testing.assert_array_equal(q.table, table)
    score = table.max(axis=1)
    assert q.indices.dtype == np.int64 and q.indices.shape == (budget,)
    assert q.scores.dtype == np.float64 and q.scores.shape == (budget,)
    assert len(q.labels) == budget
    np.testing.assert_array_equal(q.indices, sn.top_b(score, budget, seed=5))
    np.testing.assert_array_equal(q.scores, score[q.indices])
    # Salutary label: argmax over labels, lowest class index on ties, given as a classes_ value.
    np.testing.assert_array_equal(q.labels, model.classes_[np.argmax(table[q.indices], axis=1)])
    # The selection is the best of the pool, in descending order.
    assert np.all(np.diff(q.scores) <= 0)
    assert q.scores.min() >= np.delete(score, q.indices).max()


def test_keep_table_false_and_string_labels(problem_for):
    pb = problem_for(3)
    names = np.array(["b", "c", "a"])
    model = sn.LogisticRegression(C=1.0, tol=1e-9).fit(pb.X_train, names[pb.y_train])
    kept = sn.salutary_query(model, pb.X_train, pb.X_val, names[pb.y_val], pb.X_pool, 10)
    dropped = sn.salutary_query(model, pb.X_train, pb.X_val, names[pb.y_val], pb.X_pool, 10, keep_table=False)
    assert dropped.table is None
    assert kept.table.shape == (pb.X_pool.shape[0], 3)
    np.testing.assert_array_equal(kept.indices, dropped.indices)
    np.testing.assert_array_equal(kept.scores, dropped.scores)
    np.testing.assert_array_equal(kept.labels, dropped.labels)
    assert set(np.asarray(kept.labels).tolist()) <= {"a", "b", "c"}


def test_query_budget_equal_to_pool_size(problem_for, sn_model_for):
    pb = problem_for(2)
    model = sn_model_for(2, True)
    n = pb.X_pool.shape[0]
    q = sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, n)
    np.testing.assert_array_equal(np.sort(q.indices), np.arange(n))


def test_query_with_sklearn_model_and_sample_weight(problem_for, sk_model_for):
    pb = problem_for(3)
    model = sk_model_for(3, True)
    w = np.random.default_rng(1).uniform(0.5, 1.5, size=pb.X_train.shape[0])
    q = sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, 5, sample_weight=w)
    want = ref.evaluate(model.coef_, model.intercept_, 3, True, model.C, pb.X_train, pb.X_val, pb.y_val,
                        pb.X_pool, sample_weight=w)["table"]
    assert np.abs(q.table - want).max() <= 1e-8 * np.abs(want).max()
    np.testing.assert_array_equal(q.indices, sn.top_b(q.table.max(axis=1), 5, seed=0))
