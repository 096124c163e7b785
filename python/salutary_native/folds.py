"""Stratified folds: the one split of labeled rows into parts that every method here uses.

Cross-validating C (``experiments.controls.cv_C``), cross-fitting the validation gradient
(``salutary_crossfit``) and splitting the validation set to test a label's stability
(``salutary_abstain``) all cut labeled rows into seeded, class-balanced parts. They take them
from scikit-learn's ``StratifiedKFold`` (shuffled, ``random_state=seed``), the field's standard,
through :func:`stratified_folds`.
"""

from __future__ import annotations

import warnings

import numpy as np

from .inputs import integer_in


def stratified_folds(y, n_folds, seed) -> np.ndarray:
    """The fold (0 … n_folds − 1) of every row: classes spread over the folds, fixed by ``seed``.

    scikit-learn's ``StratifiedKFold(n_folds, shuffle=True, random_state=seed)``; each row's
    fold is the split in which it is held out. A class with fewer rows than folds leaves some
    folds without it (scikit-learn's warning about that is not shown).

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Labels.
    n_folds : int
        Number of folds, between 2 and n_samples.
    seed : int
        The shuffle's seed, in [0, 2³²).

    Returns
    -------
    ndarray of int64, shape (n_samples,)

    Raises
    ------
    ValueError
        If ``y`` is not 1-D or ``n_folds`` is out of range.
    ImportError
        If scikit-learn is not installed.

    Examples
    --------
    >>> from salutary_native.folds import stratified_folds
    >>> folds = stratified_folds([0, 0, 0, 0, 1, 1], 2, seed=0)
    >>> sorted(folds[:4].tolist()), sorted(folds[4:].tolist())
    ([0, 0, 1, 1], [0, 1])
    """
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D, got shape {y.shape}")
    n_folds = integer_in(n_folds, "n_folds", 2)
    if y.shape[0] < n_folds:
        raise ValueError(f"{y.shape[0]} rows cannot make {n_folds} folds")
    seed = integer_in(seed, "seed", 0, 2**32 - 1)
    try:
        from sklearn.model_selection import StratifiedKFold
    except ImportError:
        raise ImportError("stratified folds need scikit-learn: pip install 'salutary-native[sklearn]'") from None
    folds = np.empty(y.shape[0], dtype=np.int64)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        splits = StratifiedKFold(n_folds, shuffle=True, random_state=seed).split(np.zeros((y.shape[0], 1)), y)
        for fold, (_, held_out) in enumerate(splits):
            folds[held_out] = fold
    return folds
