"""The paper's experiments (maths §4): configuration, resumable runs, tables, figures."""

from .config import PAPER_DATASETS, ExperimentConfig, budget_for_pool, initial_set_size
from .influence_check import InfluenceCheck, add_one_in_check, spearman_r
from .report import render_report
from .runner import run_experiments

__all__ = [
    "PAPER_DATASETS",
    "ExperimentConfig",
    "InfluenceCheck",
    "add_one_in_check",
    "budget_for_pool",
    "initial_set_size",
    "render_report",
    "run_experiments",
    "spearman_r",
]
