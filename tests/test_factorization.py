"""The Hessian factor refuses matrices that are singular to working precision (SPEC §6)."""

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
