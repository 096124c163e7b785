"""Predicted influence against the actual validation-loss change of add-one-in refits (paper Fig. 3).

For sampled (pool row, label) pairs the model is refitted with the pair added (warm-started,
to a tight tolerance) and the change of the summed validation cross-entropy is measured.
maths §3 predicts that change as −I(x, c). The agreement is summarised by Spearman's r
(``scipy.stats.spearmanr``, imported when first needed).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from ..datasets._optional_import import import_optional
from ..estimator import LogisticRegression
from ..influence import influence_table
from ..metrics import accuracy_and_log_loss

logger = logging.getLogger("salutary_native")


@dataclass(frozen=True)
class InfluenceCheck:
    """Predicted against measured validation-loss changes of add-one-in refits.

    Returned by :func:`add_one_in_check`. The parameters are also the attributes.

    Parameters
    ----------
    pool_rows : ndarray of int
        Rows of ``X_pool`` that were added.
    labels : ndarray
        The label added with each row (from the model's ``classes_``).
    predicted : ndarray of float
        −I(x, c), the first-order change of the summed validation cross-entropy.
    actual : ndarray of float
        The change measured by refitting.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native.experiments import InfluenceCheck
    >>> check = InfluenceCheck(np.array([3, 5, 8]), np.array([0, 1, 0]), np.array([-0.2, 0.1, 0.4]),
    ...                        np.array([-0.1, 0.0, 0.5]))
    >>> check.spearman
    1.0
    """

    pool_rows: np.ndarray  #: rows of X_pool
    labels: np.ndarray  #: the label added with each row
    predicted: np.ndarray  #: −I(x, c), the first-order change of the validation loss
    actual: np.ndarray  #: the change measured by refitting

    @property
    def spearman(self) -> float:
        """Spearman's rank correlation of ``predicted`` and ``actual`` (NaN when either is constant).

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native.experiments import InfluenceCheck
        >>> InfluenceCheck(np.arange(3), np.zeros(3), np.array([1.0, 2.0, 3.0]), np.array([3.0, 2.0, 1.0])).spearman
        -1.0
        """
        return spearman_r(self.predicted, self.actual)


def spearman_r(x, y) -> float:
    """Spearman's rank correlation (Pearson r of the average ranks), by ``scipy.stats.spearmanr``.

    Parameters
    ----------
    x, y : array-like of shape (n,)
        Paired samples.

    Returns
    -------
    float
        The correlation in [-1, 1]; NaN when either sample is constant or has fewer than two values.

    Raises
    ------
    ValueError
        If ``x`` and ``y`` are not 1-D arrays of the same length.
    ImportError
        If scipy is not installed.

    Examples
    --------
    >>> from salutary_native.experiments import spearman_r
    >>> round(spearman_r([1, 2, 3, 4], [10, 20, 30, 25]), 6)
    0.8
    >>> round(spearman_r([1, 1, 2], [3, 4, 5]), 6)
    0.866025
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError(f"x and y must be 1-D and of the same length, got shapes {x.shape} and {y.shape}")
    # A constant sample has no ranks to correlate (scipy would warn and give NaN).
    if len(x) < 2 or np.all(x == x[0]) or np.all(y == y[0]):
        return float("nan")
    stats = import_optional("scipy.stats", purpose="Spearman's r of the influence check",
                            install_hint="pip install scipy")
    return float(stats.spearmanr(x, y)[0])


def _val_loss_sum(model, X_val, y_val) -> float:
    return accuracy_and_log_loss(model, X_val, y_val)[1] * len(y_val)


def add_one_in_check(split, *, C: float, n_pairs: int = 100, seed: int = 0, hessian_on: str = "train",
                     damping: float = 0.0) -> InfluenceCheck:
    """Refit once per sampled (row, label) pair of the split's pool and compare with −I.

    The base model is fitted on the split's training set; each refit adds one (pool row, label)
    pair, starts from the base coefficients and runs to tol = 1e-11.

    Parameters
    ----------
    split : PaperSplit
        The data, as from :func:`salutary_native.split_paper_protocol`.
    C : float
        Inverse L2 regularisation strength of the model.
    n_pairs : int, default=100
        Pairs to refit (at most the pool size); the pool rows are drawn without replacement and
        each label uniformly.
    seed : int, default=0
        Seed of the draw.
    hessian_on : {"train", "pool", "train+pool"}, default="train"
        Rows whose loss Hessian the influence function uses.
    damping : float, default=0.0
        Added to the Hessian's diagonal.

    Returns
    -------
    InfluenceCheck
        The pairs with their predicted and measured loss changes.

    Examples
    --------
    >>> from salutary_native import split_paper_protocol
    >>> from salutary_native.datasets import load_wine
    >>> from salutary_native.experiments import add_one_in_check
    >>> data = load_wine()
    >>> split = split_paper_protocol(data.X, data.y, seed=0, n_init=50)
    >>> check = add_one_in_check(split, C=0.02, n_pairs=10)
    >>> check.predicted.shape, bool(check.spearman > 0.5)
    ((10,), True)
    """
    fit = dict(C=C, tol=1e-11, max_iter=1000, warm_start=True)
    base = LogisticRegression(**fit).fit(split.X_train, split.y_train)
    table = influence_table(base, split.X_train, split.X_val, split.y_val, split.X_pool, hessian_on=hessian_on,
                            damping=damping)
    rng = np.random.default_rng(seed)
    n_pairs = min(n_pairs, split.X_pool.shape[0])
    rows = rng.choice(split.X_pool.shape[0], size=n_pairs, replace=False)
    columns = rng.integers(0, table.shape[1], size=n_pairs)
    before = _val_loss_sum(base, split.X_val, split.y_val)
    logger.info("add-one-in check: %d refits (C=%g, hessian_on=%s)", n_pairs, C, hessian_on)
    actual = np.empty(n_pairs)
    for i, (row, column) in enumerate(zip(rows, columns)):
        # One refit per pair is the point of this check: it measures what the table predicts.
        model = LogisticRegression(**fit)
        model.coef_, model.intercept_, model.classes_ = base.coef_, base.intercept_, base.classes_
        model.fit(np.vstack([split.X_train, split.X_pool[row:row + 1]]),
                  np.append(split.y_train, base.classes_[column]))
        actual[i] = _val_loss_sum(model, split.X_val, split.y_val) - before
    return InfluenceCheck(rows, base.classes_[columns], -table[rows, columns], actual)
