"""The settings of a paper-protocol experiment (maths §4) and the rules that size each split."""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass, field, fields
from typing import Tuple, Union

from ..datasets import DATASETS
from ..inputs import fraction_in_unit_interval, integer_in, real_at_least
from ..parameters import check_parameter
from ..strategies import PAPER_STRATEGIES, STRATEGIES

#: The datasets of the paper's experiments, in its table order.
PAPER_DATASETS = ("diabetic_retinopathy", "waveform", "electrical_grid", "wine_quality_red", "wine_quality_white",
                  "bank_marketing", "review_polarity", "breast_cancer", "digits")


@dataclass(frozen=True)
class ExperimentConfig:
    """The settings of a paper-protocol experiment (maths §4).

    Defaults are the paper's: R = 10 rounds, b = 10, C = 0.02, n_init = 300, 5 seeds.

    Parameters
    ----------
    datasets : tuple of str, default=PAPER_DATASETS
        Names from :data:`salutary_native.datasets.DATASETS`.
    strategies : tuple of str, default=PAPER_STRATEGIES
        Names from :data:`salutary_native.strategies.STRATEGIES`; by default the paper's eight.
    rounds : int, default=10
        Labeling rounds per run, >= 1.
    budget : int or str, default=10
        Rows labeled per round, or ``"p%"`` of the initial pool.
    seeds : tuple of int, default=(0, 1, 2, 3, 4)
        One run per seed (each draws its own split), each in [0, 2³²).
    C : float, default=0.02
        Inverse L2 regularisation strength of the logistic model, > 0.
    hessian_on : {"train", "pool", "train+pool"}, default="train"
        Rows whose loss Hessian the influence function uses.
    damping : float, default=0.0
        Added to the Hessian's diagonal, >= 0.
    n_init : int, default=300
        Initial labeled set size (see :func:`initial_set_size`), >= 2.
    val_fraction, test_fraction : float, default=0.2
        Fractions of the rows in the validation and test sets.
    influence_check_pairs : int, default=100
        Add-one-in refits per dataset for the Figure 3 scatter; 0 skips it.
    name : str, default="paper"
        Experiment name in the CSV and titles.
    tables : tuple of (name, path, label), default=()
        Your own tables (see :func:`salutary_native.datasets.load_table`): each ``name`` may then
        appear in ``datasets`` and is read from ``path`` with column ``label`` as the class
        (see :func:`table_dataset`). Paths are made absolute.

    Raises
    ------
    ValueError
        If a list is empty or repeats an entry, a dataset or strategy is unknown, a table is not
        among the datasets, or a number is out of range.
    TypeError
        If a number has the wrong type.

    Examples
    --------
    >>> from salutary_native.experiments import ExperimentConfig
    >>> config = ExperimentConfig(datasets=("wine",), strategies=("random", "salutary"), rounds=2, seeds=(0,))
    >>> config.C, config.budget
    (0.02, 10)
    >>> ExperimentConfig(strategies=("oracle",))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: strategies: unknown ['oracle']; known: ('random', 'entropy', ...)
    >>> from salutary_native.experiments.config import table_dataset
    >>> table = table_dataset("/data/fruit.csv", "kind")
    >>> table
    ('fruit', '/data/fruit.csv', 'kind')
    >>> ExperimentConfig(datasets=("fruit", "wine"), tables=(table,)).datasets
    ('fruit', 'wine')
    """

    datasets: Tuple[str, ...] = PAPER_DATASETS
    strategies: Tuple[str, ...] = PAPER_STRATEGIES
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
    tables: Tuple[Tuple[str, str, str], ...] = ()  #: (name, path, label) of each user table

    def __post_init__(self):
        if not self.datasets or not self.strategies or not self.seeds:
            raise ValueError("datasets, strategies and seeds must each name at least one entry")
        for what in ("datasets", "strategies", "seeds"):
            values = list(getattr(self, what))
            repeated = sorted({str(v) for v in values if values.count(v) > 1})
            if repeated:
                raise ValueError(f"{what}: {', '.join(repeated)} given more than once")
        tables = []
        for table in self.tables:
            if (not isinstance(table, (tuple, list)) or len(table) != 3
                    or not all(isinstance(t, (str, os.PathLike)) for t in table)):
                raise TypeError(f"tables: each entry must be (name, path, label), got {table!r}")
            tables.append((str(table[0]), os.path.abspath(os.fspath(table[1])), str(table[2])))
        object.__setattr__(self, "tables", tuple(tables))
        names = [t[0] for t in tables]
        if len(set(names)) != len(names):
            raise ValueError(f"tables: two tables are named alike ({', '.join(names)})")
        unused = [n for n in names if n not in self.datasets]
        if unused:
            raise ValueError(f"tables: {', '.join(unused)} not among the datasets")
        unknown = [d for d in self.datasets if d not in DATASETS and d not in names]
        if unknown:
            raise ValueError(f"unknown dataset{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
                             f"known: {', '.join(DATASETS)}")
        unknown = [s for s in self.strategies if s not in STRATEGIES]
        if unknown:
            raise ValueError(f"strategies: unknown {unknown}; known: {tuple(STRATEGIES)}")
        integer_in(self.rounds, "rounds", 1)
        integer_in(self.n_init, "n_init", 2)
        integer_in(self.influence_check_pairs, "influence_check_pairs", 0)
        for seed in self.seeds:
            integer_in(seed, "seeds", 0, 2**32 - 1)
        real_at_least(self.C, "C", 0.0, strict=True)
        check_parameter("damping", self.damping)
        check_parameter("hessian_on", self.hessian_on)
        for name in ("val_fraction", "test_fraction"):
            fraction_in_unit_interval(getattr(self, name), name)
        budget_for_pool(self.budget, 1000)

    def to_dict(self) -> dict:
        """The settings as a plain dict (written to ``run.json``).

        Returns
        -------
        dict
            Field name to value.

        Examples
        --------
        >>> from salutary_native.experiments import ExperimentConfig
        >>> ExperimentConfig(datasets=("wine",)).to_dict()["datasets"]
        ('wine',)
        """
        return asdict(self)

    def differences(self, stored: dict) -> list:
        """The settings on which ``stored`` (a :meth:`to_dict` read back from JSON) differs from this config.

        A setting missing from ``stored`` (written by an older version) counts as its default.

        Parameters
        ----------
        stored : dict
            Settings read back from a ``run.json``.

        Returns
        -------
        list of str
            One ``"name: stored → this"`` entry per differing setting; empty when they agree.

        Examples
        --------
        >>> from salutary_native.experiments import ExperimentConfig
        >>> config = ExperimentConfig(datasets=("wine",), C=0.5)
        >>> config.differences({**config.to_dict(), "C": 0.02, "datasets": ["wine"]})
        ['C: 0.02 → 0.5']
        """
        mine = _as_json(self.to_dict())
        out = []
        for f in fields(self):
            theirs = _as_json(stored.get(f.name, f.default))
            if theirs != mine[f.name]:
                out.append(f"{f.name}: {_show(theirs)} → {_show(mine[f.name])}")
        return out


def _as_json(value):
    """``value`` as it reads back from JSON (tuples become lists)."""
    import json

    return json.loads(json.dumps(value, default=str))


def _show(value) -> str:
    if isinstance(value, list):
        return ",".join(_show(v) if not isinstance(v, list) else ":".join(map(str, v)) for v in value)
    return str(value)


def table_dataset(path, label: str, name=None) -> Tuple[str, str, str]:
    """The ``(name, path, label)`` entry of :attr:`ExperimentConfig.tables` for one user table.

    Parameters
    ----------
    path : str or os.PathLike
        The table file (see :func:`salutary_native.datasets.load_table`); made absolute.
    label : str
        The label column.
    name : str, optional
        The dataset's name in results; default the file name without its extension(s).

    Returns
    -------
    tuple of str
        ``(name, absolute path, label)``.

    Examples
    --------
    >>> from salutary_native.experiments.config import table_dataset
    >>> table_dataset("/data/cells.tsv.gz", "class")
    ('cells', '/data/cells.tsv.gz', 'class')
    """
    from ..datasets.user_file import SUPPORTED_SUFFIXES

    path = os.path.abspath(os.fspath(path))
    if name is None:
        name = os.path.basename(path)
        suffix = next((s for s in SUPPORTED_SUFFIXES if name.lower().endswith(s)), "")
        name = name[: len(name) - len(suffix)] or name
    return (name, path, label)


def budget_for_pool(budget, n_pool: int) -> int:
    """Rows per round: an integer as is, or "p%" of the pool (at least one row).

    Parameters
    ----------
    budget : int or str
        Rows per round (>= 1), or a percentage in (0, 100] like ``"1%"``.
    n_pool : int
        Rows in the pool.

    Returns
    -------
    int
        Rows labeled per round; a percentage is rounded up.

    Raises
    ------
    ValueError
        If ``budget`` is a malformed or out-of-range percentage, or an integer below 1.
    TypeError
        If ``budget`` is neither an integer nor a str.

    Examples
    --------
    >>> from salutary_native.experiments import budget_for_pool
    >>> budget_for_pool(5, 950), budget_for_pool("1%", 950), budget_for_pool("0.1%", 50)
    (5, 10, 1)
    """
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
    """The initial set size: n_init, or half of the rows outside test and validation when fewer than 2·n_init remain.

    The paper's 300 leaves breast_cancer (569 rows) a pool of 41, too small for 10 rounds of 10;
    halving keeps a pool as large as the initial set. Every used value is written to the CSV.

    Parameters
    ----------
    n_rows : int
        Rows in the dataset.
    n_init : int
        The configured initial set size.
    val_fraction, test_fraction : float
        Fractions of the rows in the validation and test sets.

    Returns
    -------
    int
        The initial labeled set size to use.

    Examples
    --------
    >>> from salutary_native.experiments import initial_set_size
    >>> initial_set_size(1151, 300, 0.2, 0.2), initial_set_size(569, 300, 0.2, 0.2)
    (300, 170)
    """
    rest = n_rows - round(test_fraction * n_rows) - round(val_fraction * n_rows)
    return n_init if rest >= 2 * n_init else rest // 2
