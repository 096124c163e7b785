"""Renders a results folder (rounds.csv, influence_check.csv, run.json) into Markdown and PNGs."""

from __future__ import annotations

import csv
import json
import os
from collections import defaultdict

import numpy as np

from .influence_check import spearman_r
from .plots import influence_scatter, learning_curves
from .results import comparison_table, final_accuracy_table, label_agreement_table, read_rows, seconds_table


def _influence_checks(path) -> dict:
    if not os.path.exists(path):
        return {}
    by_dataset = defaultdict(lambda: ([], []))
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            by_dataset[row["dataset"]][0].append(float(row["predicted"]))
            by_dataset[row["dataset"]][1].append(float(row["actual"]))
    return {d: (np.array(p), np.array(a), spearman_r(p, a)) for d, (p, a) in by_dataset.items()}


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
        If the folder has no ``rounds.csv``.
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
    rows = read_rows(os.path.join(out_dir, "rounds.csv"))
    run_path = os.path.join(out_dir, "run.json")
    run = json.load(open(run_path)) if os.path.exists(run_path) else {}
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
        final_accuracy_table(rows),
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
