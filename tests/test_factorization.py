"""The Hessian factor refuses matrices that are singular to working precision (maths §6)."""

import numpy as np
import pytest

import salutary_native as sn


def _unpenalised_model(coef, intercept, classes):
    # C = inf removes the penalty, so duplicated features leave H exactly singular.
    model = sn.LogisticRegression(C=np.inf)
    model.coef_ = np.asarray(coef, dtype=float)
    model.intercept_ = np.asarray(intercept, dtype=float)
    model.classes_ = np.asarray(classes)
    model.n_features_in_ = model.coef_.shape[1]
    return model


def test_duplicated_feature_without_penalty_raises_and_damping_recovers():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(200, 1))
    X = np.hstack([x, x, rng.normal(size=(200, 1))])
    y = (x[:, 0] + 0.5 * rng.normal(size=200) > 0).astype(int)
    model = _unpenalised_model([[0.4, 0.3, -0.2]], [0.1], [0, 1])
    with pytest.raises(sn.FactorizationError, match="damping"):
        sn.influence_table(model, X, X[:50], y[:50], X[50:])
    table = sn.influence_table(model, X, X[:50], y[:50], X[50:], damping=1e-3)
    assert np.isfinite(table).all() and np.abs(table).max() > 0


def test_scaled_feature_is_not_mistaken_for_singular():
    """The singularity test is scale-free: a feature in units 1e6 larger still factors."""
    rng = np.random.default_rng(6)
    X = rng.normal(size=(300, 3))
    y = (X[:, 0] - X[:, 1] + rng.normal(size=300) > 0).astype(int)  # not separable
    Xs = X * np.array([1.0, 1e6, 1.0])
    model = sn.LogisticRegression(C=np.inf).fit(X, y)
    scaled = _unpenalised_model(model.coef_ / np.array([1.0, 1e6, 1.0]), model.intercept_, [0, 1])
    plain = _unpenalised_model(model.coef_, model.intercept_, [0, 1])
    t_plain = sn.influence_table(plain, X, X[:80], y[:80], X[80:])
    t_scaled = sn.influence_table(scaled, Xs, Xs[:80], y[:80], Xs[80:])
    # Reparameterising a feature leaves the influence (a loss change) unchanged.
    np.testing.assert_allclose(t_scaled, t_plain, rtol=0, atol=1e-6 * np.abs(t_plain).max())


def test_tiled_factor_solves_like_numpy_and_ignores_thread_count():
    """p = 10·(47+1) = 480 spans several Cholesky tiles: s agrees with a dense numpy solve of
    (H + vvᵀ) s = g_val, and 1 and 2 threads give the same bits."""
    import reference as ref

    rng = np.random.default_rng(8)
    K, d, n = 10, 47, 1500
    y = np.arange(n) % K
    X = rng.normal(size=(n, d)) + 0.8 * rng.normal(size=(K, d))[y]
    X_val, y_val = X[:200], y[:200]
    model = sn.LogisticRegression(C=0.5).fit(X, y)
    H = sn.hessian(model, X)
    p = H.shape[0]
    assert p == K * (d + 1)
    theta = ref.theta_matrix(model.coef_, model.intercept_, True)
    Xv = ref.augment(X_val, True)
    g = ref.per_row_gradients(ref.output_probs(theta, K, Xv), K, Xv, y_val).sum(axis=0)
    v = ref.null_direction(K, d + 1, True)
    expected = np.linalg.solve(H + np.outer(v, v), g)
    previous = sn.get_num_threads()
    try:
        runs = []
        for threads in (1, 2):
            sn.set_num_threads(threads)
            runs.append(sn.val_direction(model, X, X_val, y_val).ravel())
    finally:
        sn.set_num_threads(previous)
    assert np.array_equal(runs[0], runs[1])
    assert np.abs(runs[0] - expected).max() <= 1e-8 * np.abs(expected).max()
