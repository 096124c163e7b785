"""A scorer fitted from a validation gradient given directly: the gradient of any rows at any
fitted model against the float64 reference, and s = H⁺ g for a gradient that no validation set
at the model produces (a held-out gradient taken at another model)."""

from __future__ import annotations

import numpy as np
import pytest

import reference as ref
import salutary_native as sn
from conftest import make_problem


@pytest.mark.parametrize("K", [2, 4])
def test_the_gradient_and_the_direction_equal_the_reference(K):
    p = make_problem(K, 150, 60, 50, 5, K)
    model = sn.LogisticRegression(C=0.5).fit(p.X_train, p.y_train)
    r = ref.evaluate(model.coef_, model.intercept_, K, True, model.C, p.X_train, p.X_val, p.y_val, p.X_pool)
    g = sn.validation_gradient(model, p.X_val, p.y_val)
    assert np.abs(g.reshape(-1) - r["g_val"]).max() <= 1e-12 * np.abs(r["g_val"]).max()
    # Fitting from that gradient is fitting from the validation rows, bit for bit.
    direct = sn.InfluenceScorer(model).fit_gradient(p.X_train, g)
    rows = sn.InfluenceScorer(model).fit(p.X_train, p.X_val, p.y_val)
    assert np.array_equal(direct.val_direction_, rows.val_direction_)
    # A gradient taken at another model (held-out rows, a model fitted without them).
    other = sn.LogisticRegression(C=0.5).fit(p.X_train[30:], p.y_train[30:])
    held_out = sn.validation_gradient(other, p.X_train[:30], p.y_train[:30])
    theta_other = ref.theta_matrix(other.coef_, other.intercept_, True)
    G = ref.per_row_gradients(ref.output_probs(theta_other, K, ref.augment(p.X_train[:30], True)), K,
                              ref.augment(p.X_train[:30], True), np.asarray(p.y_train[:30]))
    assert np.abs(held_out.reshape(-1) - G.sum(axis=0)).max() <= 1e-12 * np.abs(G.sum(axis=0)).max()
    total = g + held_out
    s = sn.InfluenceScorer(model).fit_gradient(p.X_train, total).val_direction_.reshape(-1)
    expected = np.linalg.pinv(r["H"], rtol=1e-10, hermitian=True) @ total.reshape(-1)
    assert np.linalg.norm(s - expected) <= 1e-8 * np.linalg.norm(expected)


def test_bad_gradients_are_refused_naming_the_argument():
    p = make_problem(3, 80, 30, 20, 4, 0)
    model = sn.LogisticRegression().fit(p.X_train, p.y_train)
    scorer = sn.InfluenceScorer(model)
    with pytest.raises(ValueError, match="val_gradient must have the shape"):
        scorer.fit_gradient(p.X_train, np.zeros((2, 5)))
    bad = np.zeros((3, 5))
    bad[1, 2] = np.nan
    with pytest.raises(ValueError, match="val_gradient contains NaN"):
        scorer.fit_gradient(p.X_train, bad)
    with pytest.raises(TypeError, match="val_gradient must hold real numbers"):
        scorer.fit_gradient(p.X_train, np.zeros((3, 5), dtype=complex))
    with pytest.raises(ValueError, match="y holds"):
        sn.validation_gradient(model, p.X_val, np.full(len(p.y_val), 7))
    assert np.array_equal(sn.validation_gradient(model, p.X_val[:0], p.y_val[:0]), np.zeros((3, 5)))
