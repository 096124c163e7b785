"""Salutary labeling as a scikit-activeml query strategy (``pip install "salutary-native[skactiveml]"``).

:class:`SalutaryLabeling` is a ``SingleAnnotatorPoolQueryStrategy``: ``query`` returns the
selected rows of ``X`` (or of ``candidates``) like any scikit-activeml strategy, and the
strategy keeps their salutary labels in ``labels_``; there is no annotator to ask.

The model. Influence is computed for the L2 logistic model trained on the labeled rows of
``(X, y)``, so the strategy needs that fitted model itself, not the wrapper's predictions:

* ``fit_clf=True`` (the default, as in scikit-activeml's own strategies): ``clf`` is cloned and
  fitted on ``(X, y)`` (the wrapper fits on the labeled rows only), then unwrapped;
* ``fit_clf=False``: ``clf`` is used as it is, unwrapped; it must have been fitted on the
  labeled rows of this ``(X, y)`` (and ``sample_weight``), since their curvature is the Hessian.

Unwrapping means ``clf.estimator_`` for a scikit-activeml classifier (``SklearnClassifier``
around ``sklearn.linear_model.LogisticRegression`` or ``salutary_native.LogisticRegression``);
a bare fitted ``LogisticRegression`` is accepted too. The unwrapped estimator has seen only the
classes present among the labeled rows, so the salutary labels are drawn from those and
``y_val`` must use them.
"""

from __future__ import annotations

import numpy as np
from skactiveml.base import SingleAnnotatorPoolQueryStrategy, SkactivemlClassifier
from skactiveml.utils import MISSING_LABEL, check_equal_missing_label, is_labeled
from sklearn.base import clone
from sklearn.utils.validation import check_is_fitted

from ..scorer import fit_scorer
from ._common import seed_from

__all__ = ["SalutaryLabeling"]


class SalutaryLabeling(SingleAnnotatorPoolQueryStrategy):
    """Salutary labeling (influence-based, annotator-free) as a scikit-activeml query strategy.

    Parameters
    ----------
    X_val : array-like of shape (n_val, n_features)
        Validation rows whose loss the selected labels should lower.
    y_val : array-like of shape (n_val,)
        Their labels, values from the model's classes.
    hessian_on : {"train", "pool", "train+pool"}, default="train"
        The rows whose curvature forms the Hessian ("pool" means the candidates).
    damping : float, default=0.0
        Added to the Hessian's diagonal.
    solver, device : str, default="auto"
        As for :class:`salutary_native.InfluenceScorer`.
    missing_label : scalar, str, np.nan or None, default=np.nan
        The value of unlabeled rows in ``y``.
    random_state : None, int or RandomState, default=None
        Seeds the tie-break between equal scores: an int is used as the seed of
        :func:`salutary_native.salutary_query` (the same every round), None means seed 0,
        a RandomState gives one draw per query.

    Attributes
    ----------
    labels_ : ndarray of shape (batch_size,)
        Salutary labels of the rows the last ``query`` returned, in the same order.
    scores_ : ndarray of shape (batch_size,)
        Their salutary scores ``max_c I(x, c)``.
    utilities_ : ndarray of shape (n_samples,) or (n_candidates,)
        The salutary score of every candidate in the last query; NaN for rows that were not
        candidates (labeled rows).
    query_ : salutary_native.SalutaryQuery
        The last query in candidate positions (``indices`` index the candidates), with its table.
    model_ : estimator
        The fitted logistic model the last query used.
    """

    def __init__(self, X_val, y_val, *, hessian_on="train", damping=0.0, solver="auto", device="auto",
                 missing_label=MISSING_LABEL, random_state=None):
        super().__init__(missing_label=missing_label, random_state=random_state)
        self.X_val = X_val
        self.y_val = y_val
        self.hessian_on = hessian_on
        self.damping = damping
        self.solver = solver
        self.device = device

    def query(self, X, y, clf, fit_clf=True, sample_weight=None, candidates=None, batch_size=1,
              return_utilities=False):
        """The rows to label, best first; their salutary labels are then in ``labels_``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Labeled and unlabeled rows.
        y : array-like of shape (n_samples,)
            Their labels, ``missing_label`` for unlabeled rows.
        clf : skactiveml.base.SkactivemlClassifier or LogisticRegression
            A ``SklearnClassifier`` around an L2 ``LogisticRegression`` (or a bare one); see the
            module docstring for ``fit_clf``.
        fit_clf : bool, default=True
            Fit a clone of ``clf`` on ``(X, y)`` first.
        sample_weight : array-like of shape (n_samples,), optional
            Weights of the rows (only the labeled rows' are used).
        candidates : None, array-like of int, or array-like of shape (n_candidates, n_features)
            As in scikit-activeml: None means the unlabeled rows of ``X``.
        batch_size : int, default=1
        return_utilities : bool, default=False

        Returns
        -------
        query_indices : ndarray of shape (batch_size,)
            Rows of ``X`` (or of ``candidates`` when they are samples), best first.
        utilities : ndarray of shape (batch_size, n_samples) or (batch_size, n_candidates)
            Only with ``return_utilities``: row i holds the salutary scores used to pick the
            i-th row, NaN for non-candidates and for the rows picked before it.
        """
        X, y, candidates, batch_size, return_utilities = self._validate_data(
            X, y, candidates, batch_size, return_utilities, reset=True)
        X_cand, mapping = self._transform_candidates(candidates, X, y)
        labeled = is_labeled(y, missing_label=self.missing_label_)
        if not np.any(labeled):
            raise ValueError("salutary labeling needs a model fitted on labeled rows; y has none")
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        model = self._model(clf, fit_clf, X, y, labeled, weights)
        scorer = fit_scorer(model, X[labeled], self.X_val, self.y_val, X_cand,
                            sample_weight=None if weights is None else weights[labeled],
                            hessian_on=self.hessian_on, damping=self.damping, solver=self.solver,
                            device=self.device)
        fixed = self.random_state is None or isinstance(self.random_state, (int, np.integer))
        seed = seed_from(self.random_state if fixed else self.random_state_)
        result = scorer.query(X_cand, batch_size, seed=seed, keep_table=True)
        scores = result.table.max(axis=1)
        if mapping is None:
            utilities, indices = scores, result.indices
        else:
            utilities = np.full(len(X), np.nan)
            utilities[mapping] = scores
            indices = np.asarray(mapping)[result.indices]
        self.query_ = result
        self.model_ = model
        self.labels_ = result.labels
        self.scores_ = result.scores
        self.utilities_ = utilities
        if not return_utilities:
            return indices
        batch = np.repeat(utilities[np.newaxis], batch_size, axis=0)
        for i in range(1, batch_size):
            batch[i:, indices[i - 1]] = np.nan
        return indices, batch

    def _model(self, clf, fit_clf, X, y, labeled, weights):
        """The fitted logistic model to score with: ``clf`` (refitted if asked), unwrapped."""
        if isinstance(clf, SkactivemlClassifier):
            check_equal_missing_label(clf.missing_label, self.missing_label_)
            if fit_clf:
                clf = clone(clf).fit(X, y) if weights is None else clone(clf).fit(X, y, weights)
            else:
                check_is_fitted(clf)
            if getattr(clf, "is_fitted_", True) is False or not hasattr(clf, "estimator_"):
                raise ValueError(f"{type(clf).__name__} could not fit its estimator on the labeled rows "
                                 "(for example, they hold a single class): no model to compute influence for")
            return clf.estimator_
        if not hasattr(clf, "fit"):
            raise TypeError("clf must be a scikit-activeml classifier or a LogisticRegression, "
                            f"got {type(clf).__name__}")
        if fit_clf:
            fit_kwargs = {} if weights is None else {"sample_weight": weights[labeled]}
            clf = clone(clf).fit(X[labeled], y[labeled], **fit_kwargs)
        return clf
