"""scikit-learn's estimator base classes and input checks, or minimal stand-ins without it.

scikit-learn is an optional extra; without it the estimator still offers get_params,
set_params and score with the same semantics, and its inputs are checked by the same rules
(``validate_X``, ``labels_1d``, ``check_fitted``) with messages that name the argument.
"""

from __future__ import annotations

import inspect
import re
import warnings

import numpy as np

try:
    from sklearn.base import BaseEstimator, ClassifierMixin
    from sklearn.exceptions import DataConversionWarning, NotFittedError
    from sklearn.utils.multiclass import check_classification_targets
    from sklearn.utils.validation import check_is_fitted, column_or_1d
    HAVE_SKLEARN = True
    try:
        from sklearn.utils.validation import validate_data
    except ImportError:  # pragma: no cover - scikit-learn < 1.6 has the method, and force_all_finite

        def validate_data(estimator, X, *, ensure_all_finite=True, **check_params):
            return estimator._validate_data(X, force_all_finite=ensure_all_finite, **check_params)
except ImportError:  # pragma: no cover - exercised only without scikit-learn
    HAVE_SKLEARN = False
    validate_data = check_is_fitted = column_or_1d = check_classification_targets = None

    class NotFittedError(ValueError, AttributeError):  # type: ignore[no-redef]
        """Raised when a method that needs ``fit`` runs first (scikit-learn's, when installed).

        Examples
        --------
        >>> from salutary_native import LogisticRegression
        >>> try:
        ...     LogisticRegression().predict([[0.0]])
        ... except ValueError as exc:
        ...     type(exc).__name__
        'NotFittedError'
        """

    class DataConversionWarning(UserWarning):  # type: ignore[no-redef]
        """Warned when y arrives as a column vector (scikit-learn's, when installed)."""

    class BaseEstimator:  # type: ignore[no-redef]
        """Hyperparameters read from ``__init__``'s signature, as in scikit-learn's ``BaseEstimator``.

        Examples
        --------
        >>> from salutary_native import LogisticRegression
        >>> LogisticRegression(C=0.5).get_params()["C"]
        0.5
        """

        @classmethod
        def _get_param_names(cls):
            params = inspect.signature(cls.__init__).parameters.values()
            return sorted(p.name for p in params if p.name != "self" and p.kind != p.VAR_KEYWORD)

        def get_params(self, deep=True):
            """The estimator's hyperparameters by name.

            Parameters
            ----------
            deep : bool, default=True
                Accepted for scikit-learn compatibility; there are no nested estimators.

            Returns
            -------
            dict
                Every ``__init__`` argument name mapped to its current value.

            Examples
            --------
            >>> from salutary_native import LogisticRegression
            >>> sorted(LogisticRegression().get_params())
            ['C', 'fit_intercept', 'max_iter', 'solver', 'tol', 'warm_start']
            """
            return {name: getattr(self, name) for name in self._get_param_names()}

        def set_params(self, **params):
            """Set hyperparameters by name.

            Parameters
            ----------
            **params
                ``__init__`` argument names and their new values.

            Returns
            -------
            BaseEstimator
                The estimator itself.

            Raises
            ------
            ValueError
                If a name is not an ``__init__`` argument.

            Examples
            --------
            >>> from salutary_native import LogisticRegression
            >>> LogisticRegression().set_params(C=2.0).C
            2.0
            """
            valid = self._get_param_names()
            for key, value in params.items():
                if key not in valid:
                    raise ValueError(f"Invalid parameter {key!r} for estimator {type(self).__name__}")
                setattr(self, key, value)
            return self

        def __repr__(self):
            args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
            return f"{type(self).__name__}({args})"

    class ClassifierMixin:  # type: ignore[no-redef]
        """Adds ``score`` (mean accuracy), as scikit-learn's ``ClassifierMixin`` does.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> LogisticRegression().fit(X, [0, 0, 1, 1]).score(X, [0, 0, 1, 1])
        1.0
        """

        _estimator_type = "classifier"

        def score(self, X, y, sample_weight=None):
            """Mean accuracy of ``predict(X)`` against y.

            Parameters
            ----------
            X : array-like of shape (n_samples, n_features)
                Features.
            y : array-like of shape (n_samples,)
                True labels.
            sample_weight : array-like of shape (n_samples,), optional
                Row weights of the average.

            Returns
            -------
            float
                The (weighted) fraction of rows predicted correctly.

            Examples
            --------
            >>> import numpy as np
            >>> from salutary_native import LogisticRegression
            >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
            >>> LogisticRegression().fit(X, [0, 0, 1, 1]).score(X, [0, 0, 1, 0])
            0.75
            """
            return float(np.average(self.predict(X) == np.asarray(y), weights=sample_weight))


# Float dtypes kept as they are; any other real input becomes float64 (as ``inputs.as_rows``).
_FLOATS = (np.float64, np.float32)


def _naming(name: str, exc: Exception) -> Exception:
    """exc with its message prefixed by the argument name when it does not already say it."""
    message = str(exc)
    if type(exc) not in (ValueError, TypeError) or re.search(rf"\b{re.escape(name)}\b", message):
        return exc
    return type(exc)(f"{name}: {message}")


def validate_X(estimator, X, *, reset: bool) -> np.ndarray:
    """X as a 2-D, C-contiguous float64 (float32 kept) array, checked against ``n_features_in_``.

    ``reset=True`` (fit) records ``n_features_in_`` (and ``feature_names_in_`` for a data
    frame, with scikit-learn); ``reset=False`` checks them. NaN/Inf are left to
    ``inputs.as_rows``, which the caller runs next (one native pass). With scikit-learn this is
    its ``validate_data``; the messages name X either way.
    """
    if HAVE_SKLEARN:
        if _passes_validate_data_unchanged(estimator, X, reset):
            # What validate_data records for such an array; its ~40 µs of checks would return X as it is.
            if reset:
                estimator.n_features_in_ = X.shape[1]
                if hasattr(estimator, "feature_names_in_"):
                    del estimator.feature_names_in_
            return X
        if getattr(getattr(X, "dtype", None), "kind", None) == "c":
            raise ValueError(f"X must hold real numbers, got dtype {X.dtype}: Complex data not supported")
        try:
            return validate_data(estimator, X, reset=reset, dtype=_FLOATS, order="C", ensure_all_finite=False)
        except (ValueError, TypeError) as exc:
            raise _naming("X", exc) from None
    return _validate_X_without_sklearn(estimator, X, reset)  # pragma: no cover


def _passes_validate_data_unchanged(estimator, X, reset: bool) -> bool:
    """Whether scikit-learn's validate_data would return X itself, with no error or warning.

    True for a plain non-empty 2-D C-contiguous float64/float32 ndarray (no feature names, no
    conversion) that, outside fit, has the fitted feature count and meets an estimator fitted
    without feature names. Anything else takes the full check, and its messages.
    """
    if type(X) is not np.ndarray or X.ndim != 2 or X.dtype not in _FLOATS or not X.flags.c_contiguous or 0 in X.shape:
        return False
    return reset or (getattr(estimator, "n_features_in_", None) == X.shape[1]
                     and not hasattr(estimator, "feature_names_in_"))


def _validate_X_without_sklearn(estimator, X, reset):  # pragma: no cover - exercised only without scikit-learn
    if hasattr(X, "toarray") and not isinstance(X, np.ndarray):
        raise TypeError("X must be a dense array; sparse input is not supported (use X.toarray())")
    X = np.asarray(X)
    if X.dtype.kind == "c":
        raise ValueError(f"X must hold real numbers, got dtype {X.dtype}: Complex data not supported")
    if X.dtype.kind == "O":
        try:
            X = X.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise _naming("X", exc) from None
    if X.dtype.kind not in "fiub":
        raise TypeError(f"X must hold real numbers, got dtype {X.dtype}")
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (rows × features), got {X.ndim}-D. Reshape your data with "
                         "X.reshape(-1, 1) for a single feature or X.reshape(1, -1) for a single sample.")
    if X.shape[0] == 0:
        raise ValueError(f"X has 0 sample(s) (shape={X.shape}) while a minimum of 1 is required.")
    if X.shape[1] == 0:
        raise ValueError(f"X has 0 feature(s) (shape={X.shape}) while a minimum of 1 is required.")
    if reset:
        estimator.n_features_in_ = X.shape[1]
    elif hasattr(estimator, "n_features_in_") and X.shape[1] != estimator.n_features_in_:
        raise ValueError(f"X has {X.shape[1]} features, but {type(estimator).__name__} is expecting "
                         f"{estimator.n_features_in_} features as input.")
    return np.ascontiguousarray(X, dtype=np.float32 if X.dtype == np.float32 else np.float64)


def labels_1d(estimator, y, n_rows: int) -> np.ndarray:
    """y as a 1-D array of class labels, one per row of X.

    A column vector is accepted with a ``DataConversionWarning``; ``None``, other shapes and
    continuous (regression) targets are refused with a ValueError naming y.
    """
    if y is None:
        raise ValueError(f"{type(estimator).__name__} requires y to be passed, but the target y is None")
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        if HAVE_SKLEARN:
            y = column_or_1d(y, warn=True)
        else:  # pragma: no cover
            warnings.warn("A column-vector y was passed when a 1d array was expected; y is raveled",
                          DataConversionWarning, stacklevel=3)
            y = y.ravel()
    if y.ndim != 1 or y.shape[0] != n_rows:
        raise ValueError(f"y must be 1-D with one label per row of X ({n_rows}), got shape {y.shape}")
    if HAVE_SKLEARN:
        if _sklearn_may_object_to_labels(y):
            try:
                check_classification_targets(y)
            except ValueError as exc:
                raise ValueError(f"y must hold class labels: {exc}") from None
    elif y.dtype.kind == "f" and not np.all(np.isfinite(y) & (y == np.round(y))):  # pragma: no cover
        raise ValueError("y must hold class labels: Unknown label type: continuous. A classifier needs "
                         "discrete classes, not regression targets")
    return y


def _sklearn_may_object_to_labels(y: np.ndarray) -> bool:
    """Whether check_classification_targets (~100 µs a call) could raise or warn on this 1-D y.

    Integer, boolean and string labels are always classes; for them it can only warn that more
    than half of the labels are distinct.
    """
    if y.dtype.kind not in "biuUS":
        return True
    return y.shape[0] > 20 and np.unique(y).size > round(0.5 * y.shape[0])


def check_fitted(estimator) -> None:
    """Raises ``NotFittedError`` (a ValueError and AttributeError) unless the estimator is fitted."""
    if HAVE_SKLEARN:
        check_is_fitted(estimator)
    elif not estimator.__sklearn_is_fitted__():  # pragma: no cover
        raise NotFittedError(f"This {type(estimator).__name__} instance is not fitted yet. Call 'fit' with "
                             "appropriate arguments before using this estimator.")


__all__ = ["BaseEstimator", "ClassifierMixin", "DataConversionWarning", "HAVE_SKLEARN",
           "NotFittedError", "check_fitted", "labels_1d", "validate_X"]
