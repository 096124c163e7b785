"""The tidy per-round CSV and the tables made from it (the paper's Table 1 layout).

The paired comparison's t quantiles come from ``scipy.stats`` (imported when first needed).
"""

from __future__ import annotations

import csv
import logging
import math
from collections import defaultdict
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..datasets._optional_import import import_optional

logger = logging.getLogger("salutary_native")

#: Columns of rounds.csv, one row per (dataset, strategy, seed, round).
COLUMNS = ("experiment", "dataset", "strategy", "seed", "round", "n_labeled", "n_init", "n_pool", "budget",
           "val_fraction", "hessian_on", "C", "test_accuracy", "test_loss", "val_accuracy", "val_loss",
           "n_added", "abstained", "label_agreement", "class_balance", "assigned_labels", "fit_seconds",
           "score_seconds", "select_seconds")
_TEXT = {"experiment", "dataset", "strategy", "hessian_on", "class_balance", "assigned_labels"}
_INTEGER = {"seed", "round", "n_labeled", "n_init", "n_pool", "budget", "n_added", "abstained"}
#: Integer columns added after the first CSVs were written: a file without one reads it as 0.
_ADDED_LATER = ("abstained",)

#: The verdict of a comparison with fewer than two common seeds (no interval can be formed).
NO_VERDICT = "n/a"


def t_quantile_95(dof: int) -> float:
    """The two-sided 95% Student t quantile (the 0.975 quantile) for ``dof`` degrees of freedom.

    Parameters
    ----------
    dof : int
        Degrees of freedom, at least 1.

    Returns
    -------
    float
        ``scipy.stats.t.ppf(0.975, dof)``.

    Raises
    ------
    ImportError
        If scipy is not installed.

    Examples
    --------
    >>> from salutary_native.experiments.results import t_quantile_95
    >>> round(t_quantile_95(1), 3), round(t_quantile_95(4), 3), round(t_quantile_95(10**6), 3)
    (12.706, 2.776, 1.96)
    """
    stats = import_optional("scipy.stats", purpose="the paired t-interval of the comparison table",
                            install_hint="pip install scipy")
    return float(stats.t.ppf(0.975, dof))


def write_rows(path, rows: Sequence[dict]) -> None:
    """Write round rows to a CSV with the :data:`COLUMNS` header (floats to 10 significant digits).

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file to (over)write.
    rows : sequence of dict
        Rows keyed by names from :data:`COLUMNS`; a missing key is written empty.

    Raises
    ------
    ValueError
        If a row has a key that is not in :data:`COLUMNS`.

    Examples
    --------
    >>> import os, tempfile
    >>> from salutary_native.experiments.results import COLUMNS, read_rows, write_rows
    >>> row = dict.fromkeys(COLUMNS, 0)
    >>> row.update(dataset="wine", strategy="random", test_accuracy=0.9)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_rows(os.path.join(folder, "rounds.csv"), [row])
    ...     back = read_rows(os.path.join(folder, "rounds.csv"))[0]
    >>> back["dataset"], back["round"], back["test_accuracy"]
    ('wine', 0, 0.9)
    """
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: (f"{v:.10g}" if isinstance(v, float) else v) for k, v in row.items()})


def read_rows(path) -> List[dict]:
    """Read a CSV written by :func:`write_rows`, with integer, float and text columns typed.

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file.

    Returns
    -------
    list of dict
        One dict per row; an empty float cell reads as NaN, and an ``abstained`` column that
        the file lacks (one written before it existed) reads as 0.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.

    Examples
    --------
    >>> import os, tempfile
    >>> from salutary_native.experiments.results import COLUMNS, read_rows, write_rows
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_rows(os.path.join(folder, "rounds.csv"), [dict.fromkeys(COLUMNS, 1)])
    ...     row = read_rows(os.path.join(folder, "rounds.csv"))[0]
    >>> row["seed"], row["C"], row["dataset"]
    (1, 1.0, '1')
    """
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        for key in _ADDED_LATER:
            row.setdefault(key, "0")
        for key, value in row.items():
            if key in _INTEGER:
                row[key] = int(value)
            elif key not in _TEXT:
                row[key] = float(value) if value != "" else float("nan")
    return rows


def final_rounds(rows: Sequence[dict]) -> Dict[tuple, dict]:
    """(dataset, strategy, seed) → the row of its last round.

    Parameters
    ----------
    rows : sequence of dict
        Round rows with ``dataset``, ``strategy``, ``seed`` and ``round``.

    Returns
    -------
    dict of tuple to dict
        The row with the highest ``round`` of each run.

    Examples
    --------
    >>> from salutary_native.experiments.results import final_rounds
    >>> rows = [{"dataset": "wine", "strategy": s, "seed": 0, "round": r, "test_accuracy": a}
    ...         for s, r, a in [("salutary", 0, 0.90), ("salutary", 1, 0.95), ("random", 0, 0.90), ("random", 1, 0.92)]]
    >>> {key: row["round"] for key, row in final_rounds(rows).items()}
    {('wine', 'salutary', 0): 1, ('wine', 'random', 0): 1}
    """
    last: Dict[tuple, dict] = {}
    for row in rows:
        key = (row["dataset"], row["strategy"], row["seed"])
        if key not in last or row["round"] > last[key]["round"]:
            last[key] = row
    return last


def _ordered(values) -> list:
    return list(dict.fromkeys(values))


def accuracy_by_seed(rows: Sequence[dict]) -> Dict[tuple, Dict[int, float]]:
    """(dataset, strategy) → {seed: final test accuracy}.

    Parameters
    ----------
    rows : sequence of dict
        Round rows with ``dataset``, ``strategy``, ``seed``, ``round`` and ``test_accuracy``.

    Returns
    -------
    dict of tuple to dict
        The test accuracy after the last round of each run, grouped by (dataset, strategy).

    Examples
    --------
    >>> from salutary_native.experiments.results import accuracy_by_seed
    >>> rows = [{"dataset": "wine", "strategy": s, "seed": 0, "round": r, "test_accuracy": a}
    ...         for s, r, a in [("salutary", 0, 0.90), ("salutary", 1, 0.95), ("random", 0, 0.90), ("random", 1, 0.92)]]
    >>> dict(accuracy_by_seed(rows))
    {('wine', 'salutary'): {0: 0.95}, ('wine', 'random'): {0: 0.92}}
    """
    out: Dict[tuple, Dict[int, float]] = defaultdict(dict)
    for (dataset, strategy, seed), row in final_rounds(rows).items():
        out[(dataset, strategy)][seed] = row["test_accuracy"]
    return out


def final_accuracy_table(rows: Sequence[dict], controls: Optional[Sequence[dict]] = None) -> str:
    """Markdown: final test accuracy (%) mean ± std over seeds, datasets × strategies; best mean in bold.

    The *initial* column is the round-0 accuracy (the model on the initial labeled set).

    Parameters
    ----------
    rows : sequence of dict
        Round rows with ``dataset``, ``strategy``, ``seed``, ``round`` and ``test_accuracy``.
    controls : sequence of dict, optional
        Rows of :func:`salutary_native.experiments.controls.control_rows` (or read back from
        ``controls.csv``): adds a *cv_C* and a *train_on_validation* column after *initial*.
        The controls are not strategies and are never bold. None (default) leaves the table as it was.

    Returns
    -------
    str
        A Markdown table, one line per dataset.

    Examples
    --------
    >>> from salutary_native.experiments.results import final_accuracy_table
    >>> rows = [{"dataset": "wine", "strategy": s, "seed": 0, "round": r, "test_accuracy": a}
    ...         for s, r, a in [("salutary", 0, 0.90), ("salutary", 1, 0.95), ("random", 0, 0.90), ("random", 1, 0.92)]]
    >>> print(final_accuracy_table(rows))
    | dataset | initial | salutary | random |
    |---|---|---|---|
    | wine | 90.00 ± 0.00 | **95.00 ± 0.00** | 92.00 ± 0.00 |
    """
    datasets, strategies = _ordered(r["dataset"] for r in rows), _ordered(r["strategy"] for r in rows)
    acc = accuracy_by_seed(rows)
    initial = defaultdict(list)
    for row in rows:
        if row["round"] == 0 and row["strategy"] == strategies[0]:
            initial[row["dataset"]].append(row["test_accuracy"])
    extra = ("cv_C", "train_on_validation") if controls is not None else ()
    lines = ["| dataset | initial | " + "".join(f"{c} | " for c in extra) + " | ".join(strategies) + " |",
             "|---|---|" + "---|" * (len(extra) + len(strategies))]
    for dataset in datasets:
        means = {s: np.mean(list(acc[(dataset, s)].values())) for s in strategies if acc.get((dataset, s))}
        best = max(means.values()) if means else None
        cells = []
        for s in strategies:
            values = list(acc.get((dataset, s), {}).values())
            if not values:
                cells.append("—")
                continue
            cell = percent_cell(values)
            cells.append(f"**{cell}**" if np.isclose(means[s], best) else cell)
        init = initial[dataset]
        init_cell = percent_cell(init)
        control_cells = ""
        for c in extra:
            values = [r["test_accuracy"] for r in controls if r["dataset"] == dataset and r["control"] == c]
            control_cells += f"{percent_cell(values)} | " if values else "— | "
        lines.append(f"| {dataset} | {init_cell} | {control_cells}" + " | ".join(cells) + " |")
    return "\n".join(lines)


def percent_cell(values) -> str:
    """``"mean ± std"`` of fractions as percentages (sample std; 0 for a single value), 2 decimals.

    Examples
    --------
    >>> percent_cell([0.9, 0.95])
    '92.50 ± 3.54'
    """
    return f"{100 * np.mean(values):.2f} ± {100 * np.std(values, ddof=1) if len(values) > 1 else 0:.2f}"


def paired_outcome(ours: Dict[int, float], theirs: Dict[int, float]) -> str:
    """'win', 'tie' or 'loss': the paired per-seed difference's 95% t-interval excludes 0 or not.

    With fewer than two common seeds there is no interval and no verdict: ``"n/a"``.

    Parameters
    ----------
    ours, theirs : dict of int to float
        Seed to final accuracy of two strategies; only the common seeds are paired.

    Returns
    -------
    str
        ``"win"`` when the interval lies above 0, ``"loss"`` below, ``"tie"`` when it holds 0,
        ``"n/a"`` with fewer than two common seeds.

    Examples
    --------
    >>> from salutary_native.experiments.results import paired_outcome
    >>> paired_outcome({0: 0.90, 1: 0.92, 2: 0.95}, {0: 0.80, 1: 0.85, 2: 0.83})
    'win'
    >>> paired_outcome({0: 0.90, 1: 0.80}, {0: 0.85, 1: 0.86})
    'tie'
    >>> paired_outcome({0: 0.95}, {0: 0.90})
    'n/a'
    """
    interval = paired_interval(ours, theirs)
    if interval is None:
        return NO_VERDICT
    _, low, high, _ = interval
    if low > 0:
        return "win"
    if high < 0:
        return "loss"
    return "tie"


def paired_interval(ours: Dict[int, float], theirs: Dict[int, float]) -> Optional[Tuple[float, float, float, int]]:
    """The 95% t-interval of the paired per-seed difference ``ours − theirs`` (the rule of :func:`paired_outcome`).

    Parameters
    ----------
    ours, theirs : dict of int to float
        Seed to value (final accuracy, say) of two runs; only the common seeds are paired.

    Returns
    -------
    tuple of (float, float, float, int) or None
        ``(mean, low, high, n)``: the mean difference, the interval's ends
        (``mean ∓ t₀.₉₇₅(n−1)·s/√n`` with ``s`` the sample std of the differences) and the number
        of common seeds; None with fewer than two common seeds.

    Examples
    --------
    >>> from salutary_native.experiments.results import paired_interval
    >>> mean, low, high, n = paired_interval({0: 0.90, 1: 0.92, 2: 0.95}, {0: 0.80, 1: 0.85, 2: 0.83})
    >>> round(mean, 4), round(low, 4), round(high, 4), n
    (0.0967, 0.0342, 0.1592, 3)
    >>> paired_interval({0: 0.95}, {0: 0.90}) is None
    True
    """
    seeds = sorted(set(ours) & set(theirs))
    diff = np.array([ours[s] - theirs[s] for s in seeds])
    if len(diff) < 2:
        return None
    half_width = t_quantile_95(len(diff) - 1) * diff.std(ddof=1) / math.sqrt(len(diff))
    mean = float(diff.mean())
    return mean, float(mean - half_width), float(mean + half_width), len(diff)


def comparison_table(rows: Sequence[dict], method: str = "salutary") -> str:
    """Markdown: per dataset and baseline, the method's paired outcome and mean difference (points).

    Parameters
    ----------
    rows : sequence of dict
        Round rows with ``dataset``, ``strategy``, ``seed``, ``round`` and ``test_accuracy``.
    method : str, default="salutary"
        The strategy compared with every other one.

    Returns
    -------
    str
        A Markdown table and a line counting wins, ties and losses (see :func:`paired_outcome`);
        cells with fewer than two common seeds read ``n/a`` and are counted apart.

    Examples
    --------
    >>> from salutary_native.experiments.results import comparison_table
    >>> rows = [{"dataset": "wine", "strategy": s, "seed": 0, "round": r, "test_accuracy": a}
    ...         for s, r, a in [("salutary", 0, 0.90), ("salutary", 1, 0.95), ("random", 0, 0.90), ("random", 1, 0.92)]]
    >>> table = comparison_table(rows).splitlines()
    >>> print(table[2])
    | wine | n/a (+3.00) |
    >>> print(table[-1].split(" (paired")[0])
    Over all cells: 0 wins, 0 ties, 0 losses, 1 n/a (fewer than two seeds) for salutary
    """
    datasets, strategies = _ordered(r["dataset"] for r in rows), _ordered(r["strategy"] for r in rows)
    baselines = [s for s in strategies if s != method]
    acc = accuracy_by_seed(rows)
    lines = [f"| dataset | {method} vs " + " | ".join(baselines) + " |", "|---|" + "---|" * len(baselines)]
    totals = defaultdict(int)
    for dataset in datasets:
        ours = acc.get((dataset, method), {})
        cells = []
        for b in baselines:
            theirs = acc.get((dataset, b), {})
            if not ours or not theirs:
                cells.append("—")
                continue
            outcome = paired_outcome(ours, theirs)
            totals[outcome] += 1
            delta = 100 * (np.mean(list(ours.values())) - np.mean(list(theirs.values())))
            cells.append(f"{outcome} ({delta:+.2f})")
        lines.append(f"| {dataset} | " + " | ".join(cells) + " |")
    lines.append("")
    undecided = f", {totals[NO_VERDICT]} n/a (fewer than two seeds)" if totals[NO_VERDICT] else ""
    if totals[NO_VERDICT]:
        logger.info("comparison table: %d cells have fewer than two common seeds and no verdict",
                    totals[NO_VERDICT])
    lines.append(f"Over all cells: {totals['win']} wins, {totals['tie']} ties, {totals['loss']} losses{undecided} "
                 f"for {method} (paired over seeds, 95% t-interval of the accuracy difference; the number is the "
                 "mean difference in percentage points).")
    return "\n".join(lines)


def label_agreement_table(rows: Sequence[dict]) -> str:
    """Markdown: fraction of assigned labels equal to the ground truth, over every added row.

    Parameters
    ----------
    rows : sequence of dict
        Round rows with ``dataset``, ``strategy``, ``n_added`` and ``label_agreement``.

    Returns
    -------
    str
        A Markdown table, datasets × strategies (``—`` where no row was added).

    Examples
    --------
    >>> from salutary_native.experiments.results import label_agreement_table
    >>> rows = [{"dataset": "wine", "strategy": "salutary", "n_added": n, "label_agreement": a}
    ...         for n, a in [(0, float("nan")), (10, 0.9), (10, 0.7)]]
    >>> print(label_agreement_table(rows))
    | dataset | salutary |
    |---|---|
    | wine | 80.0% |
    """
    datasets, strategies = _ordered(r["dataset"] for r in rows), _ordered(r["strategy"] for r in rows)
    lines = ["| dataset | " + " | ".join(strategies) + " |", "|---|" + "---|" * len(strategies)]
    for dataset in datasets:
        cells = []
        for s in strategies:
            picked = [r for r in rows if r["dataset"] == dataset and r["strategy"] == s and r["n_added"] > 0]
            n = sum(r["n_added"] for r in picked)
            agree = sum(r["label_agreement"] * r["n_added"] for r in picked if not math.isnan(r["label_agreement"]))
            cells.append(f"{100 * agree / n:.1f}%" if n else "—")
        lines.append(f"| {dataset} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def seconds_table(rows: Sequence[dict]) -> str:
    """Markdown: seconds per round spent fitting, scoring and selecting, mean over rounds ≥ 1 and seeds.

    Parameters
    ----------
    rows : sequence of dict
        Round rows with ``strategy``, ``round``, ``fit_seconds``, ``score_seconds`` and
        ``select_seconds``.

    Returns
    -------
    str
        A Markdown table, one line per strategy.

    Examples
    --------
    >>> from salutary_native.experiments.results import seconds_table
    >>> rows = [{"strategy": "random", "round": r, "fit_seconds": f, "score_seconds": 0.0, "select_seconds": 0.001}
    ...         for r, f in [(0, 9.0), (1, 0.02), (2, 0.04)]]
    >>> print(seconds_table(rows))
    | strategy | fit s/round | score s/round | select s/round |
    |---|---|---|---|
    | random | 0.0300 | 0.0000 | 0.0010 |
    """
    strategies = _ordered(r["strategy"] for r in rows)
    lines = ["| strategy | fit s/round | score s/round | select s/round |", "|---|---|---|---|"]
    for s in strategies:
        picked = [r for r in rows if r["strategy"] == s and r["round"] > 0]
        means = [np.mean([r[k] for r in picked]) for k in ("fit_seconds", "score_seconds", "select_seconds")]
        lines.append(f"| {s} | " + " | ".join(f"{m:.4f}" for m in means) + " |")
    return "\n".join(lines)
