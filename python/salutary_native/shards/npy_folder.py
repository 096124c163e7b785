"""A pool stored as .npy shards: one memory-mapped file per block."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

from ._listing import check_numbering as check_shard_numbering
from ._listing import shard_paths
from ._pool_source import Piece, PoolSource, float_dtype

_HEADER_READERS = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}


def read_npy_piece(path: Path) -> Piece:
    """The shard's shape and dtype from its header, after checking the file holds all its bytes."""
    size = os.path.getsize(path)
    try:
        with open(path, "rb") as fp:
            version = np.lib.format.read_magic(fp)
            reader = _HEADER_READERS.get(version)
            if reader is None:
                raise ValueError(f"format version {version[0]}.{version[1]} is not read here")
            shape, _, dtype = reader(fp)
            data_start = fp.tell()
    except (ValueError, EOFError, OSError, SyntaxError) as exc:
        raise ValueError(f"{path} is not a readable .npy file: {exc}") from None
    if len(shape) != 2:
        raise ValueError(f"{path} holds a {len(shape)}-D array of shape {shape}; a shard must be 2-D (rows × features)")
    dtype = float_dtype(dtype, str(path))
    needed = data_start + math.prod(shape) * dtype.itemsize
    if size != needed:
        state = "truncated" if size < needed else "longer than its header says"
        raise ValueError(f"{path} is {state}: it holds {size} bytes, but its header (shape {shape}, "
                         f"{dtype}) needs {needed}")
    return Piece(str(path), int(shape[0]), int(shape[1]), dtype)


class NpyFolder(PoolSource):
    """A pool stored as .npy shards, one block per shard, each read through a memory map.

    Every shard's header and byte size is checked when the source is built: a missing,
    truncated, non-2-D or non-float shard, or one whose width or dtype differs from the
    first, is a ValueError naming the file, before any block is read. Shards with no rows
    are checked and then skipped. Fortran-ordered shards are copied to C order one block
    at a time; C-ordered ones are read in place.

    Parameters
    ----------
    path_or_paths : str, path-like, or sequence of them
        A folder, whose files matching ``pattern`` are taken in natural order (``part-2``
        before ``part-10``); one .npy file; or a list of files, taken in the list's order.
    pattern : str, default="*.npy"
        Which files of a folder are shards (``Path.glob`` syntax, so ``"**/*.npy"`` searches
        subfolders).
    check_numbering : bool, default=True
        When a folder's shard names differ only by one number, require the numbers to count
        up by one from 0 or 1, or to equal each shard's first global row, so that a missing
        shard (a gap such as ``part-00001.npy`` between ``part-00000.npy`` and
        ``part-00002.npy``) is a ValueError naming it instead of a silently shorter pool.

    Attributes
    ----------
    paths : tuple of pathlib.Path
        The shards, in pool order (including any with no rows).
    n_rows, n_features, dtype, block_lengths, offsets, places
        As for :class:`PoolSource`.

    Raises
    ------
    ValueError
        For a missing, unreadable, truncated, non-2-D or non-float shard, shards of different
        widths or dtypes, a gap in numbered names, or a folder with no shards or no rows.

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> from salutary_native.shards import NpyFolder
    >>> folder = tempfile.mkdtemp()
    >>> pool = np.arange(12.0).reshape(6, 2)
    >>> np.save(f"{folder}/part-0.npy", pool[:4])
    >>> np.save(f"{folder}/part-1.npy", pool[4:])
    >>> source = NpyFolder(folder)
    >>> len(source), source.n_rows, source.offsets.tolist()
    (2, 6, [0, 4])
    >>> bool(np.array_equal(np.concatenate(list(source)), pool))
    True
    """

    def __init__(self, path_or_paths, *, pattern: str = "*.npy", check_numbering: bool = True):
        paths, folder = shard_paths(path_or_paths, pattern, ".npy shards")
        pieces = [read_npy_piece(p) for p in paths]
        if check_numbering and folder is not None:
            first_rows = np.concatenate([[0], np.cumsum([p.n_rows for p in pieces])[:-1]])
            check_shard_numbering(paths, folder, first_rows)
        kept = self._set_layout(pieces, str(folder) if folder is not None else "the list of .npy shards")
        self.paths = tuple(paths)
        self._files = tuple(paths[i] for i in kept)

    def _read(self, i: int) -> np.ndarray:
        path = self._files[i]
        try:
            return np.load(path, mmap_mode="r", allow_pickle=False)
        except (ValueError, OSError, EOFError) as exc:
            raise ValueError(f"{path} could not be read: {exc}") from None
