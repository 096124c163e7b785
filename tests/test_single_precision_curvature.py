"""The trainer's float32 Hessian-vector products (Newton-CG, maths §5), against float64 numpy.

Newton-CG runs its inner conjugate-gradient solves on float32 products when the penalty bounds
the Hessian's condition well enough (u₃₂·½·Σ w‖x̃‖² ≤ penalty / 64). Its gradient, objective and
stopping test stay float64, so the fit must reach the float64 optimum. Checked here: the product
against the numpy Hessian of reference.py, the fits' gradients and objectives by the numpy
reference, the bound's choice, thread-count independence and warm starts.
"""

from __future__ import annotations

import numpy as np
import pytest

import reference as ref
import salutary_native as sn
from salutary_native import _core

U32 = np.finfo(np.float32).eps / 2


def _rows(n, d, seed, K):
    """Correlated, standardised features with labels from a planted softmax model."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) @ (np.eye(d) + 0.3 * rng.normal(size=(d, d)) / np.sqrt(d))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = np.argmax(X @ rng.normal(size=(d, K)) / np.sqrt(d) + rng.gumbel(size=(n, K)), axis=1)
    return np.ascontiguousarray(X), y.astype(np.int64)


def _fit(X, y, K, C, precision, w=None, fit_intercept=True, tol=1e-9, warm_start=None):
    return _core.fit_logistic(X, y, w, K, C, fit_intercept, tol, 200, "newton_cg", warm_start,
                              curvature_precision=precision)


def _split(coef, fit_intercept):
    return (coef[:, :-1], coef[:, -1]) if fit_intercept else (coef, np.zeros(coef.shape[0]))


def _scaled_gradient(fit, K, fit_intercept, C, X, y, w=None):
    coef, intercept = _split(fit["coef"], fit_intercept)
    grad = ref.objective_gradient(coef, intercept, K, fit_intercept, C, X.astype(np.float64), y, w)
    return np.abs(grad).max() / (len(y) if w is None else w.sum())


def _reference_objective(fit, K, fit_intercept, C, X, y, w=None):
    coef, intercept = _split(fit["coef"], fit_intercept)
    return ref.objective(coef, intercept, K, fit_intercept, C, X.astype(np.float64), y, w)


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("fit_intercept", [True, False], ids=["icpt", "noicpt"])
@pytest.mark.parametrize("K", [2, 3, 10])
def test_product_against_the_numpy_hessian(K, fit_intercept, weighted, record):
    """float64 products to rounding; float32 products within 4·√D·u₃₂ of ‖H‖‖x‖, and not equal
    to the float64 ones (so the float32 path ran)."""
    n, d = 700, 40
    X, y = _rows(n, d, seed=K, K=K)
    rng = np.random.default_rng(10 + K)
    w = rng.uniform(0.2, 3.0, size=n) if weighted else None
    m, D = ref.n_outputs(K), d + int(fit_intercept)
    theta = 0.3 * rng.normal(size=(m, D))
    coef, intercept = _split(theta, fit_intercept)
    C = 0.1
    model = _core.Model(theta, K, fit_intercept, C)
    H = ref.data_hessian(ref.theta_matrix(coef, intercept, fit_intercept), K, ref.augment(X, fit_intercept),
                         np.ones(n) if w is None else w)
    H += np.diag(ref.penalty_diagonal(m, D, fit_intercept, C))
    if K > 2 and fit_intercept:
        v = ref.null_direction(K, D, fit_intercept)
        H += np.outer(v, v)
    x = rng.normal(size=m * D)
    exact = H @ x
    scale = np.linalg.norm(H, 2) * np.linalg.norm(x)
    y64 = _core.hessian_product(model, X, w, x, "float64")
    y32 = _core.hessian_product(model, X, w, x, "float32")
    err64 = np.linalg.norm(y64 - exact) / scale
    err32 = np.linalg.norm(y32 - exact) / scale
    record("hessian_product float64 |Hx err| / (|H||x|)", err64, f"K={K} icpt={fit_intercept} w={weighted}")
    record("hessian_product float32 |Hx err| / (|H||x|)", err32, f"K={K} icpt={fit_intercept} w={weighted}")
    assert err64 <= 1e-14
    assert 1e-10 < err32 <= 4 * np.sqrt(D) * U32
    # float32 rows give the same products as their float64 values read in float32.
    np.testing.assert_array_equal(_core.hessian_product(model, X.astype(np.float32), w, x, "float32"),
                                  _core.hessian_product(model, X.astype(np.float32).astype(np.float64), w, x,
                                                        "float32"))


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("fit_intercept", [True, False], ids=["icpt", "noicpt"])
@pytest.mark.parametrize("K", [2, 3, 10])
def test_fit_reaches_the_float64_optimum(K, fit_intercept, weighted, record):
    n, d, C = 1500, 120, 0.05
    X, y = _rows(n, d, seed=20 + K, K=K)
    w = np.random.default_rng(K).uniform(0.2, 3.0, size=n) if weighted else None
    single = _fit(X, y, K, C, "auto", w, fit_intercept)
    exact = _fit(X, y, K, C, "float64", w, fit_intercept)
    assert single["single_precision_products"] == single["hessian_products"] > 0
    assert exact["single_precision_products"] == 0 < exact["hessian_products"]
    assert single["converged"] and exact["converged"]
    grad = _scaled_gradient(single, K, fit_intercept, C, X, y, w)
    L_single = _reference_objective(single, K, fit_intercept, C, X, y, w)
    L_exact = _reference_objective(exact, K, fit_intercept, C, X, y, w)
    record("newton_cg float32 products max|grad|/sum(w) at tol=1e-9", grad, f"K={K} icpt={fit_intercept}")
    record("newton_cg float32 products objective rel diff vs float64", abs(L_single - L_exact) / L_exact, f"K={K}")
    assert grad <= 1e-9
    assert abs(L_single - L_exact) <= 1e-12 * L_exact
    np.testing.assert_allclose(single["coef"], exact["coef"], rtol=0, atol=1e-6)


def test_the_bound_keeps_float64_products_for_weak_penalties():
    """u₃₂·½·Σ‖x̃‖² against penalty / 64: C = 0.05 passes on these rows, C = 1e4 and C = ∞ do not."""
    X, y = _rows(1500, 120, seed=3, K=10)
    norms = 0.5 * ((X ** 2).sum() + len(y))
    assert U32 * norms <= (1 / 0.05) / 64 and U32 * norms > (1 / 1e4) / 64
    assert _fit(X, y, 10, 0.05, "auto")["single_precision_products"] > 0
    assert _fit(X, y, 10, 1e4, "auto", tol=1e-8)["single_precision_products"] == 0
    assert _fit(X, y, 10, np.inf, "auto", tol=1e-8)["single_precision_products"] == 0


def test_float32_rows_are_read_in_place_and_reach_the_optimum():
    X, y = _rows(1500, 120, seed=5, K=4)
    X32 = X.astype(np.float32)
    fit = _fit(X32, y, 4, 0.05, "auto")
    assert fit["single_precision_products"] > 0
    # The reference evaluates the same float32 values in float64.
    assert _scaled_gradient(fit, 4, True, 0.05, X32, y) <= 1e-9


def test_same_bits_for_any_thread_count():
    X, y = _rows(3000, 90, seed=6, K=7)
    before = sn.get_num_threads()
    try:
        fits = []
        for threads in (1, 2):
            sn.set_num_threads(threads)
            fits.append(_fit(X, y, 7, 0.05, "auto"))
    finally:
        sn.set_num_threads(before)
    assert fits[0]["single_precision_products"] == fits[1]["single_precision_products"] > 0
    np.testing.assert_array_equal(fits[0]["coef"], fits[1]["coef"])


def test_warm_refit_takes_few_newton_steps():
    X, y = _rows(2200, 100, seed=7, K=10)
    cold = _fit(X, y, 10, 0.05, "auto", tol=1e-8)
    start = _fit(X[:2000], y[:2000], 10, 0.05, "auto", tol=1e-8)["coef"]
    warm = _fit(X, y, 10, 0.05, "auto", tol=1e-8, warm_start=start)
    assert warm["single_precision_products"] > 0
    assert warm["n_iter"] <= 4 < cold["n_iter"], (warm["n_iter"], cold["n_iter"])
    assert _scaled_gradient(warm, 10, True, 0.05, X, y) <= 1e-8


def test_the_estimator_default_runs_float32_products_and_matches_float64():
    X, y = _rows(1500, 120, seed=8, K=10)
    model = sn.LogisticRegression(C=0.05, tol=1e-9).fit(X, y)
    exact = _fit(X, y, 10, 0.05, "float64")
    assert model.solver_ == "newton_cg"
    np.testing.assert_allclose(np.hstack([model.coef_, model.intercept_[:, None]]), exact["coef"], rtol=0, atol=1e-6)


def test_the_estimator_can_keep_float64_products():
    X, y = _rows(1500, 120, seed=8, K=10)
    exact = _fit(X, y, 10, 0.05, "float64")
    model = sn.LogisticRegression(C=0.05, tol=1e-9, curvature_precision="float64").fit(X, y)
    # The same call as the native float64 fit: the same bits.
    np.testing.assert_array_equal(np.hstack([model.coef_, model.intercept_[:, None]]), exact["coef"])
    assert sn.LogisticRegression().get_params()["curvature_precision"] == "auto"
    for bad in ("float32", "", None, 64):
        with pytest.raises(ValueError, match="curvature_precision"):
            sn.LogisticRegression(curvature_precision=bad).fit(X[:50], y[:50])


def test_bad_precisions_and_vectors_are_refused():
    X, y = _rows(100, 5, seed=9, K=3)
    with pytest.raises(ValueError, match="curvature_precision"):
        _fit(X, y, 3, 0.1, "float16")
    model = _core.Model(np.zeros((3, 6)), 3, True, 0.1)
    with pytest.raises(ValueError, match="precision"):
        _core.hessian_product(model, X, None, np.zeros(18), "half")
    with pytest.raises(ValueError, match="x"):
        _core.hessian_product(model, X, None, np.zeros(17))
    with pytest.raises(ValueError, match="x"):
        _core.hessian_product(model, X, None, np.full(18, np.nan))
