"""Salutary labeling as a modAL query strategy (``pip install "salutary-native[modal]"``).

A modAL query strategy is a callable ``f(classifier, X_pool, n_instances=1)`` returning
``(indices, X_pool[indices])``. :class:`SalutaryStrategy` is one; it keeps the salutary labels of
its last selection in ``last_labels_``, so with ``ActiveLearner(query_strategy=strategy)`` they are
``learner.query_strategy.last_labels_``, ready for ``learner.teach``. :func:`query_and_teach`
does both steps.

The model and its training rows are read from the learner: ``learner.estimator`` (a fitted L2
``LogisticRegression``, scikit-learn's or ``salutary_native``'s) and ``learner.X_training``
(the rows it was fitted on, whose curvature is the Hessian). Called with a bare estimator instead
of a learner, pass ``X_train=`` to the call.

The shim. modAL-python 0.4.2.1 (the newest release on PyPI, from 2022) calls
``sklearn.utils.check_X_y(..., force_all_finite=...)`` in ``ActiveLearner.fit``, ``teach`` and
``_add_training_data``. scikit-learn 1.6 renamed that argument ``ensure_all_finite`` and 1.8
removed the old name, so on scikit-learn >= 1.8 every ``teach`` raises ``TypeError: check_X_y()
got an unexpected keyword argument 'force_all_finite'``. Pinning scikit-learn < 1.8 is not an
option for this package (it is tested on the current scikit-learn), so importing this module
replaces ``modAL.models.learners.check_X_y``, and nothing else, with a wrapper that passes
``force_all_finite`` on as ``ensure_all_finite`` (same meaning). The wrapper is installed only
when scikit-learn's ``check_X_y`` lacks ``force_all_finite``; :func:`shim_modal` says whether it is.
"""

from __future__ import annotations

import functools
import inspect

import modAL.models.learners as _modal_learners
import numpy as np
from modAL.utils.data import retrieve_rows
from sklearn.utils import check_X_y as _sklearn_check_X_y

from ..scorer import fit_scorer
from ._common import seed_from

__all__ = ["SalutaryStrategy", "query_and_teach", "shim_modal"]


def shim_modal() -> bool:
    """Makes modAL's learners work on scikit-learn >= 1.8 (see the module docstring); idempotent.

    Returns
    -------
    bool
        True when modAL's ``check_X_y`` is (now) the shim, False when scikit-learn still takes
        ``force_all_finite`` and nothing was changed.
    """
    current = _modal_learners.check_X_y
    if getattr(current, "_salutary_shim", False):
        return True
    if "force_all_finite" in inspect.signature(_sklearn_check_X_y).parameters:
        return False

    @functools.wraps(current)
    def check_X_y(*args, force_all_finite=True, **kwargs):
        kwargs.setdefault("ensure_all_finite", force_all_finite)
        return current(*args, **kwargs)

    check_X_y._salutary_shim = True
    _modal_learners.check_X_y = check_X_y
    return True


MODAL_SHIMMED = shim_modal()


class SalutaryStrategy:
    """Salutary labeling (influence-based, annotator-free) as a modAL query strategy.

    Parameters
    ----------
    X_val : array-like of shape (n_val, n_features)
        Validation rows whose loss the selected labels should lower.
    y_val : array-like of shape (n_val,)
        Their labels, values from the model's ``classes_``.
    seed : int or RandomState or Generator, default=0
        Tie-break seed of :func:`salutary_native.salutary_query` (an int is used every call).
    hessian_on : {"train", "pool", "train+pool"}, default="train"
    damping : float, default=0.0
    solver, device : str, default="auto"
        As for :class:`salutary_native.InfluenceScorer`.

    Attributes
    ----------
    last_indices_ : ndarray of int64
        The pool rows of the last call, best first (what it returned).
    last_labels_ : ndarray
        Their salutary labels, in the same order.
    last_scores_ : ndarray of float64
        Their salutary scores.
    last_query_ : salutary_native.SalutaryQuery
        The whole last result.
    """

    def __init__(self, X_val, y_val, *, seed=0, hessian_on="train", damping=0.0, solver="auto", device="auto"):
        self.X_val = X_val
        self.y_val = y_val
        self.seed = seed
        self.hessian_on = hessian_on
        self.damping = damping
        self.solver = solver
        self.device = device

    def __call__(self, classifier, X_pool, n_instances=1, *, X_train=None, sample_weight=None, exclude=None):
        """Selects ``n_instances`` pool rows; returns ``(indices, X_pool[indices])`` as modAL expects.

        Parameters
        ----------
        classifier : modAL learner or LogisticRegression
            A learner with ``estimator`` and ``X_training`` (modAL's ``ActiveLearner``), or a fitted
            model, then with ``X_train``.
        X_pool : array-like of shape (n_pool, n_features)
        n_instances : int, default=1
        X_train : array-like, optional
            The model's training rows; default ``classifier.X_training``.
        sample_weight : array-like, optional
            Weights of the training rows.
        exclude : array-like of int, optional
            Pool rows to leave out.
        """
        model = getattr(classifier, "estimator", classifier)
        if X_train is None:
            X_train = getattr(classifier, "X_training", None)
            if X_train is None:
                raise ValueError("SalutaryStrategy needs the model's training rows: use a modAL learner "
                                 "fitted with X_training, or pass X_train=")
        pool = np.asarray(X_pool) if not hasattr(X_pool, "shape") else X_pool
        scorer = fit_scorer(model, X_train, self.X_val, self.y_val, pool, sample_weight=sample_weight,
                            hessian_on=self.hessian_on, damping=self.damping, solver=self.solver,
                            device=self.device)
        result = scorer.query(pool, n_instances, seed=seed_from(self.seed), exclude=exclude)
        self.last_query_ = result
        self.last_indices_ = result.indices
        self.last_labels_ = result.labels
        self.last_scores_ = result.scores
        return result.indices, retrieve_rows(X_pool, result.indices)


def query_and_teach(learner, X_pool, n_instances=1, **query_kwargs):
    """One salutary round: ``learner.query`` then ``learner.teach`` with the salutary labels.

    ``learner.query_strategy`` must be a :class:`SalutaryStrategy`.

    Returns
    -------
    indices : ndarray of int64
        The pool rows taken (remove them from the pool before the next round).
    labels : ndarray
        The salutary labels they were taught with.
    """
    strategy = getattr(learner, "query_strategy", None)
    if not isinstance(strategy, SalutaryStrategy):
        raise TypeError(f"learner.query_strategy must be a SalutaryStrategy, got {type(strategy).__name__}")
    indices, rows = learner.query(X_pool, n_instances=n_instances, **query_kwargs)
    labels = strategy.last_labels_
    learner.teach(rows, labels)
    return indices, labels
