"""The paper's data split (maths §4): stratified test, validation and initial labeled sets, the rest as pool.

Features are standardised with the statistics of the non-test rows, as in the authors' code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .inputs import as_rows, fraction_in_unit_interval, integer_in


@dataclass(frozen=True)
class PaperSplit:
    """The four parts of a split (standardised features, original labels) and the input rows of each.

    Returned by :func:`split_paper_protocol`; every ``X_*`` is ``(X[rows] - mean) / scale``.
    The parameters are also the attributes.

    Parameters
    ----------
    X_train, y_train : ndarray
        The initial labeled set.
    X_val, y_val : ndarray
        The validation set whose loss the influence function targets.
    X_pool, y_pool : ndarray
        The unlabeled pool (``y_pool`` is the ground truth an oracle would give).
    X_test, y_test : ndarray
        The held-out test set.
    train_idx, val_idx, pool_idx, test_idx : ndarray of int64
        Rows of the input X in each part, sorted ascending; together a partition of the rows.
    mean, scale : ndarray of shape (n_features,)
        The standardisation statistics of the non-test rows (a constant column has scale 1).

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import split_paper_protocol
    >>> X = np.arange(40.0).reshape(20, 2)
    >>> split = split_paper_protocol(X, np.array([0, 1] * 10), seed=0, n_init=4)
    >>> len(split.train_idx), len(split.val_idx), len(split.pool_idx), len(split.test_idx)
    (4, 4, 8, 4)
    >>> bool(np.allclose(split.X_pool, (X[split.pool_idx] - split.mean) / split.scale))
    True
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_pool: np.ndarray
    y_pool: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    train_idx: np.ndarray
    val_idx: np.ndarray
    pool_idx: np.ndarray
    test_idx: np.ndarray
    mean: np.ndarray
    scale: np.ndarray


def split_paper_protocol(X, y, seed: int, n_init: int = 300, val_fraction: float = 0.2,
                         test_fraction: float = 0.2) -> PaperSplit:
    """Split rows into stratified test, validation, initial labeled and pool sets (maths §4).

    Test (round(test_fraction·n) rows), validation (round(val_fraction·n) rows), an initial labeled
    set of ``n_init`` rows and the pool (the rest) are each drawn stratified by class with
    ``numpy.random.default_rng(seed)``. The initial labeled set holds at least one row of every
    class that still has rows left. Features are standardised with the mean and standard deviation
    of the non-test rows. X and y are not modified.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Finite features.
    y : array-like of shape (n_samples,)
        Labels, at least two classes.
    seed : int
        Seed of the draw, >= 0.
    n_init : int, default=300
        Size of the initial labeled set, >= 2 and below the rows left after test and validation.
    val_fraction : float, default=0.2
        Fraction of the rows in the validation set, in (0, 1).
    test_fraction : float, default=0.2
        Fraction of the rows in the test set, in (0, 1); ``val_fraction + test_fraction`` < 1.

    Returns
    -------
    PaperSplit
        The four standardised parts, their row indices and the standardisation statistics.

    Raises
    ------
    ValueError
        If the shapes disagree, y holds fewer than two classes, a fraction gives an empty set,
        or ``n_init`` leaves no pool or cannot hold a row of every class.
    TypeError
        If X is not numeric or ``seed``/``n_init`` is not an integer.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import split_paper_protocol
    >>> X = np.arange(40.0).reshape(20, 2)
    >>> y = np.array([0, 1] * 10)
    >>> split = split_paper_protocol(X, y, seed=0, n_init=4)
    >>> split.X_train.shape, split.X_pool.shape, split.X_test.shape
    ((4, 2), (8, 2), (4, 2))
    >>> sorted(split.y_train.tolist())
    [0, 0, 1, 1]
    """
    X = as_rows(X, "X")
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError(f"y must be 1-D with one label per row of X ({X.shape[0]}), got shape {y.shape}")
    fraction_in_unit_interval(test_fraction, "test_fraction")
    fraction_in_unit_interval(val_fraction, "val_fraction")
    if test_fraction + val_fraction >= 1:
        raise ValueError(f"test_fraction + val_fraction must be below 1, got {test_fraction} + {val_fraction}")
    integer_in(n_init, "n_init", 2)
    integer_in(seed, "seed", 0)

    _, classes = np.unique(y, return_inverse=True)
    classes = classes.reshape(-1)
    n_classes = int(classes.max()) + 1 if classes.size else 0
    if n_classes < 2:
        raise ValueError(f"y must hold at least two classes, got {n_classes}")
    n = X.shape[0]
    n_test, n_val = round(test_fraction * n), round(val_fraction * n)
    for size, argument in ((n_test, "test_fraction"), (n_val, "val_fraction")):
        if size == 0:
            raise ValueError(f"{argument} gives an empty set for {n} rows")
    rows_left = n - n_test - n_val
    if n_init > rows_left:
        raise ValueError(f"n_init={n_init} is larger than the {rows_left} rows left after the test and validation sets")
    if n_init == rows_left:
        raise ValueError(f"n_init={n_init} takes all {rows_left} rows left after the test and validation sets: "
                         "the pool would be empty")

    rng = np.random.default_rng(seed)
    # One seeded shuffle per class; each draw then takes the next rows of every class in that order.
    shuffled = [rng.permutation(np.flatnonzero(classes == k)) for k in range(n_classes)]
    taken = np.zeros(n_classes, dtype=np.int64)
    test_idx = _draw(shuffled, taken, n_test, at_least_one=False)
    val_idx = _draw(shuffled, taken, n_val, at_least_one=False)
    if n_init < np.count_nonzero(taken < [len(rows) for rows in shuffled]):
        raise ValueError(f"n_init={n_init} is below the number of classes with rows left for the initial labeled set")
    train_idx = _draw(shuffled, taken, n_init, at_least_one=True)
    pool_idx = np.sort(np.concatenate([rows[t:] for rows, t in zip(shuffled, taken)])).astype(np.int64)

    mean, scale = _non_test_statistics(X, np.concatenate([train_idx, val_idx, pool_idx]))

    def standardised(idx):
        return np.ascontiguousarray((X[idx] - mean) / scale)

    return PaperSplit(standardised(train_idx), y[train_idx], standardised(val_idx), y[val_idx],
                      standardised(pool_idx), y[pool_idx], standardised(test_idx), y[test_idx],
                      train_idx, val_idx, pool_idx, test_idx, mean, scale)


def allocate_stratified(available: np.ndarray, total: int, at_least_one: bool = False) -> np.ndarray:
    """Rows per class, proportional to ``available`` by largest remainder so that they sum to ``total``.

    With ``at_least_one`` every class with a row available gets one: a class whose proportional share
    rounds to 0 is fixed at 1 and the rest is shared again among the others. Ties of the remainders
    go to the lower class index.

    Parameters
    ----------
    available : array-like of int, shape (n_classes,)
        Rows still available in each class.
    total : int
        Rows to allocate, at most ``sum(available)``.
    at_least_one : bool, default=False
        Give every class with a row available at least one row.

    Returns
    -------
    ndarray of int64, shape (n_classes,)
        Rows to take from each class; they sum to ``total``.

    Examples
    --------
    >>> from salutary_native.paper_split import allocate_stratified
    >>> allocate_stratified([50, 30, 20], 10).tolist()
    [5, 3, 2]
    >>> allocate_stratified([95, 4, 1], 10).tolist()
    [10, 0, 0]
    >>> allocate_stratified([95, 4, 1], 10, at_least_one=True).tolist()
    [8, 1, 1]
    """
    available = np.asarray(available, dtype=np.int64)
    fixed = np.zeros(available.shape, dtype=bool)
    while True:
        free = np.where(fixed, 0, available)
        counts = _largest_remainder(free, total - int(fixed.sum())) + fixed
        short = (counts == 0) & (available > 0)
        if not at_least_one or not short.any():
            return counts
        fixed |= short


def _largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    # Integer arithmetic keeps the quotas exact; ties go to the lower class index.
    weight_sum = int(weights.sum())
    if total == 0 or weight_sum == 0:
        return np.zeros(weights.shape, dtype=np.int64)
    counts, remainders = np.divmod(weights * total, weight_sum)
    extra = total - int(counts.sum())
    counts[np.argsort(-remainders, kind="stable")[:extra]] += 1
    return counts


def _draw(shuffled: list, taken: np.ndarray, total: int, at_least_one: bool) -> np.ndarray:
    """The next rows of each class in its shuffled order, in stratified counts; advances ``taken``."""
    available = np.array([len(rows) for rows in shuffled], dtype=np.int64) - taken
    counts = allocate_stratified(available, total, at_least_one)
    drawn = [rows[t:t + c] for rows, t, c in zip(shuffled, taken, counts)]
    taken += counts
    return np.sort(np.concatenate(drawn)).astype(np.int64)


def _non_test_statistics(X: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation of the non-test rows; a constant column is centred exactly and keeps scale 1."""
    seen = X[rows]
    mean = seen.mean(axis=0)
    scale = seen.std(axis=0)
    constant = np.ptp(seen, axis=0) == 0
    mean[constant] = seen[0, constant]
    scale[constant] = 1.0
    return mean, scale
