"""The Dask engine: the fitted scorer over a pool held as a ``dask.array`` (maths §7).

A pool too large for one machine, or already chunked on a cluster, is scored chunk by chunk
where its chunks live. Every chunk is named by its global row offset and partial selections
merge exactly, so the table, the query and the pool curvature equal the in-memory scorer's
bit for bit, whatever the chunks and whatever the scheduler (threads, processes or a
``distributed`` cluster).

The fitted scorer enters the task graph once, as one key holding its plain state; each worker
process rebuilds it at most once, on first use, and every chunk task there shares it.

This module needs ``dask[array]`` (and ``distributed`` for a cluster); ``import
salutary_native`` never imports it.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from typing import Callable, List, Optional

import dask
import dask.array as da
import numpy as np
from dask.base import tokenize

from .fitted_model import fitted_model
from .inputs import as_rows, as_weights, label_indices, row_exclusion
from .parameters import check_parameter, uses_pool
from .scorer import InfluenceScorer, PartialTopB, SalutaryQuery, merge_top_b

__all__ = ["fit_scorer", "influence_table", "query"]


# -- the scorer, shipped once --------------------------------------------------------------------

_REBUILT: "OrderedDict[str, InfluenceScorer]" = OrderedDict()
_REBUILT_LOCK = threading.Lock()
_REBUILT_KEEP = 8  # scorers kept per process; an active-learning loop makes a new one each round


class _ShippedScorer:
    """A fitted scorer as it travels in a task graph: its state and the token naming it.

    Pickling carries only the state (plain arrays and values). The native scorer is rebuilt
    from it on first use and cached by token, so a worker process rebuilds it once however many
    chunk tasks it runs, and a scheduler that merely forwards the graph never rebuilds it.
    """

    def __init__(self, state: dict, token: str):
        self.state = state
        self.token = token

    def __getstate__(self):
        return {"state": self.state, "token": self.token}

    def __setstate__(self, value):
        self.state = value["state"]
        self.token = value["token"]

    def __dask_tokenize__(self):
        return self.token

    def scorer(self) -> InfluenceScorer:
        with _REBUILT_LOCK:
            scorer = _REBUILT.get(self.token)
            if scorer is None:
                scorer = InfluenceScorer.from_state(self.state)
                _REBUILT[self.token] = scorer
                while len(_REBUILT) > _REBUILT_KEEP:
                    _REBUILT.popitem(last=False)
            else:
                _REBUILT.move_to_end(self.token)
            return scorer


def _shipped(scorer) -> "dask.delayed.Delayed":
    """One graph key holding the fitted scorer's state; every chunk task depends on it."""
    if not isinstance(scorer, InfluenceScorer):
        raise TypeError(f"scorer must be a fitted salutary_native.InfluenceScorer, got {type(scorer).__name__}")
    state = scorer.get_state()  # raises the scorer's own 'not fitted' error
    token = tokenize(state)
    return dask.delayed(_ShippedScorer(state, token), name=f"influence-scorer-{token}", traverse=False)


# -- checks from metadata ------------------------------------------------------------------------

def _pool_rows(X_pool, n_features: int, name: str = "X_pool") -> "da.Array":
    """X_pool checked from its metadata alone (nothing is computed), columns in one chunk.

    The messages are the in-memory scorer's: the dtype, dimensionality, emptiness and width
    checks run on a stand-in array of the same dtype whose shape breaks the same rules.
    """
    if not isinstance(X_pool, da.Array):
        raise TypeError(f"{name} must be a dask array, got {type(X_pool).__name__}; "
                        f"score a numpy array with the InfluenceScorer itself")
    if hasattr(getattr(X_pool, "_meta", None), "toarray"):
        raise TypeError(f"{name} must be a dense array; sparse input is not supported")
    shape = X_pool.shape
    if any(isinstance(s, float) and math.isnan(s) for s in shape):
        raise ValueError(f"{name} has unknown chunk sizes (shape {shape}); call {name}.compute_chunk_sizes() first")
    # One row stands for many when both sides are non-zero; otherwise the shape is kept (it is empty
    # or not 2-D, and the stand-in is a zero-stride view that is refused before anything is copied).
    probe_shape = (1, shape[1]) if X_pool.ndim == 2 and shape[0] > 0 and shape[1] > 0 else shape
    as_rows(np.broadcast_to(np.zeros((), dtype=X_pool.dtype), probe_shape), name, n_features=n_features,
            keep_float32=True, floats_only=True, check_finite=False)
    if X_pool.numblocks[1] != 1:
        X_pool = X_pool.rechunk({1: -1})
    return X_pool


def _row_offsets(chunks) -> np.ndarray:
    """Global index of the first row of each row chunk."""
    return np.concatenate(([0], np.cumsum(chunks[:-1], dtype=np.int64))).astype(np.int64)


def _fixed_tree(merge: Callable, parts: List):
    """Merge adjacent pairs level by level: one fixed binary tree for a given number of parts."""
    merge_task = dask.delayed(merge, pure=True)
    while len(parts) > 1:
        parts = [merge_task(parts[i], parts[i + 1]) if i + 1 < len(parts) else parts[i]
                 for i in range(0, len(parts), 2)]
    return parts[0]


# -- the influence table -------------------------------------------------------------------------

def _table_chunk(block: np.ndarray, shipped: _ShippedScorer, block_info=None) -> np.ndarray:
    scorer = shipped.scorer()
    if block.shape[0] == 0:  # an empty chunk (after filtering, say) has an empty table
        return np.empty((0, len(scorer.classes_)), dtype=np.float64)
    return scorer.table(block, offset=block_info[0]["array-location"][0][0])


def influence_table(scorer: InfluenceScorer, X_pool) -> "da.Array":
    """The influence table I(x, c) of a dask pool, lazily: an (n_pool, K) float64 dask array.

    Each row chunk is scored where it lives with ``scorer.table(chunk, offset=<its first
    global row>)``, so the result equals ``scorer.table(X_pool.compute())`` bit for bit,
    whatever the chunks. The scorer enters the graph once.

    Parameters
    ----------
    scorer : InfluenceScorer
        A fitted scorer.
    X_pool : dask.array.Array of shape (n_pool, n_features)
        Pool rows, float32 or float64. Chunks along columns are joined into one first.

    Returns
    -------
    dask.array.Array of shape (n_pool, K), float64
        Chunked along rows like ``X_pool``; column c is label ``scorer.classes_[c]``.

    Raises
    ------
    TypeError, ValueError
        For a scorer that is not a fitted InfluenceScorer, or a pool that is not a dask array or
        has the wrong dtype, dimensionality or width (the in-memory scorer's messages), before
        anything is computed. NaN or Inf in a chunk raise ValueError when it is computed.

    Examples
    --------
    >>> import numpy as np
    >>> import dask.array as da
    >>> import salutary_native as sn
    >>> import salutary_native.dask as snd
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.normal(size=(200, 4)), rng.integers(0, 3, 200)
    >>> model = sn.LogisticRegression(C=0.1).fit(X, y)
    >>> scorer = sn.InfluenceScorer(model).fit(X, X[:50], y[:50])
    >>> pool = rng.normal(size=(1000, 4))
    >>> table = snd.influence_table(scorer, da.from_array(pool, chunks=300))
    >>> table.shape
    (1000, 3)
    >>> bool(np.array_equal(table.compute(), scorer.table(pool)))
    True
    """
    shipped = _shipped(scorer)
    X = _pool_rows(X_pool, scorer.n_features_in_)
    n_classes = len(scorer.classes_)
    return X.map_blocks(_table_chunk, shipped, chunks=(X.chunks[0], (n_classes,)), dtype=np.float64,
                        meta=np.empty((0, 0), dtype=np.float64), name=f"influence-table-{tokenize(X, shipped)}")


# -- the query -----------------------------------------------------------------------------------

def _partial_top_b_chunk(shipped: _ShippedScorer, block: np.ndarray, offset: int, budget: int, seed: int,
                         exclude: Optional[np.ndarray]) -> PartialTopB:
    return shipped.scorer().partial_query(block, budget, offset=offset, seed=seed, exclude=exclude)


def _excluded_within(excluded: Optional[np.ndarray], start: int, stop: int) -> Optional[np.ndarray]:
    """The sorted excluded rows in [start, stop), or None: each chunk task carries only its own."""
    if excluded is None:
        return None
    lo, hi = np.searchsorted(excluded, [start, stop])
    return excluded[lo:hi] if hi > lo else None


def _salutary_query(best: PartialTopB, classes: np.ndarray) -> SalutaryQuery:
    return SalutaryQuery(best.indices, classes[best.label_indices], best.scores, None)


def query(scorer: InfluenceScorer, X_pool, budget, *, seed=0, exclude=None, compute=True):
    """The ``budget`` rows of a dask pool with the highest salutary score, with their salutary labels.

    Each row chunk yields its best rows with ``scorer.partial_query`` at its global offset;
    the partials are merged by a fixed binary tree of :func:`salutary_native.merge_top_b`
    (exact, associative and commutative) and computed with ``dask.compute``, on the current
    scheduler: threads by default, or a ``distributed`` cluster when a Client is active. The
    result equals ``scorer.query(X_pool.compute(), budget, seed=seed, exclude=exclude)`` bit
    for bit.

    Parameters
    ----------
    scorer : InfluenceScorer
        A fitted scorer.
    X_pool : dask.array.Array of shape (n_pool, n_features)
        Pool rows, float32 or float64.
    budget : int
        Rows to select; at most the number of eligible (not excluded) pool rows.
    seed : int or numpy.random.Generator, default=0
        Tie-break seed (a Generator gives one draw, used by every chunk).
    exclude : array-like of int, optional
        Global rows to leave out; each chunk task carries only those in its range.
    compute : bool, default=True
        Compute now, or return a ``dask.delayed.Delayed`` whose value is the SalutaryQuery
        (to compute with other work, or submit with ``Client.compute``).

    Returns
    -------
    SalutaryQuery, or dask.delayed.Delayed when ``compute=False``
        ``indices``, ``labels`` (from ``scorer.classes_``) and ``scores``, best first;
        ``table`` is None (use :func:`influence_table`).

    Raises
    ------
    TypeError, ValueError
        For a bad scorer, pool, ``budget``, ``seed`` or ``exclude``, with the in-memory scorer's
        messages, before anything is computed.

    Examples
    --------
    >>> import numpy as np
    >>> import dask.array as da
    >>> import salutary_native as sn
    >>> import salutary_native.dask as snd
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.normal(size=(200, 4)), rng.integers(0, 3, 200)
    >>> model = sn.LogisticRegression(C=0.1).fit(X, y)
    >>> scorer = sn.InfluenceScorer(model).fit(X, X[:50], y[:50])
    >>> pool = rng.normal(size=(1000, 4))
    >>> q = snd.query(scorer, da.from_array(pool, chunks=300), 5, seed=1)
    >>> bool(np.array_equal(q.indices, scorer.query(pool, 5, seed=1).indices))
    True
    """
    shipped = _shipped(scorer)
    budget = check_parameter("budget", budget)
    seed = check_parameter("seed", seed)
    excluded = row_exclusion(exclude)
    X = _pool_rows(X_pool, scorer.n_features_in_)
    n_rows = X.shape[0]
    n_excluded = 0 if excluded is None else int(np.count_nonzero(excluded < n_rows))
    check_parameter("budget", budget, upper=n_rows - n_excluded)

    partial_task = dask.delayed(_partial_top_b_chunk, pure=True)
    offsets = _row_offsets(X.chunks[0])
    parts = []
    for block, start, size in zip(X.to_delayed().ravel(), offsets.tolist(), X.chunks[0]):
        if size:  # an empty chunk holds no candidates
            parts.append(partial_task(shipped, block, start, budget, seed,
                                      _excluded_within(excluded, start, start + size)))
    lazy = dask.delayed(_salutary_query, pure=True)(_fixed_tree(merge_top_b, parts), scorer.classes_)
    if not compute:
        return lazy
    (result,) = dask.compute(lazy)
    return result


# -- fitting with the pool's curvature ---------------------------------------------------------------

def _aligned_rows(X: "da.Array", window: int) -> "da.Array":
    """X with every inner row-chunk boundary moved down to a multiple of ``window``.

    The boundaries stay close to the user's (a chunk smaller than a window joins its
    neighbour); an already aligned pool is returned unchanged.
    """
    n_rows = X.shape[0]
    bounds = np.cumsum(X.chunks[0])[:-1]
    inner = np.unique(bounds - bounds % window)
    inner = inner[(inner > 0) & (inner < n_rows)]
    edges = np.concatenate(([0], inner, [n_rows]))
    chunks = tuple(int(c) for c in np.diff(edges))
    return X if chunks == X.chunks[0] else X.rechunk({0: chunks})


def _curvature_chunk(model, block: np.ndarray, offset: int, exclude: Optional[np.ndarray]):
    from .pool_curvature import curvature_partial

    return curvature_partial(model, block, offset, exclude=exclude)


def fit_scorer(model, X_train, X_val, y_val, X_pool, *, hessian_on="train", damping=0.0, solver="auto",
               exclude=None, sample_weight=None, device="auto", cg_preconditioner="jacobi",
               precision="float64") -> InfluenceScorer:
    """An :class:`~salutary_native.InfluenceScorer` fitted with a dask pool's curvature when asked.

    With ``hessian_on`` "pool" or "train+pool", the pool's curvature is computed where its
    chunks live: every chunk gives the partial sums of the whole curvature windows of
    ``salutary_native.pool_curvature.CURVATURE_WINDOW_ROWS`` rows (aligned to global row
    indices) that it holds, the partials are merged by a fixed binary tree, and the scorer is
    fitted on the finished matrix. Because the windows and the order of their sum are fixed by
    global row indices, the scorer equals
    ``InfluenceScorer(model, hessian_on=...).fit(..., X_pool=X_pool.compute())`` bit for bit.
    For that, the row chunks of ``X_pool`` are first moved so that every chunk boundary is a
    multiple of ``CURVATURE_WINDOW_ROWS`` (each boundary moves down to the start of the window
    it falls in; a chunk smaller than a window joins its neighbour; an aligned pool is not
    rechunked). With ``hessian_on="train"`` the pool is not read.

    Parameters
    ----------
    model : LogisticRegression
        A fitted ``salutary_native.LogisticRegression`` or scikit-learn L2 ``LogisticRegression``.
    X_train, X_val, y_val, sample_weight
        In memory, as for :meth:`InfluenceScorer.fit`.
    X_pool : dask.array.Array of shape (n_pool, n_features), or None
        The pool whose curvature enters the Hessian; required for ``hessian_on`` "pool" and
        "train+pool".
    hessian_on, damping, solver, device, cg_preconditioner, precision
        As for :class:`~salutary_native.InfluenceScorer`.
    exclude : array-like of int, optional
        Global pool rows left out of the curvature (for example, rows already labeled).

    Returns
    -------
    InfluenceScorer
        Fitted; use it with :func:`influence_table` and :func:`query`.

    Raises
    ------
    TypeError, ValueError
        For bad parameters, a bad model or a bad pool, naming the argument, before anything is
        computed; NaN or Inf in a chunk raise ValueError when it is computed.

    Examples
    --------
    >>> import numpy as np
    >>> import dask.array as da
    >>> import salutary_native as sn
    >>> import salutary_native.dask as snd
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.normal(size=(200, 4)), rng.integers(0, 3, 200)
    >>> model = sn.LogisticRegression(C=0.1).fit(X, y)
    >>> pool = rng.normal(size=(3000, 4))
    >>> scorer = snd.fit_scorer(model, X, X[:50], y[:50], da.from_array(pool, chunks=700), hessian_on="pool")
    >>> in_memory = sn.InfluenceScorer(model, hessian_on="pool").fit(X, X[:50], y[:50], X_pool=pool)
    >>> bool(np.array_equal(scorer.val_direction_, in_memory.val_direction_))
    True
    """
    hessian_on = check_parameter("hessian_on", hessian_on)
    scorer = InfluenceScorer(model, hessian_on=hessian_on, damping=damping, solver=solver, device=device,
                             cg_preconditioner=cg_preconditioner, precision=precision)
    if not uses_pool(hessian_on):
        return scorer.fit(X_train, X_val, y_val, sample_weight=sample_weight)
    if X_pool is None:
        raise ValueError(f"X_pool is required with hessian_on={hessian_on!r}")
    # Everything fit() will check is checked before any chunk is read, with fit()'s messages.
    scorer._checked_options()
    fm = fitted_model(model)
    n_train = as_rows(X_train, "X_train", n_features=fm.n_features, floats_only=True).shape[0]
    as_weights(sample_weight, n_train)
    n_val = as_rows(X_val, "X_val", n_features=fm.n_features, floats_only=True).shape[0]
    label_indices(y_val, fm.classes, "y_val", n_val)
    X = _pool_rows(X_pool, fm.n_features)
    excluded = row_exclusion(exclude)

    from .pool_curvature import CURVATURE_WINDOW_ROWS, finish_curvature, merge_curvature

    X = _aligned_rows(X, CURVATURE_WINDOW_ROWS)
    # The model's parameters travel once, as one key, like the scorer's state.
    shipped_model = dask.delayed(fm, name=f"fitted-model-{tokenize(fm.coef, fm.classes, fm.fit_intercept, fm.C)}",
                                 traverse=False)
    partial_task = dask.delayed(_curvature_chunk, pure=True)
    parts = [partial_task(shipped_model, block, start, _excluded_within(excluded, start, start + size))
             for block, start, size in zip(X.to_delayed().ravel(), _row_offsets(X.chunks[0]).tolist(),
                                           X.chunks[0])]
    (total,) = dask.compute(_fixed_tree(merge_curvature, parts))
    curvature = finish_curvature(total, X.shape[0])
    return scorer.fit(X_train, X_val, y_val, sample_weight=sample_weight, pool_curvature=curvature)
