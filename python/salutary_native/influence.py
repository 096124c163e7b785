"""Influence of labeling pool rows on the validation loss: maths §3 and §5 entry points.

Every function takes a fitted model (this package's LogisticRegression or scikit-learn's),
checks all inputs first, then runs one native call with the GIL released.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Optional

import numpy as np

from . import _core
from .fitted_model import FittedModel, fitted_model
from .inputs import (
    as_rows,
    as_weights,
    direction_solver_name,
    hessian_on_name,
    integer_in,
    label_indices,
    real_at_least,
)


@dataclass(frozen=True)
class SalutaryQuery:
    """The rows to label and their salutary labels, best first."""

    indices: np.ndarray  #: int64 rows of X_pool, descending score
    labels: np.ndarray  #: salutary labels, values from classes_
    scores: np.ndarray  #: float64 max_c I(x, c) of those rows
    table: Optional[np.ndarray]  #: n_pool × K influence table, or None when not kept


def _curvature_rows(fm: FittedModel, X_train, X_pool, hessian_on, damping, sample_weight,
                    *, pool_required: bool, table_pass: bool = False):
    """Checked (X_train, sample_weight, X_pool, hessian_on, damping) for the Hessian.

    With ``table_pass`` and curvature on the training rows only, the pool's first read is
    the influence table's, which checks it for NaN/Inf on the way (one pass, not two).
    """
    d = fm.n_features
    X_train = as_rows(X_train, "X_train", n_features=d, floats_only=True)
    w = as_weights(sample_weight, X_train.shape[0])
    hessian_on = hessian_on_name(hessian_on)
    if X_pool is None:
        if pool_required or hessian_on != "train":
            raise ValueError(f"X_pool is required with hessian_on={hessian_on!r}")
        X_pool = np.empty((0, d))
    else:
        X_pool = as_rows(X_pool, "X_pool", n_features=d, keep_float32=True, floats_only=True,
                         check_finite=not (table_pass and hessian_on == "train"))
    damping = real_at_least(damping, "damping", 0.0)
    return X_train, w, X_pool, hessian_on, damping


class _ScoringArgs(NamedTuple):
    """Checked arguments, in the order the native scoring calls take them."""

    coef: np.ndarray
    n_classes: int
    fit_intercept: bool
    C: float
    X_train: np.ndarray
    sample_weight: Optional[np.ndarray]
    X_val: np.ndarray
    y_val: np.ndarray
    X_pool: np.ndarray
    hessian_on: str
    damping: float


def _native_args(fm: FittedModel, X_train, X_val, y_val, X_pool, hessian_on, damping, sample_weight,
                 *, pool_required: bool = True, table_pass: bool = False) -> _ScoringArgs:
    """The checked positional arguments shared by the native scoring calls."""
    X_train, w, X_pool, hessian_on, damping = _curvature_rows(
        fm, X_train, X_pool, hessian_on, damping, sample_weight, pool_required=pool_required, table_pass=table_pass)
    X_val = as_rows(X_val, "X_val", n_features=fm.n_features, floats_only=True)
    y_idx = label_indices(y_val, fm.classes, "y_val", X_val.shape[0])
    return _ScoringArgs(fm.coef, fm.n_classes, fm.fit_intercept, fm.C, X_train, w, X_val, y_idx, X_pool,
                        hessian_on, damping)


DEVICES = ("auto", "cpu", "cuda")


def _on_cuda(device) -> bool:
    """Whether a scoring call runs on the CUDA device: "auto" when one is available."""
    if device not in DEVICES:
        raise ValueError(f"device must be one of {DEVICES}, got {device!r}")
    if device == "cuda" and not _core.HAS_CUDA:
        raise ValueError("device='cuda' needs a CUDA build of salutary-native "
                         "(pip install . -C cmake.define.SALUTARY_ENABLE_CUDA=ON) and a CUDA device; none is available")
    return device == "cuda" or (device == "auto" and _core.HAS_CUDA)


SOLVER_DOC = """``solver`` finds s = H⁺ g_val: ``"cholesky"`` assembles and factors the p × p Hessian (the
    reference), ``"cg"`` runs conjugate gradients on Hessian-vector products without forming it,
    and ``"auto"`` (default) runs CG for as many products as the factorisation would cost, then
    falls back to Cholesky; both agree far inside maths §6's tolerance. ``device`` ("auto", "cpu",
    "cuda"; influence_table and salutary_query) runs on a CUDA device when the package was built
    with CUDA and one is present ("auto"), where the training rows' Hessian is assembled with
    cuBLAS and factored with cuSOLVER."""


def influence_table(model, X_train, X_val, y_val, X_pool, *, hessian_on="train", damping=0.0,
                    sample_weight=None, solver="auto", device="auto") -> np.ndarray:
    """I(x, c) for every pool row x and label c: an (n_pool, K) float64 array.

    Column c is label ``classes_[c]``. I > 0 means adding (x, c) to the training set is
    predicted to lower the validation loss. ``sample_weight`` weighs the X_train rows in the
    Hessian; ``damping`` adds δ·I to it. float32 and float64 C-ordered pools are read in place.
    """
    fm = fitted_model(model)
    args = _native_args(fm, X_train, X_val, y_val, X_pool, hessian_on, damping, sample_weight, table_pass=True)
    solver = direction_solver_name(solver)
    if _on_cuda(device):
        return _core.salutary_query_cuda(*args[:-2], 1, 0, args.hessian_on, args.damping, True, solver)[3]
    return _core.influence_table(*args, solver)


def salutary_query(model, X_train, X_val, y_val, X_pool, budget, *, seed=0, hessian_on="train",
                   damping=0.0, sample_weight=None, keep_table=True, solver="auto", device="auto") -> SalutaryQuery:
    """The ``budget`` pool rows with the highest salutary score, with their salutary labels.

    Equal scores are ordered by a permutation drawn from ``seed``; the result is the same on
    any thread count. ``keep_table=False`` skips storing the n_pool × K table.
    """
    fm = fitted_model(model)
    args = _native_args(fm, X_train, X_val, y_val, X_pool, hessian_on, damping, sample_weight, table_pass=True)
    budget = integer_in(budget, "budget", 1, args.X_pool.shape[0])
    seed = integer_in(seed, "seed", 0, 2**64 - 1)
    solver = direction_solver_name(solver)
    query = _core.salutary_query_cuda if _on_cuda(device) else _core.salutary_query
    indices, label_idx, scores, table = query(*args[:-2], budget, seed, args.hessian_on, args.damping,
                                              bool(keep_table), solver)
    return SalutaryQuery(indices, fm.classes[label_idx], scores, table)


def hessian(model, X_train, *, X_pool=None, hessian_on="train", damping=0.0, sample_weight=None) -> np.ndarray:
    """The maths §3 Hessian (p × p, p = m·D, class-major parameters) without the null completion."""
    fm = fitted_model(model)
    rows = _curvature_rows(fm, X_train, X_pool, hessian_on, damping, sample_weight, pool_required=False)
    return _core.hessian(fm.coef, fm.n_classes, fm.fit_intercept, fm.C, *rows)


def val_direction(model, X_train, X_val, y_val, *, X_pool=None, hessian_on="train", damping=0.0,
                  sample_weight=None, solver="auto") -> np.ndarray:
    """s = H⁺ g_val as an (m, D) array shaped like the coefficients with intercepts last."""
    fm = fitted_model(model)
    args = _native_args(fm, X_train, X_val, y_val, X_pool, hessian_on, damping, sample_weight, pool_required=False)
    return _core.val_direction(*args, direction_solver_name(solver))[0]


for _entry in (influence_table, salutary_query, val_direction):
    _entry.__doc__ += "\n    " + SOLVER_DOC


def top_b(scores, budget, seed=0) -> np.ndarray:
    """Indices of the ``budget`` highest scores, descending; ties by a seeded permutation."""
    scores = np.asarray(scores)
    if scores.dtype.kind not in "fiu":
        raise TypeError(f"scores must hold real numbers, got dtype {scores.dtype}")
    if scores.ndim != 1 or scores.shape[0] == 0:
        raise ValueError(f"scores must be a non-empty 1-D array, got shape {scores.shape}")
    scores = np.ascontiguousarray(scores, dtype=np.float64)
    if np.isnan(scores).any():
        raise ValueError("scores contain NaN")
    budget = integer_in(budget, "budget", 1, scores.shape[0])
    seed = integer_in(seed, "seed", 0, 2**64 - 1)
    return _core.top_b(scores, budget, seed)
