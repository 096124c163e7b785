"""The strategy interface: score the pool once per round, then take the top-b rows (maths §4).

A strategy sees one round through a ``RoundView`` and returns a ``PoolScores``. Selection is
shared: every strategy goes through the same seeded ``top_b`` tie-break, so two strategies
that score the pool alike select alike. A user adds a strategy by subclassing ``Strategy``
and implementing ``score``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Dict, Optional

import numpy as np

from ..influence import top_b
from ..scorer import InfluenceScorer, fit_scorer


@dataclass
class RoundView:
    """What a strategy may read in one round; derived pool quantities are computed once.

    Parameters
    ----------
    model : estimator
        The estimator fitted on (X_train, y_train).
    X_train, y_train : ndarray
        The labeled set of this round.
    X_val, y_val : ndarray
        The validation set whose loss the influence function targets.
    X_pool : ndarray
        The whole pool, read in place (never copied); rows in ``exclude`` are labeled already.
    seed : int
        This round's tie-break seed.
    hessian_on : {"train", "pool", "train+pool"}, default="train"
        Rows whose loss Hessian the influence function uses (pool rows in ``exclude`` carry no
        curvature).
    damping : float, default=0.0
        Added to the Hessian's diagonal.
    exclude : ndarray of int64, optional
        Rows of ``X_pool`` already moved to the labeled set, sorted ascending: strategies score
        every row, and selection leaves these out.
    n_initial : int, optional
        The first ``n_initial`` rows of ``X_train`` are the initial labeled set (labels from
        the data); the rest were added by earlier rounds. None: all of them are initial.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import LogisticRegression
    >>> from salutary_native.strategies import RoundView
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 2))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> model = LogisticRegression().fit(X[:20], y[:20])
    >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
    >>> view.pool_proba().shape, view.influence_table().shape
    ((20, 2), (20, 2))
    """

    model: object  #: the estimator fitted on (X_train, y_train)
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_pool: np.ndarray  #: the whole pool; rows in exclude are labeled already
    seed: int  #: this round's tie-break seed
    hessian_on: str = "train"
    damping: float = 0.0
    exclude: Optional[np.ndarray] = None  #: pool rows already labeled, sorted
    n_initial: Optional[int] = None  #: leading rows of X_train from the initial labeled set
    _cache: Dict[str, object] = field(default_factory=dict, repr=False)

    def scorer(self) -> InfluenceScorer:
        """The round's fitted :class:`~salutary_native.InfluenceScorer`, fitted at most once.

        Returns
        -------
        InfluenceScorer
            Fitted on the labeled set and the validation set (and the pool's curvature,
            leaving out ``exclude``, when ``hessian_on`` includes the pool).
        """
        if "scorer" not in self._cache:
            self._cache["scorer"] = fit_scorer(self.model, self.X_train, self.X_val, self.y_val, self.X_pool,
                                               hessian_on=self.hessian_on, damping=self.damping,
                                               exclude=self.exclude)
        return self._cache["scorer"]

    def pool_proba(self) -> np.ndarray:
        """The model's ``predict_proba`` on the pool, computed at most once per round.

        Returns
        -------
        ndarray of shape (n_pool, K)
            Class probabilities of every pool row, float64, in the order of ``model.classes_``.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> from salutary_native.strategies import RoundView
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(60, 2))
        >>> y = (X[:, 0] > 0).astype(int)
        >>> model = LogisticRegression().fit(X[:20], y[:20])
        >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
        >>> proba = view.pool_proba()
        >>> proba.shape, bool(np.allclose(proba.sum(axis=1), 1.0)), view.pool_proba() is proba
        ((20, 2), True, True)
        """
        if "proba" not in self._cache:
            self._cache["proba"] = np.asarray(self.model.predict_proba(self.X_pool), dtype=np.float64)
        return self._cache["proba"]

    def influence_table(self) -> np.ndarray:
        """The (n_pool, K) influence table of maths §3, computed at most once per round.

        Returns
        -------
        ndarray of shape (n_pool, K)
            I(x, c) for every pool row x and label c (column c is ``model.classes_[c]``); I > 0
            means adding (x, c) is predicted to lower the validation loss.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> from salutary_native.strategies import RoundView
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(60, 2))
        >>> y = (X[:, 0] > 0).astype(int)
        >>> model = LogisticRegression().fit(X[:20], y[:20])
        >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
        >>> table = view.influence_table()
        >>> table.shape, bool(np.isfinite(table).all()), view.influence_table() is table
        ((20, 2), True, True)
        """
        if "table" not in self._cache:
            self._cache["table"] = self.scorer().table(self.X_pool)
        return self._cache["table"]


@dataclass(frozen=True)
class Selection:
    """The rows a strategy picks in one round, best first, with what it knows of them.

    Parameters
    ----------
    rows : ndarray of int64
        Rows of the pool, best first.
    labels : ndarray or None
        The strategy's labels for them (``assigns_labels``), else None.
    scores : ndarray of float64
        Their scores.
    score_seconds, select_seconds : float
        Time spent scoring the pool and selecting (0 for a pass that does both at once,
        whose time is all in ``score_seconds``).
    """

    rows: np.ndarray
    labels: Optional[np.ndarray]
    scores: np.ndarray
    score_seconds: float = 0.0
    select_seconds: float = 0.0


@dataclass(frozen=True)
class PoolScores:
    """One score per pool row (higher is picked first) and, for labeling strategies, a label.

    Parameters
    ----------
    scores : ndarray of shape (n_pool,)
        Higher scores are selected first.
    labels : ndarray of shape (n_pool,), optional
        Labels from the model's ``classes_`` that the strategy assigns; None lets the ground
        truth (the oracle) label the selected rows.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native.strategies import PoolScores
    >>> PoolScores(np.array([0.2, 0.9])).labels is None
    True
    """

    scores: np.ndarray
    labels: Optional[np.ndarray] = None  #: values from the model's classes_, or None: ask the oracle


class Strategy:
    """Scores pool rows; the top-b by score are labeled and moved to the training set.

    Subclass it and implement :meth:`score` to add a strategy; set ``assigns_labels = True``
    when the strategy's own labels are to be used instead of the ground truth.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import LogisticRegression
    >>> from salutary_native.strategies import RoundView, PoolScores, Strategy
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 2))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> model = LogisticRegression().fit(X[:20], y[:20])
    >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
    >>> class FarthestFirst(Strategy):
    ...     name = "farthest_first"
    ...     def score(self, view):
    ...         return PoolScores(np.linalg.norm(view.X_pool, axis=1))
    >>> strategy = FarthestFirst()
    >>> picked = strategy.select(view, strategy.score(view), 3)
    >>> picked.tolist() == np.argsort(-np.linalg.norm(X[40:], axis=1))[:3].tolist()
    True
    """

    name = "strategy"
    #: True when the strategy's own labels are used; False when the ground truth (the oracle) labels.
    assigns_labels = False

    def score(self, view: RoundView) -> PoolScores:
        """Score every pool row of one round (subclasses implement this).

        Parameters
        ----------
        view : RoundView
            The round's model, labeled, validation and pool data.

        Returns
        -------
        PoolScores
            One score per row of ``view.X_pool`` (and labels for a labeling strategy).

        Raises
        ------
        NotImplementedError
            Always, on the base class.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> from salutary_native.strategies import RoundView, Strategy
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(60, 2))
        >>> y = (X[:, 0] > 0).astype(int)
        >>> model = LogisticRegression().fit(X[:20], y[:20])
        >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
        >>> Strategy().score(view)
        Traceback (most recent call last):
        ...
        NotImplementedError
        """
        raise NotImplementedError

    def select(self, view: RoundView, scored: PoolScores, budget: int) -> np.ndarray:
        """Rows of the pool to label, best first, ties by the round's seeded permutation.

        Parameters
        ----------
        view : RoundView
            The round (its ``seed`` breaks ties).
        scored : PoolScores
            The output of :meth:`score` for this round.
        budget : int
            Rows to select, 1 <= budget <= n_pool.

        Returns
        -------
        ndarray of int64, shape (budget,)
            Indices into ``view.X_pool``, highest score first, none of them in ``view.exclude``.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> from salutary_native.strategies import RoundView, PoolScores, Strategy
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(60, 2))
        >>> y = (X[:, 0] > 0).astype(int)
        >>> model = LogisticRegression().fit(X[:20], y[:20])
        >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
        >>> scores = np.zeros(20)
        >>> scores[[4, 7]] = [2.0, 1.0]
        >>> Strategy().select(view, PoolScores(scores), 2).tolist()
        [4, 7]
        """
        return top_b(scored.scores, budget, view.seed, exclude=view.exclude)

    def choose(self, view: RoundView, budget: int) -> Selection:
        """The round's picks: :meth:`score`, then :meth:`select`.

        A strategy that can rank the pool in one native pass, without a score array in Python,
        overrides this (``salutary`` does); the picks must equal score-then-select.

        Parameters
        ----------
        view : RoundView
            The round.
        budget : int
            Rows to pick, at most the rows not in ``view.exclude``.

        Returns
        -------
        Selection
        """
        start = time.perf_counter()
        scored = self.score(view)
        scored_at = time.perf_counter()
        picked = self.select(view, scored, budget)
        labels = np.asarray(scored.labels)[picked] if self.assigns_labels else None
        return Selection(picked, labels, np.asarray(scored.scores, dtype=np.float64)[picked], scored_at - start,
                         time.perf_counter() - scored_at)

    def state(self) -> Dict[str, np.ndarray]:
        """Arrays the strategy needs to resume exactly (checkpointed after every round).

        Returns
        -------
        dict of str to ndarray
            Empty for a stateless strategy.

        Examples
        --------
        >>> from salutary_native.strategies import EntropySampling
        >>> EntropySampling().state()
        {}
        """
        return {}

    def restore(self, state: Dict[str, np.ndarray]) -> None:
        """Inverse of ``state``: restore the strategy from a checkpoint.

        Parameters
        ----------
        state : dict of str to ndarray
            What :meth:`state` returned.

        Examples
        --------
        >>> from salutary_native.strategies import EntropySampling
        >>> EntropySampling().restore({})
        """

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
