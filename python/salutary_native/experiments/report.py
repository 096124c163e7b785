"""Renders a results folder (rounds.csv, influence_check.csv, run.json) into Markdown and PNGs."""

from __future__ import annotations

import csv
import json
import os
from collections import defaultdict

import numpy as np

from .influence_check import spearman_r
from .plots import influence_scatter, learning_curves
from .results import (
    accuracy_by_seed,
    comparison_table,
    final_accuracy_table,
    label_agreement_table,
    read_rows,
    seconds_table,
)


def _influence_checks(path) -> dict:
    if not os.path.exists(path):
        return {}
    by_dataset = defaultdict(lambda: ([], []))
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            by_dataset[row["dataset"]][0].append(float(row["predicted"]))
            by_dataset[row["dataset"]][1].append(float(row["actual"]))
    return {d: (np.array(p), np.array(a), spearman_r(p, a)) for d, (p, a) in by_dataset.items()}


def _rows(out_dir) -> list:
    """The rows of ``out_dir/rounds.csv``, or a FileNotFoundError that says what is missing."""
    out_dir = os.fspath(out_dir)
    if not os.path.isdir(out_dir):
        raise FileNotFoundError(f"no results folder {out_dir}")
    path = os.path.join(out_dir, "rounds.csv")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{out_dir} has no rounds.csv; is it a folder written by 'run' or 'demo'?")
    rows = read_rows(path)
    if not rows:
        raise ValueError(f"{path} holds no rounds")
    return rows


def _run_json(out_dir) -> dict:
    run_path = os.path.join(out_dir, "run.json")
    if not os.path.exists(run_path):
        return {}
    with open(run_path) as f:
        return json.load(f)


def _mean_std(values) -> dict:
    values = [float(v) for v in values]
    return {"mean": float(np.mean(values)), "std": float(np.std(values, ddof=1)) if len(values) > 1 else None}


def summary(out_dir) -> dict:
    """The final-accuracy summary of a results folder, as plain JSON-ready data.

    Parameters
    ----------
    out_dir : str or os.PathLike
        A results folder written by :func:`run_experiments` (``rounds.csv`` is required).

    Returns
    -------
    dict
        ``experiment``, ``folder``, ``rounds``, ``seeds``, ``config`` (from ``run.json``, or
        None), ``final_accuracy`` (dataset → strategy → ``mean``, sample ``std`` (None for one
        seed) and ``by_seed``; the strategy ``initial`` is the model on the initial labeled set)
        and ``influence_spearman`` (dataset → Spearman's r of the add-one-in check, when run).
        Accuracies are fractions in [0, 1].

    Raises
    ------
    FileNotFoundError
        If the folder or its ``rounds.csv`` does not exist.

    Examples
    --------
    >>> import tempfile
    >>> from salutary_native.experiments import ExperimentConfig, run_experiments
    >>> from salutary_native.experiments.report import summary
    >>> config = ExperimentConfig(datasets=("wine",), strategies=("random", "salutary"), rounds=1, seeds=(0,),
    ...                           influence_check_pairs=0, name="tiny")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = run_experiments(config, folder, progress=False)
    ...     result = summary(folder)
    >>> result["experiment"], sorted(result["final_accuracy"]["wine"])
    ('tiny', ['initial', 'random', 'salutary'])
    >>> result["final_accuracy"]["wine"]["salutary"]["std"] is None
    True
    """
    rows = _rows(out_dir)
    run = _run_json(out_dir)
    config = run.get("config")
    first_strategy = rows[0]["strategy"]
    final: dict = {}
    for row in rows:
        if row["round"] == 0 and row["strategy"] == first_strategy:
            final.setdefault(row["dataset"], {}).setdefault("initial", {})[str(row["seed"])] = row["test_accuracy"]
    for (dataset, strategy), by_seed in accuracy_by_seed(rows).items():
        final.setdefault(dataset, {})[strategy] = {str(seed): acc for seed, acc in by_seed.items()}
    final_accuracy = {d: {s: {**_mean_std(v.values()), "by_seed": v} for s, v in per.items()}
                      for d, per in final.items()}
    checks = _influence_checks(os.path.join(out_dir, "influence_check.csv"))
    return {
        "experiment": (config or {}).get("name", os.path.basename(os.path.abspath(out_dir))),
        "folder": os.path.abspath(out_dir),
        "rounds": max(r["round"] for r in rows),
        "seeds": sorted({r["seed"] for r in rows}),
        "final_accuracy": final_accuracy,
        "influence_spearman": {d: (float(r) if np.isfinite(r) else None) for d, (_, _, r) in checks.items()},
        "config": config,
    }


def _controls(out_dir):
    """The control rows of ``controls.csv`` (written by ``run_experiments(..., controls=True)``), or None."""
    path = os.path.join(out_dir, "controls.csv")
    if not os.path.exists(path):
        return None
    from .controls import read_controls

    return read_controls(path)


def render_report(out_dir) -> str:
    """Writes final_accuracy.md, learning_curves.png and influence_vs_actual.png; returns the Markdown.

    The Markdown holds the final-accuracy table, salutary labeling against each baseline, the
    label agreement, the seconds per round and, when ``influence_check.csv`` exists, Spearman's
    r of each dataset's add-one-in check.

    Parameters
    ----------
    out_dir : str or os.PathLike
        A results folder written by :func:`run_experiments` (``rounds.csv`` is required;
        ``run.json`` and ``influence_check.csv`` are used when present).

    Returns
    -------
    str
        The Markdown written to ``final_accuracy.md``.

    Raises
    ------
    FileNotFoundError
        If the folder does not exist or has no ``rounds.csv``.
    ImportError
        If matplotlib is not installed.

    Examples
    --------
    >>> import os, tempfile
    >>> from salutary_native.experiments import ExperimentConfig, render_report, run_experiments
    >>> config = ExperimentConfig(datasets=("wine",), strategies=("random", "salutary"), rounds=1, seeds=(0,),
    ...                           influence_check_pairs=0, name="tiny")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = run_experiments(config, folder, progress=False)
    ...     text = render_report(folder)
    ...     sorted(name for name in os.listdir(folder) if name.endswith((".md", ".png")))
    ['final_accuracy.md', 'learning_curves.png']
    >>> print(text.splitlines()[0])
    # tiny: final test accuracy
    """
    rows = _rows(out_dir)
    run = _run_json(out_dir)
    config = run.get("config", {})
    name = config.get("name", os.path.basename(os.path.abspath(out_dir)))
    checks = _influence_checks(os.path.join(out_dir, "influence_check.csv"))
    seeds = sorted({r["seed"] for r in rows})
    rounds = max(r["round"] for r in rows)
    budgets = sorted({r["budget"] for r in rows})
    parts = [
        f"# {name}: final test accuracy",
        "",
        f"Command: `{run.get('command', '?')}`  ",
        f"Wall time: {run.get('wall_seconds', float('nan')):.1f} s on {run.get('machine', {}).get('cpus', '?')} CPUs "
        f"({run.get('machine', {}).get('platform', '?')}).  ",
        f"Settings: {rounds} rounds, budget {config.get('budget', budgets)} (rows per round: "
        f"{', '.join(map(str, budgets))}), C = {config.get('C', '?')}, hessian_on = {config.get('hessian_on', '?')}, "
        f"validation fraction {config.get('val_fraction', '?')}, test fraction {config.get('test_fraction', '?')}, "
        f"seeds {seeds}.",
        "",
        "Test accuracy (%) after the last round, mean ± sample std over seeds; *initial* is the model on the "
        "initial labeled set. Bold: the best mean in the row.",
        "",
        final_accuracy_table(rows, controls=_controls(out_dir)),
        "",
        "## Salutary labeling against each baseline",
        "",
        comparison_table(rows),
        "",
        "## Label agreement with the ground truth (all rows added over all rounds and seeds)",
        "",
        label_agreement_table(rows),
        "",
        "## Seconds per round",
        "",
        seconds_table(rows),
    ]
    if checks:
        parts += ["", "## Predicted against actual validation-loss change (add-one-in refits)", "",
                  "| dataset | pairs | Spearman r |", "|---|---|---|"]
        parts += [f"| {d} | {len(p)} | {r:.3f} |" for d, (p, a, r) in checks.items()]
        influence_scatter(checks, os.path.join(out_dir, "influence_vs_actual.png"),
                          title=f"{name}: first-order influence against refits")
    learning_curves(rows, os.path.join(out_dir, "learning_curves.png"), title=f"{name}: test accuracy")
    text = "\n".join(parts) + "\n"
    with open(os.path.join(out_dir, "final_accuracy.md"), "w") as f:
        f.write(text)
    return text
