"""AbstainingSalutary and rounds that add fewer rows than the budget.

The rule is checked against an independent float64 numpy evaluation of every validation
part's influence table (tests/reference.py); the loop is checked for rounds that add fewer
rows, none at all, and for checkpoint resumes across such rounds.
"""

import dataclasses
import math

import numpy as np
import pytest

import reference as ref
import salutary_native as sn
from conftest import make_problem
from salutary_native.experiments.results import COLUMNS, read_rows, write_rows
from salutary_native.learner import ActiveLearner, RoundRecord
from salutary_native.strategies import RoundView, Selection, Strategy
from salutary_native.strategies.abstaining import (
    AbstainingSalutary,
    default_parts,
    student_t_quantile,
    validation_parts,
)


def _round(pb, seed=3, exclude=None):
    model = sn.LogisticRegression(C=0.5).fit(pb.X_train, pb.y_train)
    return RoundView(model, pb.X_train, pb.y_train, pb.X_val, pb.y_val, pb.X_pool, seed=seed, exclude=exclude)


def _reference_rule(view, parts, k, alpha):
    """The rule in plain numpy on reference tables: (columns, full scores, eligible)."""
    model, K = view.model, len(view.model.classes_)

    def table(X_val, y_val):
        return ref.evaluate(model.coef_, model.intercept_, K, True, model.C, view.X_train, X_val, y_val,
                            X_pool=view.X_pool)["table"]

    full = table(view.X_val, view.y_val)
    columns = full.argmax(axis=1)
    tables = np.stack([table(view.X_val[parts == j], view.y_val[parts == j]) for j in range(k)])
    mine = np.take_along_axis(tables, columns[None, :, None], axis=2)[:, :, 0]
    agree = (tables.argmax(axis=2) == columns[None, :]).all(axis=0)
    margin = mine.mean(axis=0) - student_t_quantile(1 - alpha, k - 1) * mine.std(axis=0, ddof=1) / math.sqrt(k)
    return columns, full.max(axis=1), agree, margin


@pytest.mark.parametrize("K, n_parts", [(3, 2), (3, 3), (2, 2)])
def test_rule_matches_an_independent_numpy_evaluation(K, n_parts):
    pb = make_problem(K, n_train=60, n_val=18, n_pool=300, d=4, seed=11 + K + n_parts, sep=0.8)
    exclude = np.array([0, 5, 17, 40], dtype=np.int64)
    view = _round(pb, exclude=exclude)
    before = [a.copy() for a in (view.X_train, view.X_val, view.y_val, view.X_pool)]
    strategy = AbstainingSalutary(seed=4, n_parts=n_parts, alpha=0.1)
    found = strategy.evidence(view)
    picked = strategy.choose(view, 10)

    parts = validation_parts(pb.y_val, n_parts, 4)
    columns, scores, agree, margin = _reference_rule(view, parts, n_parts, 0.1)
    np.testing.assert_array_equal(found.columns, columns)
    np.testing.assert_allclose(found.scores, scores, rtol=0, atol=1e-8 * np.abs(scores).max())
    np.testing.assert_array_equal(found.agree, agree)
    clear = np.abs(margin) > 1e-6 * np.abs(scores).max()  # rows not within rounding of the threshold
    assert clear.mean() > 0.95
    np.testing.assert_array_equal(found.eligible[clear], (agree & (margin > 0))[clear])

    # The picks: eligible rows outside exclude, best full-validation score first, at most the budget.
    eligible = found.eligible.copy()
    eligible[exclude] = False
    want = np.flatnonzero(eligible)[np.argsort(-scores[eligible], kind="stable")][:10]
    np.testing.assert_array_equal(picked.rows, want)
    assert 0 < len(picked.rows) <= 10
    np.testing.assert_array_equal(picked.labels, view.model.classes_[columns[want]])
    np.testing.assert_array_equal(picked.scores, found.scores[want])
    assert (picked.scores > 0).all()
    for a, b in zip(before, (view.X_train, view.X_val, view.y_val, view.X_pool)):
        np.testing.assert_array_equal(a, b)


def test_the_rule_abstains_where_the_paper_rule_never_does():
    pb = make_problem(3, n_train=60, n_val=12, n_pool=300, d=4, seed=2, sep=0.8)
    view = _round(pb)
    found = AbstainingSalutary(n_parts=2).evidence(view)
    # Σ_c p_c I(x, c) = 0: every row has a label with I >= 0, so "score > 0" keeps nearly all rows.
    assert (found.scores >= 0).all()
    assert 0 < found.eligible.sum() < 0.9 * len(found.eligible)
    # An eligible row's label is every part's argmax, so every part's influence of it is >= 0.
    assert (found.part_influence[:, found.eligible] >= 0).all()


def test_no_eligible_row_picks_nothing():
    pb = make_problem(3, n_train=60, n_val=12, n_pool=200, d=4, seed=2, sep=0.8)
    view = _round(pb)
    found = AbstainingSalutary(n_parts=2).evidence(view)
    picked = AbstainingSalutary(n_parts=2).choose(dataclasses.replace(view, exclude=np.flatnonzero(found.eligible)),
                                                  10)
    assert picked.rows.dtype == np.int64 and picked.rows.shape == (0,) and picked.labels.shape == (0,)


def test_student_t_quantile_matches_scipy():
    stats = pytest.importorskip("scipy.stats")
    for dof in (1, 2, 3, 4, 7):
        for q in (0.5, 0.9, 0.95, 0.995):
            assert student_t_quantile(q, dof) == pytest.approx(stats.t.ppf(q, dof), rel=1e-10, abs=1e-12)
    with pytest.raises(ValueError, match="q must be"):
        student_t_quantile(0.4, 2)


def test_validation_parts_are_stratified_balanced_and_seeded():
    y = np.array([0] * 7 + [1] * 5 + [2] * 6)
    parts = validation_parts(y, 3, seed=1)
    assert np.bincount(parts).tolist() == [6, 6, 6]
    for c in range(3):
        counts = np.bincount(parts[y == c], minlength=3)
        assert counts.max() - counts.min() <= 1
    np.testing.assert_array_equal(parts, validation_parts(y, 3, seed=1))
    assert not np.array_equal(parts, validation_parts(y, 3, seed=2))
    assert [default_parts(n) for n in (2, 18, 89, 90, 149, 150, 10_000)] == [2, 2, 2, 3, 4, 5, 5]
    with pytest.raises(ValueError, match="fewer than n_parts"):
        validation_parts(y[:2], 3, seed=0)


@pytest.mark.parametrize("kwargs, match", [({"alpha": 0.5}, "alpha"), ({"alpha": 0.0}, "alpha"),
                                           ({"n_parts": 1}, "n_parts"), ({"seed": -1}, "seed")])
def test_bad_settings_are_refused(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        AbstainingSalutary(**kwargs)


def _learner(pb, strategy, **kwargs):
    # The validation set doubles as the test set: records then hold no NaN and compare with ==.
    return ActiveLearner(pb.X_train, pb.y_train, pb.X_val, pb.y_val, pb.X_pool, y_pool=pb.y_pool, X_test=pb.X_val,
                         y_test=pb.y_val, strategy=strategy,
                         estimator=sn.LogisticRegression(C=0.5, warm_start=True), **kwargs)


def test_a_run_with_abstention_adds_fewer_rows_and_records_them():
    pb = make_problem(3, n_train=40, n_val=12, n_pool=400, d=4, seed=5, sep=0.8)
    learner = _learner(pb, AbstainingSalutary(n_parts=2), budget=20)
    records = learner.run(3, progress=False)
    added = [len(r.assigned_labels) for r in records[1:]]
    assert [r.abstained for r in records[1:]] == [20 - n for n in added]
    assert sum(r.abstained for r in records) > 0
    assert [r.n_labeled for r in records] == list(40 + np.cumsum([0] + added))
    assert len(learner.added_pool_rows) == sum(added) == len(learner.y_labeled) - 40
    assert records[0].abstained == 0


class _Dwindling(Strategy):
    """Picks three rows (lowest index first) in the first round, none afterwards."""

    name = "dwindling"

    def choose(self, view, budget):
        n = 0 if view.exclude is not None else min(3, budget)
        rows = sn.top_b(np.zeros(view.X_pool.shape[0]), n, view.seed) if n else np.empty(0, dtype=np.int64)
        return Selection(rows, None, np.zeros(n))


def test_a_round_that_picks_nothing_keeps_the_model():
    pb = make_problem(3, n_train=30, n_val=20, n_pool=100, d=3, seed=8)
    learner = _learner(pb, _Dwindling(), budget=5)
    learner.run(1, progress=False)
    coef = learner.model.coef_.copy()
    query = learner.query()
    assert query.rows.shape == (0,) and query.abstained == 5
    with pytest.raises(ValueError, match="at least one pool row"):
        learner.teach(query.rows, [])
    records = learner.run(3, progress=False)
    assert [(len(r.assigned_labels), r.abstained) for r in records] == [(0, 0), (3, 2), (0, 5), (0, 5)]
    assert [r.n_labeled for r in records] == [30, 33, 33, 33]
    assert records[2].fit_seconds == 0.0 and math.isnan(records[2].label_agreement)
    assert records[2].test_accuracy == records[1].test_accuracy and records[2].val_loss == records[1].val_loss
    np.testing.assert_array_equal(learner.model.coef_, coef)


def _without_seconds(record):
    return dataclasses.replace(record, fit_seconds=0.0, score_seconds=0.0, select_seconds=0.0)


@pytest.mark.parametrize("make", [lambda: AbstainingSalutary(seed=1, n_parts=2), _Dwindling])
def test_checkpoint_resume_is_bit_for_bit_across_abstaining_rounds(tmp_path, make):
    pb = make_problem(3, n_train=40, n_val=12, n_pool=300, d=4, seed=5, sep=0.8)
    whole = _learner(pb, make(), budget=15)
    whole.run(4, progress=False)
    path = tmp_path / "state.npz"
    _learner(pb, make(), budget=15, checkpoint=path).run(2, progress=False)
    resumed = _learner(pb, make(), budget=15, checkpoint=path)
    assert [r.abstained for r in resumed.records] == [r.abstained for r in whole.records[:3]]
    resumed.run(4, progress=False)
    assert [_without_seconds(r) for r in resumed.records] == [_without_seconds(r) for r in whole.records]
    assert sum(r.abstained for r in whole.records) > 0
    np.testing.assert_array_equal(resumed.added_pool_rows, whole.added_pool_rows)
    np.testing.assert_array_equal(resumed.y_labeled, whole.y_labeled)
    for name in ("coef_", "intercept_"):
        np.testing.assert_array_equal(getattr(resumed.model, name), getattr(whole.model, name))


def test_records_and_csvs_from_before_abstention_read_as_zero(tmp_path):
    fields = dict(round=1, n_labeled=3, test_accuracy=0.5, test_loss=0.7, val_accuracy=0.5, val_loss=0.7,
                  assigned_labels=(1,), true_labels=(1,), fit_seconds=0.0, score_seconds=0.0, select_seconds=0.0)
    assert RoundRecord(**fields).abstained == 0
    old = [c for c in COLUMNS if c != "abstained"]
    path = tmp_path / "rounds.csv"
    path.write_text(",".join(old) + "\n" + ",".join("1" for c in old) + "\n")
    assert read_rows(path)[0]["abstained"] == 0
    row = dict.fromkeys(COLUMNS, 0)
    row.update(dataset="wine", strategy="salutary_abstain", abstained=7)
    write_rows(tmp_path / "new.csv", [row])
    assert read_rows(tmp_path / "new.csv")[0]["abstained"] == 7
