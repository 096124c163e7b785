"""Label-noise finding with the influence table (maths §3): which given labels the validation set disagrees with.

The influence table scores any (row, label) pair, so it also scores the pairs that are already
in the training set. One fitted :class:`InfluenceScorer` and one table pass over the training
rows give, for every training row, the influence of its given label and of every alternative.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .fitted_model import fitted_model
from .inputs import as_rows, label_indices
from .scorer import fit_scorer

__all__ = ["SuspiciousLabels", "suspicious_labels"]

_RANK_BY = ("given", "relabel")


@dataclass(frozen=True)
class SuspiciousLabels:
    """Per-training-row influence of the given label and of its best alternative, and a ranking.

    Every per-row array is in the order of the training rows passed in; ``ranking`` lists row
    indices, most suspicious first.

    Attributes
    ----------
    given_influence : ndarray of float64, shape (n_train,)
        I(x_i, y_i), the table's entry for the row's given label. Negative means the
        validation set disagrees with the pair: removing it is predicted to lower the
        validation loss by about ``-given_influence``.
    alternative_labels : ndarray, shape (n_train,)
        The best other label ``argmax_{c != y_i} I(x_i, c)`` (values from ``classes``; ties go
        to the lowest class index).
    alternative_influence : ndarray of float64, shape (n_train,)
        I(x_i, alternative_labels[i]).
    relabel_gain : ndarray of float64, shape (n_train,)
        ``alternative_influence - given_influence``: the predicted drop in validation loss from
        replacing the given label by the alternative (remove the pair, add the other one).
    suspicion : ndarray of float64, shape (n_train,)
        The ranking key, larger is more suspicious: ``-given_influence`` for ``rank_by="given"``,
        ``relabel_gain`` for ``rank_by="relabel"``.
    ranking : ndarray of int64, shape (n_train,)
        Training rows by descending ``suspicion``; equal keys keep row order.
    table : ndarray of float64, shape (n_train, K)
        The influence table of the training rows (column c is ``classes[c]``).
    classes : ndarray
        The model's classes.
    rank_by : str
        The key that ordered ``ranking``.
    """

    given_influence: np.ndarray
    alternative_labels: np.ndarray
    alternative_influence: np.ndarray
    relabel_gain: np.ndarray
    suspicion: np.ndarray
    ranking: np.ndarray
    table: np.ndarray
    classes: np.ndarray
    rank_by: str

    def top(self, k: int) -> np.ndarray:
        """The ``k`` most suspicious training rows (indices), most suspicious first.

        Parameters
        ----------
        k : int
            How many rows, between 0 and the number of training rows.

        Returns
        -------
        ndarray of int64, shape (k,)
        """
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
            raise TypeError(f"k must be an integer, got {type(k).__name__}")
        if not 0 <= k <= self.ranking.shape[0]:
            raise ValueError(f"k must be between 0 and {self.ranking.shape[0]} (the training rows), got {k}")
        return self.ranking[:int(k)].copy()


def suspicious_labels(model, X_train, y_train, X_val, y_val, *, hessian_on="train", damping=0.0,
                      solver="auto", device="auto", rank_by="given") -> SuspiciousLabels:
    """Rank the training rows by how strongly the validation set disagrees with their given labels.

    For a training row the table's I(x_i, y_i) is the effect of adding one more copy of the
    pair (maths §3: up-weighting by ε changes the validation loss by −ε·I). Removing the pair
    is ε = −1, which changes the validation loss by +I(x_i, y_i). So a pair with a negative
    given-label influence is one the validation set disagrees with, and the most suspicious
    rows are those with the most negative I(x_i, y_i).

    That is the default ranking (``rank_by="given"``, key ``-I(x_i, y_i)``). The alternative,
    ``rank_by="relabel"``, ranks by the gain of replacing the given label by the best other
    one, ``max_{c≠y_i} I(x_i, c) − I(x_i, y_i)``. The default is chosen because the relabel gain
    does not depend on how well the model fits the row: the gradients of CE(x, c) and CE(x, y)
    differ by ``(e_y − e_c) x̃``, which holds no probability, so a row the model already fits
    confidently in the direction of the validation set is flagged as readily as a misfit one.
    The given-label key weighs the validation direction by the row's residual ``p − e_y``, and
    mislabeled rows are the ones with large residuals; the measurement in
    ``docs/results/label_noise.md`` compares both. Both keys are returned whichever ranks.

    One :class:`InfluenceScorer` is fitted and one table pass is made over the training rows.

    Parameters
    ----------
    model : LogisticRegression
        A ``salutary_native.LogisticRegression`` or scikit-learn ``LogisticRegression`` (L2
        penalty) fitted on ``X_train`` with the labels ``y_train`` under suspicion.
    X_train : array-like of shape (n_train, n_features)
        The training rows, float32 or float64.
    y_train : array-like of shape (n_train,)
        Their given labels, values from ``model.classes_``.
    X_val : array-like of shape (n_val, n_features)
        Validation rows, float32 or float64.
    y_val : array-like of shape (n_val,)
        Their labels, trusted, values from ``model.classes_``.
    hessian_on, damping, solver, device
        As for :class:`InfluenceScorer`; ``hessian_on`` "pool" and "train+pool" take the
        training rows as the pool.
    rank_by : {"given", "relabel"}, default="given"
        The ranking key: ``-I(x_i, y_i)`` or ``max_{c≠y_i} I(x_i, c) − I(x_i, y_i)``.

    Returns
    -------
    SuspiciousLabels
        Per-row given and alternative influences, the relabel gain, the ranking key and the
        ranking (most suspicious first).

    Raises
    ------
    ValueError, TypeError
        For bad arguments, naming the argument, before any native work.
    FactorizationError
        When the Hessian is not positive definite (pass ``damping``).

    See Also
    --------
    InfluenceScorer.table : the table read here, for any rows.

    Examples
    --------
    >>> import numpy as np
    >>> import salutary_native as sn
    >>> from salutary_native.label_noise import suspicious_labels
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(240, 2))
    >>> y = (X[:, 0] + X[:, 1] > 0).astype(int)
    >>> X_train, y_train, X_val, y_val = X[:200], y[:200].copy(), X[200:], y[200:]
    >>> flipped = np.argsort(-np.abs(X_train[:, 0] + X_train[:, 1]))[:3]   # three clear rows
    >>> y_train[flipped] = 1 - y_train[flipped]
    >>> model = sn.LogisticRegression(C=1.0).fit(X_train, y_train)
    >>> result = suspicious_labels(model, X_train, y_train, X_val, y_val)
    >>> sorted(result.top(3).tolist()) == sorted(flipped.tolist())
    True
    >>> bool(np.all(result.given_influence[flipped] < 0))
    True
    """
    if not isinstance(rank_by, str) or rank_by not in _RANK_BY:
        raise ValueError(f"rank_by must be one of {_RANK_BY}, got {rank_by!r}")
    fm = fitted_model(model)
    X_train = as_rows(X_train, "X_train", n_features=fm.n_features, keep_float32=True, floats_only=True)
    y_idx = label_indices(y_train, fm.classes, "y_train", X_train.shape[0])
    scorer = fit_scorer(model, X_train, X_val, y_val, X_train, hessian_on=hessian_on, damping=damping, solver=solver,
                        device=device)
    table = scorer.table(X_train)

    rows = np.arange(table.shape[0])
    given = table[rows, y_idx]
    others = table.copy()
    others[rows, y_idx] = -np.inf
    alt_idx = np.argmax(others, axis=1)              # first maximum: the lowest class index on ties
    alternative = table[rows, alt_idx]
    gain = alternative - given
    suspicion = -given if rank_by == "given" else gain
    ranking = np.argsort(-suspicion, kind="stable").astype(np.int64)
    return SuspiciousLabels(given_influence=given, alternative_labels=fm.classes[alt_idx],
                            alternative_influence=alternative, relabel_gain=gain, suspicion=suspicion,
                            ranking=ranking, table=table, classes=fm.classes, rank_by=rank_by)
