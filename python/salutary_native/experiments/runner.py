"""Runs an ExperimentConfig: every dataset × seed × strategy, resumable, into one results folder.

Layout of the folder: ``rounds.csv`` (tidy per-round metrics), ``influence_check.csv``
(add-one-in refits), ``run.json`` (the command, the settings, the machine, wall time),
``checkpoints/`` (one state file per run; a rerun skips finished runs and resumes a broken
one), then what ``render_report`` makes from them.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import sys
import time
from typing import List, Optional

from .. import __version__, build_info
from ..datasets import load_dataset
from ..estimator import LogisticRegression
from ..learner import ActiveLearner
from ..paper_split import split_paper_protocol
from ..progress import ProgressBar
from .config import ExperimentConfig, budget_for_pool, initial_set_size
from .influence_check import add_one_in_check
from .results import write_rows

INFLUENCE_COLUMNS = ("dataset", "pool_row", "label", "predicted", "actual")


def _round_row(config: ExperimentConfig, dataset: str, strategy: str, seed: int, split, budget: int, record) -> dict:
    balance = record.class_balance()
    return {
        "experiment": config.name, "dataset": dataset, "strategy": strategy, "seed": seed,
        "round": record.round, "n_labeled": record.n_labeled, "n_init": len(split.y_train),
        "n_pool": len(split.y_pool), "budget": budget, "val_fraction": config.val_fraction,
        "hessian_on": config.hessian_on, "C": config.C, "test_accuracy": record.test_accuracy,
        "test_loss": record.test_loss, "val_accuracy": record.val_accuracy, "val_loss": record.val_loss,
        "n_added": len(record.assigned_labels), "label_agreement": record.label_agreement,
        "class_balance": " ".join(f"{k}:{v}" for k, v in balance.items()),
        "assigned_labels": " ".join(str(v) for v in record.assigned_labels),
        "fit_seconds": record.fit_seconds, "score_seconds": record.score_seconds,
        "select_seconds": record.select_seconds,
    }


def _split(config: ExperimentConfig, data, seed: int):
    n_init = initial_set_size(len(data.y), config.n_init, config.val_fraction, config.test_fraction)
    return split_paper_protocol(data.X, data.y, seed, n_init=n_init, val_fraction=config.val_fraction,
                                test_fraction=config.test_fraction)


def run_experiments(config: ExperimentConfig, out_dir, *, progress: Optional[bool] = None,
                    command: Optional[str] = None) -> List[dict]:
    """Run (or resume) every run of the config; writes the CSVs and run.json, returns the round rows.

    Every dataset × seed × strategy is one active-learning run of ``config.rounds`` rounds on
    the seed's paper split, checkpointed after every round under ``out_dir/checkpoints``; a
    finished run is read back from its checkpoint and a broken one resumes where it stopped.

    Parameters
    ----------
    config : ExperimentConfig
        What to run.
    out_dir : str or os.PathLike
        The results folder (created if needed).
    progress : bool, optional
        Draw a progress bar; None draws one when stderr is a terminal.
    command : str, optional
        The command recorded in ``run.json``; default ``sys.argv`` joined.

    Returns
    -------
    list of dict
        One row per (dataset, seed, strategy, round), keyed by
        :data:`salutary_native.experiments.results.COLUMNS` (round 0 is the initial model).

    Raises
    ------
    ValueError
        If a dataset name is unknown or a dataset is too small for the split.
    ImportError
        If a dataset or strategy needs scikit-learn and it is not installed.

    Examples
    --------
    >>> import os, tempfile
    >>> from salutary_native.experiments import ExperimentConfig, run_experiments
    >>> config = ExperimentConfig(datasets=("wine",), strategies=("random", "salutary"), rounds=2, budget=5,
    ...                           seeds=(0,), influence_check_pairs=0)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     rows = run_experiments(config, folder, progress=False)
    ...     sorted(os.listdir(folder))
    ['checkpoints', 'rounds.csv', 'run.json']
    >>> [(row["round"], row["n_labeled"]) for row in rows if row["strategy"] == "salutary"]
    [(0, 53), (1, 58), (2, 63)]
    """
    os.makedirs(os.path.join(out_dir, "checkpoints"), exist_ok=True)
    start = time.perf_counter()
    rows: List[dict] = []
    checks = []
    total = len(config.datasets) * len(config.seeds) * len(config.strategies) * (config.rounds + 1)
    with ProgressBar(total, config.name, enabled=progress) as bar:
        for dataset in config.datasets:
            data = load_dataset(dataset)
            for seed in config.seeds:
                split = _split(config, data, seed)
                budget = budget_for_pool(config.budget, len(split.y_pool))
                for strategy in config.strategies:
                    learner = ActiveLearner.from_split(
                        split, strategy=strategy, estimator=LogisticRegression(C=config.C, warm_start=True),
                        budget=budget, seed=seed, hessian_on=config.hessian_on, damping=config.damping,
                        checkpoint=os.path.join(out_dir, "checkpoints", f"{dataset}__{strategy}__seed{seed}.npz"))
                    done = len(learner.records)
                    bar.update(done, f"{dataset} {strategy} seed {seed}")
                    records = learner.run(config.rounds, progress=False,
                                          on_round=lambda r, d=dataset, s=strategy, sd=seed:
                                          bar.update(1, f"{d} {s} seed {sd}"))
                    rows.extend(_round_row(config, dataset, strategy, seed, split, budget, r) for r in records)
            if config.influence_check_pairs:
                check = add_one_in_check(_split(config, data, config.seeds[0]), C=config.C,
                                         n_pairs=config.influence_check_pairs, seed=config.seeds[0],
                                         hessian_on=config.hessian_on, damping=config.damping)
                checks.extend({"dataset": dataset, "pool_row": int(r), "label": lab, "predicted": p, "actual": a}
                              for r, lab, p, a in zip(check.pool_rows, check.labels.tolist(), check.predicted,
                                                      check.actual))
    write_rows(os.path.join(out_dir, "rounds.csv"), rows)
    if checks:
        with open(os.path.join(out_dir, "influence_check.csv"), "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=INFLUENCE_COLUMNS)
            writer.writeheader()
            writer.writerows({k: (f"{v:.10g}" if isinstance(v, float) else v) for k, v in c.items()} for c in checks)
    run = {
        "command": command or " ".join(sys.argv),
        "config": config.to_dict(),
        "wall_seconds": round(time.perf_counter() - start, 2),
        "salutary_native": __version__,
        "build": build_info(),
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "cpus": os.cpu_count()},
    }
    with open(os.path.join(out_dir, "run.json"), "w") as f:
        json.dump(run, f, indent=2, default=str)
    return rows
