"""Salutary labeling with a cross-fitted validation gradient (maths §3).

With a small validation set the direction ``s = H⁺ g_val`` is mostly noise. This strategy adds
to ``g_val`` the out-of-fold gradients of the initial (human-labeled) rows: split them into
stratified folds, fit the round's model type on every labeled row except one fold, and take
that fold's summed gradient at the model fitted without it,

    g = Σ_{j∈val} ∇CE(x_j, y_j; θ̂) + Σ_f Σ_{i∈f} ∇CE(x_i, y_i; θ̂_{−f}),

then ``s = H⁺ g`` and the influence table, salutary labels and selection of maths §3 as for
``salutary``. Rows added by earlier rounds carry the strategy's own labels: they stay in every
fold model's training set and are never held out.
"""

from __future__ import annotations

import logging
import numbers
from typing import Dict, List

import numpy as np

from ..folds import stratified_folds
from ..parameters import check_parameter, uses_pool
from ..scorer import InfluenceScorer, validation_gradient
from .base import PoolScores, RoundView, Selection, Strategy
from .influence_based import ranked_by_salutary_score, salutary_labels

_log = logging.getLogger("salutary_native")


def _unfitted_copy(model):
    """A new estimator with the model's parameters (its C among them), not fitted."""
    if not hasattr(model, "get_params"):
        raise TypeError(f"salutary_crossfit refits the round's model on folds and needs an estimator with "
                        f"get_params(); got {type(model).__name__}")
    try:
        from sklearn.base import clone
    except ImportError:
        return type(model)(**model.get_params())
    return clone(model)


class CrossFittedSalutary(Strategy):
    """Salutary labeling whose validation gradient adds out-of-fold gradients of the initial rows.

    Each round, the initial labeled rows (the first ``view.n_initial`` rows of the labeled set,
    all of them when it is None) are split into ``n_folds`` stratified folds, the same folds
    every round (scikit-learn's ``StratifiedKFold`` with ``shuffle=True`` and
    ``random_state=seed``). For each fold, a copy of the round's model (same parameters) is
    fitted on every labeled row except that fold, rows added by earlier rounds included, and
    the fold's summed gradient at it is added to the validation gradient. The influence
    scorer is fitted on that gradient (:meth:`InfluenceScorer.fit_gradient`) and the pool is
    ranked and labeled as by ``salutary``: top rows by ``max_c I(x, c)``, each with its
    salutary label. Needs scikit-learn.

    Parameters
    ----------
    seed : int, default=0
        ``random_state`` of the folds, >= 0.
    n_folds : int, default=5
        Folds of the initial rows, >= 2.

    Notes
    -----
    When the smallest class of the initial rows has fewer than ``n_folds`` rows, that many
    folds are used instead (at least 2). When a class has a single initial row (or there are no
    initial rows), no fold can hold it out while keeping it in training: the round then uses
    the validation gradient alone, exactly ``salutary``'s direction.

    The strategy is stateless given its seed: the folds depend only on the seed and the initial
    rows' labels, and the fold models are refitted from the round's data, so :meth:`state`
    is ``{}`` and a run resumes from a checkpoint bit for bit.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import LogisticRegression
    >>> from salutary_native.strategies import RoundView
    >>> from salutary_native.strategies.crossfit import CrossFittedSalutary
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(90, 2))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> model = LogisticRegression().fit(X[:40], y[:40])
    >>> view = RoundView(model, X[:40], y[:40], X[40:50], y[40:50], X[50:], seed=0, n_initial=30)
    >>> strategy = CrossFittedSalutary(seed=0)
    >>> [len(fold) for fold in strategy.folds(view)]
    [6, 6, 6, 6, 6]
    >>> picked = strategy.choose(view, 3)
    >>> picked.rows.shape, set(picked.labels.tolist()) <= {0, 1}
    ((3,), True)
    """

    name = "salutary_crossfit"
    assigns_labels = True

    def __init__(self, seed: int = 0, n_folds: int = 5):
        self.seed = seed
        self.n_folds = n_folds

    def _checked(self):
        for name, value, lower in (("seed", self.seed, 0), ("n_folds", self.n_folds, 2)):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
            if value < lower:
                raise ValueError(f"{name} must be >= {lower}, got {value}")
        return int(self.seed), int(self.n_folds)

    @staticmethod
    def _n_initial(view: RoundView) -> int:
        n_labeled = len(view.y_train)
        if view.n_initial is None:
            return n_labeled
        n = view.n_initial
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 0 <= n <= n_labeled:
            raise ValueError(f"view.n_initial must be None or an integer in [0, {n_labeled}] (the labeled rows), "
                             f"got {n!r}")
        return int(n)

    def folds(self, view: RoundView) -> List[np.ndarray]:
        """The held-out rows of each fold: positions in ``view.X_train``, all below ``n_initial``.

        Parameters
        ----------
        view : RoundView
            The round; only its initial rows' labels are read.

        Returns
        -------
        list of ndarray of int64
            One sorted array per fold, together a partition of ``range(n_initial)``; empty
            when no fold can be formed (see the class's Notes).

        Raises
        ------
        ValueError, TypeError
            For a bad ``seed``, ``n_folds`` or ``view.n_initial``.
        ImportError
            If scikit-learn is not installed.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> from salutary_native.strategies import RoundView
        >>> from salutary_native.strategies.crossfit import CrossFittedSalutary
        >>> X = np.arange(20.0).reshape(-1, 1)
        >>> y = np.array([0] * 17 + [1] * 3)
        >>> model = LogisticRegression().fit(X, y)
        >>> view = RoundView(model, X, y, X, y, X, seed=0)
        >>> len(CrossFittedSalutary().folds(view))  # the smallest class has 3 rows
        3
        """
        seed, n_folds = self._checked()
        n = self._n_initial(view)
        y_initial = np.asarray(view.y_train)[:n]
        if n == 0:
            return []
        n_splits = min(n_folds, int(np.unique(y_initial, return_counts=True)[1].min()))
        if n_splits < 2:
            return []
        assignment = stratified_folds(y_initial, n_splits, seed)
        return [np.flatnonzero(assignment == fold).astype(np.int64) for fold in range(n_splits)]

    def val_gradient(self, view: RoundView) -> np.ndarray:
        """The cross-fitted gradient g: the validation rows' plus every fold's out-of-fold one.

        Parameters
        ----------
        view : RoundView
            The round.

        Returns
        -------
        ndarray of shape (m, D)
            Shaped like the model's parameters, intercepts last (maths §3).

        Raises
        ------
        ValueError
            If a fold model's classes differ from the round model's.
        """
        g = validation_gradient(view.model, view.X_val, view.y_val)
        folds = self.folds(view)
        if not folds:
            _log.info("salutary_crossfit: no fold of the initial rows can be formed; the round uses the "
                      "validation gradient alone")
            return g
        X_labeled, y_labeled = view.X_train, np.asarray(view.y_train)
        classes = np.asarray(view.model.classes_)
        for held_out in folds:
            kept = np.ones(len(y_labeled), dtype=bool)
            kept[held_out] = False
            fold_model = _unfitted_copy(view.model).fit(X_labeled[kept], y_labeled[kept])
            if not np.array_equal(np.asarray(fold_model.classes_), classes):
                raise ValueError(f"a fold model has classes {np.asarray(fold_model.classes_).tolist()}, the round's "
                                 f"model {classes.tolist()}: every class must keep a row outside each fold")
            g = g + validation_gradient(fold_model, X_labeled[held_out], y_labeled[held_out])
        return g

    def scorer(self, view: RoundView) -> InfluenceScorer:
        """The round's scorer fitted on the cross-fitted gradient, fitted at most once per view.

        Parameters
        ----------
        view : RoundView
            The round; the scorer is kept in its cache.

        Returns
        -------
        InfluenceScorer
            ``s = H⁺ g`` with ``g`` from :meth:`val_gradient` and the Hessian of the labeled
            rows (and the pool's, leaving out ``view.exclude``, when ``view.hessian_on``
            includes the pool), with ``view.damping``.
        """
        seed, n_folds = self._checked()
        key = f"{self.name}/scorer(seed={seed}, n_folds={n_folds})"
        if key not in view._cache:
            hessian_on = check_parameter("hessian_on", view.hessian_on)
            scorer = InfluenceScorer(view.model, hessian_on=hessian_on, damping=view.damping)
            view._cache[key] = scorer.fit_gradient(view.X_train, self.val_gradient(view),
                                                   X_pool=view.X_pool if uses_pool(hessian_on) else None,
                                                   exclude=view.exclude)
        return view._cache[key]

    def score(self, view: RoundView) -> PoolScores:
        """Score each pool row by its largest cross-fitted influence and label it with that label.

        Parameters
        ----------
        view : RoundView
            The round to score.

        Returns
        -------
        PoolScores
            ``max_c I(x, c)`` per row, with the salutary label from ``model.classes_``.
        """
        best, score = salutary_labels(self.scorer(view).table(view.X_pool))
        return PoolScores(score, np.asarray(view.model.classes_)[best])

    def choose(self, view: RoundView, budget: int) -> Selection:
        """The top rows and their salutary labels in the scorer's one native pass over the pool.

        Equal to :meth:`score` then :meth:`select`, without the (n_pool, K) table.

        Parameters
        ----------
        view : RoundView
            The round.
        budget : int
            Rows to pick.

        Returns
        -------
        Selection
        """
        return ranked_by_salutary_score(self.scorer(view), view, budget, with_labels=True)

    def state(self) -> Dict[str, np.ndarray]:
        """Nothing: the strategy is stateless given its seed (see the class's Notes).

        Returns
        -------
        dict
            ``{}``.

        Examples
        --------
        >>> from salutary_native.strategies.crossfit import CrossFittedSalutary
        >>> CrossFittedSalutary(seed=2).state()
        {}
        """
        return {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(seed={self.seed!r}, n_folds={self.n_folds!r})"
