"""scikit-learn's estimator base classes, or a minimal stand-in when it is not installed.

scikit-learn is an optional extra; without it the estimator still offers get_params,
set_params and score with the same semantics.
"""

from __future__ import annotations

import inspect

import numpy as np

try:
    from sklearn.base import BaseEstimator, ClassifierMixin
except ImportError:  # pragma: no cover - exercised only without scikit-learn

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


__all__ = ["BaseEstimator", "ClassifierMixin"]
