"""Baselines that need no influence: random and uncertainty sampling (ground-truth labels)."""

from __future__ import annotations

import numpy as np

from .base import PoolScores, RoundView, Strategy


class RandomSampling(Strategy):
    """Equal scores, so the shared seeded tie-break draws a uniform random subset.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import LogisticRegression
    >>> from salutary_native.strategies import RoundView, RandomSampling
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 2))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> model = LogisticRegression().fit(X[:20], y[:20])
    >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
    >>> strategy = RandomSampling()
    >>> picked = strategy.select(view, strategy.score(view), 5)
    >>> len(set(picked.tolist())), bool(np.array_equal(picked, strategy.select(view, strategy.score(view), 5)))
    (5, True)
    """

    name = "random"

    def score(self, view: RoundView) -> PoolScores:
        """A zero score for every pool row.

        Parameters
        ----------
        view : RoundView
            The round to score.

        Returns
        -------
        PoolScores
            Zeros, without labels.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> from salutary_native.strategies import RoundView, RandomSampling
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(60, 2))
        >>> y = (X[:, 0] > 0).astype(int)
        >>> model = LogisticRegression().fit(X[:20], y[:20])
        >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
        >>> RandomSampling().score(view).scores.tolist() == [0.0] * 20
        True
        """
        return PoolScores(np.zeros(view.X_pool.shape[0]))


class EntropySampling(Strategy):
    """Highest predictive entropy −Σ p log p first.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import LogisticRegression
    >>> from salutary_native.strategies import RoundView, EntropySampling
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 2))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> model = LogisticRegression().fit(X[:20], y[:20])
    >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
    >>> scores = EntropySampling().score(view).scores
    >>> bool(((scores >= 0) & (scores <= np.log(2))).all())
    True
    """

    name = "entropy"

    def score(self, view: RoundView) -> PoolScores:
        """The predictive entropy of each pool row (0 log 0 counts as 0).

        Parameters
        ----------
        view : RoundView
            The round to score.

        Returns
        -------
        PoolScores
            −Σ_c p(c | x) log p(c | x) per row, without labels.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> from salutary_native.strategies import RoundView, EntropySampling
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(60, 2))
        >>> y = (X[:, 0] > 0).astype(int)
        >>> model = LogisticRegression().fit(X[:20], y[:20])
        >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
        >>> p = view.pool_proba()
        >>> bool(np.allclose(EntropySampling().score(view).scores, -(p * np.log(p)).sum(axis=1)))
        True
        """
        p = view.pool_proba()
        with np.errstate(divide="ignore", invalid="ignore"):
            plogp = np.where(p > 0, p * np.log(p), 0.0)
        return PoolScores(-plogp.sum(axis=1))


class MarginSampling(Strategy):
    """Smallest gap between the two most probable classes first.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import LogisticRegression
    >>> from salutary_native.strategies import RoundView, MarginSampling
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 2))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> model = LogisticRegression().fit(X[:20], y[:20])
    >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
    >>> strategy = MarginSampling()
    >>> picked = strategy.select(view, strategy.score(view), 1)
    >>> p = view.pool_proba()
    >>> picked.tolist() == [int(np.argmin(np.abs(p[:, 0] - p[:, 1])))]
    True
    """

    name = "margin"

    def score(self, view: RoundView) -> PoolScores:
        """Minus the gap between the two largest class probabilities of each pool row.

        Parameters
        ----------
        view : RoundView
            The round to score.

        Returns
        -------
        PoolScores
            The second-largest minus the largest class probability of each row (at most 0),
            without labels.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> from salutary_native.strategies import RoundView, MarginSampling
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(60, 2))
        >>> y = (X[:, 0] > 0).astype(int)
        >>> model = LogisticRegression().fit(X[:20], y[:20])
        >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
        >>> bool((MarginSampling().score(view).scores <= 0).all())
        True
        """
        top2 = np.partition(view.pool_proba(), -2, axis=1)[:, -2:]
        return PoolScores(top2[:, 0] - top2[:, 1])


class LeastConfidentSampling(Strategy):
    """Lowest top-class probability first.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import LogisticRegression
    >>> from salutary_native.strategies import RoundView, LeastConfidentSampling
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 2))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> model = LogisticRegression().fit(X[:20], y[:20])
    >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
    >>> scores = LeastConfidentSampling().score(view).scores
    >>> bool(np.allclose(scores, 1 - view.pool_proba().max(axis=1)))
    True
    """

    name = "least_confident"

    def score(self, view: RoundView) -> PoolScores:
        """One minus the largest class probability of each pool row.

        Parameters
        ----------
        view : RoundView
            The round to score.

        Returns
        -------
        PoolScores
            1 − max_c p(c | x) per row, without labels.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> from salutary_native.strategies import RoundView, LeastConfidentSampling
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(60, 2))
        >>> y = (X[:, 0] > 0).astype(int)
        >>> model = LogisticRegression().fit(X[:20], y[:20])
        >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
        >>> LeastConfidentSampling().score(view).scores.shape
        (20,)
        """
        return PoolScores(1.0 - view.pool_proba().max(axis=1))
