"""Strategies driven by the maths §3 influence table (computed once per round by the native core)."""

from __future__ import annotations

import time

import numpy as np

from .base import PoolScores, RoundView, Selection, Strategy


def ranked_by_salutary_score(scorer, view: RoundView, budget: int, with_labels: bool) -> Selection:
    """Top rows of ``view``'s pool by max_c I(x, c) in ``scorer``'s one native pass: no table, no
    score array; the salutary labels too when ``with_labels``."""
    start = time.perf_counter()
    best = scorer.partial_query(view.X_pool, budget, seed=view.seed, exclude=view.exclude)
    labels = np.asarray(view.model.classes_)[best.label_indices] if with_labels else None
    return Selection(best.indices, labels, best.scores, time.perf_counter() - start, 0.0)


def salutary_labels(table: np.ndarray):
    """Per row: the label column with the largest influence (lowest on ties) and that influence.

    Parameters
    ----------
    table : ndarray of shape (n_pool, K)
        An influence table, as from :func:`salutary_native.influence_table`.

    Returns
    -------
    columns : ndarray of shape (n_pool,)
        The column index of each row's salutary label.
    influence : ndarray of shape (n_pool,)
        That column's influence.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native.strategies import salutary_labels
    >>> columns, influence = salutary_labels(np.array([[0.1, 0.3], [0.2, -0.5], [0.0, 0.0]]))
    >>> columns.tolist(), influence.tolist()
    ([1, 0, 0], [0.3, 0.2, 0.0])
    """
    best = np.argmax(table, axis=1)
    return best, table[np.arange(table.shape[0]), best]


class SalutaryLabeling(Strategy):
    """The method: top rows by max_c I(x, c), labeled with their salutary label (no annotator).

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import LogisticRegression
    >>> from salutary_native.strategies import RoundView, SalutaryLabeling
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 2))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> model = LogisticRegression().fit(X[:20], y[:20])
    >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
    >>> scored = SalutaryLabeling().score(view)
    >>> table = view.influence_table()
    >>> bool(np.array_equal(scored.scores, table.max(axis=1)))
    True
    >>> bool(np.array_equal(scored.labels, model.classes_[table.argmax(axis=1)]))
    True
    """

    name = "salutary"
    assigns_labels = True

    def score(self, view: RoundView) -> PoolScores:
        """Score each pool row by its largest influence and label it with that label.

        Parameters
        ----------
        view : RoundView
            The round to score.

        Returns
        -------
        PoolScores
            ``max_c I(x, c)`` per row, with the salutary label from ``model.classes_``.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> from salutary_native.strategies import RoundView, SalutaryLabeling
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(60, 2))
        >>> y = (X[:, 0] > 0).astype(int)
        >>> model = LogisticRegression().fit(X[:20], y[:20])
        >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
        >>> scored = SalutaryLabeling().score(view)
        >>> scored.scores.shape, set(scored.labels.tolist()) <= {0, 1}
        ((20,), True)
        """
        best, score = salutary_labels(view.influence_table())
        return PoolScores(score, np.asarray(view.model.classes_)[best])

    def choose(self, view: RoundView, budget: int) -> Selection:
        """The top rows and their salutary labels in one native pass over the pool.

        Equal to :meth:`score` then :meth:`select`, without the (n_pool, K) table or any
        per-row array in Python: the pool is read once, in place.

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
        return ranked_by_salutary_score(view.scorer(), view, budget, with_labels=True)


class OracleInfluence(Strategy):
    """Salutary's selection with ground-truth labels (the paper's "ground truth labeling").

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import LogisticRegression
    >>> from salutary_native.strategies import RoundView, OracleInfluence
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 2))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> model = LogisticRegression().fit(X[:20], y[:20])
    >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
    >>> scored = OracleInfluence().score(view)
    >>> bool(np.array_equal(scored.scores, view.influence_table().max(axis=1))), scored.labels is None
    (True, True)
    """

    name = "oracle_influence"

    def score(self, view: RoundView) -> PoolScores:
        """Score each pool row by its largest influence; the oracle labels the selected rows.

        Parameters
        ----------
        view : RoundView
            The round to score.

        Returns
        -------
        PoolScores
            ``max_c I(x, c)`` per row, without labels.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> from salutary_native.strategies import RoundView, OracleInfluence
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(60, 2))
        >>> y = (X[:, 0] > 0).astype(int)
        >>> model = LogisticRegression().fit(X[:20], y[:20])
        >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
        >>> OracleInfluence().score(view).scores.shape
        (20,)
        """
        return PoolScores(salutary_labels(view.influence_table())[1])

    def choose(self, view: RoundView, budget: int) -> Selection:
        """The top rows by salutary score in one native pass; the oracle labels them.

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
        return ranked_by_salutary_score(view.scorer(), view, budget, with_labels=False)


class ISLA(Strategy):
    """Influence with the model's predicted label as the label (Liu et al., ICCV 2021).

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import LogisticRegression
    >>> from salutary_native.strategies import RoundView, ISLA
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 2))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> model = LogisticRegression().fit(X[:20], y[:20])
    >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
    >>> scored = ISLA().score(view)
    >>> predicted = view.pool_proba().argmax(axis=1)
    >>> bool(np.array_equal(scored.scores, view.influence_table()[np.arange(20), predicted]))
    True
    """

    name = "isla"

    def score(self, view: RoundView) -> PoolScores:
        """Score each pool row by the influence of its predicted label; the oracle labels.

        Parameters
        ----------
        view : RoundView
            The round to score.

        Returns
        -------
        PoolScores
            ``I(x, argmax_c p(c | x))`` per row, without labels.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> from salutary_native.strategies import RoundView, ISLA
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(60, 2))
        >>> y = (X[:, 0] > 0).astype(int)
        >>> model = LogisticRegression().fit(X[:20], y[:20])
        >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
        >>> ISLA().score(view).labels is None
        True
        """
        table = view.influence_table()
        predicted = np.argmax(view.pool_proba(), axis=1)
        return PoolScores(table[np.arange(table.shape[0]), predicted])
