"""The Newton-CG trainer (truncated Newton on Hessian-vector products) for wide models.

Every fit is checked against the float64 numpy reference in reference.py: the gradient of
the maths §2 objective at the returned point, and the objective against the Cholesky
Newton's optimum on the same problem.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import reference as ref
import salutary_native as sn
from conftest import make_problem
from salutary_native import _core


def _scaled_gradient(model, K, fit_intercept, C, X, y, w=None):
    grad = ref.objective_gradient(model.coef_, model.intercept_, K, fit_intercept, C, X, y, w)
    return np.abs(grad).max() / (len(y) if w is None else w.sum())


def _reference_objective(model, K, fit_intercept, C, X, y, w=None):
    return ref.objective(model.coef_, model.intercept_, K, fit_intercept, C, X, y, w)


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("fit_intercept", [True, False], ids=["icpt", "noicpt"])
@pytest.mark.parametrize("K", [2, 3, 10])
def test_newton_cg_reaches_the_optimum(K, fit_intercept, weighted, record):
    """Same optimum as the Cholesky Newton, to the reference objective's rounding."""
    exceptions = pytest.importorskip("sklearn.exceptions")
    pb = make_problem(K, 600, 5, 5, 40, seed=70 + K, sep=0.4)
    w = np.random.default_rng(K).uniform(0.2, 3.0, size=600) if weighted else None
    C = 0.3
    with warnings.catch_warnings():
        warnings.simplefilter("error", exceptions.ConvergenceWarning)
        cg = sn.LogisticRegression(C=C, fit_intercept=fit_intercept, tol=1e-10, solver="newton_cg")
        cg.fit(pb.X_train, pb.y_train, sample_weight=w)
    assert cg.solver_ == "newton_cg"
    exact = sn.LogisticRegression(C=C, fit_intercept=fit_intercept, tol=1e-10, solver="newton")
    exact.fit(pb.X_train, pb.y_train, sample_weight=w)
    scaled = _scaled_gradient(cg, K, fit_intercept, C, pb.X_train, pb.y_train, w)
    L_cg = _reference_objective(cg, K, fit_intercept, C, pb.X_train, pb.y_train, w)
    L_exact = _reference_objective(exact, K, fit_intercept, C, pb.X_train, pb.y_train, w)
    record("newton_cg max|grad|/sum(w) at tol=1e-10", scaled, f"K={K} icpt={fit_intercept} weighted={weighted}")
    record("newton_cg objective rel diff vs Cholesky Newton", abs(L_cg - L_exact) / L_exact, f"K={K}")
    assert scaled <= 1e-10
    assert abs(L_cg - L_exact) <= 1e-12 * L_exact
    np.testing.assert_allclose(cg.coef_, exact.coef_, rtol=0, atol=1e-7)


def test_both_preconditioners_reach_the_optimum():
    """A wide binary model whose shared Gram would cost more than ~50 products runs CG with
    the Jacobi preconditioner; a narrow one uses the shared-Gram factor. Both converge."""
    for n, d in ((300, 2000), (2000, 60)):
        pb = make_problem(2, n, 5, 5, d, seed=n, sep=0.2)
        model = sn.LogisticRegression(C=0.05, tol=1e-9, solver="newton_cg").fit(pb.X_train, pb.y_train)
        assert _scaled_gradient(model, 2, True, 0.05, pb.X_train, pb.y_train) <= 1e-9


def test_auto_picks_newton_cg_for_wide_models():
    pb = make_problem(10, 800, 5, 5, 120, seed=3, sep=0.3)  # p = 10 · 121 = 1210
    model = sn.LogisticRegression(C=0.1).fit(pb.X_train, pb.y_train)
    assert model.solver_ == "newton_cg"
    narrow = sn.LogisticRegression(C=0.1).fit(pb.X_train[:, :8], pb.y_train)  # p = 90
    assert narrow.solver_ == "newton"


def test_float32_rows_reach_the_float64_optimum():
    pb = make_problem(4, 500, 5, 5, 60, seed=9, sep=0.3)
    X32 = pb.X_train.astype(np.float32)
    model = sn.LogisticRegression(C=0.2, tol=1e-9, solver="newton_cg").fit(X32, pb.y_train)
    # The reference evaluates the same float32 values in float64.
    assert _scaled_gradient(model, 4, True, 0.2, X32.astype(np.float64), pb.y_train) <= 1e-9


def test_warm_start_refit_takes_few_newton_steps():
    """An active-learning round adds rows to a fitted set: the refit starts at the previous
    optimum and needs a few Newton steps, not the cold start's."""
    pb = make_problem(10, 1200, 5, 5, 100, seed=12, sep=0.3)
    C = 0.1
    cold = sn.LogisticRegression(C=C, tol=1e-8, solver="newton_cg").fit(pb.X_train, pb.y_train)
    warm = sn.LogisticRegression(C=C, tol=1e-8, solver="newton_cg", warm_start=True)
    warm.fit(pb.X_train[:1000], pb.y_train[:1000])
    warm.fit(pb.X_train, pb.y_train)
    n_cold, n_warm = int(cold.n_iter_[0]), int(warm.n_iter_[0])
    assert n_warm <= 4 < n_cold, (n_warm, n_cold)
    assert _scaled_gradient(warm, 10, True, C, pb.X_train, pb.y_train) <= 1e-8


def test_unpenalised_separable_fit_ends():
    """C = inf on separable rows has no optimum: the fit must stop (damping, stall), not hang."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 30))
    y = (X[:, 0] > 0).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = sn.LogisticRegression(C=float("inf"), solver="newton_cg", max_iter=50).fit(X, y)
    assert np.all(np.isfinite(model.coef_))
    assert model.n_iter_[0] <= 50


def test_same_bits_for_any_thread_count():
    pb = make_problem(5, 1500, 5, 5, 80, seed=4, sep=0.3)
    before = sn.get_num_threads()
    try:
        fits = []
        for threads in (1, 2):
            sn.set_num_threads(threads)
            fits.append(_core.fit_logistic(pb.X_train, pb.y_train.astype(np.int64), None, 5, 0.1, True, 1e-9, 100,
                                           "newton_cg"))
    finally:
        sn.set_num_threads(before)
    assert fits[0]["hessian_products"] == fits[1]["hessian_products"] > 0
    np.testing.assert_array_equal(fits[0]["coef"], fits[1]["coef"])


def test_bad_solver_name_is_refused():
    pb = make_problem(2, 50, 5, 5, 3, seed=1)
    with pytest.raises(ValueError, match="solver"):
        sn.LogisticRegression(solver="newton-cg").fit(pb.X_train, pb.y_train)
