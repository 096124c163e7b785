"""Baselines that need no influence: random and uncertainty sampling (ground-truth labels)."""

from __future__ import annotations

import numpy as np

from .base import PoolScores, RoundView, Strategy


class RandomSampling(Strategy):
    """Equal scores, so the shared seeded tie-break draws a uniform random subset."""

    name = "random"

    def score(self, view: RoundView) -> PoolScores:
        return PoolScores(np.zeros(view.X_pool.shape[0]))


class EntropySampling(Strategy):
    """Highest predictive entropy −Σ p log p first."""

    name = "entropy"

    def score(self, view: RoundView) -> PoolScores:
        p = view.pool_proba()
        with np.errstate(divide="ignore", invalid="ignore"):
            plogp = np.where(p > 0, p * np.log(p), 0.0)
        return PoolScores(-plogp.sum(axis=1))


class MarginSampling(Strategy):
    """Smallest gap between the two most probable classes first."""

    name = "margin"

    def score(self, view: RoundView) -> PoolScores:
        top2 = np.partition(view.pool_proba(), -2, axis=1)[:, -2:]
        return PoolScores(top2[:, 0] - top2[:, 1])


class LeastConfidentSampling(Strategy):
    """Lowest top-class probability first."""

    name = "least_confident"

    def score(self, view: RoundView) -> PoolScores:
        return PoolScores(1.0 - view.pool_proba().max(axis=1))
