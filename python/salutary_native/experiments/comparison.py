"""Label-free strategies against every other strategy and the controls: ``comparison.md`` and a summary.

A strategy is *label-free* when it assigns the labels of the rows it adds itself instead of
buying their true labels: by name, ``"salutary"`` and every strategy whose name starts with
``"salutary_"`` (see :func:`is_label_free`). The rule is a name rule on purpose: a label
agreement below 100% is not a definition (a label-free strategy may happen to agree on every
row, and a noisy annotator would not).

For one results folder (``rounds.csv``, and ``controls.csv`` when present),
:func:`compare_folder` gathers, for every label-free strategy:

- the paired outcome (win, tie or loss) of its final test accuracy against every other strategy
  of the folder and every control of ``controls.csv`` (``initial``, ``cv_C``,
  ``train_on_validation``), per dataset: the 95% t-interval over seeds of the difference, the
  rule and the code of :func:`salutary_native.experiments.results.paired_outcome`;
- per dataset the 95% t-interval of its final minus its initial test accuracy (each run's round
  0, paired over seeds), flagged when the interval lies below 0;
- its label agreement with the ground truth and the rows it abstained on out of the rows it was
  offered (budget × rounds; a missing ``abstained`` column counts as 0).

:func:`render_comparison` writes them to ``comparison.md``; :func:`summary_table` puts several
folders side by side. From the command line::

    python -m salutary_native.experiments.comparison FOLDER [FOLDER ...] [--out FILE]

writes ``comparison.md`` in each folder and prints the combined summary (or writes it to FILE).
Nothing here is tuned: the numbers are read from the folders as they are.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from .results import NO_VERDICT, accuracy_by_seed, paired_interval, paired_outcome, read_rows

#: The baselines that rank the pool by the model's uncertainty and buy the true labels.
UNCERTAINTY_BASELINES = ("entropy", "margin", "least_confident")
#: The baselines that choose rows by (estimated) influence and buy the true labels.
ORACLE_BASELINES = ("oracle_influence", "isla", "pred_infl")
#: The controls of ``controls.csv`` in table order (see :mod:`salutary_native.experiments.controls`).
CONTROL_NAMES = ("initial", "cv_C", "train_on_validation")

#: Opponent groups of the summary line, in the order they are reported.
GROUPS = ("random and label-free", "controls", "uncertainty", "oracle", "other")

Interval = Tuple[float, float, float, int]


def is_label_free(strategy: str) -> bool:
    """Whether a strategy assigns its labels itself: ``"salutary"`` or a name starting with ``"salutary_"``.

    Parameters
    ----------
    strategy : str
        A strategy name as written in ``rounds.csv``.

    Returns
    -------
    bool
        True for ``"salutary"`` and every ``"salutary_*"``.

    Examples
    --------
    >>> from salutary_native.experiments.comparison import is_label_free
    >>> [is_label_free(s) for s in ("salutary", "salutary_crossfit", "random", "oracle_influence")]
    [True, True, False, False]
    """
    return strategy == "salutary" or strategy.startswith("salutary_")


def opponent_group(opponent: str, controls: Sequence[str] = CONTROL_NAMES) -> str:
    """The group of :data:`GROUPS` an opponent is counted in by the summary line.

    Parameters
    ----------
    opponent : str
        A strategy or control name.
    controls : sequence of str, default=CONTROL_NAMES
        The names that are controls.

    Returns
    -------
    str
        ``"controls"``; ``"random and label-free"`` for random and every label-free strategy;
        ``"uncertainty"`` for :data:`UNCERTAINTY_BASELINES`; ``"oracle"`` for
        :data:`ORACLE_BASELINES`; ``"other"`` for anything else.

    Examples
    --------
    >>> from salutary_native.experiments.comparison import opponent_group
    >>> [opponent_group(s) for s in ("cv_C", "random", "salutary", "margin", "isla", "mystery")]
    ['controls', 'random and label-free', 'random and label-free', 'uncertainty', 'oracle', 'other']
    """
    if opponent in controls:
        return "controls"
    if opponent == "random" or is_label_free(opponent):
        return "random and label-free"
    if opponent in UNCERTAINTY_BASELINES:
        return "uncertainty"
    if opponent in ORACLE_BASELINES:
        return "oracle"
    return "other"


@dataclass
class FolderComparison:
    """What :func:`compare_folder` gathers from one results folder.

    Attributes
    ----------
    name : str
        The experiment name (``run.json``'s, else the folder's name).
    folder : str
        The folder, absolute.
    settings : dict
        ``run.json``'s config (empty without one).
    datasets, strategies : list of str
        In ``rounds.csv`` order.
    label_free : list of str
        The label-free strategies among ``strategies`` (see :func:`is_label_free`).
    controls : list of str
        The controls found in ``controls.csv`` (empty without one).
    outcomes : dict
        ``(strategy, opponent, dataset)`` → ``(verdict, interval)`` for every label-free
        strategy and every other strategy or control: ``verdict`` from
        :func:`~salutary_native.experiments.results.paired_outcome`, ``interval`` from
        :func:`~salutary_native.experiments.results.paired_interval` (None with fewer than two
        common seeds). Missing when either side has no run on the dataset.
    gains : dict
        ``(strategy, dataset)`` → the interval of final minus initial test accuracy (or None),
        for every strategy.
    agreement : dict
        ``(strategy, dataset)`` → ``(rows agreeing with the ground truth, rows added)``.
    abstained : dict
        ``(strategy, dataset)`` → ``(rows abstained, rows offered)``, offered = the sum of
        ``budget`` over rounds >= 1 and seeds.
    """

    name: str
    folder: str
    settings: dict
    datasets: List[str]
    strategies: List[str]
    label_free: List[str]
    controls: List[str]
    outcomes: Dict[tuple, tuple] = field(default_factory=dict)
    gains: Dict[tuple, Optional[Interval]] = field(default_factory=dict)
    agreement: Dict[tuple, Tuple[float, int]] = field(default_factory=dict)
    abstained: Dict[tuple, Tuple[int, int]] = field(default_factory=dict)

    def opponents(self, strategy: str) -> List[str]:
        """Every other strategy of the folder, then the controls."""
        return [s for s in self.strategies if s != strategy] + list(self.controls)

    def totals(self, strategy: str, group: Optional[str] = None, dataset: Optional[str] = None) -> Counter:
        """Counts of ``win``, ``tie``, ``loss`` and ``n/a`` of ``strategy``.

        Parameters
        ----------
        strategy : str
            A label-free strategy of the folder.
        group : str, optional
            Only opponents of this group of :data:`GROUPS`; all when None.
        dataset : str, optional
            Only this dataset; all when None.

        Returns
        -------
        collections.Counter
            Verdict → number of cells.
        """
        counts: Counter = Counter()
        for (s, opponent, d), (verdict, _) in self.outcomes.items():
            if s != strategy or (dataset is not None and d != dataset):
                continue
            if group is not None and opponent_group(opponent, self.controls) != group:
                continue
            counts[verdict] += 1
        return counts

    def below_initial(self, strategy: str) -> List[str]:
        """The datasets where the final − initial interval of ``strategy`` lies below 0."""
        return [d for d in self.datasets if _below(self.gains.get((strategy, d)))]

    def worst_gain(self, strategy: str) -> Optional[Tuple[str, Interval]]:
        """``(dataset, interval)`` of the lowest mean final − initial difference, or None."""
        known = [(d, self.gains[(strategy, d)]) for d in self.datasets if self.gains.get((strategy, d)) is not None]
        return min(known, key=lambda item: item[1][0]) if known else None


def _below(interval: Optional[Interval]) -> bool:
    return interval is not None and interval[2] < 0


def _folder_rows(folder: str) -> List[dict]:
    path = os.path.join(folder, "rounds.csv")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{folder} has no rounds.csv; is it a folder written by 'run'?")
    rows = read_rows(path)
    if not rows:
        raise ValueError(f"{path} holds no rounds")
    return rows


def _abstained(row: dict) -> int:
    """The row's ``abstained`` cell as a count: a missing column or an empty cell is 0."""
    value = row.get("abstained", 0)
    if isinstance(value, float) and math.isnan(value):
        return 0
    return int(value)


def compare_folder(folder) -> FolderComparison:
    """Gather the paired comparisons, final − initial intervals, label agreement and abstentions of a folder.

    Parameters
    ----------
    folder : str or os.PathLike
        A results folder written by :func:`~salutary_native.experiments.run_experiments`:
        ``rounds.csv`` is required, ``controls.csv`` and ``run.json`` are used when present.

    Returns
    -------
    FolderComparison
        See its attributes.

    Raises
    ------
    FileNotFoundError
        If the folder has no ``rounds.csv``.
    ValueError
        If ``rounds.csv`` holds no rows.

    Examples
    --------
    >>> import tempfile
    >>> from salutary_native.experiments import ExperimentConfig, run_experiments
    >>> from salutary_native.experiments.comparison import compare_folder
    >>> config = ExperimentConfig(datasets=("wine",), strategies=("random", "salutary"), rounds=1, budget=5,
    ...                           seeds=(0, 1), influence_check_pairs=0, name="tiny")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = run_experiments(config, folder, progress=False, controls=True)
    ...     result = compare_folder(folder)
    >>> result.label_free, result.controls
    (['salutary'], ['initial', 'cv_C', 'train_on_validation'])
    >>> result.abstained[("salutary", "wine")]
    (0, 10)
    >>> sum(result.totals("salutary").values())
    4
    """
    folder = os.path.abspath(os.fspath(folder))
    rows = _folder_rows(folder)
    settings: dict = {}
    run_path = os.path.join(folder, "run.json")
    if os.path.exists(run_path):
        with open(run_path) as f:
            settings = json.load(f).get("config") or {}
    control_rows: List[dict] = []
    control_path = os.path.join(folder, "controls.csv")
    if os.path.exists(control_path):
        from .controls import read_controls

        control_rows = read_controls(control_path)
    datasets = list(dict.fromkeys(r["dataset"] for r in rows))
    strategies = list(dict.fromkeys(r["strategy"] for r in rows))
    controls = [c for c in CONTROL_NAMES if any(r["control"] == c for r in control_rows)]
    result = FolderComparison(name=settings.get("name", os.path.basename(folder)), folder=folder, settings=settings,
                              datasets=datasets, strategies=strategies,
                              label_free=[s for s in strategies if is_label_free(s)], controls=controls)

    final = dict(accuracy_by_seed(rows))
    initial: Dict[tuple, Dict[int, float]] = {}
    for row in rows:
        key = (row["dataset"], row["strategy"])
        if row["round"] == 0:
            initial.setdefault(key, {})[row["seed"]] = row["test_accuracy"]
            continue
        agree, added = result.agreement.get((row["strategy"], row["dataset"]), (0.0, 0))
        if row["n_added"] > 0 and not math.isnan(row["label_agreement"]):
            agree, added = agree + row["label_agreement"] * row["n_added"], added + row["n_added"]
        result.agreement[(row["strategy"], row["dataset"])] = (agree, added)
        held, offered = result.abstained.get((row["strategy"], row["dataset"]), (0, 0))
        result.abstained[(row["strategy"], row["dataset"])] = (held + _abstained(row), offered + row["budget"])
    for row in control_rows:
        final.setdefault((row["dataset"], row["control"]), {})[row["seed"]] = row["test_accuracy"]

    for dataset in datasets:
        for strategy in strategies:
            if (dataset, strategy) in final and (dataset, strategy) in initial:
                result.gains[(strategy, dataset)] = paired_interval(final[(dataset, strategy)],
                                                                    initial[(dataset, strategy)])
        for strategy in result.label_free:
            ours = final.get((dataset, strategy))
            for opponent in result.opponents(strategy):
                theirs = final.get((dataset, opponent))
                if not ours or not theirs:
                    continue
                result.outcomes[(strategy, opponent, dataset)] = (paired_outcome(ours, theirs),
                                                                  paired_interval(ours, theirs))
    return result


def _points(interval: Optional[Interval]) -> str:
    """``mean [low, high]`` of a difference of fractions, in percentage points."""
    if interval is None:
        return "n/a"
    mean, low, high, _ = interval
    return f"{100 * mean:+.2f} [{100 * low:+.2f}, {100 * high:+.2f}]"


def _wtl(counts: Counter) -> str:
    text = f"{counts['win']}/{counts['tie']}/{counts['loss']}"
    return text + (f" ({counts[NO_VERDICT]} n/a)" if counts[NO_VERDICT] else "")


def _share(numerator: float, denominator: float, digits: int = 1) -> str:
    return f"{100 * numerator / denominator:.{digits}f}%" if denominator else "—"


def _totalled(comparison: FolderComparison, strategy: str, key) -> Tuple[float, float]:
    pairs = [getattr(comparison, key).get((strategy, d), (0, 0)) for d in comparison.datasets]
    return sum(p[0] for p in pairs), sum(p[1] for p in pairs)


def summary_line(comparison: FolderComparison, strategy: str) -> str:
    """One paragraph on a label-free strategy: W/T/L by opponent group, final − initial, agreement, abstentions.

    Parameters
    ----------
    comparison : FolderComparison
        From :func:`compare_folder`.
    strategy : str
        One of ``comparison.label_free``.

    Returns
    -------
    str
        Markdown, one paragraph.
    """
    def group(name, label):
        members = [o for o in comparison.opponents(strategy) if opponent_group(o, comparison.controls) == name]
        counts = comparison.totals(strategy, name)
        return f"{label} ({', '.join(members)}) {_wtl(counts)}" if counts else None

    below = comparison.below_initial(strategy)
    worst = comparison.worst_gain(strategy)
    agree, added = _totalled(comparison, strategy, "agreement")
    held, offered = _totalled(comparison, strategy, "abstained")
    yardsticks = [g for g in (group("random and label-free", "random and label-free"),
                              group("controls", "controls")) if g]
    bought = [g for g in (group("uncertainty", "uncertainty"), group("oracle", "oracle")) if g]
    other = group("other", "other strategies")
    text = (f"**{strategy}** (W/T/L, paired over seeds): against {'; '.join(yardsticks) or 'no yardstick'}. "
            f"Against the baselines that buy true labels: {'; '.join(bought) or 'none in this folder'}"
            + (f". Against {other}" if other else ""))
    text += (f". Over all opponents {_wtl(comparison.totals(strategy))}. Final − initial significantly below 0 on "
             f"{len(below)} of "
             f"{len(comparison.datasets)} datasets{' (' + ', '.join(below) + ')' if below else ''}")
    if worst is not None:
        text += f"; worst {worst[0]} {_points(worst[1])} points"
    text += (f". Label agreement {_share(agree, added)} of {int(added)} rows added; abstained on "
             f"{int(held)} of {int(offered)} rows offered ({_share(held, offered)}).")
    return text


def comparison_markdown(comparison: FolderComparison) -> str:
    """The Markdown of ``comparison.md`` for one folder.

    Parameters
    ----------
    comparison : FolderComparison
        From :func:`compare_folder`.

    Returns
    -------
    str
        A title, the settings, one summary paragraph per label-free strategy, then per strategy its
        table against every opponent, the final − initial table and the agreement/abstention table.
    """
    settings = comparison.settings
    seeds = settings.get("seeds", "?")
    parts = [
        f"# {comparison.name}: label-free strategies against every other strategy and the controls",
        "",
        f"Settings: {settings.get('rounds', '?')} rounds, budget {settings.get('budget', '?')}, "
        f"C = {settings.get('C', '?')}, validation fraction {settings.get('val_fraction', '?')}, "
        f"test fraction {settings.get('test_fraction', '?')}, seeds {list(seeds) if seeds != '?' else '?'}; "
        f"controls: {', '.join(comparison.controls) or 'none (no controls.csv)'}.",
        "",
        "Label-free: `salutary` and every strategy whose name starts with `salutary_` (they assign the labels of "
        "the rows they add; every other strategy buys the true labels). Outcome rule: the paired per-seed "
        "difference of final test accuracy has a 95% t-interval above 0 (win), below 0 (loss) or holding 0 (tie); "
        "n/a with fewer than two common seeds. Numbers are percentage points: mean [95% interval].",
        "",
    ]
    if not comparison.label_free:
        parts += ["No label-free strategy in this folder.", ""]
    parts += ["## Summary", ""]
    for strategy in comparison.label_free:
        parts += [summary_line(comparison, strategy), ""]
    for strategy in comparison.label_free:
        opponents = [o for o in comparison.opponents(strategy)
                     if any((strategy, o, d) in comparison.outcomes for d in comparison.datasets)]
        parts += [f"## {strategy} against each strategy and control", "",
                  f"| dataset | {strategy} vs " + " | ".join(opponents) + " | W/T/L |",
                  "|---|" + "---|" * (len(opponents) + 1)]
        for dataset in comparison.datasets:
            cells = []
            for opponent in opponents:
                outcome = comparison.outcomes.get((strategy, opponent, dataset))
                cells.append("—" if outcome is None else f"{outcome[0]} {_points(outcome[1])}")
            parts.append(f"| {dataset} | " + " | ".join(cells) +
                         f" | {_wtl(comparison.totals(strategy, dataset=dataset))} |")
        totals = []
        for opponent in opponents:
            counts: Counter = Counter(v for (s, o, _), (v, _) in comparison.outcomes.items()
                                      if s == strategy and o == opponent)
            totals.append(_wtl(counts))
        parts += ["| **W/T/L** | " + " | ".join(totals) + f" | **{_wtl(comparison.totals(strategy))}** |", ""]
    parts += ["## Final − initial test accuracy (paired over seeds)", "",
              "Each run's final test accuracy minus its round-0 accuracy, in points: mean [95% t-interval]; "
              "**below** marks an interval whose upper end is < 0 (significantly below initial).", "",
              "| dataset | " + " | ".join(comparison.strategies) + " |",
              "|---|" + "---|" * len(comparison.strategies)]
    for dataset in comparison.datasets:
        cells = []
        for strategy in comparison.strategies:
            interval = comparison.gains.get((strategy, dataset))
            cells.append(_points(interval) + (" **below**" if _below(interval) else ""))
        parts.append(f"| {dataset} | " + " | ".join(cells) + " |")
    worst = [comparison.worst_gain(s) for s in comparison.strategies]
    parts.append("| **worst** | " + " | ".join("—" if w is None else f"{w[0]} {_points(w[1])}" for w in worst) + " |")
    parts.append("| **below initial** | " + " | ".join(f"{len(comparison.below_initial(s))} of "
                                                      f"{len(comparison.datasets)}" for s in comparison.strategies)
                 + " |")
    parts += ["", "## Label agreement and abstentions", "",
              "Agreement: assigned labels equal to the ground truth, over every row added (all rounds and seeds). "
              "Abstained: rows not labeled out of the rows offered (budget × rounds × seeds); a folder without an "
              "`abstained` column counts 0.", "",
              "| dataset | " + " | ".join(f"{s} agreement | {s} abstained" for s in comparison.label_free) + " |",
              "|---|" + "---|---|" * len(comparison.label_free)]
    for dataset in comparison.datasets + [None]:
        cells = []
        for strategy in comparison.label_free:
            if dataset is None:
                agree, added = _totalled(comparison, strategy, "agreement")
                held, offered = _totalled(comparison, strategy, "abstained")
            else:
                agree, added = comparison.agreement.get((strategy, dataset), (0.0, 0))
                held, offered = comparison.abstained.get((strategy, dataset), (0, 0))
            cells += [_share(agree, added), f"{int(held)} / {int(offered)} ({_share(held, offered)})"]
        parts.append(f"| {dataset or '**all**'} | " + " | ".join(cells) + " |")
    return "\n".join(parts) + "\n"


def render_comparison(folder) -> str:
    """Write ``comparison.md`` in a results folder and return its Markdown.

    Parameters
    ----------
    folder : str or os.PathLike
        A results folder (see :func:`compare_folder`).

    Returns
    -------
    str
        The Markdown written.

    Raises
    ------
    FileNotFoundError
        If the folder has no ``rounds.csv``.
    """
    comparison = compare_folder(folder)
    text = comparison_markdown(comparison)
    with open(os.path.join(comparison.folder, "comparison.md"), "w") as f:
        f.write(text)
    return text


def summary_table(folders: Sequence) -> str:
    """Markdown: label-free strategy × folder, W/T/L totals and the worst final − initial interval.

    Parameters
    ----------
    folders : sequence of str, os.PathLike or FolderComparison
        Results folders (or their comparisons), one column each, in the order given.

    Returns
    -------
    str
        Two tables: the totals against every opponent with the worst final − initial interval and
        the number of datasets significantly below initial; then the totals by opponent group.

    Raises
    ------
    FileNotFoundError
        If a folder has no ``rounds.csv``.
    """
    comparisons = [f if isinstance(f, FolderComparison) else compare_folder(f) for f in folders]
    strategies = list(dict.fromkeys(s for c in comparisons for s in c.label_free))

    def against_all(c: FolderComparison, strategy: str) -> str:
        worst = c.worst_gain(strategy)
        worst_text = "—" if worst is None else f"{worst[0]} {_points(worst[1])}"
        return (f"{_wtl(c.totals(strategy))}; below {len(c.below_initial(strategy))}/{len(c.datasets)}; "
                f"worst {worst_text}")

    def by_group(c: FolderComparison, strategy: str) -> str:
        return " · ".join(_wtl(c.totals(strategy, g)) for g in GROUPS[:4])

    lines = _strategy_table(comparisons, strategies, against_all,
                            "W/T/L of the final test accuracy against every other strategy and control (paired over "
                            "seeds, 95% t-interval); below: datasets whose final − initial interval lies below 0; "
                            "worst: the dataset with the lowest mean final − initial, points, mean [95% interval].")
    lines += [""] + _strategy_table(comparisons, strategies, by_group,
                                    "W/T/L by opponent group: random and the other label-free strategies · controls · "
                                    "uncertainty baselines (true labels) · oracle baselines (true labels).")
    return "\n".join(lines) + "\n"


def _strategy_table(comparisons: Sequence[FolderComparison], strategies: Sequence[str], cell,
                    caption: str) -> List[str]:
    """A caption, then one row per strategy and one column per folder (— where it did not run)."""
    lines = [caption, "", "| strategy | " + " | ".join(c.name for c in comparisons) + " |",
             "|---|" + "---|" * len(comparisons)]
    for strategy in strategies:
        cells = [cell(c, strategy) if strategy in c.label_free else "—" for c in comparisons]
        lines.append(f"| {strategy} | " + " | ".join(cells) + " |")
    return lines


def summary_data(comparisons: Sequence[FolderComparison]) -> dict:
    """The numbers of :func:`summary_table` as plain JSON-ready data.

    Parameters
    ----------
    comparisons : sequence of FolderComparison
        From :func:`compare_folder`.

    Returns
    -------
    dict
        Folder name (its path when an earlier folder has the same name) → label-free
        strategy → ``wins``, ``ties``, ``losses``, ``n/a``, ``by_group`` (group of :data:`GROUPS`
        → the same counts), ``below_initial`` (datasets) and ``worst`` (``dataset``, ``mean``,
        ``low``, ``high`` as fractions, or None).

    Examples
    --------
    >>> from salutary_native.experiments.comparison import FolderComparison, summary_data
    >>> empty = FolderComparison("f", "/f", {}, ["wine"], ["random"], [], [])
    >>> summary_data([empty])
    {'f': {}}
    """
    def counts(counter):
        return {"wins": counter["win"], "ties": counter["tie"], "losses": counter["loss"], "n/a": counter[NO_VERDICT]}

    out = {}
    for c in comparisons:
        per = {}
        for strategy in c.label_free:
            worst = c.worst_gain(strategy)
            per[strategy] = {**counts(c.totals(strategy)),
                             "by_group": {g: counts(c.totals(strategy, g)) for g in GROUPS if c.totals(strategy, g)},
                             "below_initial": c.below_initial(strategy),
                             "worst": None if worst is None else dict(zip(("dataset", "mean", "low", "high"),
                                                                            (worst[0], *worst[1][:3])))}
        out[c.name if c.name not in out else c.folder] = per
    return out


def compare_folders(folders: Sequence, out=None) -> Tuple[List[FolderComparison], str]:
    """Write ``comparison.md`` in every folder and the combined summary to ``out``.

    Parameters
    ----------
    folders : sequence of str or os.PathLike
        Results folders (see :func:`compare_folder`), one summary column each.
    out : str or os.PathLike, optional
        A Markdown file for the combined summary (a title, the folders relative to it, then
        :func:`summary_table`); nothing is written when None.

    Returns
    -------
    comparisons : list of FolderComparison
        One per folder.
    summary : str
        The :func:`summary_table` Markdown.

    Raises
    ------
    FileNotFoundError
        If a folder has no ``rounds.csv``.
    """
    comparisons = []
    for folder in folders:
        comparison = compare_folder(folder)
        with open(os.path.join(comparison.folder, "comparison.md"), "w") as f:
            f.write(comparison_markdown(comparison))
        comparisons.append(comparison)
    table = summary_table(comparisons)
    if out is not None:
        base = os.path.dirname(os.path.abspath(out))
        listing = ", ".join(f"`{os.path.relpath(c.folder, base)}/` ({c.name})" for c in comparisons)
        with open(out, "w") as f:
            f.write(f"# Label-free strategies across folders\n\nFolders: {listing}. Each folder's comparison.md has "
                    "the per-dataset cells. A strategy is label-free when its name is `salutary` or starts with "
                    f"`salutary_`.\n\n{table}")
    return comparisons, table


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python -m salutary_native.experiments.comparison FOLDER [FOLDER ...] [--out FILE]``.

    Writes ``comparison.md`` in every folder, then the combined summary of :func:`summary_table`
    to ``--out`` or, without it, to stdout (see :func:`compare_folders`).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments; default ``sys.argv[1:]``.

    Returns
    -------
    int
        0.
    """
    parser = argparse.ArgumentParser(prog="python -m salutary_native.experiments.comparison",
                                     description="Label-free strategies against every other strategy and the "
                                                 "controls: comparison.md in each folder and one summary table.")
    parser.add_argument("folders", nargs="+", metavar="FOLDER", help="results folders written by 'run'")
    parser.add_argument("--out", metavar="FILE", help="write the combined summary here instead of stdout")
    args = parser.parse_args(argv)
    _, table = compare_folders(args.folders, args.out)
    if args.out is None:
        print(table, end="")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
