"""The verified salutary strategy: its one-Newton-step validation change against an independent
float64 evaluation (dense H + J, numpy's pseudo-inverse, tests/reference.py), against a refit,
and the rows it keeps."""

import numpy as np
import pytest

import reference as ref
import salutary_native as sn
from salutary_native.strategies import RoundView
from salutary_native.strategies.verified import VerifiedSalutary, one_step_validation_change


def _problem(K, n_train=40, n_val=12, n_pool=60, d=3, seed=0, C=1.0, fit_intercept=True):
    rng = np.random.default_rng(seed)
    centers = rng.normal(scale=1.5, size=(K, d))
    n = n_train + n_val + n_pool
    y = np.arange(n) % K
    X = centers[y] + rng.normal(size=(n, d))
    # A few labels flipped, so that the validation loss has something to gain from new rows.
    flip = rng.random(n) < 0.15
    y = np.where(flip, (y + 1) % K, y)
    model = sn.LogisticRegression(C=C, fit_intercept=fit_intercept, tol=1e-12).fit(X[:n_train], y[:n_train])
    return (model, X[:n_train], y[:n_train], X[n_train:n_train + n_val], y[n_train:n_train + n_val],
            X[n_train + n_val:])


def _reference_change(model, X_train, X_val, y_val, x, c, damping=0.0):
    """Σ_val CE(θ') − Σ_val CE(θ̂), θ' = θ̂ − (H + J)⁺ ∇CE(x, c), all dense float64."""
    K, fi = len(model.classes_), model.fit_intercept
    theta = ref.theta_matrix(model.coef_, model.intercept_, fi)
    m, D = theta.shape
    H = (ref.data_hessian(theta, K, ref.augment(X_train, fi), np.ones(len(X_train)))
         + np.diag(ref.penalty_diagonal(m, D, fi, model.C)) + damping * np.eye(m * D))
    xt = ref.augment(x[None, :], fi)
    g = ref.per_row_gradients(ref.output_probs(theta, K, xt), K, xt, [c])[0]
    J = ref.data_hessian(theta, K, xt, np.ones(1))
    step = np.linalg.pinv(H + J, rtol=1e-12, hermitian=True) @ g
    Xv = ref.augment(X_val, fi)
    after = ref.cross_entropy(theta - step.reshape(m, D), K, Xv, y_val).sum()
    return after - ref.cross_entropy(theta, K, Xv, y_val).sum()


@pytest.mark.parametrize("K, fit_intercept, damping", [(2, True, 0.0), (2, False, 0.0), (3, True, 0.0),
                                                       (4, True, 0.5), (3, False, 0.0)])
def test_change_matches_dense_reference(K, fit_intercept, damping):
    model, X_tr, y_tr, X_val, y_val, X_pool = _problem(K, fit_intercept=fit_intercept)
    rows = np.array([0, 5, 17, 33])
    columns = np.arange(len(rows)) % K
    copies = [a.copy() for a in (X_tr, X_val, y_val, X_pool)]
    got = one_step_validation_change(model, X_tr, X_val, y_val, X_pool[rows], columns, damping=damping)
    want = np.array([_reference_change(model, X_tr, X_val, y_val, X_pool[r], c, damping)
                     for r, c in zip(rows, columns)])
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12 * np.abs(want).max())
    for before, after in zip(copies, (X_tr, X_val, y_val, X_pool)):
        np.testing.assert_array_equal(before, after)


@pytest.mark.parametrize("K", [2, 3])
def test_one_step_is_close_to_a_refit(K):
    # Many training rows: adding one is a small step, which one Newton step nearly completes.
    model, X_tr, y_tr, X_val, y_val, X_pool = _problem(K, n_train=300, n_val=30)
    rows, columns = np.array([1, 2, 3]), np.array([0, 1, 1])
    one_step = one_step_validation_change(model, X_tr, X_val, y_val, X_pool[rows], columns)
    first_order = -sn.influence_table(model, X_tr, X_val, y_val, X_pool[rows])[np.arange(3), columns]
    Xv = ref.augment(X_val, True)
    base = ref.cross_entropy(ref.theta_matrix(model.coef_, model.intercept_, True), K, Xv, y_val).sum()
    for i, (r, c) in enumerate(zip(rows, columns)):
        refit = sn.LogisticRegression(C=model.C, tol=1e-12).fit(np.vstack([X_tr, X_pool[r]]),
                                                                np.append(y_tr, model.classes_[c]))
        actual = ref.cross_entropy(ref.theta_matrix(refit.coef_, refit.intercept_, True), K, Xv, y_val).sum() - base
        assert abs(one_step[i] - actual) <= 0.05 * abs(actual) + 1e-9
        assert abs(one_step[i] - actual) <= abs(first_order[i] - actual) + 1e-12


def _view(K, seed=3, exclude=None, n_val=6, **kw):
    model, X_tr, y_tr, X_val, y_val, X_pool = _problem(K, n_val=n_val, **kw)
    return RoundView(model, X_tr, y_tr, X_val, y_val, X_pool, seed=seed, exclude=exclude)


@pytest.mark.parametrize("K", [2, 3])
def test_keeps_only_rows_whose_verified_change_is_negative_best_first(K):
    view = _view(K, n_pool=60)
    budget = 20  # shortlist = the whole pool, so some candidates must fail
    strategy = VerifiedSalutary()
    picked = strategy.choose(view, budget)
    shortlist = view.scorer().partial_query(view.X_pool, 60, seed=view.seed)
    change = one_step_validation_change(view.model, view.X_train, view.X_val, view.y_val,
                                        view.X_pool[shortlist.indices], shortlist.label_indices)
    passed = change < 0
    assert strategy.n_candidates_ == 60 and strategy.n_passed_ == int(passed.sum())
    assert 0 < passed.sum() < 60
    assert len(picked.rows) == min(budget, int(passed.sum()))
    assert np.all(picked.scores > 0) and np.all(np.diff(picked.scores) <= 0)
    by_row = dict(zip(shortlist.indices.tolist(), (-change).tolist()))
    np.testing.assert_allclose(picked.scores, [by_row[r] for r in picked.rows.tolist()], rtol=1e-12)
    # The kept rows are the largest drops, in top_b's order (ties by the round seed's key).
    full = np.full(60, -1.0)
    full[shortlist.indices[passed]] = -change[passed]
    np.testing.assert_array_equal(picked.rows, sn.top_b(full, len(picked.rows), view.seed))
    table = view.influence_table()
    np.testing.assert_array_equal(picked.labels, view.model.classes_[table[picked.rows].argmax(axis=1)])


def test_fewer_rows_than_budget_when_few_pass():
    view = _view(3, n_pool=60)
    strategy = VerifiedSalutary()
    picked = strategy.choose(view, 60)
    assert strategy.n_passed_ < 60
    assert len(picked.rows) == len(picked.labels) == len(picked.scores) == strategy.n_passed_


def test_exclusions_are_honoured():
    view = _view(3, n_pool=80)
    first = VerifiedSalutary().choose(view, 5)
    exclude = np.sort(np.concatenate([first.rows, np.arange(0, 80, 3)]))
    view_ex = _view(3, n_pool=80, exclude=exclude)
    strategy = VerifiedSalutary()
    picked = strategy.choose(view_ex, 5)
    assert strategy.n_candidates_ == 50
    assert not np.isin(picked.rows, exclude).any()
    with pytest.raises(ValueError, match="budget"):
        strategy.choose(view_ex, 80 - len(np.unique(exclude)) + 1)


def test_score_is_not_defined():
    with pytest.raises(NotImplementedError, match="choose"):
        VerifiedSalutary().score(_view(2))


def test_bad_label_columns_are_refused():
    model, X_tr, y_tr, X_val, y_val, X_pool = _problem(3)
    with pytest.raises(ValueError, match="label_columns"):
        one_step_validation_change(model, X_tr, X_val, y_val, X_pool[:2], [0, 3])
    with pytest.raises(ValueError, match="label_columns"):
        one_step_validation_change(model, X_tr, X_val, y_val, X_pool[:2], [0])
    with pytest.raises(ValueError, match="X_rows"):
        one_step_validation_change(model, X_tr, X_val, y_val, X_pool[:2, :2], [0, 1])
