"""Selection strategies of maths §4 behind one interface (``Strategy``), and a registry by name."""

from __future__ import annotations

from typing import Callable, Dict

from .base import PoolScores, RoundView, Strategy
from .influence_based import ISLA, OracleInfluence, SalutaryLabeling, salutary_labels
from .pred_infl import PredictedInfluence
from .uncertainty import EntropySampling, LeastConfidentSampling, MarginSampling, RandomSampling

#: name → factory(seed) for every strategy of maths §4, in the paper's table order.
STRATEGIES: Dict[str, Callable[[int], Strategy]] = {
    "random": lambda seed: RandomSampling(),
    "entropy": lambda seed: EntropySampling(),
    "margin": lambda seed: MarginSampling(),
    "least_confident": lambda seed: LeastConfidentSampling(),
    "salutary": lambda seed: SalutaryLabeling(),
    "oracle_influence": lambda seed: OracleInfluence(),
    "isla": lambda seed: ISLA(),
    "pred_infl": lambda seed: PredictedInfluence(seed),
}


def make_strategy(strategy, seed: int = 0) -> Strategy:
    """A Strategy from its name (see STRATEGIES) or a Strategy instance, returned as is."""
    if isinstance(strategy, Strategy):
        return strategy
    if isinstance(strategy, str) and strategy in STRATEGIES:
        return STRATEGIES[strategy](seed)
    raise ValueError(f"strategy must be a Strategy or one of {tuple(STRATEGIES)}, got {strategy!r}")


__all__ = [
    "ISLA",
    "STRATEGIES",
    "EntropySampling",
    "LeastConfidentSampling",
    "MarginSampling",
    "OracleInfluence",
    "PoolScores",
    "PredictedInfluence",
    "RandomSampling",
    "RoundView",
    "SalutaryLabeling",
    "Strategy",
    "make_strategy",
    "salutary_labels",
]
