"""suspicious_labels: the influence of the given training labels (maths §3), its sign, shapes,
input errors, and agreement with the independent numpy oracle."""

import numpy as np
import pytest

import reference as ref
import salutary_native as sn
from conftest import make_problem
from salutary_native.label_noise import SuspiciousLabels, suspicious_labels


def _separable(K, n_train=240, n_val=120, d=4, seed=0):
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(K, d))
    centers *= 6.0 / np.linalg.norm(centers[:, None] - centers[None], axis=2).max()
    def draw(n):
        y = np.arange(n) % K
        rng.shuffle(y)
        return centers[y] * 2.0 + 0.5 * rng.normal(size=(n, d)), y.astype(np.int64)
    return draw(n_train), draw(n_val)


def _flip_far_rows(X, y, K, n_flip, seed=1):
    """Flip n_flip random rows to another class; on the well-separated blobs each is a clear mislabel."""
    rng = np.random.default_rng(seed)
    rows = rng.choice(len(y), size=n_flip, replace=False)
    noisy = y.copy()
    noisy[rows] = (y[rows] + rng.integers(1, K, size=n_flip)) % K
    return noisy, np.sort(rows)


@pytest.mark.parametrize("K", [2, 3, 5])
def test_flipped_rows_rank_at_the_top_with_negative_given_influence(K):
    (X_tr, y_tr), (X_val, y_val) = _separable(K, seed=K)
    noisy, flipped = _flip_far_rows(X_tr, y_tr, K, n_flip=4)
    model = sn.LogisticRegression(C=1.0).fit(X_tr, noisy)
    res = suspicious_labels(model, X_tr, noisy, X_val, y_val)
    assert set(res.top(len(flipped)).tolist()) == set(flipped.tolist())
    assert np.all(res.given_influence[flipped] < 0)
    # Relabeling a flipped row is predicted to help, and its best alternative is mostly its true label
    # (the table targets the validation loss, not the truth: with K = 5 one of four picks another class).
    assert np.mean(res.alternative_labels[flipped] == y_tr[flipped]) >= 0.75
    assert np.all(res.relabel_gain[flipped] > 0)
    # The relabel ranking also puts them first here for K <= 3; with K = 5 it does not (it ignores
    # the row's fit, see the docstring), which is why it is not the default.
    if K > 3:
        return
    res2 = suspicious_labels(model, X_tr, noisy, X_val, y_val, rank_by="relabel")
    assert set(res2.top(len(flipped)).tolist()) == set(flipped.tolist())


def test_shapes_labels_and_consistency_with_the_scorer():
    pb = make_problem(4, 80, 40, 1, 3, seed=3)
    names = np.array(["ant", "bee", "cat", "dog"])
    y_tr, y_val = names[pb.y_train], names[pb.y_val]
    model = sn.LogisticRegression(C=0.5).fit(pb.X_train, y_tr)
    res = suspicious_labels(model, pb.X_train, y_tr, pb.X_val, y_val)
    n = len(y_tr)
    assert isinstance(res, SuspiciousLabels)
    assert res.table.shape == (n, 4)
    for a in (res.given_influence, res.alternative_influence, res.relabel_gain, res.suspicion, res.ranking):
        assert a.shape == (n,)
    assert res.ranking.dtype == np.int64 and np.array_equal(np.sort(res.ranking), np.arange(n))
    assert np.array_equal(res.classes, names)
    assert np.all(res.alternative_labels != y_tr) and set(res.alternative_labels) <= set(names)
    # One fitted scorer, one table pass: the scorer's table bit for bit.
    table = sn.InfluenceScorer(model).fit(pb.X_train, pb.X_val, y_val).table(pb.X_train)
    assert np.array_equal(res.table, table)
    idx = np.searchsorted(names, y_tr)
    assert np.array_equal(res.given_influence, table[np.arange(n), idx])
    others = np.where(np.arange(4) == idx[:, None], -np.inf, table)
    assert np.array_equal(res.alternative_influence, others.max(axis=1))
    assert np.array_equal(res.relabel_gain, res.alternative_influence - res.given_influence)
    assert np.array_equal(res.suspicion, -res.given_influence)
    assert np.all(np.diff(res.suspicion[res.ranking]) <= 0)
    rel = suspicious_labels(model, pb.X_train, y_tr, pb.X_val, y_val, rank_by="relabel")
    assert np.array_equal(rel.suspicion, rel.relabel_gain) and np.all(np.diff(rel.suspicion[rel.ranking]) <= 0)
    assert np.array_equal(res.top(5), res.ranking[:5]) and res.top(0).shape == (0,)


def test_float32_rows_are_accepted():
    pb = make_problem(2, 60, 30, 1, 3, seed=4)
    model = sn.LogisticRegression(C=1.0).fit(pb.X_train, pb.y_train)
    a = suspicious_labels(model, pb.X_train, pb.y_train, pb.X_val, pb.y_val)
    b = suspicious_labels(model, pb.X_train.astype(np.float32), pb.y_train, pb.X_val, pb.y_val)
    scale = np.abs(a.given_influence).max()
    assert np.abs(a.given_influence - b.given_influence).max() <= 1e-4 * scale


@pytest.mark.parametrize("hessian_on", ["train", "train+pool"])
@pytest.mark.parametrize("fit_intercept", [True, False], ids=["icpt", "noicpt"])
@pytest.mark.parametrize("K", [2, 3])
def test_given_influence_matches_the_numpy_reference(K, fit_intercept, hessian_on):
    pb = make_problem(K, 90, 40, 1, 4, seed=10 + K)
    rng = np.random.default_rng(K)
    noisy = pb.y_train.copy()
    rows = rng.choice(len(noisy), 5, replace=False)
    noisy[rows] = (noisy[rows] + 1) % K
    model = sn.LogisticRegression(C=0.3, fit_intercept=fit_intercept).fit(pb.X_train, noisy)
    res = suspicious_labels(model, pb.X_train, noisy, pb.X_val, pb.y_val, hessian_on=hessian_on)
    # Independent float64 evaluation of I(x, c) = ∇CE(x, c)ᵀ H⁺ g_val; with "train+pool" the
    # training rows are also the pool, so their curvature counts twice.
    want = ref.evaluate(model.coef_, model.intercept_, K, fit_intercept, model.C, pb.X_train, pb.X_val,
                        pb.y_val, X_pool=pb.X_train, hessian_on=hessian_on)["table"]
    scale = np.abs(want).max()
    assert np.abs(res.table - want).max() <= 1e-8 * scale
    given = want[np.arange(len(noisy)), noisy]
    assert np.abs(res.given_influence - given).max() <= 1e-8 * scale
    # The oracle's own ranking of the most suspicious rows agrees where the keys are separated.
    top_ref = np.argsort(given, kind="stable")[:5]
    gaps = np.diff(np.sort(given)[:6])
    if np.all(gaps > 1e-6 * scale):
        assert np.array_equal(res.top(5), top_ref)


@pytest.fixture(scope="module")
def fitted():
    pb = make_problem(3, 60, 30, 1, 3, seed=7)
    return pb, sn.LogisticRegression(C=1.0).fit(pb.X_train, pb.y_train)


@pytest.mark.parametrize("change, error, match", [
    (dict(y_train=np.zeros(5, dtype=int)), ValueError, "y_train has 5 labels"),
    (dict(y_train="labels"), ValueError, "y_train must be 1-D"),
    (dict(y_train=np.full(60, 7)), ValueError, "y_train holds labels outside"),
    (dict(X_train=np.zeros((60, 2))), ValueError, "X_train has 2 features"),
    (dict(X_train=np.zeros((60, 3), dtype=int)), TypeError, "X_train must be a float32 or float64"),
    (dict(X_train=np.full((60, 3), np.nan)), ValueError, "X_train contains NaN"),
    (dict(X_train=np.zeros((0, 3))), ValueError, "X_train is empty"),
    (dict(y_val=np.full(30, 9)), ValueError, "y_val holds labels outside"),
    (dict(X_val=np.zeros((30, 4))), ValueError, "X_val has 4 features"),
    (dict(rank_by="loss"), ValueError, "rank_by must be one of"),
    (dict(hessian_on="val"), ValueError, "hessian_on"),
    (dict(damping=-1.0), ValueError, "damping"),
])
def test_bad_input_names_the_argument(fitted, change, error, match):
    pb, model = fitted
    args = dict(X_train=pb.X_train, y_train=pb.y_train, X_val=pb.X_val, y_val=pb.y_val)
    options = {k: change.pop(k) for k in ("rank_by", "hessian_on", "damping") if k in change}
    args.update(change)
    with pytest.raises(error, match=match):
        suspicious_labels(model, args["X_train"], args["y_train"], args["X_val"], args["y_val"], **options)


def test_unfitted_model_and_bad_k(fitted):
    pb, model = fitted
    with pytest.raises(ValueError, match="not fitted"):
        suspicious_labels(sn.LogisticRegression(), pb.X_train, pb.y_train, pb.X_val, pb.y_val)
    res = suspicious_labels(model, pb.X_train, pb.y_train, pb.X_val, pb.y_val)
    with pytest.raises(ValueError, match="k must be between 0 and 60"):
        res.top(61)
    with pytest.raises(TypeError, match="k must be an integer"):
        res.top(2.0)
