"""The pool curvature: the pool's share of the Hessian, summed in one order whatever the cut.

With ``hessian_on="pool"`` or ``"train+pool"`` the Hessian holds the curvature of every pool row,
``Σ_x ∇²CE(x)`` (maths §3). A pool that is streamed from disk or spread over workers is seen block
by block, so that sum must not depend on where the blocks start. It is taken over windows of
:data:`CURVATURE_WINDOW_ROWS` rows aligned to global row indices (window ``w`` holds rows
``[w·W, (w+1)·W)``), each summed in row order, and the windows are added over a fixed binary tree
(node ``(level L, index j)`` covers windows ``[j·2^L, (j+1)·2^L)``; a node is its left child plus
its right child, or its left child alone when the right one lies past the pool's end). A block
yields the whole tree nodes inside it, a :class:`CurvaturePartial`; partials merge exactly, in any
order, and :func:`finish_curvature` completes the tree. In memory, streamed, or on any number of
workers, the pool curvature, and the scorer fitted with it, are the same bits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, List, Optional, Tuple

import numpy as np

from . import _core
from .fitted_model import FittedModel, fitted_model
from .inputs import as_rows, is_one_array, row_exclusion
from .parameters import check_parameter

__all__ = ["CURVATURE_WINDOW_ROWS", "CurvaturePartial", "curvature_partial", "merge_curvature", "finish_curvature",
           "pool_curvature"]

#: Rows per curvature window: a block given to :func:`curvature_partial` starts at a multiple of it.
CURVATURE_WINDOW_ROWS: int = int(_core.CURVATURE_WINDOW_ROWS)


@dataclass(frozen=True)
class CurvaturePartial:
    """The curvature of part of a pool, as whole nodes of the fixed summation tree.

    Plain values (small integers and float64 arrays), so it pickles and travels between
    processes as it is.

    Attributes
    ----------
    model : FittedModel
        The model whose curvature this is.
    nodes : list of (int, int, ndarray)
        ``(level, index, raw sum)`` per node, by first window ascending.
    """

    model: FittedModel
    nodes: List[Tuple[int, int, np.ndarray]]


def _model(model) -> FittedModel:
    return model if isinstance(model, FittedModel) else fitted_model(model)


def curvature_partial(model, block, offset, *, exclude=None) -> CurvaturePartial:
    """The curvature of one block of a pool, as whole nodes of the summation tree.

    Parameters
    ----------
    model : LogisticRegression
        A fitted ``salutary_native`` or scikit-learn L2 ``LogisticRegression``.
    block : array-like of shape (n, n_features)
        The block's rows; float32 and float64 C-ordered arrays are read in place.
    offset : int
        Global index of the block's first row, a multiple of :data:`CURVATURE_WINDOW_ROWS`.
        Every block but the last of a pool must hold a multiple of that many rows.
    exclude : array-like of int, optional
        Global rows that carry no curvature (for example, rows already labeled).

    Returns
    -------
    CurvaturePartial

    Raises
    ------
    ValueError
        For a misaligned offset, a block of the wrong width, or NaN/Inf rows.

    Examples
    --------
    >>> import numpy as np
    >>> import salutary_native as sn
    >>> from salutary_native.pool_curvature import curvature_partial, finish_curvature, pool_curvature
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.normal(size=(100, 3)), rng.integers(0, 2, 100)
    >>> model = sn.LogisticRegression().fit(X, y)
    >>> pool = rng.normal(size=(20000, 3))
    >>> W = sn.pool_curvature.CURVATURE_WINDOW_ROWS
    >>> parts = [curvature_partial(model, pool[:W], 0), curvature_partial(model, pool[W:], W)]
    >>> merged = sn.pool_curvature.merge_curvature(*parts)
    >>> bool(np.array_equal(finish_curvature(merged, len(pool)), pool_curvature(model, pool)))
    True
    """
    fm = _model(model)
    offset = check_parameter("offset", offset)
    if offset % CURVATURE_WINDOW_ROWS:
        raise ValueError(f"offset must be a multiple of {CURVATURE_WINDOW_ROWS} (the curvature window), got {offset}")
    block = as_rows(block, "X_pool", n_features=fm.n_features, keep_float32=True, floats_only=True,
                    check_finite=False)
    nodes = _core.curvature_partial(fm.native, block, offset, row_exclusion(exclude))
    return CurvaturePartial(fm, nodes)


def merge_curvature(a: CurvaturePartial, b: CurvaturePartial) -> CurvaturePartial:
    """The partial of two disjoint parts of a pool; exact, associative and commutative.

    Parameters
    ----------
    a, b : CurvaturePartial
        Partials of the same model over disjoint rows.

    Returns
    -------
    CurvaturePartial
    """
    if not isinstance(a, CurvaturePartial) or not isinstance(b, CurvaturePartial):
        raise TypeError("merge_curvature takes two CurvaturePartial results")
    if a.model.coef.shape != b.model.coef.shape or not np.array_equal(a.model.coef, b.model.coef):
        raise ValueError("the partials were computed with different models")
    return CurvaturePartial(a.model, _core.merge_curvature(a.model.native, a.nodes, b.nodes))


def finish_curvature(partial: CurvaturePartial, n_rows) -> np.ndarray:
    """The pool curvature of a pool of ``n_rows`` rows from the partial of all its windows.

    Parameters
    ----------
    partial : CurvaturePartial
        The merge of the partials of every block of the pool.
    n_rows : int
        Rows in the pool.

    Returns
    -------
    ndarray of shape (p, p)
        ``Σ_x ∇²CE(x)`` over the pool, symmetric; pass it to
        ``InfluenceScorer.fit(..., pool_curvature=...)``.

    Raises
    ------
    ValueError
        When a window of the pool is missing or covered twice.
    """
    if not isinstance(partial, CurvaturePartial):
        raise TypeError(f"partial must be a CurvaturePartial, got {type(partial).__name__}")
    n_rows = _rows(n_rows)
    return _core.finish_curvature(partial.model.native, partial.nodes, n_rows)


def _rows(n_rows) -> int:
    if isinstance(n_rows, (bool, np.bool_)) or not isinstance(n_rows, (int, np.integer)) or n_rows < 1:
        raise ValueError(f"n_rows must be a positive integer, got {n_rows!r}")
    return int(n_rows)


def aligned_blocks(blocks: Iterable, name: str = "X_pool") -> Iterator[Tuple[int, np.ndarray]]:
    """``(offset, rows)`` from any iterable of row blocks, every offset a multiple of the window.

    Whole windows are passed through as views; only the rows of a window cut by a block
    boundary (fewer than :data:`CURVATURE_WINDOW_ROWS`) are copied, to join the next block's.
    """
    carry: Optional[np.ndarray] = None
    offset = 0
    for i, block in enumerate(blocks):
        block = as_rows(block, f"{name} block {i}", keep_float32=True, floats_only=True, check_finite=False)
        if carry is not None and carry.shape[0]:
            if block.shape[1] != carry.shape[1]:
                raise ValueError(f"{name} block {i} has {block.shape[1]} features, the earlier blocks "
                                 f"{carry.shape[1]}")
            take = min(CURVATURE_WINDOW_ROWS - carry.shape[0], block.shape[0])
            dtype = np.result_type(carry.dtype, block.dtype)
            carry = np.concatenate([carry.astype(dtype, copy=False), block[:take].astype(dtype, copy=False)])
            block = block[take:]
            if carry.shape[0] < CURVATURE_WINDOW_ROWS:
                continue
            yield offset, carry
            offset += carry.shape[0]
            carry = None
        whole = block.shape[0] - block.shape[0] % CURVATURE_WINDOW_ROWS
        if whole:
            yield offset, block[:whole]
            offset += whole
        carry = block[whole:]
    if carry is not None and carry.shape[0]:
        yield offset, carry


def pool_curvature(model, X_pool, *, exclude=None) -> np.ndarray:
    """The pool curvature of a whole pool: one array, or any iterable of row blocks.

    Parameters
    ----------
    model : LogisticRegression
        A fitted ``salutary_native`` or scikit-learn L2 ``LogisticRegression``.
    X_pool : array-like of shape (n_pool, n_features), or an iterable of such blocks
        The pool; blocks are taken in order, block i starting at the sum of the earlier lengths.
    exclude : array-like of int, optional
        Global rows that carry no curvature.

    Returns
    -------
    ndarray of shape (p, p)
        The same bits whatever the cut of the pool.
    """
    fm = _model(model)
    excluded = row_exclusion(exclude)
    if is_one_array(X_pool):
        X_pool = as_rows(X_pool, "X_pool", n_features=fm.n_features, keep_float32=True, floats_only=True,
                         check_finite=False)
        if X_pool.shape[0] == 0:
            raise ValueError("X_pool must have at least one row")
        return _core.pool_curvature(fm.native, X_pool, excluded)
    merged, n_rows = None, 0
    for offset, block in aligned_blocks(X_pool):
        part = curvature_partial(fm, block, offset, exclude=excluded)
        merged = part if merged is None else merge_curvature(merged, part)
        n_rows = offset + block.shape[0]
    if merged is None:
        raise ValueError("X_pool has no rows")
    return finish_curvature(merged, n_rows)
