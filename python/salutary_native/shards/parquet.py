"""A pool stored in Parquet: one block per row group, from an embedding column or float columns."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, NamedTuple, Optional, Sequence

import numpy as np

from ..datasets._optional_import import import_optional
from ._listing import check_numbering as check_shard_numbering
from ._listing import shard_paths
from ._pool_source import Piece, PoolSource

INSTALL_HINT = "pip install 'salutary-native[shards]'"


def _pyarrow():
    pa = import_optional("pyarrow", purpose="ParquetRowGroups", install_hint=INSTALL_HINT)
    pq = import_optional("pyarrow.parquet", purpose="ParquetRowGroups", install_hint=INSTALL_HINT)
    return pa, pq


class _Columns(NamedTuple):
    """What a file's blocks are made of: the columns read, and how they become rows."""

    names: tuple
    leaves: tuple  # each column's leaf position in the Parquet schema
    is_list: bool  # one list column of embeddings, or scalar columns side by side
    width: Optional[int]  # None: a variable-size list whose width the metadata tells
    dtype: np.dtype


def _float_type(pa, t) -> Optional[np.dtype]:
    if t == pa.float32():
        return np.dtype(np.float32)
    if t == pa.float64():
        return np.dtype(np.float64)
    return None


def _is_list(pa, t) -> bool:
    return pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t)


def _n_leaves(pa, t) -> int:
    """How many Parquet leaf columns an Arrow type is stored as."""
    if pa.types.is_struct(t):
        return sum(_n_leaves(pa, t.field(k).type) for k in range(t.num_fields))
    if pa.types.is_map(t):
        return _n_leaves(pa, t.key_type) + _n_leaves(pa, t.item_type)
    if _is_list(pa, t):
        return _n_leaves(pa, t.value_type)
    return 1


def _index_columns(schema) -> set:
    """Columns pandas wrote for a DataFrame's index, left out when columns are found automatically."""
    meta = schema.pandas_metadata or {}
    return {name for name in meta.get("index_columns", []) if isinstance(name, str)}


def _choose_columns(pa, schema, column, columns, path) -> _Columns:
    names = list(schema.names)
    starts = np.concatenate([[0], np.cumsum([_n_leaves(pa, f.type) for f in schema])]).tolist()
    described = ", ".join(f"{f.name}: {f.type}" for f in schema)
    if column is None and columns is None:
        candidates = [f for f in schema if f.name not in _index_columns(schema)]
        lists = [f.name for f in candidates if _is_list(pa, f.type) and _float_type(pa, f.type.value_type)]
        if len(lists) == 1:
            column = lists[0]
        elif not lists and candidates and all(_float_type(pa, f.type) for f in candidates):
            columns = [f.name for f in candidates]
        else:
            raise ValueError(f"{path} has columns ({described}); say which hold the pool with column= "
                             "(one list column of embeddings) or columns= (float columns)")
    if column is not None:
        if column not in names:
            raise ValueError(f"{path} has no column {column!r}; its columns are ({described})")
        t = schema.field(column).type
        k = names.index(column)
        if _is_list(pa, t):
            dtype = _float_type(pa, t.value_type)
            if dtype is None:
                raise ValueError(f"{path}: column {column!r} holds lists of {t.value_type}, not float32 or float64")
            width = t.list_size if pa.types.is_fixed_size_list(t) else None
            return _Columns((column,), (starts[k],), True, width, dtype)
        columns = [column]
    dtypes = []
    for name in columns:
        if name not in names:
            raise ValueError(f"{path} has no column {name!r}; its columns are ({described})")
        dtype = _float_type(pa, schema.field(name).type)
        if dtype is None:
            hint = "; pass a list column with column=, not columns=" if _is_list(pa, schema.field(name).type) else ""
            raise ValueError(f"{path}: column {name!r} holds {schema.field(name).type}, not float32 or float64{hint}")
        dtypes.append(dtype)
    dtype = np.result_type(*dtypes)
    return _Columns(tuple(columns), tuple(starts[names.index(n)] for n in columns), False, len(columns), dtype)


def _row_group_pieces(metadata, chosen: _Columns, path: Path, size: int, width: Optional[int]) -> list:
    """One piece per row group, after checking the metadata's counts against the row counts."""
    pieces = []
    width = chosen.width if chosen.width is not None else width
    for g in range(metadata.num_row_groups):
        group = metadata.row_group(g)
        n = group.num_rows
        place = f"{path} row group {g}"
        for name, leaf in zip(chosen.names, chosen.leaves):
            chunk = group.column(leaf)
            stats = chunk.statistics
            if stats is not None and stats.has_null_count and stats.null_count > 0:
                raise ValueError(f"{place}: column {name!r} holds {stats.null_count} missing values")
            start = chunk.dictionary_page_offset if chunk.has_dictionary_page else chunk.data_page_offset
            if start + chunk.total_compressed_size > size:
                raise ValueError(f"{path} is truncated: column {name!r} of row group {g} ends at byte "
                                 f"{start + chunk.total_compressed_size}, but the file holds {size} bytes")
            if not chosen.is_list:
                if chunk.num_values != n:
                    raise ValueError(f"{place}: column {name!r} holds {chunk.num_values} values for {n} rows")
                continue
            if width is None and n > 0:
                if chunk.num_values % n:
                    raise ValueError(f"{place}: column {name!r} holds {chunk.num_values} values in {n} rows, so "
                                     "its rows differ in length; every row must have the same number of features")
                width = chunk.num_values // n
            if n > 0 and chunk.num_values != n * width:
                raise ValueError(f"{place}: column {name!r} holds {chunk.num_values} values in {n} rows, not "
                                 f"{n} × {width}: rows differ in length or are missing")
        pieces.append(Piece(place, n, chosen.width or width, chosen.dtype))
    return pieces


class ParquetRowGroups(PoolSource):
    """A pool stored in Parquet files, one block per row group.

    The rows are either one list column of embeddings (``fixed_size_list<float>`` or
    ``list<float>``, every row of the same length) or several scalar float columns side by
    side. Each file's footer is read when the source is built, and its schema, row counts,
    value counts, missing-value counts and byte ranges are checked, so a missing or corrupt
    file, a wrong column type, rows of different lengths or different widths across files is a
    ValueError naming the file before any block is read. Reading a block then decodes one row
    group and checks it again row by row (a ``list<float>`` row whose length the metadata
    could not pin down is reported with its global row).

    Parameters
    ----------
    path_or_paths : str, path-like, or sequence of them
        A Parquet file; a folder, whose files matching ``pattern`` are taken in natural order;
        or a list of files, taken in the list's order.
    column : str, optional
        The list column of embeddings (or one float column).
    columns : sequence of str, optional
        Scalar float32/float64 columns, which become the features in this order (float64
        when any of them is).
    pattern : str, default="*.parquet"
        Which files of a folder are read.
    check_numbering : bool, default=True
        As for :class:`NpyFolder`: a gap in a folder's numbered file names is an error.

    With neither ``column`` nor ``columns``, the one list-of-float column is read when there is
    exactly one; otherwise, every column when all are scalar floats (a pandas index is left out).

    Attributes
    ----------
    paths : tuple of pathlib.Path
        The files, in pool order.
    columns : tuple of str
        The columns read.
    n_rows, n_features, dtype, block_lengths, offsets, places
        As for :class:`PoolSource`; ``places`` names each block's file and row group.

    Raises
    ------
    ValueError
        For a missing or unreadable file, a missing or non-float column, missing values, rows
        of different lengths, different widths or dtypes across files, or a pool with no rows.
    ImportError
        When pyarrow is not installed.

    Examples
    --------
    >>> import tempfile, numpy as np, pyarrow as pa, pyarrow.parquet as pq
    >>> from salutary_native.shards import ParquetRowGroups
    >>> path = tempfile.mkdtemp() + "/pool.parquet"
    >>> pool = np.arange(12, dtype=np.float32).reshape(6, 2)
    >>> emb = pa.FixedSizeListArray.from_arrays(pa.array(pool.ravel()), 2)
    >>> pq.write_table(pa.table({"embedding": emb}), path, row_group_size=4)
    >>> source = ParquetRowGroups(path, column="embedding")
    >>> source.block_lengths.tolist(), source.dtype
    ([4, 2], dtype('float32'))
    >>> bool(np.array_equal(np.concatenate(list(source)), pool))
    True
    """

    def __init__(self, path_or_paths, *, column: Optional[str] = None, columns: Optional[Sequence[str]] = None,
                 pattern: str = "*.parquet", check_numbering: bool = True):
        pa, pq = _pyarrow()
        if column is not None and columns is not None:
            raise ValueError("pass column= (one embedding column) or columns= (float columns), not both")
        if column is not None and not isinstance(column, str):
            raise TypeError(f"column must be a column name, got {type(column).__name__}")
        if columns is not None:
            if isinstance(columns, str) or not all(isinstance(c, str) for c in columns) or not len(columns):
                raise TypeError("columns must be a non-empty list of column names")
            columns = list(columns)
        paths, folder = shard_paths(path_or_paths, pattern, "Parquet files")
        pieces, groups, file_rows, chosen, width = [], [], [], None, None
        for path in paths:
            try:
                with open(path, "rb") as handle:
                    parquet_file = pq.ParquetFile(handle)
                    metadata, schema = parquet_file.metadata, parquet_file.schema_arrow
            except (pa.ArrowException, OSError) as exc:
                raise ValueError(f"{path} is not a readable Parquet file: {exc}") from None
            chosen = _choose_columns(pa, schema, column, columns, path)
            file_pieces = _row_group_pieces(metadata, chosen, path, os.path.getsize(path), width)
            width = width or next((p.n_features for p in file_pieces if p.n_features), None)
            pieces += file_pieces
            groups += [(path, g, chosen) for g in range(len(file_pieces))]
            file_rows.append(sum(p.n_rows for p in file_pieces))
        if check_numbering and folder is not None:
            check_shard_numbering(paths, folder, np.concatenate([[0], np.cumsum(file_rows)[:-1]]))
        kept = self._set_layout(pieces, str(folder or paths[0]))
        self.paths = tuple(paths)
        self.columns = chosen.names
        self._groups = tuple(groups[i] for i in kept)

    def _to_block(self, table, i: int, chosen: _Columns) -> np.ndarray:
        place, n, d = self.places[i], int(self.block_lengths[i]), self.n_features
        if table.num_rows != n:
            raise ValueError(f"{place} now holds {table.num_rows} rows, but it held {n} when the source was opened")
        first_row = int(self.offsets[i])
        for name, col in zip(chosen.names, table.columns):
            if col.null_count:
                row = int(np.flatnonzero(np.asarray(col.is_null()))[0])
                raise ValueError(f"{place}: column {name!r} is missing at global row {first_row + row}")
        if not chosen.is_list:
            block = np.empty((n, d), dtype=self.dtype)
            for j, col in enumerate(table.columns):
                block[:, j] = col.to_numpy()
            return block
        lists = table.column(0).combine_chunks()
        if chosen.width is None:
            lengths = np.diff(np.asarray(lists.offsets))
            bad = np.flatnonzero(lengths != d)
            if bad.size:
                raise ValueError(f"{place}: the row at global row {first_row + int(bad[0])} has "
                                 f"{int(lengths[bad[0]])} values in column {chosen.names[0]!r}, not {d}")
        values = lists.flatten()
        if values.null_count:
            row = int(np.flatnonzero(np.asarray(values.is_null()))[0]) // d
            raise ValueError(f"{place}: column {chosen.names[0]!r} has a missing value at global row {first_row + row}")
        return values.to_numpy(zero_copy_only=False).reshape(n, d)

    def _read_group(self, parquet_file, i: int) -> np.ndarray:
        path, g, chosen = self._groups[i]
        pa, _ = _pyarrow()
        try:
            table = parquet_file.read_row_group(g, columns=list(chosen.names))
        except (pa.ArrowException, OSError) as exc:
            raise ValueError(f"{self.places[i]} could not be read: {exc}") from None
        return self._to_block(table, i, chosen)

    def _read(self, i: int) -> np.ndarray:
        _, pq = _pyarrow()
        with open(self._groups[i][0], "rb") as handle:
            return self._read_group(pq.ParquetFile(handle), i)

    def _read_all(self) -> Iterator[np.ndarray]:
        # Consecutive row groups of one file share one open file and one parsed footer.
        _, pq = _pyarrow()
        i = 0
        while i < len(self):
            path = self._groups[i][0]
            with open(path, "rb") as handle:
                parquet_file = pq.ParquetFile(handle)
                while i < len(self) and self._groups[i][0] == path:
                    yield self._read_group(parquet_file, i)
                    i += 1

