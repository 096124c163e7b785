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
    """Top rows by the tree-predicted influence of labeling them; ground-truth labels."""

    name = "pred_infl"

    def __init__(self, seed: int = 0):
        self.seed = seed
        self._rows = None
        self._targets = None
        self._tree = None

    def score(self, view: RoundView) -> PoolScores:
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
        if self._tree is None:
            return {}
        return {"rows": self._rows, "targets": self._targets}

    def restore(self, state: Dict[str, np.ndarray]) -> None:
        if state:
            self._fit(state["rows"], state["targets"])

    def __repr__(self) -> str:
        return f"PredictedInfluence(seed={self.seed})"
