"""Cross-fitted salutary labeling: its direction against numpy, its picks, its folds, its runs.

The direction is checked against an independent float64 evaluation: the out-of-fold gradients
are written here from the fold models' probabilities, and the Hessian is the reference's.
"""

import numpy as np
import pytest

import salutary_native as sn
from conftest import make_problem
from reference import evaluate
from salutary_native.learner import ActiveLearner
from salutary_native.strategies import RoundView, SalutaryLabeling, make_strategy
from salutary_native.strategies.crossfit import CrossFittedSalutary

StratifiedKFold = pytest.importorskip("sklearn.model_selection").StratifiedKFold

C = 0.5
N_INITIAL = 60
N_ADDED = 12


def _view(K, seed=0, hessian_on="train", exclude=None, n_initial=N_INITIAL):
    """A round after two earlier ones: 60 initial rows, then 12 pool rows with arbitrary labels."""
    p = make_problem(K, N_INITIAL, 25, 150, 5, seed)
    rng = np.random.default_rng(seed + 1)
    added = np.sort(rng.choice(len(p.y_pool), N_ADDED, replace=False)) if exclude is None else exclude
    X = np.vstack([p.X_train, p.X_pool[added]])
    y = np.concatenate([p.y_train, rng.integers(0, K, len(added))])
    model = sn.LogisticRegression(C=C).fit(X, y)
    return RoundView(model, X, y, p.X_val, p.y_val, p.X_pool, seed=7, hessian_on=hessian_on, exclude=added,
                     n_initial=n_initial)


def _row_gradients_sum(proba, X, y, K):
    """Σ_i (p_i − e_{y_i}) ⊗ [x_i, 1] as an (m, D) array (m = 1 for two classes)."""
    Xt = np.hstack([X, np.ones((X.shape[0], 1))])
    if K == 2:
        return ((proba[:, 1] - (y == 1)) @ Xt).reshape(1, -1)
    return (proba - np.eye(K)[y]).T @ Xt


@pytest.mark.parametrize("K, hessian_on", [(2, "train"), (3, "train"), (3, "train+pool")])
def test_direction_equals_the_numpy_cross_fitted_direction(K, hessian_on):
    view = _view(K, hessian_on=hessian_on)
    X, y = view.X_train, view.y_train
    held_out = [np.sort(f) for _, f in StratifiedKFold(5, shuffle=True, random_state=11).split(
        np.zeros((N_INITIAL, 1)), y[:N_INITIAL])]
    strategy = CrossFittedSalutary(seed=11)
    assert [f.tolist() for f in strategy.folds(view)] == [f.tolist() for f in held_out]

    g = _row_gradients_sum(view.model.predict_proba(view.X_val), view.X_val, view.y_val, K)
    for fold in held_out:
        kept = np.setdiff1d(np.arange(len(y)), fold)  # the added rows stay in training
        fold_model = sn.LogisticRegression(C=C).fit(X[kept], y[kept])
        g = g + _row_gradients_sum(fold_model.predict_proba(X[fold]), X[fold], y[fold], K)

    pool = np.delete(view.X_pool, view.exclude, axis=0) if hessian_on != "train" else None
    H = evaluate(view.model.coef_, view.model.intercept_, K, True, C, X, view.X_val, view.y_val, X_pool=pool,
                 hessian_on=hessian_on)["H"]
    s_ref = np.linalg.pinv(H, rtol=1e-10, hermitian=True) @ g.ravel()
    s = strategy.scorer(view).val_direction_.ravel()
    assert np.abs(s - s_ref).max() <= 1e-8 * np.abs(s_ref).max()
    # Not salutary's direction: the held-out gradients moved it.
    assert np.abs(view.scorer().val_direction_.ravel() - s_ref).max() > 1e-3 * np.abs(s_ref).max()


def test_choose_equals_score_then_select_with_exclusions():
    view = _view(3, hessian_on="train+pool")
    strategy = CrossFittedSalutary(seed=2)
    picked = strategy.choose(view, 9)
    scored = strategy.score(view)
    rows = strategy.select(view, scored, 9)
    assert picked.rows.tolist() == rows.tolist()
    assert picked.scores.tobytes() == scored.scores[rows].tobytes()
    assert picked.labels.tolist() == scored.labels[rows].tolist()
    assert not np.isin(picked.rows, view.exclude).any()
    # One fit per view: score and choose share the cached scorer.
    assert strategy.scorer(view) is strategy.scorer(view)
    assert sum(1 for key in view._cache if key.startswith("salutary_crossfit/")) == 1


def _learner(p, test, strategy, **kw):
    return ActiveLearner(p.X_train, p.y_train, p.X_val, p.y_val, p.X_pool, y_pool=p.y_pool, X_test=test.X_pool,
                         y_test=test.y_pool, strategy=strategy, budget=6, seed=5, **kw)


def _everything(learner):
    return ([(r.round, r.n_labeled, r.test_accuracy, r.test_loss, r.val_accuracy, r.val_loss, r.assigned_labels)
             for r in learner.records], learner.added_pool_rows.tolist(), learner.y_labeled.tolist(),
            learner.model.coef_.tobytes(), learner.model.intercept_.tobytes())


def test_a_run_is_reproducible_and_resumes_from_a_checkpoint_bit_for_bit(tmp_path):
    p, test = make_problem(3, 60, 20, 150, 5, 0), make_problem(3, 5, 5, 60, 5, 100)
    whole = _learner(p, test, CrossFittedSalutary(seed=4))
    whole.run(4, progress=False)
    again = _learner(p, test, make_strategy(CrossFittedSalutary(seed=4)))
    again.run(4, progress=False)
    assert _everything(again) == _everything(whole)

    path = tmp_path / "state.npz"
    first = _learner(p, test, CrossFittedSalutary(seed=4), checkpoint=path)
    first.run(2, progress=False)
    del first  # killed: only the checkpoint is left
    resumed = _learner(p, test, CrossFittedSalutary(seed=4), checkpoint=path)
    assert len(resumed.records) == 3
    resumed.run(4, progress=False)
    assert _everything(resumed) == _everything(whole)
    assert resumed.query() == whole.query()
    # The strategy's labels, not the ground truth, went in.
    assert whole.y_labeled[60:].tolist() == [label for r in whole.records[1:] for label in r.assigned_labels]


def test_added_rows_are_never_held_out():
    view = _view(3)
    folds = CrossFittedSalutary(seed=3).folds(view)
    assert np.concatenate(folds).tolist() != list(range(N_INITIAL))  # shuffled into folds
    assert np.sort(np.concatenate(folds)).tolist() == list(range(N_INITIAL))
    # New labels (and rows) for the added rows change no fold.
    y = view.y_train.copy()
    y[N_INITIAL:] = (y[N_INITIAL:] + 1) % 3
    X = view.X_train.copy()
    X[N_INITIAL:] += 1.0
    relabeled = RoundView(view.model, X, y, view.X_val, view.y_val, view.X_pool, seed=view.seed,
                          exclude=view.exclude, n_initial=N_INITIAL)
    assert [f.tolist() for f in CrossFittedSalutary(seed=3).folds(relabeled)] == [f.tolist() for f in folds]
    # Stratified: every fold holds each class's initial rows within one of each other fold.
    counts = np.array([np.bincount(view.y_train[f], minlength=3) for f in folds])
    assert (counts.max(axis=0) - counts.min(axis=0)).max() <= 1


def test_without_n_initial_every_labeled_row_is_folded():
    view = _view(3, n_initial=None)
    folds = CrossFittedSalutary(seed=3).folds(view)
    assert len(folds) == 5
    assert np.sort(np.concatenate(folds)).tolist() == list(range(N_INITIAL + N_ADDED))


def test_a_small_class_lowers_the_folds_and_a_single_row_class_keeps_salutarys_direction():
    view = _view(3, n_initial=None)
    y = view.y_train.copy()
    y[np.flatnonzero(y == 2)[3:]] = 0  # class 2 keeps 3 rows
    three = RoundView(sn.LogisticRegression(C=C).fit(view.X_train, y), view.X_train, y, view.X_val, view.y_val,
                      view.X_pool, seed=1)
    assert len(CrossFittedSalutary(n_folds=5).folds(three)) == 3
    y[np.flatnonzero(y == 2)[1:]] = 0  # class 2 keeps 1 row: no fold can hold it out
    single = RoundView(sn.LogisticRegression(C=C).fit(view.X_train, y), view.X_train, y, view.X_val, view.y_val,
                       view.X_pool, seed=1)
    strategy = CrossFittedSalutary()
    assert strategy.folds(single) == []
    assert strategy.scorer(single).val_direction_.tobytes() == single.scorer().val_direction_.tobytes()
    assert strategy.choose(single, 5).rows.tolist() == SalutaryLabeling().choose(single, 5).rows.tolist()


@pytest.mark.parametrize("kwargs, error, match", [
    ({"n_folds": 1}, ValueError, "n_folds must be >= 2"),
    ({"seed": -1}, ValueError, "seed must be >= 0"),
    ({"n_folds": 2.5}, TypeError, "n_folds must be an integer"),
])
def test_bad_parameters_are_refused(kwargs, error, match):
    view = _view(2)
    with pytest.raises(error, match=match):
        CrossFittedSalutary(**kwargs).choose(view, 3)


def test_inputs_are_not_modified():
    view = _view(3, hessian_on="train+pool")
    before = [a.copy() for a in (view.X_train, view.y_train, view.X_val, view.y_val, view.X_pool, view.exclude)]
    CrossFittedSalutary().choose(view, 4)
    after = (view.X_train, view.y_train, view.X_val, view.y_val, view.X_pool, view.exclude)
    assert all(np.array_equal(a, b) for a, b in zip(before, after))
