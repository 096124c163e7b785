"""A scikit-learn compatible L2 logistic regression fitted by the native trainer (maths §2, §5)."""

from __future__ import annotations

import warnings

import numpy as np

from . import _core
from ._estimator_base import BaseEstimator, ClassifierMixin, check_fitted, labels_1d, validate_X
from .fitted_model import fitted_model
from .inputs import as_rows, as_weights, integer_in, label_indices, real_at_least

try:
    from sklearn.exceptions import ConvergenceWarning
except ImportError:  # pragma: no cover
    class ConvergenceWarning(UserWarning):
        """Warned when a solver stops at ``max_iter`` before reaching ``tol`` (scikit-learn's, when installed).

        Examples
        --------
        >>> import warnings
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     _ = LogisticRegression(max_iter=1, tol=0.0).fit(X, [0, 0, 1, 1])
        >>> caught[0].category.__name__
        'ConvergenceWarning'
        """

SOLVERS = ("auto", "newton", "lbfgs", "newton_cg")
CURVATURE_PRECISIONS = ("auto", "float64")


class LogisticRegression(ClassifierMixin, BaseEstimator):
    """L2 logistic regression minimising Σ wᵢ·CE(xᵢ, yᵢ) + ‖W‖²/(2C), intercepts unpenalised.

    The optimum is scikit-learn's ``LogisticRegression(C=C)`` (multinomial for 3+ classes),
    computed by the native trainer (maths §2, §5).

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation strength, > 0; ``float("inf")`` fits without a penalty.
    fit_intercept : bool, default=True
        Whether to fit one (unpenalised) intercept per coefficient row.
    tol : float, default=1e-8
        Bound on max|∇L| / Σw at the returned point, >= 0.
    max_iter : int, default=1000
        Iteration bound of each solver phase, >= 1.
    solver : {"auto", "newton", "lbfgs", "newton_cg"}, default="auto"
        ``"auto"`` uses Newton with a Cholesky factor for small models (up to 128 parameters),
        and Newton-CG beyond that for three or more classes and from 1,000 parameters for two.
        For two classes in between it runs L-BFGS (preconditioned by the Hessian's diagonal) for
        as long as that costs less than a Newton solve, and lets Newton finish an
        ill-conditioned run while the dense Hessian is affordable. ``"newton_cg"`` is
        truncated Newton: each step solves the Newton system by conjugate gradients on
        Hessian-vector products, never forming the p × p Hessian, only as accurately as the
        current gradient warrants, preconditioned by one Cholesky factor of the rows' Gram
        matrix shared by every class (or by the Hessian's diagonal when the features are too
        many to factor). When the penalty bounds the Hessian's condition well enough
        (``C`` small for the rows' scale), those products run in float32, about twice as
        fast; the gradient and the stopping test stay float64, so the fit reaches the same
        optimum and ``tol``. A warm-started refit near the optimum takes a few Newton steps.
    warm_start : bool, default=False
        Start from the previous fit's coefficients when the shapes agree (active-learning
        rounds).
    curvature_precision : {"auto", "float64"}, default="auto"
        ``"auto"`` lets Newton-CG take its Hessian-vector products in float32 when the penalty
        bounds the Hessian's condition well enough (see ``solver``); ``"float64"`` keeps every
        product in float64. Both reach the same optimum and ``tol``; only the last bits of the
        coefficients differ.

    Attributes
    ----------
    classes_ : ndarray of shape (K,)
        The sorted class labels seen by ``fit``.
    coef_ : ndarray of shape (m, n_features)
        Coefficients; m = 1 for two classes, else K.
    intercept_ : ndarray of shape (m,)
        Intercepts (zeros when ``fit_intercept`` is False).
    n_features_in_ : int
        Number of features seen by ``fit``.
    n_iter_ : ndarray of shape (1,)
        Iterations the solver took.
    solver_ : str
        The solver that produced the returned point.
    objective_ : float
        The objective at the returned point.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import LogisticRegression
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> y = np.array([0, 0, 1, 1])
    >>> model = LogisticRegression(C=1.0).fit(X, y)
    >>> model.predict(X).tolist()
    [0, 0, 1, 1]
    >>> model.predict_proba([[1.5]]).round(3).tolist()
    [[0.5, 0.5]]
    """

    #: Read by ``fitted_model``: this estimator minimises the objective of maths §2 exactly.
    _minimises_documented_objective = True

    def __init__(self, C=1.0, fit_intercept=True, tol=1e-8, max_iter=1000, solver="auto",
                 warm_start=False, curvature_precision="auto"):
        self.C = C
        self.fit_intercept = fit_intercept
        self.tol = tol
        self.max_iter = max_iter
        self.solver = solver
        self.warm_start = warm_start
        self.curvature_precision = curvature_precision

    def fit(self, X, y, sample_weight=None):
        """Fit the model to (X, y), optionally weighted per row.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Finite real features: float32 is kept without a copy, anything else (integers,
            booleans, objects holding numbers) becomes float64.
        y : array-like of shape (n_samples,)
            Class labels of any sortable type; at least two distinct classes. A column vector
            (n_samples, 1) is raveled with a ``DataConversionWarning``.
        sample_weight : array-like of shape (n_samples,), optional
            Finite, non-negative row weights with a positive sum; None weighs every row 1.

        Returns
        -------
        LogisticRegression
            The fitted estimator itself.

        Raises
        ------
        ValueError
            If a hyperparameter is out of range, the shapes disagree, X is not finite or complex,
            or y is None, continuous (a regression target) or holds fewer than two classes.
        TypeError
            If X, y, sample_weight or a hyperparameter has the wrong type.

        Warns
        -----
        ConvergenceWarning
            If the solver stops at ``max_iter`` before reaching ``tol``.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> model = LogisticRegression().fit(X, ["no", "no", "yes", "yes"])
        >>> model.classes_.tolist(), model.coef_.shape
        (['no', 'yes'], (1, 1))
        """
        C = real_at_least(self.C, "C", 0.0, strict=True, allow_inf=True)
        tol = real_at_least(self.tol, "tol", 0.0)
        max_iter = integer_in(self.max_iter, "max_iter", 1)
        if self.solver not in SOLVERS:
            raise ValueError(f"solver must be one of {SOLVERS}, got {self.solver!r}")
        if not isinstance(self.curvature_precision, str) or self.curvature_precision not in CURVATURE_PRECISIONS:
            raise ValueError(f"curvature_precision must be one of {CURVATURE_PRECISIONS}, "
                             f"got {self.curvature_precision!r}")
        X = as_rows(validate_X(self, X, reset=True), "X", keep_float32=True)
        y = labels_1d(self, y, X.shape[0])
        classes, y_idx = np.unique(y, return_inverse=True)
        if len(classes) < 2:
            raise ValueError(f"y needs at least two classes, got {len(classes)} class")
        w = as_weights(sample_weight, X.shape[0])
        fit_intercept = bool(self.fit_intercept)
        start = self._warm_start_coef(len(classes), X.shape[1], fit_intercept)
        result = _core.fit_logistic(X, np.ascontiguousarray(y_idx, dtype=np.int64), w, len(classes), C,
                                    fit_intercept, tol, max_iter, self.solver, start,
                                    curvature_precision=self.curvature_precision)
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

    def __sklearn_is_fitted__(self):
        """True once ``fit`` has run (or coefficients and classes were set by hand)."""
        return hasattr(self, "coef_") and hasattr(self, "classes_")

    def _fitted(self):
        check_fitted(self)
        return fitted_model(self)

    def _rows(self, X, fm, keep_float32=True):
        """X checked against the fitted model (scikit-learn's ``validate_data`` when installed)."""
        return as_rows(validate_X(self, X, reset=False), "X", n_features=fm.n_features, keep_float32=keep_float32)

    def predict_proba(self, X):
        """Class probabilities of each row of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Finite features with as many columns as the training data.

        Returns
        -------
        ndarray of shape (n_samples, K)
            Probabilities in the order of ``classes_``; each row sums to 1.

        Raises
        ------
        ValueError
            If the model is not fitted (``NotFittedError``), or X has the wrong number of features
            or is not finite.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> model = LogisticRegression().fit(X, [0, 0, 1, 1])
        >>> model.predict_proba(X).round(3).tolist()
        [[0.808, 0.192], [0.618, 0.382], [0.382, 0.618], [0.192, 0.808]]
        """
        fm = self._fitted()
        X = self._rows(X, fm)
        return _core.predict_proba(fm.native, X)

    def predict_log_proba(self, X):
        """Natural logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Finite features with as many columns as the training data.

        Returns
        -------
        ndarray of shape (n_samples, K)
            Log-probabilities in the order of ``classes_``.

        Raises
        ------
        ValueError
            As :meth:`predict_proba`.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> model = LogisticRegression().fit(X, [0, 0, 1, 1])
        >>> bool(np.allclose(np.exp(model.predict_log_proba(X)), model.predict_proba(X)))
        True
        """
        return np.log(self.predict_proba(X))

    def decision_function(self, X):
        """Linear scores X·coef_ᵀ + intercept_.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Finite features with as many columns as the training data.

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, K)
            For two classes, the score of ``classes_[1]`` (positive means it is predicted);
            otherwise one score per class.

        Raises
        ------
        ValueError
            If the model is not fitted (``NotFittedError``), or X has the wrong number of features
            or is not finite.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> model = LogisticRegression().fit(X, [0, 0, 1, 1])
        >>> (model.decision_function(X) > 0).tolist()
        [False, False, True, True]
        """
        fm = self._fitted()
        X = self._rows(X, fm, keep_float32=False)
        scores = X @ self.coef_.T + self.intercept_
        return scores.ravel() if fm.n_classes == 2 else scores

    def predict(self, X):
        """The most probable class of each row of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Finite features with as many columns as the training data.

        Returns
        -------
        ndarray of shape (n_samples,)
            Labels from ``classes_``.

        Raises
        ------
        ValueError
            As :meth:`predict_proba`.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> X = np.array([[0.0], [0.5], [2.0], [2.5], [4.0], [4.5]])
        >>> model = LogisticRegression().fit(X, ["a", "a", "b", "b", "c", "c"])
        >>> model.predict(X).tolist()
        ['a', 'a', 'b', 'b', 'c', 'c']
        """
        proba = self.predict_proba(X)  # checks the fit before classes_ is read
        return self.classes_[np.argmax(proba, axis=1)]

    def objective(self, X, y, sample_weight=None):
        """The maths §2 objective of the fitted coefficients on (X, y).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Finite features with as many columns as the training data.
        y : array-like of shape (n_samples,)
            Labels from ``classes_``.
        sample_weight : array-like of shape (n_samples,), optional
            Row weights, as in :meth:`fit`.

        Returns
        -------
        float
            Σ wᵢ·CE(xᵢ, yᵢ) + ‖W‖²/(2C) at the fitted coefficients.

        Raises
        ------
        ValueError
            If the model is not fitted, the shapes disagree, or y holds an unknown label.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> y = np.array([0, 0, 1, 1])
        >>> model = LogisticRegression().fit(X, y)
        >>> bool(np.isclose(model.objective(X, y), model.objective_))
        True
        """
        fm = self._fitted()
        X = self._rows(X, fm)
        y_idx = label_indices(y, fm.classes, "y", X.shape[0])
        w = as_weights(sample_weight, X.shape[0])
        return _core.objective(fm.native, X, y_idx, w)
