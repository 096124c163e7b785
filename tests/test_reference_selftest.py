"""Checks of the oracle itself (tests/reference.py), independent of salutary_native.

The reference is validated against finite differences, against the maths §3
closed forms, and against scikit-learn's optimum, so that a disagreement
between the native code and the reference points at the native code.
"""

import numpy as np
import pytest

import reference as ref
from conftest import make_problem


def _random_theta(K, d, fit_intercept, rng, scale=0.5):
    m = ref.n_outputs(K)
    coef = rng.normal(size=(m, d)) * scale
    intercept = rng.normal(size=m) * scale if fit_intercept else np.zeros(m)
    return coef, intercept


@pytest.mark.parametrize("K", [2, 3, 5])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_gradient_and_hessian_match_finite_differences(K, fit_intercept):
    rng = np.random.default_rng(7 + K)
    d, n, C = 3, 40, 0.7
    X = rng.normal(size=(n, d))
    y = rng.integers(0, K, size=n)
    w = rng.uniform(0.5, 2.0, size=n)
    coef, intercept = _random_theta(K, d, fit_intercept, rng)
    m, D = ref.n_outputs(K), d + fit_intercept

    def f(vec):
        c, b = ref.split_theta(vec, m, D, fit_intercept)
        return ref.objective(c, b, K, fit_intercept, C, X, y, w)

    def g(vec):
        c, b = ref.split_theta(vec, m, D, fit_intercept)
        return ref.objective_gradient(c, b, K, fit_intercept, C, X, y, w)

    theta = ref.theta_matrix(coef, intercept, fit_intercept).reshape(-1)
    h = 1e-6
    eye = np.eye(theta.size)
    fd_grad = np.array([(f(theta + h * e) - f(theta - h * e)) / (2 * h) for e in eye])
    np.testing.assert_allclose(g(theta), fd_grad, rtol=1e-6, atol=1e-7)

    # Hessian of the objective = data Hessian with weights w on all rows + 1/C on weights.
    H = ref.evaluate(coef, intercept, K, fit_intercept, C, X, X[:5], y[:5], None,
                     sample_weight=w, check_nullity=False)["H"]
    fd_hess = np.array([(g(theta + h * e) - g(theta - h * e)) / (2 * h) for e in eye])
    np.testing.assert_allclose(H, fd_hess, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("K", [2, 3, 4])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_table_matches_spec_closed_forms(K, fit_intercept):
    rng = np.random.default_rng(11 + K)
    d = 4
    pb = make_problem(K, 60, 30, 25, d, seed=3)
    coef, intercept = _random_theta(K, d, fit_intercept, rng)
    out = ref.evaluate(coef, intercept, K, fit_intercept, 1.0, pb.X_train, pb.X_val, pb.y_val,
                       pb.X_pool, hessian_on="train+pool", damping=0.0)
    Xp = ref.augment(pb.X_pool, fit_intercept)
    z = Xp @ out["S"].T  # (n, m)
    P = ref.class_probs(out["theta"], K, Xp)
    if K == 2:
        p = P[:, 1]
        closed = np.column_stack([p * z[:, 0], (p - 1.0) * z[:, 0]])
    else:
        closed = (P * z).sum(axis=1, keepdims=True) - z
    np.testing.assert_allclose(out["table"], closed, rtol=1e-10, atol=1e-12 * np.abs(closed).max())
    # sum_c p_c I(x, c) = 0 for every row.
    assert np.abs((P * out["table"]).sum(axis=1)).max() <= 1e-12 * np.abs(closed).max()


def test_pinv_solution_is_orthogonal_to_intercept_shift():
    K, d = 4, 3
    pb = make_problem(K, 80, 30, 20, d, seed=5)
    rng = np.random.default_rng(0)
    coef, intercept = _random_theta(K, d, True, rng)
    out = ref.evaluate(coef, intercept, K, True, 1.0, pb.X_train, pb.X_val, pb.y_val, pb.X_pool)
    v = ref.null_direction(K, d + 1, True)
    assert np.linalg.norm(out["H"] @ v) <= 1e-12 * np.abs(out["H"]).max()
    assert abs(v @ out["g_val"]) <= 1e-12 * np.linalg.norm(out["g_val"])
    assert abs(v @ out["s"]) <= 1e-10 * np.linalg.norm(out["s"])
    # The completion route of maths §3 gives the same s.
    s_completed = np.linalg.solve(out["H"] + np.outer(v, v), out["g_val"])
    np.testing.assert_allclose(s_completed, out["s"], rtol=1e-9, atol=1e-12 * np.abs(out["s"]).max())


@pytest.mark.parametrize("K", [2, 3])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_objective_is_sklearn_objective_over_C(K, fit_intercept):
    lm = pytest.importorskip("sklearn.linear_model")
    pb = make_problem(K, 120, 10, 10, 4, seed=9)
    C = 0.5
    sk = lm.LogisticRegression(C=C, fit_intercept=fit_intercept, tol=1e-12, max_iter=10000)
    sk.fit(pb.X_train, pb.y_train)
    grad = ref.objective_gradient(sk.coef_, sk.intercept_, K, fit_intercept, C, pb.X_train, pb.y_train)
    # Stationary for our objective at sklearn's optimum: same minimiser.
    assert np.abs(grad).max() <= 1e-5
