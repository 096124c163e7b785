"""Predicted influence against the actual validation-loss change of add-one-in refits (paper Fig. 3).

For sampled (pool row, label) pairs the model is refitted with the pair added (warm-started,
to a tight tolerance) and the change of the summed validation cross-entropy is measured.
maths §3 predicts that change as −I(x, c). The agreement is summarised by Spearman's r.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..estimator import LogisticRegression
from ..influence import influence_table
from ..metrics import accuracy_and_log_loss


@dataclass(frozen=True)
class InfluenceCheck:
    pool_rows: np.ndarray  #: rows of X_pool
    labels: np.ndarray  #: the label added with each row
    predicted: np.ndarray  #: −I(x, c), the first-order change of the validation loss
    actual: np.ndarray  #: the change measured by refitting

    @property
    def spearman(self) -> float:
        return spearman_r(self.predicted, self.actual)


def _ranks(a: np.ndarray) -> np.ndarray:
    """Ranks 0..n-1 with ties given their average rank."""
    order = np.argsort(a, kind="stable")
    ranks = np.empty(len(a))
    ranks[order] = np.arange(len(a))
    _, inverse, counts = np.unique(a, return_inverse=True, return_counts=True)
    sums = np.bincount(inverse, weights=ranks)
    return sums[inverse] / counts[inverse]


def spearman_r(x, y) -> float:
    """Spearman's rank correlation (Pearson r of the average ranks)."""
    rx, ry = _ranks(np.asarray(x, dtype=float)), _ranks(np.asarray(y, dtype=float))
    rx, ry = rx - rx.mean(), ry - ry.mean()
    denom = np.sqrt((rx * rx).sum() * (ry * ry).sum())
    return float((rx * ry).sum() / denom) if denom > 0 else float("nan")


def _val_loss_sum(model, X_val, y_val) -> float:
    return accuracy_and_log_loss(model, X_val, y_val)[1] * len(y_val)


def add_one_in_check(split, *, C: float, n_pairs: int = 100, seed: int = 0, hessian_on: str = "train",
                     damping: float = 0.0) -> InfluenceCheck:
    """Refit once per sampled (row, label) pair of the split's pool and compare with −I."""
    fit = dict(C=C, tol=1e-11, max_iter=1000, warm_start=True)
    base = LogisticRegression(**fit).fit(split.X_train, split.y_train)
    table = influence_table(base, split.X_train, split.X_val, split.y_val, split.X_pool, hessian_on=hessian_on,
                            damping=damping)
    rng = np.random.default_rng(seed)
    n_pairs = min(n_pairs, split.X_pool.shape[0])
    rows = rng.choice(split.X_pool.shape[0], size=n_pairs, replace=False)
    columns = rng.integers(0, table.shape[1], size=n_pairs)
    before = _val_loss_sum(base, split.X_val, split.y_val)
    actual = np.empty(n_pairs)
    for i, (row, column) in enumerate(zip(rows, columns)):
        # One refit per pair is the point of this check: it measures what the table predicts.
        model = LogisticRegression(**fit)
        model.coef_, model.intercept_, model.classes_ = base.coef_, base.intercept_, base.classes_
        model.fit(np.vstack([split.X_train, split.X_pool[row:row + 1]]),
                  np.append(split.y_train, base.classes_[column]))
        actual[i] = _val_loss_sum(model, split.X_val, split.y_val) - before
    return InfluenceCheck(rows, base.classes_[columns], -table[rows, columns], actual)
