"""The influence-table pass checks the pool for NaN/Inf on the way: every bad position is caught."""

import numpy as np
import pytest

import salutary_native as sn
from conftest import make_problem


@pytest.mark.parametrize("entry", ["influence_table", "salutary_query"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["f32", "f64"])
@pytest.mark.parametrize("K", [2, 3])
def test_non_finite_pool_values_are_refused_wherever_they_are(K, dtype, bad, entry):
    pb = make_problem(K, 80, 40, 1500, 6, 0)
    model = sn.LogisticRegression(C=1.0).fit(pb.X_train, pb.y_train)
    rng = np.random.default_rng(K)
    for row, col in [(0, 0), (1499, 5), (513, 3), tuple(rng.integers(0, (1500, 6)))]:
        X_pool = pb.X_pool.astype(dtype)
        X_pool[row, col] = bad
        before = X_pool.copy()
        with pytest.raises(ValueError, match="X_pool contains NaN or Inf"):
            if entry == "influence_table":
                sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, X_pool)
            else:
                sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, X_pool, 5, keep_table=False)
        np.testing.assert_array_equal(X_pool, before)


def test_a_table_that_would_overflow_is_an_error_not_inf():
    pb = make_problem(2, 80, 40, 100, 6, 0)
    model = sn.LogisticRegression(C=1.0).fit(pb.X_train, pb.y_train)
    X_pool = pb.X_pool.copy()
    # Finite values whose logit Σ x_k θ_k exceeds the float64 range.
    assert np.abs(model.coef_[0]).sum() > 1
    X_pool[7] = np.finfo(np.float64).max * np.sign(model.coef_[0])
    with pytest.raises(OverflowError, match="rescale X_pool"):
        sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, X_pool)
