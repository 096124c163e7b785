"""Selection strategies of maths §4 behind one interface (``Strategy``), and a registry by name."""

from __future__ import annotations

from typing import Callable, Dict

from .abstaining import AbstainingSalutary
from .base import PoolScores, RoundView, Selection, Strategy
from .crossfit import CrossFittedSalutary
from .influence_based import ISLA, OracleInfluence, SalutaryLabeling, salutary_labels
from .pred_infl import PredictedInfluence
from .uncertainty import EntropySampling, LeastConfidentSampling, MarginSampling, RandomSampling
from .verified import VerifiedSalutary

#: name → factory(seed) for every strategy: the paper's eight of maths §4 in its table order, then
#: the label-free variants of salutary labeling meant for small validation sets.
STRATEGIES: Dict[str, Callable[[int], Strategy]] = {
    "random": lambda seed: RandomSampling(),
    "entropy": lambda seed: EntropySampling(),
    "margin": lambda seed: MarginSampling(),
    "least_confident": lambda seed: LeastConfidentSampling(),
    "salutary": lambda seed: SalutaryLabeling(),
    "oracle_influence": lambda seed: OracleInfluence(),
    "isla": lambda seed: ISLA(),
    "pred_infl": lambda seed: PredictedInfluence(seed),
    "salutary_crossfit": lambda seed: CrossFittedSalutary(seed),
    "salutary_verified": lambda seed: VerifiedSalutary(),
    "salutary_abstain": lambda seed: AbstainingSalutary(seed),
}

#: The label-free variant recommended when the validation set is small: never significantly
#: below the initial model at validation fractions 20%, 5% and 1% in the committed results.
RECOMMENDED_STRATEGY = "salutary_crossfit"

#: The paper's eight strategies, the default of an experiment.
PAPER_STRATEGIES = ("random", "entropy", "margin", "least_confident", "salutary", "oracle_influence", "isla",
                    "pred_infl")


def make_strategy(strategy, seed: int = 0) -> Strategy:
    """A Strategy from its name (see STRATEGIES) or a Strategy instance, returned as is.

    Parameters
    ----------
    strategy : str or Strategy
        A key of :data:`STRATEGIES`, or a strategy object.
    seed : int, default=0
        Passed to the factory (used by ``"pred_infl"``'s regression tree).

    Returns
    -------
    Strategy
        A new strategy for a name; the given object for a Strategy.

    Raises
    ------
    ValueError
        If ``strategy`` is neither a Strategy nor a registered name.

    Examples
    --------
    >>> from salutary_native.strategies import STRATEGIES, make_strategy
    >>> list(STRATEGIES)  # doctest: +NORMALIZE_WHITESPACE
    ['random', 'entropy', 'margin', 'least_confident', 'salutary', 'oracle_influence', 'isla', 'pred_infl',
     'salutary_crossfit', 'salutary_verified', 'salutary_abstain']
    >>> make_strategy("pred_infl", seed=3)
    PredictedInfluence(seed=3)
    >>> strategy = make_strategy("salutary")
    >>> make_strategy(strategy) is strategy, strategy.assigns_labels
    (True, True)
    """
    if isinstance(strategy, Strategy):
        return strategy
    if isinstance(strategy, str) and strategy in STRATEGIES:
        return STRATEGIES[strategy](seed)
    raise ValueError(f"strategy must be a Strategy or one of {tuple(STRATEGIES)}, got {strategy!r}")


__all__ = [
    "ISLA",
    "AbstainingSalutary",
    "PAPER_STRATEGIES",
    "RECOMMENDED_STRATEGY",
    "STRATEGIES",
    "CrossFittedSalutary",
    "EntropySampling",
    "LeastConfidentSampling",
    "MarginSampling",
    "OracleInfluence",
    "PoolScores",
    "PredictedInfluence",
    "RandomSampling",
    "RoundView",
    "SalutaryLabeling",
    "Selection",
    "Strategy",
    "VerifiedSalutary",
    "make_strategy",
    "salutary_labels",
]
