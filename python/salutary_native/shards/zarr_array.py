"""A pool stored as a 2-D zarr array: one block per row of chunks (or of shards)."""

from __future__ import annotations

import os
from typing import Optional

import numpy as np

from ..datasets._optional_import import import_optional
from ._pool_source import Piece, PoolSource, float_dtype

INSTALL_HINT = "pip install 'salutary-native[shards]'"


def _open(path) -> tuple:
    zarr = import_optional("zarr", purpose="ZarrRows", install_hint=INSTALL_HINT)
    name = os.fspath(path)
    if "://" not in name and not os.path.exists(name):
        raise ValueError(f"{name} does not exist")
    try:
        array = zarr.open_array(name, mode="r")
    except Exception as exc:  # zarr raises many types for a missing or damaged store
        raise ValueError(f"{name} is not a readable zarr array: {type(exc).__name__}: {exc}") from None
    return array, name


class ZarrRows(PoolSource):
    """A pool stored as a 2-D zarr array, read one row of chunks at a time.

    Block i holds the rows of the i-th chunk along axis 0 (of the i-th shard, for a sharded
    array), across the full width even when columns are chunked too. The array's metadata
    is checked when the source is built: a missing or unreadable store, an array that is not
    2-D or not float32/float64, or chunks missing from the store (which zarr would read as
    the fill value) is a ValueError naming the array before any block is read.

    Parameters
    ----------
    array_or_path : zarr.Array, str or path-like
        An open array, or the path (or URL) of one, opened read-only.
    block_rows : int, optional
        Rows per block, a multiple of the chunk rows; default: the chunk (or shard) rows.
    missing_chunks : {"raise", "fill"}, default="raise"
        What chunks absent from the store mean. zarr leaves out chunks that hold only the
        fill value, so ``"fill"`` accepts them as such; ``"raise"`` treats them as lost data.

    Attributes
    ----------
    array : zarr.Array
        The array read.
    n_rows, n_features, dtype, block_lengths, offsets, places
        As for :class:`PoolSource`; ``places`` names each block's rows.

    Raises
    ------
    ValueError
        For a missing or unreadable array, a shape other than 2-D with rows and columns, a
        dtype other than float32/float64, or missing chunks.
    ImportError
        When a path is given and zarr is not installed.

    Examples
    --------
    >>> import tempfile, numpy as np, zarr
    >>> from salutary_native.shards import ZarrRows
    >>> path = tempfile.mkdtemp() + "/pool.zarr"
    >>> pool = np.arange(20.0).reshape(10, 2)
    >>> stored = zarr.create_array(path, shape=pool.shape, chunks=(4, 2), dtype="float64")
    >>> stored[:] = pool
    >>> source = ZarrRows(path)
    >>> source.block_lengths.tolist()
    [4, 4, 2]
    >>> bool(np.array_equal(np.concatenate(list(source)), pool))
    True
    """

    def __init__(self, array_or_path, *, block_rows: Optional[int] = None, missing_chunks: str = "raise"):
        if missing_chunks not in ("raise", "fill"):
            raise ValueError(f"missing_chunks must be 'raise' or 'fill', got {missing_chunks!r}")
        if isinstance(array_or_path, (str, os.PathLike)):
            array, name = _open(array_or_path)
        else:
            array = array_or_path
            needed = ("shape", "dtype", "chunks", "nchunks", "nchunks_initialized", "fill_value")
            if isinstance(array, np.ndarray) or not all(hasattr(array, a) for a in needed):
                raise TypeError("ZarrRows reads a zarr array or the path of one; pass an in-memory array to "
                                f"the scorer directly (got {type(array).__name__})")
            name = str(getattr(array, "store_path", "") or getattr(array, "path", "") or "the zarr array")
        shape = tuple(array.shape)
        if len(shape) != 2:
            raise ValueError(f"{name} holds a {len(shape)}-D array of shape {shape}; a pool must be 2-D "
                             "(rows × features)")
        dtype = float_dtype(array.dtype, name)
        if shape[0] == 0 or shape[1] == 0:
            raise ValueError(f"{name} is empty (shape {shape})")
        shards = getattr(array, "shards", None)
        stored_rows = int((shards or array.chunks)[0])
        if block_rows is None:
            block_rows = stored_rows
        elif isinstance(block_rows, bool) or not isinstance(block_rows, (int, np.integer)) or block_rows < 1 \
                or block_rows % stored_rows:
            raise ValueError(f"block_rows must be a positive multiple of the {stored_rows} rows of each stored "
                             f"chunk of {name}, got {block_rows!r}")
        if missing_chunks == "raise":
            stored, expected = int(array.nchunks_initialized), int(array.nchunks)
            # A sharded array may count the padding chunks of its last shard: fewer is what matters.
            if stored < expected:
                raise ValueError(f"{name} stores {stored} of its {expected} chunks: the others would read as the "
                                 f"fill value {array.fill_value}; if that is intended, pass missing_chunks='fill'")
        starts = range(0, shape[0], int(block_rows))
        pieces = [Piece(f"{name} rows {a}:{min(a + block_rows, shape[0])}", min(block_rows, shape[0] - a),
                        shape[1], dtype) for a in starts]
        self._set_layout(pieces, name)
        self.array = array

    def _read(self, i: int) -> np.ndarray:
        start = int(self.offsets[i])
        try:
            return np.asarray(self.array[start:start + int(self.block_lengths[i])])
        except Exception as exc:  # zarr raises many types for a damaged chunk
            raise ValueError(f"{self.places[i]} could not be read: {type(exc).__name__}: {exc}") from None
