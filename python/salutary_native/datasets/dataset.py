"""The Dataset record every loader returns, and the label encoding they share.

A Dataset holds a float64 feature matrix, class indices 0..K-1 and the original label
of each index, plus a sentence saying how the source file became numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Dataset:
    """One classification dataset: ``X`` (n × d float64), ``y`` (n class indices) and provenance.

    The constructor converts ``X`` to C-ordered float64, ``y`` to int64 and the name lists to
    tuples, and checks that the parts fit together.

    Parameters
    ----------
    name : str
        Short name of the dataset.
    X : array-like of shape (n, d)
        Features.
    y : array-like of shape (n,)
        Class indices 0..K-1.
    feature_names : sequence of str
        One name per column of X.
    class_names : sequence of str
        The original label of each class index.
    encoding : str
        How the source file became numbers.
    source : str
        Where the data comes from (dataset, authors, licence).

    Raises
    ------
    ValueError
        If X is not 2-D, y does not have one entry per row, the feature names do not match the
        columns, or y does not index ``class_names``.

    Examples
    --------
    >>> from salutary_native.datasets import Dataset
    >>> data = Dataset("toy", [[0.0, 1.0], [1.0, 0.0]], [0, 1], ("a", "b"), ("no", "yes"), "as given", "made up")
    >>> data.X.dtype, data.y.tolist(), data.n_classes
    (dtype('float64'), [0, 1], 2)
    """

    name: str
    X: np.ndarray
    y: np.ndarray
    feature_names: tuple
    class_names: tuple
    encoding: str
    source: str

    def __post_init__(self):
        # Normalise once here so that every loader hands out the same array layout.
        X = np.ascontiguousarray(self.X, dtype=np.float64)
        y = np.ascontiguousarray(self.y, dtype=np.int64)
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "feature_names", tuple(self.feature_names))
        object.__setattr__(self, "class_names", tuple(self.class_names))
        if X.ndim != 2:
            raise ValueError(f"Dataset {self.name!r}: X must be 2-D, got {X.ndim}-D")
        if y.shape != (X.shape[0],):
            raise ValueError(f"Dataset {self.name!r}: y has shape {y.shape}, expected ({X.shape[0]},)")
        if len(self.feature_names) != X.shape[1]:
            raise ValueError(f"Dataset {self.name!r}: {len(self.feature_names)} feature names for {X.shape[1]} columns")
        if y.size and (y.min() < 0 or y.max() >= len(self.class_names)):
            raise ValueError(f"Dataset {self.name!r}: y must index class_names (0..{len(self.class_names) - 1})")

    @property
    def n_classes(self) -> int:
        """Number of classes K (the length of ``class_names``).

        Examples
        --------
        >>> from salutary_native.datasets import load_dataset
        >>> load_dataset("waveform").n_classes
        3
        """
        return len(self.class_names)


def label_name(value) -> str:
    """A label value as text; integral floats print without '.0' so that quality 5.0 reads '5'.

    Parameters
    ----------
    value : object
        A label.

    Returns
    -------
    str
        Its text.

    Examples
    --------
    >>> from salutary_native.datasets.dataset import label_name
    >>> label_name(5.0), label_name(2.5), label_name("pos")
    ('5', '2.5', 'pos')
    """
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def encode_labels(values, what: str = "label") -> tuple[np.ndarray, tuple]:
    """Class indices 0..K-1 in sorted label order, and the original label of each index as text.

    Text labels that all read as numbers are sorted numerically (so '10' follows '9').

    Parameters
    ----------
    values : array-like of shape (n,)
        The labels.
    what : str, default="label"
        How error messages name the labels.

    Returns
    -------
    y : ndarray of int64, shape (n,)
        The class index of each label.
    class_names : tuple of str
        The label of each class index, as text.

    Raises
    ------
    ValueError
        If ``values`` is not 1-D, is empty or holds a NaN.

    Examples
    --------
    >>> from salutary_native.datasets.dataset import encode_labels
    >>> y, names = encode_labels(["9", "10", "9"])
    >>> y.tolist(), names
    ([0, 1, 0], ('9', '10'))
    >>> encode_labels([5.0, 3.0, 5.0])[1]
    ('3', '5')
    """
    values = np.asarray(values)
    if values.ndim != 1:
        raise ValueError(f"{what} must be 1-D, got {values.ndim}-D")
    if values.size == 0:
        raise ValueError(f"{what} is empty")
    if values.dtype.kind in "US":
        values = _numbers_if_all_numeric(values)
    if values.dtype.kind == "f" and np.isnan(values).any():
        row = int(np.flatnonzero(np.isnan(values))[0])
        raise ValueError(f"{what} is missing (NaN) in row {row + 1}")
    classes, y = np.unique(values, return_inverse=True)
    return y.astype(np.int64).reshape(-1), tuple(label_name(c) for c in classes)


def _numbers_if_all_numeric(values: np.ndarray) -> np.ndarray:
    # Only a full conversion counts: one non-number keeps the whole column textual.
    try:
        return values.astype(np.float64)
    except ValueError:
        return values
