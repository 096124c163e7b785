"""Input checks shared by every public entry point (maths §6).

Each check names the argument it rejects and runs before any native work. Arrays are
never modified: a conversion (dtype or layout) makes a new array, and the one documented
copy happens only when the input is not already a C-contiguous float32/float64 array.
"""

from __future__ import annotations

import numpy as np

from . import _core
from .parameters import Integer, Real


def as_rows(X, name: str, *, n_features: int | None = None, keep_float32: bool = False,
            allow_empty: bool = False, check_finite: bool = True, floats_only: bool = False) -> np.ndarray:
    """A 2-D, C-contiguous, finite float64 (or float32 when kept) view or copy of X.

    ``check_finite=False`` leaves the NaN/Inf check to a native pass that makes it on the way
    (the influence table's), so a large pool is read once instead of twice. ``floats_only``
    refuses integer and boolean arrays (the scoring API's features must be real-valued data;
    the estimator, like scikit-learn's, converts them).
    """
    if hasattr(X, "toarray") and not isinstance(X, np.ndarray):
        raise TypeError(f"{name} must be a dense array; sparse input is not supported")
    try:
        X = np.asarray(X)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be array-like of numbers: {exc}") from None
    if X.dtype.kind not in "fiub":
        raise TypeError(f"{name} must hold real numbers, got dtype {X.dtype}")
    if floats_only and X.dtype.kind != "f":
        raise TypeError(f"{name} must be a float32 or float64 array, got dtype {X.dtype}; "
                        f"convert it with {name}.astype(np.float64)")
    if X.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (rows × features), got {X.ndim}-D")
    if X.shape[1] == 0 or (X.shape[0] == 0 and not allow_empty):
        raise ValueError(f"{name} is empty (shape {X.shape})")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(f"{name} has {X.shape[1]} features, but the model has {n_features}")
    dtype = np.float32 if (keep_float32 and X.dtype == np.float32) else np.float64
    X = np.ascontiguousarray(X, dtype=dtype)
    if check_finite and X.size and not _core.all_finite(X, name):
        raise ValueError(f"{name} contains NaN or Inf")
    return X


def label_indices(y, classes: np.ndarray, name: str, n_rows: int) -> np.ndarray:
    """Positions of the labels y in classes (int64), or a ValueError naming y."""
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got {y.ndim}-D")
    if y.shape[0] != n_rows:
        raise ValueError(f"{name} has {y.shape[0]} labels but there are {n_rows} rows")
    try:
        idx = np.searchsorted(classes, y)
    except TypeError:
        raise ValueError(f"{name} holds labels that cannot be compared with classes_") from None
    idx = np.clip(idx, 0, len(classes) - 1)
    unknown = classes[idx] != y
    if np.any(unknown):
        raise ValueError(f"{name} holds labels outside the model's classes_: {np.unique(y[unknown])[:5]}")
    return np.ascontiguousarray(idx, dtype=np.int64)


def as_weights(sample_weight, n_rows: int, name: str = "sample_weight") -> np.ndarray | None:
    if sample_weight is None:
        return None
    w = np.asarray(sample_weight)
    if w.dtype.kind not in "fiub":
        raise TypeError(f"{name} must hold real numbers, got dtype {w.dtype}")
    if w.ndim != 1 or w.shape[0] != n_rows:
        raise ValueError(f"{name} must be 1-D with {n_rows} entries, got shape {w.shape}")
    w = np.ascontiguousarray(w, dtype=np.float64)
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError(f"{name} must be finite and non-negative")
    if not w.sum() > 0:
        raise ValueError(f"{name} must not sum to zero")
    return w


def real_at_least(value, name: str, lower: float, *, strict: bool = False, allow_inf: bool = False) -> float:
    """A real number >= lower (> lower when strict), by the same rule as the scoring parameters."""
    return Real(lower, strict, allow_inf).check(name, value)


def fraction_in_unit_interval(value, name: str) -> float:
    """A real number strictly between 0 and 1."""
    value = real_at_least(value, name, 0.0, strict=True)
    if value >= 1:
        raise ValueError(f"{name} must be strictly between 0 and 1, got {value!r}")
    return value


def integer_in(value, name: str, lower: int, upper: int | None = None) -> int:
    """An integer in [lower, upper], by the same rule as the scoring parameters."""
    return Integer(lower, upper).check(name, value)


def row_exclusion(exclude) -> np.ndarray | None:
    """Sorted unique int64 global rows, or None."""
    if exclude is None:
        return None
    rows = np.asarray(exclude)
    if rows.size == 0:
        return None
    if rows.dtype.kind not in "iu" or rows.ndim != 1:
        raise TypeError(f"exclude must be a 1-D array of integer row indices, got dtype {rows.dtype}, {rows.ndim}-D")
    if rows.min() < 0:
        raise ValueError(f"exclude holds negative row indices: {rows[rows < 0][:5]}")
    return np.unique(rows).astype(np.int64)


def is_one_array(X) -> bool:
    """An array (or a memory map, or anything with __array__) rather than an iterable of blocks."""
    return isinstance(X, np.ndarray) or hasattr(X, "__array__") or not hasattr(X, "__iter__")
