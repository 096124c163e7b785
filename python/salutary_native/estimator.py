"""A scikit-learn compatible L2 logistic regression fitted by the native trainer (maths §2, §5)."""

from __future__ import annotations

import warnings

import numpy as np

from . import _core
from ._estimator_base import BaseEstimator, ClassifierMixin
from .fitted_model import fitted_model
from .inputs import as_rows, as_weights, integer_in, label_indices, real_at_least

try:
    from sklearn.exceptions import ConvergenceWarning
except ImportError:  # pragma: no cover
    class ConvergenceWarning(UserWarning):
        pass

SOLVERS = ("auto", "newton", "lbfgs")


class LogisticRegression(ClassifierMixin, BaseEstimator):
    """L2 logistic regression minimising Σ wᵢ·CE(xᵢ, yᵢ) + ‖W‖²/(2C), intercepts unpenalised.

    The optimum is scikit-learn's ``LogisticRegression(C=C)`` (multinomial for 3+ classes).
    ``solver="auto"`` uses Newton with a Cholesky factor for small models; for wide ones it
    runs L-BFGS (preconditioned by the Hessian's diagonal) for as long as that costs less than
    a Newton solve, and lets Newton finish an ill-conditioned run while the dense Hessian is
    affordable. ``tol`` bounds max|∇L| / Σw at the returned point; ``max_iter`` bounds each
    solver phase. ``warm_start`` starts from the previous fit's coefficients when the shapes
    agree (active-learning rounds).
    """

    def __init__(self, C=1.0, fit_intercept=True, tol=1e-8, max_iter=1000, solver="auto",
                 warm_start=False):
        self.C = C
        self.fit_intercept = fit_intercept
        self.tol = tol
        self.max_iter = max_iter
        self.solver = solver
        self.warm_start = warm_start

    def fit(self, X, y, sample_weight=None):
        C = real_at_least(self.C, "C", 0.0, strict=True, allow_inf=True)
        tol = real_at_least(self.tol, "tol", 0.0)
        max_iter = integer_in(self.max_iter, "max_iter", 1)
        if self.solver not in SOLVERS:
            raise ValueError(f"solver must be one of {SOLVERS}, got {self.solver!r}")
        X = as_rows(X, "X", keep_float32=True)
        y = np.asarray(y)
        if y.ndim != 1 or y.shape[0] != X.shape[0]:
            raise ValueError(f"y must be 1-D with one label per row of X ({X.shape[0]}), got shape {y.shape}")
        classes, y_idx = np.unique(y, return_inverse=True)
        if len(classes) < 2:
            raise ValueError(f"y needs at least two classes, got {len(classes)}")
        w = as_weights(sample_weight, X.shape[0])
        fit_intercept = bool(self.fit_intercept)
        start = self._warm_start_coef(len(classes), X.shape[1], fit_intercept)
        result = _core.fit_logistic(X, np.ascontiguousarray(y_idx, dtype=np.int64), w, len(classes), C,
                                    fit_intercept, tol, max_iter, self.solver, start)
        coef = result["coef"]
        self.classes_ = classes
        self.n_features_in_ = X.shape[1]
        self.coef_ = coef[:, : X.shape[1]].copy()
        self.intercept_ = coef[:, -1].copy() if fit_intercept else np.zeros(coef.shape[0])
        self.n_iter_ = np.array([result["n_iter"]], dtype=np.int32)
        self.solver_ = result["solver"]
        self.objective_ = result["objective"]
        if not result["converged"]:
            warnings.warn(f"the {self.solver_} solver did not reach tol={tol} in {max_iter} iterations; "
                          "raise max_iter", ConvergenceWarning, stacklevel=2)
        return self

    def _warm_start_coef(self, n_classes, n_features, fit_intercept):
        if not self.warm_start or not hasattr(self, "coef_"):
            return None
        m = 1 if n_classes == 2 else n_classes
        if self.coef_.shape != (m, n_features) or len(self.classes_) != n_classes:
            return None
        coef = self.coef_
        if fit_intercept:
            coef = np.hstack([coef, self.intercept_.reshape(m, 1)])
        return np.ascontiguousarray(coef, dtype=np.float64)

    def _fitted(self):
        return fitted_model(self)

    def predict_proba(self, X):
        fm = self._fitted()
        X = as_rows(X, "X", n_features=fm.n_features, keep_float32=True)
        return _core.predict_proba(fm.coef, fm.n_classes, fm.fit_intercept, X)

    def predict_log_proba(self, X):
        return np.log(self.predict_proba(X))

    def decision_function(self, X):
        fm = self._fitted()
        X = as_rows(X, "X", n_features=fm.n_features)
        scores = X @ self.coef_.T + self.intercept_
        return scores.ravel() if fm.n_classes == 2 else scores

    def predict(self, X):
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def objective(self, X, y, sample_weight=None):
        """The maths §2 objective of the fitted coefficients on (X, y)."""
        fm = self._fitted()
        X = as_rows(X, "X", n_features=fm.n_features, keep_float32=True)
        y_idx = label_indices(y, fm.classes, "y", X.shape[0])
        w = as_weights(sample_weight, X.shape[0])
        return _core.objective(fm.coef, fm.n_classes, fm.fit_intercept, fm.C, X, y_idx, w)
