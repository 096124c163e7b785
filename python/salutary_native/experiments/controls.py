"""Controls without active learning, for every table: the yardsticks a labeling strategy must beat.

For one paper split (:func:`salutary_native.split_paper_protocol`) and seed:

``initial``
    :class:`~salutary_native.LogisticRegression` with the experiment's C fitted on the initial
    labeled set (the round-0 model of every run).
``cv_C``
    The same model on the same rows, with C chosen from :data:`C_GRID` by stratified k-fold
    cross-validation on the initial labeled set only (validation, pool and test rows unseen).
``train_on_validation``
    The model with the experiment's C fitted on the labeled set plus the validation set, with no
    active learning. The validation labels are then training data, so no validation set is left:
    only its test accuracy and loss are reported.

Nothing is tuned on the test set. Run ``python -m salutary_native.experiments.controls
--datasets wine breast_cancer --seeds 0 1 2`` for a Markdown table of the three (test accuracy,
mean ± sample std over seeds).
"""

from __future__ import annotations

import argparse
import csv
import sys
import warnings
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..estimator import LogisticRegression
from ..folds import stratified_folds
from ..inputs import integer_in
from ..metrics import accuracy_and_log_loss
from .results import percent_cell

#: The fixed log grid of C that ``cv_C`` searches: 1e-3 … 1e2 in half-decade steps (11 values).
C_GRID: Tuple[float, ...] = tuple(float(c) for c in np.logspace(-3, 2, 11))

#: The controls in table order.
CONTROLS = ("initial", "cv_C", "train_on_validation")

#: Columns of ``controls.csv``, one row per (dataset, seed, control).
CONTROL_COLUMNS = ("dataset", "seed", "control", "C", "n_train", "test_accuracy", "test_loss", "cv_folds",
                   "cv_score")


@dataclass(frozen=True)
class ControlResult:
    """One control's model, measured on the split's test set.

    Attributes
    ----------
    control : str
        One of :data:`CONTROLS`.
    C : float
        The C the model was fitted with.
    n_train : int
        Rows the model was fitted on.
    test_accuracy, test_loss : float
        Accuracy and mean cross-entropy on the test set.
    cv_folds : int
        Folds of the cross-validation that chose C (0 when C was given).
    cv_score : float
        Mean held-out log loss of the chosen C (NaN when C was given).
    """

    control: str
    C: float
    n_train: int
    test_accuracy: float
    test_loss: float
    cv_folds: int = 0
    cv_score: float = float("nan")

    def row(self, dataset: str, seed: int) -> dict:
        """The result as a row keyed by :data:`CONTROL_COLUMNS`."""
        return {"dataset": dataset, "seed": seed, "control": self.control, "C": self.C, "n_train": self.n_train,
                "test_accuracy": self.test_accuracy, "test_loss": self.test_loss, "cv_folds": self.cv_folds,
                "cv_score": self.cv_score}


def _measured(control: str, C: float, X, y, split, **extra) -> ControlResult:
    model = LogisticRegression(C=C).fit(X, y)
    accuracy, loss = accuracy_and_log_loss(model, split.X_test, split.y_test)
    return ControlResult(control, float(C), int(len(y)), accuracy, loss, **extra)


def initial_model(split, C: float) -> ControlResult:
    """The model with ``C`` on the initial labeled set (the round-0 model of every run).

    Parameters
    ----------
    split : PaperSplit
        The split.
    C : float
        Inverse regularisation strength.

    Returns
    -------
    ControlResult
        ``n_train`` is ``len(split.y_train)``.
    """
    return _measured("initial", C, split.X_train, split.y_train, split)


def train_on_validation(split, C: float) -> ControlResult:
    """The model with ``C`` fitted on the labeled set plus the validation set; no active learning.

    No validation set is left afterwards, so only the test accuracy and loss are reported.

    Parameters
    ----------
    split : PaperSplit
        The split.
    C : float
        Inverse regularisation strength.

    Returns
    -------
    ControlResult
        ``n_train`` is ``len(split.y_train) + len(split.y_val)``.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import split_paper_protocol
    >>> from salutary_native.experiments.controls import train_on_validation
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.normal(size=(100, 3)), np.repeat([0, 1], 50)
    >>> split = split_paper_protocol(X, y, seed=0, n_init=20)
    >>> train_on_validation(split, C=1.0).n_train
    40
    """
    X = np.concatenate([split.X_train, split.X_val])
    y = np.concatenate([split.y_train, split.y_val])
    return _measured("train_on_validation", C, X, y, split)


def cv_C(split, seed: int, grid: Sequence[float] = C_GRID, n_folds: int = 5) -> ControlResult:
    """The initial model with C chosen by stratified k-fold cross-validation on the labeled set only.

    Every C of ``grid`` is scored by its mean held-out log loss over the folds of
    :func:`stratified_folds` (seeded with ``seed``); the lowest wins, a tie going to the smaller
    C. The model with that C is then fitted on the whole labeled set and measured on the test
    set. The folds are fewer than ``n_folds`` when the rarest class has fewer rows (at least 2).

    Parameters
    ----------
    split : PaperSplit
        The split; only ``X_train``/``y_train`` choose C.
    seed : int
        Seed of the folds.
    grid : sequence of float, default=C_GRID
        The candidate values of C, each > 0.
    n_folds : int, default=5
        Folds, >= 2.

    Returns
    -------
    ControlResult
        With the chosen ``C``, ``cv_folds`` and ``cv_score`` (the chosen C's mean held-out loss).

    Raises
    ------
    ValueError
        If ``grid`` is empty or a class of the labeled set has fewer than 2 rows.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import split_paper_protocol
    >>> from salutary_native.experiments.controls import C_GRID, cv_C
    >>> rng = np.random.default_rng(0)
    >>> y = np.repeat([0, 1], 50)
    >>> X = rng.normal(size=(100, 3)) + y[:, None]
    >>> split = split_paper_protocol(X, y, seed=0, n_init=20)
    >>> result = cv_C(split, seed=0)
    >>> result.C in C_GRID, result.n_train, result.cv_folds
    (True, 20, 5)
    """
    grid = [float(c) for c in grid]
    if not grid:
        raise ValueError("grid must hold at least one C")
    integer_in(n_folds, "n_folds", 2)
    X, y = split.X_train, np.asarray(split.y_train)
    smallest = int(np.unique(y, return_counts=True)[1].min())
    if smallest < 2:
        raise ValueError(f"cross-validation needs at least 2 labeled rows of every class; the rarest has {smallest}")
    k = min(n_folds, smallest)
    folds = stratified_folds(y, k, seed)
    scores = []
    for C in grid:
        losses = []
        for fold in range(k):
            held = folds == fold
            model = LogisticRegression(C=C).fit(X[~held], y[~held])
            losses.append(accuracy_and_log_loss(model, X[held], y[held])[1] * held.sum())
        scores.append(float(np.sum(losses) / len(y)))
    best = min(range(len(grid)), key=lambda i: (scores[i], grid[i]))
    return _measured("cv_C", grid[best], X, y, split, cv_folds=k, cv_score=scores[best])


def controls_for_split(split, seed: int, C: float, grid: Sequence[float] = C_GRID,
                       n_folds: int = 5) -> Dict[str, ControlResult]:
    """The three controls of :data:`CONTROLS` on one split.

    Parameters
    ----------
    split : PaperSplit
        The split.
    seed : int
        Seed of the cross-validation folds.
    C : float
        The experiment's C (``initial`` and ``train_on_validation``).
    grid, n_folds
        See :func:`cv_C`.

    Returns
    -------
    dict of str to ControlResult
        Keyed by control name, in :data:`CONTROLS` order.
    """
    return {"initial": initial_model(split, C), "cv_C": cv_C(split, seed, grid, n_folds),
            "train_on_validation": train_on_validation(split, C)}


def control_rows(config, data: Optional[dict] = None, grid: Sequence[float] = C_GRID,
                 n_folds: int = 5) -> List[dict]:
    """Rows of :data:`CONTROL_COLUMNS` for every dataset × seed of an ExperimentConfig.

    Each seed's split is the one the experiment's runs use (same ``n_init`` rule and fractions).
    ``cv_C`` needs at least two labeled rows of every class (see :func:`cv_C`); a split whose
    labeled set has a class with one row gets no ``cv_C`` row (a UserWarning says so), and its
    ``initial`` and ``train_on_validation`` rows as usual.

    Parameters
    ----------
    config : ExperimentConfig
        Datasets, seeds, C and split settings.
    data : dict of str to Dataset, optional
        The loaded datasets; loaded from ``config`` when None.
    grid, n_folds
        See :func:`cv_C`.

    Returns
    -------
    list of dict
        One row per (dataset, seed, control).
    """
    from .runner import _load, _split  # the runner's own split rule, so the controls see the runs' splits

    rows = []
    for dataset in config.datasets:
        loaded = data[dataset] if data is not None and dataset in data else _load(config, dataset)
        for seed in config.seeds:
            split = _split(config, loaded, seed)
            if np.unique(np.asarray(split.y_train), return_counts=True)[1].min() >= 2:
                results = list(controls_for_split(split, seed, config.C, grid, n_folds).values())
            else:  # no fold can hold out a class of one row: the cross-validated control is undefined
                warnings.warn(f"controls: {dataset}, seed {seed}: a class has one labeled row; no cv_C", stacklevel=2)
                results = [initial_model(split, config.C), train_on_validation(split, config.C)]
            rows.extend(result.row(dataset, seed) for result in results)
    return rows


def write_controls(path_or_file, rows: Sequence[dict]) -> None:
    """Write control rows to a CSV with the :data:`CONTROL_COLUMNS` header (floats to 10 significant digits).

    Parameters
    ----------
    path_or_file : str, os.PathLike or text file
        The CSV file to (over)write, or an open text file to write to.
    rows : sequence of dict
        Rows keyed by :data:`CONTROL_COLUMNS`.
    """
    if hasattr(path_or_file, "write"):
        _write_control_rows(path_or_file, rows)
        return
    with open(path_or_file, "w", newline="") as f:
        _write_control_rows(f, rows)


def _write_control_rows(f, rows: Sequence[dict]) -> None:
    writer = csv.DictWriter(f, fieldnames=CONTROL_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (f"{v:.10g}" if isinstance(v, float) else v) for k, v in row.items()})


def read_controls(path) -> List[dict]:
    """Read a CSV written by :func:`write_controls`, typed."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        for key in ("seed", "n_train", "cv_folds"):
            row[key] = int(row[key])
        for key in ("C", "test_accuracy", "test_loss", "cv_score"):
            row[key] = float(row[key]) if row[key] != "" else float("nan")
    return rows


def controls_table(rows_or_config, data: Optional[dict] = None, grid: Sequence[float] = C_GRID,
                   n_folds: int = 5) -> str:
    """Markdown: test accuracy (%) of initial / cv_C / train_on_validation, mean ± sample std over seeds.

    Also the test log loss of each control and the C that cross-validation chose for each seed.

    Parameters
    ----------
    rows_or_config : ExperimentConfig or sequence of dict
        Rows of :func:`control_rows`, or a config to compute them from.
    data, grid, n_folds
        Passed to :func:`control_rows` when a config is given.

    Returns
    -------
    str
        A Markdown table, one line per dataset.

    Examples
    --------
    >>> from salutary_native.experiments.controls import controls_table
    >>> rows = [{"dataset": "wine", "seed": s, "control": c, "C": 0.02, "n_train": 50,
    ...          "test_accuracy": a, "test_loss": 0.5} for s in (0, 1)
    ...         for c, a in (("initial", 0.9), ("cv_C", 0.95), ("train_on_validation", 0.97))]
    >>> print(controls_table(rows).splitlines()[2])
    | wine | 2 | 90.00 ± 0.00 | 95.00 ± 0.00 | 97.00 ± 0.00 | 0.500 / 0.500 / 0.500 | 0.02, 0.02 |
    """
    rows = list(rows_or_config) if isinstance(rows_or_config, (list, tuple)) else \
        control_rows(rows_or_config, data, grid, n_folds)
    datasets = list(dict.fromkeys(r["dataset"] for r in rows))
    lines = ["| dataset | seeds | initial | cv_C | train_on_validation | test log loss (initial / cv_C / "
             "train_on_validation) | C chosen by CV (per seed) |",
             "|---|---|---|---|---|---|---|"]
    for dataset in datasets:
        mine = [r for r in rows if r["dataset"] == dataset]
        by = {c: sorted((r for r in mine if r["control"] == c), key=lambda r: r["seed"]) for c in CONTROLS}
        accuracy = [(percent_cell([r["test_accuracy"] for r in by[c]]) if by[c] else "—") for c in CONTROLS]
        losses = " / ".join(f"{np.mean([r['test_loss'] for r in by[c]]):.3f}" if by[c] else "—" for c in CONTROLS)
        chosen = ", ".join(f"{r['C']:.3g}" for r in by["cv_C"]) or "—"
        n_seeds = len({r["seed"] for r in mine})
        lines.append(f"| {dataset} | {n_seeds} | " + " | ".join(accuracy) + f" | {losses} | {chosen} |")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python -m salutary_native.experiments.controls``: print the controls table."""
    from .config import ExperimentConfig

    parser = argparse.ArgumentParser(prog="python -m salutary_native.experiments.controls",
                                     description="Test accuracy of the controls without active learning: initial, "
                                                 "cv_C and train_on_validation, mean ± std over seeds.")
    defaults = ExperimentConfig()
    parser.add_argument("--datasets", nargs="+", default=["wine", "breast_cancer"])
    parser.add_argument("--seeds", nargs="+", type=int, default=list(defaults.seeds))
    parser.add_argument("--C", type=float, default=defaults.C, help="C of initial and train_on_validation")
    parser.add_argument("--n-init", type=int, default=defaults.n_init)
    parser.add_argument("--val-fraction", type=float, default=defaults.val_fraction)
    parser.add_argument("--test-fraction", type=float, default=defaults.test_fraction)
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds of cv_C")
    parser.add_argument("--csv", help="also write the per-seed rows to this CSV")
    args = parser.parse_args(argv)
    config = ExperimentConfig(datasets=tuple(args.datasets), seeds=tuple(args.seeds), C=args.C, n_init=args.n_init,
                              val_fraction=args.val_fraction, test_fraction=args.test_fraction)
    rows = control_rows(config, n_folds=args.folds)
    if args.csv:
        write_controls(args.csv, rows)
    grid = ", ".join(f"{c:.3g}" for c in C_GRID)
    print(f"Controls without active learning (C = {config.C} for initial and train_on_validation; cv_C searches "
          f"{{{grid}}} by {args.folds}-fold stratified CV log loss on the labeled set). Test accuracy (%), "
          f"mean ± sample std over seeds {list(config.seeds)}.\n")
    print(controls_table(rows))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
