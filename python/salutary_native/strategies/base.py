"""The strategy interface: score the pool once per round, then take the top-b rows (maths §4).

A strategy sees one round through a ``RoundView`` and returns a ``PoolScores``. Selection is
shared: every strategy goes through the same seeded ``top_b`` tie-break, so two strategies
that score the pool alike select alike. A user adds a strategy by subclassing ``Strategy``
and implementing ``score``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Optional

import numpy as np

from ..influence import influence_table, top_b


@dataclass
class RoundView:
    """What a strategy may read in one round; derived pool quantities are computed once."""

    model: object  #: the estimator fitted on (X_train, y_train)
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_pool: np.ndarray  #: the rows still unlabeled
    seed: int  #: this round's tie-break seed
    hessian_on: str = "train"
    damping: float = 0.0
    _cache: Dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def pool_proba(self) -> np.ndarray:
        """predict_proba on the pool, computed at most once per round."""
        if "proba" not in self._cache:
            self._cache["proba"] = np.asarray(self.model.predict_proba(self.X_pool), dtype=np.float64)
        return self._cache["proba"]

    def influence_table(self) -> np.ndarray:
        """The (n_pool, K) influence table of maths §3, computed at most once per round."""
        if "table" not in self._cache:
            self._cache["table"] = influence_table(self.model, self.X_train, self.X_val, self.y_val, self.X_pool,
                                                   hessian_on=self.hessian_on, damping=self.damping)
        return self._cache["table"]


@dataclass(frozen=True)
class PoolScores:
    """One score per pool row (higher is picked first) and, for labeling strategies, a label."""

    scores: np.ndarray
    labels: Optional[np.ndarray] = None  #: values from the model's classes_, or None: ask the oracle


class Strategy:
    """Scores pool rows; the top-b by score are labeled and moved to the training set."""

    name = "strategy"
    #: True when the strategy's own labels are used; False when the ground truth (the oracle) labels.
    assigns_labels = False

    def score(self, view: RoundView) -> PoolScores:
        raise NotImplementedError

    def select(self, view: RoundView, scored: PoolScores, budget: int) -> np.ndarray:
        """Rows of the pool to label, best first, ties by the round's seeded permutation."""
        return top_b(scored.scores, budget, view.seed)

    def state(self) -> Dict[str, np.ndarray]:
        """Arrays the strategy needs to resume exactly (checkpointed after every round)."""
        return {}

    def restore(self, state: Dict[str, np.ndarray]) -> None:
        """Inverse of ``state``."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
