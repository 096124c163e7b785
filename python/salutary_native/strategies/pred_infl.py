"""Predicted influence (Chhabra et al., ICLR 2024): a regression tree learns influence from features.

At its first round the strategy computes the influence of each initial labeled row with its
true label, fits a decision-tree regressor from features to that influence once, and from
then on ranks pool rows by the tree's prediction. The tree is rebuilt from the stored rows
and targets on resume, which gives the same tree (the fit is deterministic given its seed).
"""

from __future__ import annotations

from typing import Dict

import numpy as np

from ..influence import influence_table
from ..inputs import label_indices
from .base import PoolScores, RoundView, Strategy


def _decision_tree_regressor(seed: int):
    try:
        from sklearn.tree import DecisionTreeRegressor
    except ImportError:
        raise ImportError("the pred_infl strategy needs scikit-learn: pip install 'salutary-native[sklearn]'") from None
    return DecisionTreeRegressor(random_state=seed)


class PredictedInfluence(Strategy):
    """Top rows by the tree-predicted influence of labeling them; ground-truth labels.

    Needs scikit-learn (its ``DecisionTreeRegressor``).

    Parameters
    ----------
    seed : int, default=0
        ``random_state`` of the regression tree.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import LogisticRegression
    >>> from salutary_native.strategies import RoundView, PredictedInfluence
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 2))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> model = LogisticRegression().fit(X[:20], y[:20])
    >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
    >>> strategy = PredictedInfluence(seed=0)
    >>> strategy.score(view).scores.shape
    (20,)
    >>> strategy
    PredictedInfluence(seed=0)
    """

    name = "pred_infl"

    def __init__(self, seed: int = 0):
        self.seed = seed
        self._rows = None
        self._targets = None
        self._tree = None

    def score(self, view: RoundView) -> PoolScores:
        """Score pool rows by the tree's predicted influence, fitting the tree at the first call.

        Parameters
        ----------
        view : RoundView
            The round to score; at the first call its labeled set trains the tree.

        Returns
        -------
        PoolScores
            The predicted influence of each pool row, without labels.

        Raises
        ------
        ImportError
            If scikit-learn is not installed.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> from salutary_native.strategies import RoundView, PredictedInfluence
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(60, 2))
        >>> y = (X[:, 0] > 0).astype(int)
        >>> model = LogisticRegression().fit(X[:20], y[:20])
        >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
        >>> strategy = PredictedInfluence()
        >>> first = strategy.score(view).scores
        >>> bool(np.array_equal(first, strategy.score(view).scores))
        True
        """
        if self._tree is None:
            # Influence of each initial labeled row with its own (true) label.
            table = influence_table(view.model, view.X_train, view.X_val, view.y_val, view.X_train,
                                    hessian_on=view.hessian_on, damping=view.damping)
            own = label_indices(view.y_train, np.asarray(view.model.classes_), "y_train", len(view.y_train))
            self._fit(np.array(view.X_train, dtype=np.float64), table[np.arange(len(own)), own])
        return PoolScores(self._tree.predict(view.X_pool))

    def _fit(self, rows: np.ndarray, targets: np.ndarray) -> None:
        self._rows, self._targets = rows, targets
        self._tree = _decision_tree_regressor(self.seed).fit(rows, targets)

    def state(self) -> Dict[str, np.ndarray]:
        """The tree's training rows and targets, or ``{}`` before the first round.

        Returns
        -------
        dict of str to ndarray
            ``{"rows": ..., "targets": ...}`` once the tree is fitted.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> from salutary_native.strategies import RoundView, PredictedInfluence
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(60, 2))
        >>> y = (X[:, 0] > 0).astype(int)
        >>> model = LogisticRegression().fit(X[:20], y[:20])
        >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
        >>> strategy = PredictedInfluence()
        >>> strategy.state()
        {}
        >>> _ = strategy.score(view)
        >>> {key: value.shape for key, value in strategy.state().items()}
        {'rows': (20, 2), 'targets': (20,)}
        """
        if self._tree is None:
            return {}
        return {"rows": self._rows, "targets": self._targets}

    def restore(self, state: Dict[str, np.ndarray]) -> None:
        """Refit the tree from a :meth:`state`; the result scores as the original did.

        Parameters
        ----------
        state : dict of str to ndarray
            What :meth:`state` returned; ``{}`` leaves the strategy unfitted.

        Raises
        ------
        ImportError
            If ``state`` is not empty and scikit-learn is not installed.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import LogisticRegression
        >>> from salutary_native.strategies import RoundView, PredictedInfluence
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(60, 2))
        >>> y = (X[:, 0] > 0).astype(int)
        >>> model = LogisticRegression().fit(X[:20], y[:20])
        >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
        >>> original = PredictedInfluence()
        >>> scores = original.score(view).scores
        >>> resumed = PredictedInfluence()
        >>> resumed.restore(original.state())
        >>> bool(np.array_equal(resumed.score(view).scores, scores))
        True
        """
        if state:
            self._fit(state["rows"], state["targets"])

    def __repr__(self) -> str:
        return f"PredictedInfluence(seed={self.seed})"
