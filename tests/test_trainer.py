"""salutary_native.LogisticRegression against scikit-learn (maths §2, §5).

Both optima are scored with the same independent objective
(reference.objective = sklearn's objective / C).
"""

import warnings

import numpy as np
import pytest

import reference as ref
import salutary_native as sn
from conftest import make_problem

lm = pytest.importorskip("sklearn.linear_model")
sk_base = pytest.importorskip("sklearn.base")


def _sk_fit(X, y, C, fit_intercept, sample_weight=None):
    model = lm.LogisticRegression(C=C, fit_intercept=fit_intercept, tol=1e-12, max_iter=10000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X, y, sample_weight=sample_weight)
    return model


def _objective(model, X, y_idx, sample_weight=None):
    K = len(model.classes_)
    return ref.objective(model.coef_, model.intercept_, K, model.fit_intercept, model.C, X, y_idx, sample_weight)


def _rel(a, b):
    return abs(a - b) / abs(b)


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("fit_intercept", [True, False], ids=["icpt", "noicpt"])
@pytest.mark.parametrize("K", [2, 3, 5])
def test_objective_matches_sklearn(K, fit_intercept, weighted, record):
    pb = make_problem(K, 300, 5, 5, 5, seed=20 + K)
    C = 0.5
    w = np.random.default_rng(K).uniform(0.2, 3.0, size=300) if weighted else None
    model = sn.LogisticRegression(C=C, fit_intercept=fit_intercept, tol=1e-9, max_iter=200)
    assert model.fit(pb.X_train, pb.y_train, sample_weight=w) is model
    sk = _sk_fit(pb.X_train, pb.y_train, C, fit_intercept, w)

    m = 1 if K == 2 else K
    assert model.coef_.shape == (m, 5)
    assert np.asarray(model.intercept_).shape == (m,)
    assert model.n_features_in_ == 5
    assert np.array_equal(model.classes_, np.arange(K))
    if not fit_intercept:
        assert np.all(np.asarray(model.intercept_) == 0.0)

    L_sn = _objective(model, pb.X_train, pb.y_train, w)
    L_sk = _objective(sk, pb.X_train, pb.y_train, w)
    rel = _rel(L_sn, L_sk)
    record("trainer objective rel diff vs sklearn", rel, f"K={K} icpt={fit_intercept} weighted={weighted}")
    assert rel <= 1e-6, (L_sn, L_sk)
    # sklearn is not allowed to be materially better.
    assert L_sn <= L_sk * (1 + 1e-6)

    P_sn = model.predict_proba(pb.X_train)
    P_sk = sk.predict_proba(pb.X_train)
    assert P_sn.shape == (300, K)
    np.testing.assert_allclose(P_sn.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    record("trainer predict_proba max abs diff vs sklearn", np.abs(P_sn - P_sk).max(), f"K={K}")
    np.testing.assert_allclose(P_sn, P_sk, rtol=0, atol=1e-4)
    # The optimum is stationary for the documented objective.
    grad = ref.objective_gradient(model.coef_, model.intercept_, K, fit_intercept, C, pb.X_train, pb.y_train, w)
    assert np.abs(grad).max() <= 1e-5


@pytest.mark.parametrize("K", [2, 3])
def test_predict_score_decision_function(K):
    pb = make_problem(K, 200, 5, 50, 4, seed=31)
    model = sn.LogisticRegression(C=1.0, tol=1e-9).fit(pb.X_train, pb.y_train)
    X = pb.X_pool
    P = model.predict_proba(X)
    pred = model.predict(X)
    np.testing.assert_array_equal(pred, model.classes_[np.argmax(P, axis=1)])
    assert model.score(X, pb.y_pool) == pytest.approx(np.mean(pred == pb.y_pool))
    dec = model.decision_function(X)
    logits = X @ model.coef_.T + model.intercept_
    if K == 2:
        assert dec.shape == (50,)
        np.testing.assert_allclose(dec, logits[:, 0], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(P[:, 1], 1 / (1 + np.exp(-logits[:, 0])), rtol=1e-12, atol=1e-14)
    else:
        assert dec.shape == (50, K)
        np.testing.assert_allclose(dec, logits, rtol=1e-12, atol=1e-12)
        E = np.exp(logits - logits.max(axis=1, keepdims=True))
        np.testing.assert_allclose(P, E / E.sum(axis=1, keepdims=True), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("labels", [
    np.array(["no", "yes"]),
    np.array([-7, 3]),
    np.array(["cat", "dog", "emu"]),
    np.array([-5, 0, 7]),
    np.array([100, -3, 42, 7]),
], ids=["str2", "negint2", "str3", "negint3", "gapped4"])
def test_arbitrary_labels_round_trip(labels):
    K = len(labels)
    pb = make_problem(K, 200, 5, 60, 4, seed=41)
    y = labels[pb.y_train]
    model = sn.LogisticRegression(C=1.0, tol=1e-9).fit(pb.X_train, y)
    np.testing.assert_array_equal(model.classes_, np.unique(labels))
    pred = model.predict(pb.X_pool)
    assert set(np.unique(pred)) <= set(labels.tolist())
    # Fitting on the encoded indices gives the same model.
    order = np.argsort(labels)                 # classes_[i] = labels[order[i]]
    rank = np.empty(K, dtype=np.int64)
    rank[order] = np.arange(K)                 # label j -> class index rank[j]
    idx_model = sn.LogisticRegression(C=1.0, tol=1e-9).fit(pb.X_train, rank[pb.y_train])
    np.testing.assert_allclose(model.coef_, idx_model.coef_, rtol=1e-9, atol=1e-10)
    np.testing.assert_array_equal(pred, model.classes_[idx_model.predict(pb.X_pool)])
    assert model.score(pb.X_pool, labels[pb.y_pool]) == pytest.approx(idx_model.score(pb.X_pool, rank[pb.y_pool]))


def test_get_set_params_and_clone():
    params = dict(C=0.3, fit_intercept=False, tol=1e-9, max_iter=77, warm_start=True)
    model = sn.LogisticRegression(**params)
    got = model.get_params()
    for key, value in params.items():
        assert got[key] == value
    assert model.set_params(C=2.0, max_iter=12) is model
    assert model.get_params()["C"] == 2.0 and model.get_params()["max_iter"] == 12
    assert model.C == 2.0

    pb = make_problem(3, 120, 5, 5, 3, seed=2)
    model.fit(pb.X_train, pb.y_train)
    twin = sk_base.clone(model)
    assert twin is not model
    assert twin.get_params() == model.get_params()
    assert not hasattr(twin, "coef_")
    twin.fit(pb.X_train, pb.y_train)
    np.testing.assert_allclose(twin.coef_, model.coef_, rtol=1e-12, atol=1e-14)


def test_works_inside_sklearn_pipeline():
    pipeline = pytest.importorskip("sklearn.pipeline")
    pre = pytest.importorskip("sklearn.preprocessing")
    pb = make_problem(3, 150, 5, 40, 4, seed=8)
    pipe = pipeline.make_pipeline(pre.StandardScaler(), sn.LogisticRegression(C=1.0))
    pipe.fit(pb.X_train * 5 + 3, pb.y_train)
    assert pipe.predict(pb.X_pool * 5 + 3).shape == (40,)
    assert pipe.score(pb.X_train * 5 + 3, pb.y_train) > 0.5


@pytest.mark.parametrize("K", [2, 4])
def test_warm_start_reaches_same_optimum(K):
    pb = make_problem(K, 400, 5, 5, 5, seed=51)
    C = 1.0
    cold = sn.LogisticRegression(C=C, tol=1e-9, max_iter=200).fit(pb.X_train, pb.y_train)
    warm = sn.LogisticRegression(C=C, tol=1e-9, max_iter=200, warm_start=True)
    warm.fit(pb.X_train[:100], pb.y_train[:100])
    first = warm.coef_.copy()
    warm.fit(pb.X_train, pb.y_train)
    assert not np.allclose(first, warm.coef_, atol=1e-3)  # the second fit did move
    L_cold = _objective(cold, pb.X_train, pb.y_train)
    L_warm = _objective(warm, pb.X_train, pb.y_train)
    assert _rel(L_warm, L_cold) <= 1e-9
    np.testing.assert_allclose(warm.coef_, cold.coef_, rtol=0, atol=1e-5)
    # Refitting from the optimum takes no more iterations than the cold start.
    n_cold = int(np.max(np.asarray(cold.n_iter_)))
    warm.fit(pb.X_train, pb.y_train)
    assert int(np.max(np.asarray(warm.n_iter_))) <= n_cold
    assert _rel(_objective(warm, pb.X_train, pb.y_train), L_cold) <= 1e-9


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("fit_intercept", [True, False], ids=["icpt", "noicpt"])
@pytest.mark.parametrize("K", [2, 3])
def test_solver_reaches_tight_tol(K, fit_intercept, weighted, record):
    """tol bounds max|grad L| / sum(w) (the estimator's documented scaling). 1e-10 is
    reachable on this small, well-conditioned problem (one exact Newton step from the
    optimum lands near 1e-17), so the solver must get there without a ConvergenceWarning."""
    exceptions = pytest.importorskip("sklearn.exceptions")
    pb = make_problem(K, 300, 5, 5, 5, seed=20 + K)
    w = np.random.default_rng(K).uniform(0.2, 3.0, size=300) if weighted else None
    model = sn.LogisticRegression(C=0.5, fit_intercept=fit_intercept, tol=1e-10, max_iter=100)
    with warnings.catch_warnings():
        warnings.simplefilter("error", exceptions.ConvergenceWarning)
        model.fit(pb.X_train, pb.y_train, sample_weight=w)
    grad = ref.objective_gradient(model.coef_, model.intercept_, K, fit_intercept, 0.5, pb.X_train, pb.y_train, w)
    scaled = np.abs(grad).max() / (300 if w is None else w.sum())
    record("trainer max|grad|/sum(w) at tol=1e-10", scaled, f"K={K} icpt={fit_intercept} weighted={weighted}")
    assert scaled <= 1e-10
    assert int(np.max(np.asarray(model.n_iter_))) < 100


def test_large_p_reaches_sklearn_objective(record):
    """K * D > 3000 parameters (d = 300, K = 10: p = 3010)."""
    K, d = 10, 300
    pb = make_problem(K, 1500, 5, 5, d, seed=61, sep=0.3)
    C = 0.1
    model = sn.LogisticRegression(C=C, tol=1e-9, max_iter=200).fit(pb.X_train, pb.y_train)
    assert model.coef_.shape == (K, d)
    sk = _sk_fit(pb.X_train, pb.y_train, C, True)
    L_sn = _objective(model, pb.X_train, pb.y_train)
    L_sk = _objective(sk, pb.X_train, pb.y_train)
    rel = _rel(L_sn, L_sk)
    record("trainer objective rel diff vs sklearn (large p)", rel, "K=10 d=300")
    assert rel <= 1e-6, (L_sn, L_sk)
    assert L_sn <= L_sk * (1 + 1e-6)
