"""Runs an ExperimentConfig: every dataset × seed × strategy, resumable, into one results folder.

Layout of the folder: ``rounds.csv`` (tidy per-round metrics), ``influence_check.csv``
(add-one-in refits), ``run.json`` (the command, the settings, the machine, wall time),
``checkpoints/`` (one state file per run; a rerun skips finished runs and resumes a broken
one), then what ``render_report`` makes from them.

A folder holds one configuration: ``run.json`` is written (with its settings) before the first
run starts, and a later run into the same folder with other settings is refused, so no rows of
``rounds.csv`` or ``influence_check.csv`` are ever replaced by another configuration's. Every
input is checked (datasets load, every split has a pool large enough for the rounds) before the
folder is created, and a folder this call created is removed again when the run fails.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import shutil
import sys
import time
from typing import Dict, List, Optional

from .. import __version__, build_info
from ..datasets import Dataset, load_dataset, load_table
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
        "n_added": len(record.assigned_labels), "abstained": record.abstained,
        "label_agreement": record.label_agreement,
        "class_balance": " ".join(f"{k}:{v}" for k, v in balance.items()),
        "assigned_labels": " ".join(str(v) for v in record.assigned_labels),
        "fit_seconds": record.fit_seconds, "score_seconds": record.score_seconds,
        "select_seconds": record.select_seconds,
    }


def _split(config: ExperimentConfig, data, seed: int):
    n_init = initial_set_size(len(data.y), config.n_init, config.val_fraction, config.test_fraction)
    return split_paper_protocol(data.X, data.y, seed, n_init=n_init, val_fraction=config.val_fraction,
                                test_fraction=config.test_fraction)


def _load(config: ExperimentConfig, name: str) -> Dataset:
    for table, path, label in config.tables:
        if table == name:
            return load_table(path, label, name=name)
    return load_dataset(name)


def load_inputs(config: ExperimentConfig) -> Dict[str, Dataset]:
    """Load every dataset of ``config`` and check that each seed's split leaves a pool for every round.

    Parameters
    ----------
    config : ExperimentConfig
        The settings to check.

    Returns
    -------
    dict of str to Dataset
        Each dataset of ``config.datasets``, loaded.

    Raises
    ------
    ValueError
        If a dataset is unknown, a user table cannot be read (missing label column, bad cell),
        a dataset is too small for the split, or ``rounds × budget`` exceeds a pool.
    FileNotFoundError
        If a user table does not exist.
    ImportError
        If a dataset needs scikit-learn (or a Parquet table pandas and pyarrow) and it is missing.

    Examples
    --------
    >>> from salutary_native.experiments import ExperimentConfig
    >>> from salutary_native.experiments.runner import load_inputs
    >>> sorted(load_inputs(ExperimentConfig(datasets=("wine",), rounds=5, budget=5, seeds=(0,))))
    ['wine']
    >>> load_inputs(ExperimentConfig(datasets=("wine",), rounds=20, budget=5, seeds=(0,)))
    Traceback (most recent call last):
    ...
    ValueError: wine, seed 0: 20 rounds × 5 rows per round need 100 pool rows; its pool has 53
    """
    data = {}
    for dataset in config.datasets:
        data[dataset] = _load(config, dataset)
        for seed in config.seeds:
            try:
                split = _split(config, data[dataset], seed)
            except ValueError as exc:
                raise ValueError(f"{dataset}, seed {seed}: {exc}") from None
            n_pool = len(split.y_pool)
            budget = budget_for_pool(config.budget, n_pool)
            if config.rounds * budget > n_pool:
                raise ValueError(f"{dataset}, seed {seed}: {config.rounds} rounds × {budget} rows per round need "
                                 f"{config.rounds * budget} pool rows; its pool has {n_pool}")
    return data


#: The file ``run_experiments(..., controls=True)`` writes (see :mod:`.controls`).
CONTROLS_FILE = "controls.csv"

_OURS = ("run.json", "rounds.csv", "influence_check.csv", "checkpoints")


def check_folder(config: ExperimentConfig, out_dir) -> bool:
    """Check that ``out_dir`` may receive ``config``'s results; True when it already holds them (a resume).

    A missing folder, or one holding none of the files a run writes, may receive any config; a
    results folder only the configuration recorded in its ``run.json``.

    Parameters
    ----------
    config : ExperimentConfig
        The settings of the new run.
    out_dir : str or os.PathLike
        The results folder.

    Returns
    -------
    bool
        True when the folder holds results of the same configuration.

    Raises
    ------
    ValueError
        If the folder holds results of another configuration, results without a readable
        ``run.json``, or ``out_dir`` is a file.

    Examples
    --------
    >>> import tempfile
    >>> from salutary_native.experiments import ExperimentConfig
    >>> from salutary_native.experiments.runner import check_folder
    >>> check_folder(ExperimentConfig(datasets=("wine",)), tempfile.mkdtemp())
    False
    """
    out_dir = os.fspath(out_dir)
    if not os.path.exists(out_dir):
        return False
    if not os.path.isdir(out_dir):
        raise ValueError(f"{out_dir} exists and is not a folder")
    present = [name for name in _OURS if os.path.exists(os.path.join(out_dir, name))]
    if not present:
        return False
    run_path = os.path.join(out_dir, "run.json")
    try:
        with open(run_path) as f:
            stored = json.load(f)["config"]
        if not isinstance(stored, dict):
            raise TypeError("config is not a mapping")
    except FileNotFoundError:
        raise ValueError(f"{out_dir} holds results ({', '.join(present)}) but no run.json that says of which "
                         "settings; choose another results folder") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{run_path} cannot be read ({exc}); choose another results folder") from None
    differences = config.differences(stored)
    if differences:
        raise ValueError(f"{out_dir} holds results of another configuration ({'; '.join(differences)}); "
                         "rerun with its settings to resume it, or choose another results folder")
    return True


def _write_atomically(path, write) -> None:
    """Call ``write(file)`` on a temporary file next to ``path``, then rename it over ``path``."""
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp, "w", newline="") as f:
            write(f)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _write_run_json(out_dir, run: dict) -> None:
    _write_atomically(os.path.join(out_dir, "run.json"), lambda f: json.dump(run, f, indent=2, default=str))


def _earlier_checks(path) -> Dict[str, List[dict]]:
    """Rows of an existing influence_check.csv by dataset (as read, text)."""
    if not os.path.exists(path):
        return {}
    by_dataset: Dict[str, List[dict]] = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            by_dataset.setdefault(row["dataset"], []).append(row)
    return by_dataset


def run_experiments(config: ExperimentConfig, out_dir, *, progress: Optional[bool] = None,
                    command: Optional[str] = None, controls: bool = False) -> List[dict]:
    """Run (or resume) every run of the config; writes the CSVs and run.json, returns the round rows.

    Every dataset × seed × strategy is one active-learning run of ``config.rounds`` rounds on
    the seed's paper split, checkpointed after every round under ``out_dir/checkpoints``; a
    finished run is read back from its checkpoint and a broken one resumes where it stopped.

    Parameters
    ----------
    config : ExperimentConfig
        What to run.
    out_dir : str or os.PathLike
        The results folder: created (with its parents) once every input has been checked, and
        removed again if this call created it and the run fails; an existing one must hold the
        same configuration (see :func:`check_folder`) or nothing a run writes.
    progress : bool, optional
        Draw a progress bar; None draws one when stderr is a terminal.
    command : str, optional
        The command recorded in ``run.json``; default ``sys.argv`` joined.
    controls : bool, default=False
        Also write ``controls.csv``: the controls without active learning of every dataset × seed
        (see :mod:`salutary_native.experiments.controls`). Off, nothing else changes.

    Returns
    -------
    list of dict
        One row per (dataset, seed, strategy, round), keyed by
        :data:`salutary_native.experiments.results.COLUMNS` (round 0 is the initial model).

    Raises
    ------
    ValueError
        If a dataset name is unknown, a user table cannot be read, a dataset is too small for the
        split or for the rounds (see :func:`load_inputs`), or ``out_dir`` holds another
        configuration's results.
    FileNotFoundError
        If a user table does not exist.
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
    out_dir = os.fspath(out_dir)
    check_folder(config, out_dir)
    data = load_inputs(config)
    created = _missing_ancestor(out_dir)
    try:
        rows = _run(config, out_dir, data, progress, command)
    except Exception:
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        raise
    if controls:  # after the runs: a failure here leaves their finished results in place
        _write_controls(config, out_dir, data)
    return rows


def _missing_ancestor(path) -> Optional[str]:
    """The outermost folder of ``path`` (itself included) that does not exist yet, or None."""
    path = os.path.abspath(path)
    missing = None
    while not os.path.exists(path):
        missing = path
        parent = os.path.dirname(path)
        if parent == path:
            break
        path = parent
    return missing


def _run(config: ExperimentConfig, out_dir: str, data: Dict[str, Dataset], progress, command) -> List[dict]:
    os.makedirs(os.path.join(out_dir, "checkpoints"), exist_ok=True)
    start = time.perf_counter()
    earlier_seconds = 0.0
    try:
        with open(os.path.join(out_dir, "run.json")) as f:
            earlier_seconds = float(json.load(f).get("wall_seconds", 0.0))
    except (OSError, ValueError, TypeError, AttributeError):
        pass
    run = {
        "command": command or " ".join(sys.argv),
        "config": config.to_dict(),
        "complete": False,
        "wall_seconds": earlier_seconds,
        "salutary_native": __version__,
        "build": build_info(),
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "cpus": os.cpu_count()},
    }
    _write_run_json(out_dir, run)
    check_path = os.path.join(out_dir, "influence_check.csv")
    earlier_checks = _earlier_checks(check_path)
    rows: List[dict] = []
    checks: List[dict] = []
    total = len(config.datasets) * len(config.seeds) * len(config.strategies) * (config.rounds + 1)
    with ProgressBar(total, config.name, enabled=progress) as bar:
        for dataset in config.datasets:
            for seed in config.seeds:
                split = _split(config, data[dataset], seed)
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
            if not config.influence_check_pairs:
                continue
            if dataset in earlier_checks:  # the same settings wrote them: keep them as they are
                checks.extend(earlier_checks[dataset])
                continue
            check = add_one_in_check(_split(config, data[dataset], config.seeds[0]), C=config.C,
                                     n_pairs=config.influence_check_pairs, seed=config.seeds[0],
                                     hessian_on=config.hessian_on, damping=config.damping)
            checks.extend({"dataset": dataset, "pool_row": int(r), "label": lab, "predicted": p, "actual": a}
                          for r, lab, p, a in zip(check.pool_rows, check.labels.tolist(), check.predicted,
                                                  check.actual))
            # Each dataset's refits are kept as soon as they are done, with those read back that are still ahead.
            ahead = config.datasets[config.datasets.index(dataset) + 1:]
            _write_checks(check_path, checks + [r for d in ahead for r in earlier_checks.get(d, ())])
    rounds_path = os.path.join(out_dir, "rounds.csv")
    tmp = f"{rounds_path}.tmp{os.getpid()}"
    try:
        write_rows(tmp, rows)
        os.replace(tmp, rounds_path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    if checks:
        _write_checks(check_path, checks)
    # Wall time summed over the calls that wrote this folder (a resume adds its own).
    run.update(complete=True, wall_seconds=round(earlier_seconds + time.perf_counter() - start, 2))
    _write_run_json(out_dir, run)
    return rows


def _write_controls(config: ExperimentConfig, out_dir: str, data: Dict[str, Dataset]) -> None:
    from .controls import control_rows, write_controls

    rows = control_rows(config, data)
    _write_atomically(os.path.join(out_dir, CONTROLS_FILE), lambda f: write_controls(f, rows))


def _write_checks(path, checks: List[dict]) -> None:
    def write(f):
        writer = csv.DictWriter(f, fieldnames=INFLUENCE_COLUMNS)
        writer.writeheader()
        writer.writerows({k: (f"{v:.10g}" if isinstance(v, float) else v) for k, v in c.items()} for c in checks)

    _write_atomically(path, write)
