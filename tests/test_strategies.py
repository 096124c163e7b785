"""Strategies (maths §4) against independent numpy evaluations of what each one ranks by."""

import dataclasses

import numpy as np
import pytest

import reference as ref
import salutary_native as sn
from conftest import make_problem
from salutary_native.strategies import STRATEGIES, PoolScores, RoundView, Strategy, make_strategy


def _view(K, seed=0, n_pool=300, round_seed=7):
    p = make_problem(K, 120, 60, n_pool, 5, seed)
    model = sn.LogisticRegression(C=0.5).fit(p.X_train, p.y_train)
    return p, model, RoundView(model, p.X_train, p.y_train, p.X_val, p.y_val, p.X_pool, round_seed)


def _reference_table(p, model):
    return ref.evaluate(model.coef_, model.intercept_, p.K, True, model.C, p.X_train, p.X_val, p.y_val,
                        p.X_pool)["table"]


def _reference_proba(p, model):
    theta = ref.theta_matrix(model.coef_, model.intercept_, True)
    return ref.class_probs(theta, p.K, ref.augment(p.X_pool, True))


def _top(scores, b):
    """Indices of the b largest scores (the test data have no ties)."""
    order = np.argsort(-scores, kind="stable")[:b]
    assert len(np.unique(scores[order])) == b
    return order


@pytest.mark.parametrize("K", [2, 3, 5])
def test_salutary_scores_and_labels_match_the_reference(K):
    p, model, view = _view(K)
    table = _reference_table(p, model)
    scored = make_strategy("salutary").score(view)
    scale = np.abs(table).max()
    assert np.max(np.abs(scored.scores - table.max(axis=1))) <= 1e-8 * scale
    np.testing.assert_array_equal(scored.labels, model.classes_[np.argmax(table, axis=1)])


@pytest.mark.parametrize("K", [2, 4])
def test_salutary_selection_is_salutary_query(K):
    p, model, view = _view(K)
    strategy = make_strategy("salutary")
    scored = strategy.score(view)
    picked = strategy.select(view, scored, 12)
    query = sn.salutary_query(model, p.X_train, p.X_val, p.y_val, p.X_pool, 12, seed=view.seed)
    np.testing.assert_array_equal(picked, query.indices)
    np.testing.assert_array_equal(scored.labels[picked], query.labels)


@pytest.mark.parametrize("K", [2, 3])
def test_oracle_influence_ranks_like_salutary_without_labels(K):
    _, _, view = _view(K)
    salutary, oracle = make_strategy("salutary").score(view), make_strategy("oracle_influence").score(view)
    np.testing.assert_array_equal(oracle.scores, salutary.scores)
    assert oracle.labels is None and not make_strategy("oracle_influence").assigns_labels


@pytest.mark.parametrize("K", [2, 3])
def test_isla_uses_the_predicted_label_column(K):
    p, model, view = _view(K)
    table = _reference_table(p, model)
    predicted = np.argmax(_reference_proba(p, model), axis=1)
    expected = table[np.arange(len(predicted)), predicted]
    got = make_strategy("isla").score(view).scores
    assert np.max(np.abs(got - expected)) <= 1e-8 * np.abs(table).max()


@pytest.mark.parametrize("K", [2, 3, 6])
def test_uncertainty_scores_match_numpy(K):
    p, model, view = _view(K)
    q = _reference_proba(p, model)
    entropy = -(q * np.log(q)).sum(axis=1)
    s = np.sort(q, axis=1)
    margin = -(s[:, -1] - s[:, -2])
    least = 1 - s[:, -1]
    for name, expected in (("entropy", entropy), ("margin", margin), ("least_confident", least)):
        strategy = make_strategy(name)
        scored = strategy.score(view)
        np.testing.assert_allclose(scored.scores, expected, rtol=1e-10, atol=1e-12, err_msg=name)
        np.testing.assert_array_equal(strategy.select(view, scored, 10), _top(expected, 10), err_msg=name)


def test_random_is_seeded_and_uniform():
    _, _, view = _view(2, n_pool=20)
    strategy = make_strategy("random")
    counts = np.zeros(20)
    for seed in range(2000):
        view.seed = seed
        picked = strategy.select(view, strategy.score(view), 5)
        assert len(np.unique(picked)) == 5
        counts[picked] += 1
    # Each row is picked with probability 1/4: 500 of 2000 draws, binomial std ≈ 19.4.
    assert counts.min() > 420 and counts.max() < 580
    view.seed = 3
    first = strategy.select(view, strategy.score(view), 5)
    np.testing.assert_array_equal(first, strategy.select(view, strategy.score(view), 5))


def test_pred_infl_fits_a_tree_on_initial_influences_once():
    from sklearn.tree import DecisionTreeRegressor

    p, model, view = _view(3)
    table = ref.evaluate(model.coef_, model.intercept_, 3, True, model.C, p.X_train, p.X_val, p.y_val,
                         p.X_train)["table"]
    targets = table[np.arange(len(p.y_train)), p.y_train]
    strategy = make_strategy("pred_infl", seed=4)
    got = strategy.score(view).scores
    # The tree's targets are the initial rows' influences with their own labels.
    state = strategy.state()
    assert np.max(np.abs(state["targets"] - targets)) <= 1e-8 * np.abs(targets).max()
    np.testing.assert_array_equal(state["rows"], p.X_train)
    tree = DecisionTreeRegressor(random_state=4).fit(p.X_train, state["targets"])
    np.testing.assert_array_equal(got, tree.predict(p.X_pool))
    # Later rounds reuse the first tree, even when the labeled set has grown.
    grown = RoundView(model, p.X_pool[:200], p.y_pool[:200], p.X_val, p.y_val, p.X_pool, 1)
    np.testing.assert_array_equal(strategy.score(grown).scores, got)
    # Its state rebuilds the same tree.
    restored = make_strategy("pred_infl", seed=4)
    restored.restore(strategy.state())
    np.testing.assert_array_equal(restored.score(grown).scores, got)


def test_round_view_fits_the_scorer_and_computes_the_table_once(monkeypatch):
    import salutary_native.strategies.base as base

    fits, tables = [], []
    real_fit, real_table = base.fit_scorer, sn.InfluenceScorer.table
    monkeypatch.setattr(base, "fit_scorer", lambda *a, **k: fits.append(1) or real_fit(*a, **k))
    monkeypatch.setattr(sn.InfluenceScorer, "table",
                        lambda self, *a, **k: tables.append(1) or real_table(self, *a, **k))
    _, _, view = _view(3)
    for name in ("salutary", "oracle_influence", "isla"):
        make_strategy(name).score(view)
    make_strategy("salutary").choose(view, 5)
    assert len(fits) == 1 and len(tables) == 1


def test_salutary_ranks_in_one_pass_exactly_as_score_then_select():
    _, _, view = _view(3)
    taken = np.array([1, 4, 9])
    view = dataclasses.replace(view, exclude=taken, _cache={})
    for name in ("salutary", "oracle_influence"):
        strategy = make_strategy(name)
        fused = strategy.choose(view, 6)
        plain = Strategy.choose(strategy, view, 6)
        np.testing.assert_array_equal(fused.rows, plain.rows)
        np.testing.assert_array_equal(fused.scores, plain.scores)
        assert not np.isin(fused.rows, taken).any()
        if strategy.assigns_labels:
            np.testing.assert_array_equal(fused.labels, plain.labels)
        else:
            assert fused.labels is None


def test_a_user_strategy_plugs_in():
    class FirstRows(Strategy):
        name = "first_rows"

        def score(self, view):
            return PoolScores(-np.arange(view.X_pool.shape[0], dtype=float))

    _, _, view = _view(2)
    strategy = make_strategy(FirstRows())
    np.testing.assert_array_equal(strategy.select(view, strategy.score(view), 4), [0, 1, 2, 3])


def test_registry_and_unknown_names():
    assert tuple(STRATEGIES) == ("random", "entropy", "margin", "least_confident", "salutary",
                                 "oracle_influence", "isla", "pred_infl", "salutary_crossfit", "salutary_verified",
                                 "salutary_abstain")
    assert tuple(STRATEGIES)[:8] == sn.strategies.PAPER_STRATEGIES
    with pytest.raises(ValueError, match="strategy"):
        make_strategy("bald")
    with pytest.raises(ValueError, match="strategy"):
        make_strategy(None)
