"""The Dataset record every loader returns, and the label encoding they share.

A Dataset holds a float64 feature matrix, class indices 0..K-1 and the original label
of each index, plus a sentence saying how the source file became numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Dataset:
    """One classification dataset: ``X`` (n × d float64), ``y`` (n class indices) and provenance."""

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
        return len(self.class_names)


def label_name(value) -> str:
    """A label value as text; integral floats print without '.0' so that quality 5.0 reads '5'."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def encode_labels(values, what: str = "label") -> tuple[np.ndarray, tuple]:
    """Class indices 0..K-1 in sorted label order, and the original label of each index as text.

    Text labels that all read as numbers are sorted numerically (so '10' follows '9').
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
