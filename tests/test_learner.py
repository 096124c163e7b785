"""The active-learning loop: what moves where, labels, records, and exact resume from checkpoints."""

import os

import numpy as np
import pytest

import salutary_native as sn
from conftest import make_problem
from salutary_native import round_record
from salutary_native.checkpoint import CheckpointError, load_state
from salutary_native.learner import ActiveLearner, RoundRecord, round_seed
from salutary_native.learner_state import LabelPositions
from salutary_native.metrics import accuracy_and_log_loss

STRATEGY_NAMES = ("random", "entropy", "margin", "least_confident", "salutary", "oracle_influence", "isla",
                  "pred_infl")


def _problem(K=3, seed=0, n_pool=240):
    p = make_problem(K, 90, 60, n_pool, 6, seed)
    test = make_problem(K, 5, 5, 100, 6, seed + 100)
    return p, test


def _learner(p, test, strategy, **kw):
    return ActiveLearner(p.X_train, p.y_train, p.X_val, p.y_val, p.X_pool, y_pool=p.y_pool, X_test=test.X_pool,
                         y_test=test.y_pool, strategy=strategy, **kw)


def _comparable(records):
    """Every record field except wall-clock seconds."""
    return [(r.round, r.n_labeled, r.test_accuracy, r.test_loss, r.val_accuracy, r.val_loss, r.assigned_labels,
             r.true_labels) for r in records]


@pytest.mark.parametrize("strategy", STRATEGY_NAMES)
def test_rounds_move_budget_rows_from_pool_to_labeled_set(strategy):
    p, test = _problem()
    learner = _learner(p, test, strategy, budget=7, seed=3)
    records = learner.run(5)
    assert [r.round for r in records] == list(range(6))
    assert [r.n_labeled for r in records] == [90 + 7 * k for k in range(6)]
    added = learner.added_pool_rows
    assert len(added) == 35 and len(np.unique(added)) == 35
    np.testing.assert_array_equal(learner.X_labeled, np.vstack([p.X_train, p.X_pool[added]]))
    labels = np.concatenate([r.assigned_labels for r in records[1:]])
    np.testing.assert_array_equal(learner.y_labeled, np.concatenate([p.y_train, labels]))
    np.testing.assert_array_equal(np.concatenate([r.true_labels for r in records[1:]]), p.y_pool[added])
    if strategy != "salutary":
        assert all(r.label_agreement == 1.0 for r in records[1:])
    # The final model is the estimator fitted on the final labeled set; its metrics are recorded.
    refit = sn.LogisticRegression(C=0.02).fit(learner.X_labeled, learner.y_labeled)
    np.testing.assert_allclose(learner.model.coef_, refit.coef_, rtol=1e-6, atol=1e-8)
    acc, loss = accuracy_and_log_loss(learner.model, test.X_pool, test.y_pool)
    assert (records[-1].test_accuracy, records[-1].test_loss) == (acc, loss)


def test_salutary_labels_are_the_query_labels_of_each_round():
    p, test = _problem(K=4)
    learner = _learner(p, test, "salutary", budget=5, seed=11)
    learner.run(1)
    model = sn.LogisticRegression(C=0.02).fit(p.X_train, p.y_train)
    query = sn.salutary_query(model, p.X_train, p.X_val, p.y_val, p.X_pool, 5, seed=round_seed(11, 1))
    np.testing.assert_array_equal(learner.added_pool_rows, query.indices)
    np.testing.assert_array_equal(learner.records[1].assigned_labels, query.labels)
    assert np.isclose(learner.records[1].label_agreement, np.mean(query.labels == p.y_pool[query.indices]))


def test_metrics_match_numpy():
    p, test = _problem(K=3)
    model = sn.LogisticRegression(C=0.1).fit(p.X_train, p.y_train)
    q = model.predict_proba(test.X_pool)
    acc, loss = accuracy_and_log_loss(model, test.X_pool, test.y_pool)
    assert acc == np.mean(np.argmax(q, axis=1) == test.y_pool)
    assert np.isclose(loss, -np.mean(np.log(q[np.arange(len(q)), test.y_pool])), rtol=1e-12)


def test_the_users_estimator_is_not_fitted_and_sklearn_estimators_work():
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    p, test = _problem(K=3)
    estimator = SkLogisticRegression(C=0.02, tol=1e-10, max_iter=1000)
    learner = _learner(p, test, "salutary", estimator=estimator, budget=5)
    records = learner.run(3)
    assert not hasattr(estimator, "coef_")
    assert isinstance(learner.model, SkLogisticRegression) and len(records) == 4


@pytest.mark.parametrize("strategy", ["salutary", "pred_infl", "random", "entropy", "isla"])
def test_interrupted_at_round_4_and_resumed_equals_uninterrupted(tmp_path, strategy):
    p, test = _problem(K=3)
    whole = _learner(p, test, strategy, budget=6, seed=5)
    expected = whole.run(10)

    path = tmp_path / "state.npz"

    class Crash(Exception):
        pass

    def crash_after_round_4(record):
        if record.round == 4:
            raise Crash

    first = _learner(p, test, strategy, budget=6, seed=5, checkpoint=path)
    with pytest.raises(Crash):
        first.run(10, on_round=crash_after_round_4)
    resumed = _learner(p, test, strategy, budget=6, seed=5, checkpoint=path)
    assert len(resumed.records) == 5
    got = resumed.run(10)
    assert _comparable(got) == _comparable(expected)
    np.testing.assert_array_equal(resumed.added_pool_rows, whole.added_pool_rows)
    np.testing.assert_array_equal(resumed.y_labeled, whole.y_labeled)
    np.testing.assert_array_equal(resumed.model.coef_, whole.model.coef_)
    np.testing.assert_array_equal(resumed.model.intercept_, whole.model.intercept_)


def test_a_finished_run_is_not_recomputed_and_can_be_extended(tmp_path):
    p, test = _problem(K=2)
    path = tmp_path / "state.npz"
    _learner(p, test, "salutary", budget=4, checkpoint=path).run(3)
    again = _learner(p, test, "salutary", budget=4, checkpoint=path)
    assert len(again.records) == 4
    mtime = os.stat(path).st_mtime_ns
    again.run(3)
    assert os.stat(path).st_mtime_ns == mtime
    assert len(again.run(5)) == 6
    assert _comparable(again.records) == _comparable(_learner(p, test, "salutary", budget=4).run(5))


def test_a_checkpoint_of_other_inputs_or_settings_is_refused(tmp_path):
    p, test = _problem(K=2)
    path = tmp_path / "state.npz"
    _learner(p, test, "salutary", budget=4, checkpoint=path).run(1)
    with pytest.raises(CheckpointError, match="other inputs or settings"):
        _learner(p, test, "salutary", budget=5, checkpoint=path)
    X_val = p.X_val.copy()
    X_val[0, 0] += 1e-9
    with pytest.raises(CheckpointError, match="other inputs or settings"):
        ActiveLearner(p.X_train, p.y_train, X_val, p.y_val, p.X_pool, y_pool=p.y_pool, X_test=test.X_pool,
                      y_test=test.y_pool, budget=4, checkpoint=path)


def test_a_corrupted_checkpoint_is_refused(tmp_path):
    p, test = _problem(K=2)
    path = tmp_path / "state.npz"
    _learner(p, test, "salutary", budget=4, checkpoint=path).run(2)
    data = bytearray(path.read_bytes())
    (tmp_path / "truncated.npz").write_bytes(bytes(data[: len(data) // 2]))
    with pytest.raises(CheckpointError, match="corrupted or truncated"):
        _learner(p, test, "salutary", budget=4, checkpoint=tmp_path / "truncated.npz")


def test_string_labels_round_trip_through_a_checkpoint(tmp_path):
    p, test = _problem(K=3)
    names = np.array(["cat", "dog", "eel"])
    path = tmp_path / "state.npz"

    def make():
        return ActiveLearner(p.X_train, names[p.y_train], p.X_val, names[p.y_val], p.X_pool,
                             y_pool=names[p.y_pool].astype(object), strategy="salutary", budget=5, checkpoint=path)

    first = make()
    first.run(2)
    resumed = make()
    assert resumed.records[2].assigned_labels == first.records[2].assigned_labels
    assert set(resumed.y_labeled) <= {"cat", "dog", "eel"}
    assert len(resumed.run(4)) == 5


@pytest.mark.parametrize("kwargs, error, match", [
    ({"budget": 0}, ValueError, "budget"),
    ({"budget": 10_000}, ValueError, "budget"),
    ({"budget": 2.5}, TypeError, "budget"),
    ({"strategy": "bald"}, ValueError, "strategy"),
    ({"hessian_on": "val"}, ValueError, "hessian_on"),
    ({"damping": -1.0}, ValueError, "damping"),
    ({"seed": -1}, ValueError, "seed"),
    ({"estimator": object()}, TypeError, "estimator"),
])
def test_bad_settings_are_named(kwargs, error, match):
    p, test = _problem(K=2)
    with pytest.raises(error, match=match):
        _learner(p, test, kwargs.pop("strategy", "salutary"), **kwargs)


def test_bad_arrays_are_named():
    p, test = _problem(K=2)
    with pytest.raises(ValueError, match="X_pool"):
        ActiveLearner(p.X_train, p.y_train, p.X_val, p.y_val, p.X_pool[:, :3], y_pool=p.y_pool)
    with pytest.raises(ValueError, match="y_train"):
        ActiveLearner(p.X_train, p.y_train[:-1], p.X_val, p.y_val, p.X_pool)
    no_truth = ActiveLearner(p.X_train, p.y_train, p.X_val, p.y_val, p.X_pool, strategy="entropy")
    with pytest.raises(ValueError, match="y_pool"):  # only run() needs the ground truth; teach() does not
        no_truth.run(1)
    assert no_truth.records == [] and len(no_truth.run(0)) == 1
    with pytest.raises(ValueError, match="X_test and y_test"):
        ActiveLearner(p.X_train, p.y_train, p.X_val, p.y_val, p.X_pool, X_test=test.X_pool)
    X_pool = p.X_pool.copy()
    X_pool[3, 2] = np.nan
    with pytest.raises(ValueError, match="X_pool"):
        ActiveLearner(p.X_train, p.y_train, p.X_val, p.y_val, X_pool)
    learner = ActiveLearner(p.X_train, p.y_train, p.X_val, p.y_val, p.X_pool, budget=100)
    with pytest.raises(ValueError, match="rounds × budget"):
        learner.run(3)
    with pytest.raises(ValueError, match="rounds"):
        learner.run(-1)


def test_inputs_are_not_modified():
    p, test = _problem(K=3)
    arrays = [p.X_train, p.y_train, p.X_val, p.y_val, p.X_pool, p.y_pool, test.X_pool, test.y_pool]
    copies = [a.copy() for a in arrays]
    _learner(p, test, "salutary", budget=5).run(2)
    for a, c in zip(arrays, copies):
        np.testing.assert_array_equal(a, c)


def test_float32_pool_is_accepted():
    p, test = _problem(K=2)
    learner = ActiveLearner(p.X_train, p.y_train, p.X_val, p.y_val, p.X_pool.astype(np.float32), strategy="salutary",
                            budget=5)
    assert len(learner.run(2)) == 3


def test_record_and_seed_are_the_same_objects_wherever_imported():
    assert RoundRecord is sn.RoundRecord is round_record.RoundRecord
    assert round_seed is round_record.round_seed
    assert sn.ActiveLearner is ActiveLearner


def test_the_initial_labeled_set_keeps_the_constructor_names():
    p, test = _problem(K=2)
    learner = _learner(p, test, "random", budget=5)
    np.testing.assert_array_equal(learner.X_train, p.X_train)
    np.testing.assert_array_equal(learner.y_train, p.y_train)
    learner.run(2)
    assert learner.X_train.shape == p.X_train.shape and len(learner.y_train) == len(p.y_train)
    assert not hasattr(learner, "X_init") and not hasattr(learner, "y_init")


def test_each_round_writes_what_learner_state_encodes(tmp_path):
    p, test = _problem(K=3)
    path = tmp_path / "state.npz"
    learner = _learner(p, test, "pred_infl", budget=5, checkpoint=path)
    learner.run(2)
    arrays, meta = load_state(path)
    np.testing.assert_array_equal(arrays["added"], learner.added_pool_rows)
    positions = LabelPositions(p.y_train, p.y_val, p.y_pool)
    np.testing.assert_array_equal(positions.decode(arrays["added_labels"]), learner.y_labeled[len(p.y_train):])
    assert [RoundRecord(**{**r, "assigned_labels": tuple(r["assigned_labels"]),
                           "true_labels": tuple(r["true_labels"])}) for r in meta["records"]] == learner.records
    assert meta["strategy"] == "pred_infl" and any(k.startswith("strategy.") for k in arrays)
