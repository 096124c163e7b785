"""The settings of a paper-protocol experiment (maths §4) and the rules that size each split."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Tuple, Union

from ..inputs import fraction_in_unit_interval, hessian_on_name, integer_in, real_at_least
from ..strategies import STRATEGIES

PAPER_DATASETS = ("diabetic_retinopathy", "waveform", "electrical_grid", "wine_quality_red", "wine_quality_white",
                  "bank_marketing", "review_polarity", "breast_cancer", "digits")


@dataclass(frozen=True)
class ExperimentConfig:
    """Defaults are the paper's: R = 10 rounds, b = 10, C = 0.02, n_init = 300, 5 seeds."""

    datasets: Tuple[str, ...] = PAPER_DATASETS
    strategies: Tuple[str, ...] = tuple(STRATEGIES)
    rounds: int = 10
    budget: Union[int, str] = 10  #: rows per round, or "p%" of the initial pool
    seeds: Tuple[int, ...] = (0, 1, 2, 3, 4)
    C: float = 0.02
    hessian_on: str = "train"
    damping: float = 0.0
    n_init: int = 300
    val_fraction: float = 0.2
    test_fraction: float = 0.2
    influence_check_pairs: int = 100  #: add-one-in refits per dataset for the Figure 3 scatter; 0 skips it
    name: str = field(default="paper")

    def __post_init__(self):
        if not self.datasets or not self.strategies or not self.seeds:
            raise ValueError("datasets, strategies and seeds must each name at least one entry")
        unknown = [s for s in self.strategies if s not in STRATEGIES]
        if unknown:
            raise ValueError(f"strategies: unknown {unknown}; known: {tuple(STRATEGIES)}")
        integer_in(self.rounds, "rounds", 1)
        integer_in(self.n_init, "n_init", 2)
        integer_in(self.influence_check_pairs, "influence_check_pairs", 0)
        for seed in self.seeds:
            integer_in(seed, "seeds", 0, 2**32 - 1)
        real_at_least(self.C, "C", 0.0, strict=True)
        real_at_least(self.damping, "damping", 0.0)
        hessian_on_name(self.hessian_on)
        for name in ("val_fraction", "test_fraction"):
            fraction_in_unit_interval(getattr(self, name), name)
        budget_for_pool(self.budget, 1000)

    def to_dict(self) -> dict:
        return asdict(self)


def budget_for_pool(budget, n_pool: int) -> int:
    """Rows per round: an integer as is, or "p%" of the pool (at least one row)."""
    if isinstance(budget, str) and budget.endswith("%"):
        try:
            percent = float(budget[:-1])
        except ValueError:
            raise ValueError(f"budget must be an integer or a percentage like '1%', got {budget!r}") from None
        if not 0 < percent <= 100:
            raise ValueError(f"budget percentage must be in (0, 100], got {budget!r}")
        return max(1, math.ceil(percent / 100 * n_pool))
    if isinstance(budget, str):
        raise ValueError(f"budget must be an integer or a percentage like '1%', got {budget!r}")
    return integer_in(budget, "budget", 1)


def initial_set_size(n_rows: int, n_init: int, val_fraction: float, test_fraction: float) -> int:
    """n_init, or half of the rows outside test and validation when fewer than 2·n_init remain.

    The paper's 300 leaves breast_cancer (569 rows) a pool of 41, too small for 10 rounds of 10;
    halving keeps a pool as large as the initial set. Every used value is written to the CSV.
    """
    rest = n_rows - round(test_fraction * n_rows) - round(val_fraction * n_rows)
    return n_init if rest >= 2 * n_init else rest // 2
