"""The pool-source protocol: a pool on disk as a sized iterable of row blocks, checked up front.

Every source opens and checks all of its pieces (files, row groups, chunks) when it is built,
so a broken source fails before any block is read and before any scoring starts. Blocks are
then read one at a time, afresh on every iteration, and each is a 2-D C-contiguous float32 or
float64 array; block i holds global pool rows ``offsets[i] : offsets[i] + block_lengths[i]``.
"""

from __future__ import annotations

from typing import Iterator, NamedTuple, Optional, Sequence

import numpy as np

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


class Piece(NamedTuple):
    """One stored piece of a pool as its header or metadata describes it, before it is read."""

    place: str
    n_rows: int
    n_features: Optional[int]  # None: not known from the metadata, and the piece has no rows
    dtype: np.dtype


def float_dtype(dtype, place: str) -> np.dtype:
    """The native-order float32/float64 dtype equal to ``dtype``, or a ValueError naming ``place``."""
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise ValueError(f"{place} holds values of type {dtype}, not float32 or float64") from None
    native = dtype.newbyteorder("=") if dtype.byteorder not in "=|" else dtype
    if dtype.fields is not None or dtype.subdtype is not None or native not in _FLOATS:
        raise ValueError(f"{place} holds values of type {dtype}, not float32 or float64; "
                         "convert it (for example with .astype(np.float32)) and write it again")
    return np.dtype(native.type)


def _read_only(values) -> np.ndarray:
    out = np.asarray(values, dtype=np.int64)
    out.setflags(write=False)
    return out


class PoolSource:
    """A pool stored on disk, presented as an iterable of row blocks in global row order.

    A source can be passed wherever the scorer takes a pool as blocks, for example
    ``InfluenceScorer.query(source, budget)``: block i starts at global row ``offsets[i]``, so
    the results equal one call on the whole pool in memory, bit for bit. Every piece is
    checked when the source is built; blocks are read lazily (a memory map, one row group or
    one chunk row at a time), and each iteration reads them from disk again.

    Sources have no ``__getitem__`` and no ``__array__`` on purpose: NumPy would otherwise
    try to load the whole pool. Use :meth:`block` for one block.

    Attributes
    ----------
    n_rows : int
        Rows in the pool.
    n_features : int
        Columns of every block.
    dtype : numpy.dtype
        float32 or float64, the same for every block.
    block_lengths : ndarray of int64
        Rows in each block (every block has at least one row).
    offsets : ndarray of int64
        Global index of each block's first row.
    places : tuple of str
        Where each block is stored, as named in error messages.
    """

    n_rows: int
    n_features: int
    dtype: np.dtype
    block_lengths: np.ndarray
    offsets: np.ndarray
    places: tuple

    def _set_layout(self, pieces: Sequence[Piece], what: str) -> list:
        """Check that the pieces form one pool and record its layout.

        Every piece must have the width and dtype of the first; pieces with no rows are kept
        out of the blocks. Returns the positions (in ``pieces``) of the pieces that are blocks.
        """
        known = [piece for piece in pieces if piece.n_features is not None]
        if not known:
            raise ValueError(f"{what} holds no rows")
        first = known[0]
        for piece in known:
            if piece.n_features < 1:
                raise ValueError(f"{piece.place} has no columns (shape ({piece.n_rows}, {piece.n_features}))")
            if piece.n_features != first.n_features:
                raise ValueError(f"{piece.place} has {piece.n_features} columns, but {first.place} has "
                                 f"{first.n_features}: every piece of a pool must have the same width")
            if piece.dtype != first.dtype:
                raise ValueError(f"{piece.place} holds {piece.dtype}, but {first.place} holds {first.dtype}: "
                                 "every piece of a pool must have the same dtype")
        kept = [i for i, piece in enumerate(pieces) if piece.n_rows > 0]
        if not kept:
            raise ValueError(f"{what} holds no rows")
        lengths = np.array([pieces[i].n_rows for i in kept], dtype=np.int64)
        self.block_lengths = _read_only(lengths)
        self.offsets = _read_only(np.concatenate([[0], np.cumsum(lengths)[:-1]]))
        self.n_rows = int(lengths.sum())
        self.n_features = int(first.n_features)
        self.dtype = np.dtype(first.dtype)
        self.places = tuple(pieces[i].place for i in kept)
        return kept

    # -- reading -----------------------------------------------------------------------------

    def _read(self, i: int) -> np.ndarray:
        """Block i as stored (any layout); subclasses read it here."""
        raise NotImplementedError

    def _read_all(self) -> Iterator[np.ndarray]:
        """Every block in order; a subclass may share work between consecutive blocks."""
        for i in range(len(self)):
            yield self._read(i)

    def _checked(self, i: int, block) -> np.ndarray:
        block = np.asarray(block)
        want = (int(self.block_lengths[i]), self.n_features)
        if block.shape != want or block.dtype.kind != "f" or block.dtype.itemsize != self.dtype.itemsize:
            raise ValueError(f"{self.places[i]} now holds {block.dtype} of shape {block.shape}, but it held "
                             f"{self.dtype} of shape {want} when the source was opened: the file changed; "
                             "open the source again")
        # A no-op for C-ordered native floats; Fortran-ordered or byte-swapped pieces are copied.
        return np.ascontiguousarray(block, dtype=self.dtype)

    def block(self, i: int) -> np.ndarray:
        """Block ``i``, read from disk now.

        Parameters
        ----------
        i : int
            Block number, ``0 <= i < len(self)`` (negative numbers count from the end).

        Returns
        -------
        ndarray of shape (block_lengths[i], n_features)
            C-contiguous, of dtype :attr:`dtype`; it holds global rows from ``offsets[i]`` on.
        """
        n = len(self)
        if not -n <= int(i) < n:
            raise IndexError(f"block {i} is out of range for a source of {n} blocks")
        i = int(i) % n
        return self._checked(i, self._read(i))

    def __iter__(self) -> Iterator[np.ndarray]:
        for i, block in enumerate(self._read_all()):
            yield self._checked(i, block)

    def with_offsets(self) -> Iterator[tuple]:
        """Each block with the global index of its first row.

        Yields
        ------
        (int, ndarray)
            ``(offsets[i], block i)``, ready for ``scorer.table(block, offset=offset)``.
        """
        for offset, block in zip(self.offsets.tolist(), self):
            yield offset, block

    def __len__(self) -> int:
        return int(self.block_lengths.shape[0])

    def __repr__(self) -> str:
        return (f"{type(self).__name__}({self.n_rows} rows × {self.n_features} features, {self.dtype}, "
                f"{len(self)} blocks, first {self.places[0]!r})")
