"""Reading a delimited text table (CSV, TSV, optionally gzip-compressed).

:func:`read_delimited` uses only the ``csv`` module, so the package needs no pandas for text
tables. :func:`read_delimited_columns` is the fast path of ``load_table``: pandas' C parser
when pandas is installed, giving the same columns as the csv module would; for any file it
cannot read the same way (ragged rows, empty cells, duplicate names, odd delimiters) it
returns None and the caller reads the file with the csv module, which names the fault.
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
import warnings
from pathlib import Path

import numpy as np

logger = logging.getLogger("salutary_native")

SNIFFED_DELIMITERS = ",;\t|"
SNIFF_BYTES = 65536


def open_text(path: Path) -> io.TextIOBase:
    """The file as text, transparently decompressed when it ends in ``.gz`` (a BOM is dropped).

    Parameters
    ----------
    path : pathlib.Path
        The file.

    Returns
    -------
    io.TextIOBase
        An open UTF-8 text stream (``newline=""``, as the csv module wants); close it after use.

    Examples
    --------
    >>> from salutary_native.datasets._bundled_files import source_file
    >>> from salutary_native.datasets._delimited_text import open_text
    >>> with open_text(source_file("winequality-red.csv.gz")) as handle:
    ...     first = handle.readline()
    >>> len(first.split(","))
    12
    """
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def read_delimited(path: Path, *, delimiter: str | None = None,
                   has_header: bool = True) -> tuple[list[str] | None, list[list[str]]]:
    """The header (None when ``has_header`` is False) and the data rows, every cell stripped.

    Blank lines are skipped; a row with a different number of fields is a ValueError naming its line.

    Parameters
    ----------
    path : pathlib.Path
        The file (``.gz`` is decompressed).
    delimiter : str, optional
        The field delimiter; sniffed from the first 64 KiB among ``, ; tab |`` when None.
    has_header : bool, default=True
        Whether the first row is the header.

    Returns
    -------
    header : list of str or None
        The header row.
    rows : list of list of str
        The data rows.

    Raises
    ------
    ValueError
        If the rows are ragged, there is no data row, or the delimiter cannot be detected.

    Examples
    --------
    >>> from salutary_native.datasets._bundled_files import source_file
    >>> from salutary_native.datasets._delimited_text import read_delimited
    >>> header, rows = read_delimited(source_file("electrical_grid_stability.csv.gz"))
    >>> header[:3], len(rows)
    (['tau1', 'tau2', 'tau3'], 10000)
    """
    with open_text(path) as handle:
        if delimiter is None:
            delimiter = _sniff_delimiter(handle.read(SNIFF_BYTES), path)
            handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        rows = []
        width = None
        for fields in reader:
            if _blank(fields):
                continue
            if width is None:
                width = len(fields)
            elif len(fields) != width:
                raise ValueError(f"{path.name}: line {reader.line_num} has {len(fields)} fields, expected {width}")
            rows.append([cell.strip() for cell in fields])
    header = rows.pop(0) if has_header and rows else None
    if not rows:
        raise ValueError(f"{path.name} has no data rows" + (" below the header" if has_header else ""))
    return header, rows


def _sniff_delimiter(sample: str, path: Path) -> str:
    # The sniffer guesses from whole lines of the first block; a file it cannot read needs an explicit delimiter.
    whole_lines = sample[: sample.rfind("\n") + 1] or sample
    try:
        return csv.Sniffer().sniff(whole_lines, delimiters=SNIFFED_DELIMITERS).delimiter
    except csv.Error:
        raise ValueError(f"could not detect the delimiter of {path.name}; pass delimiter=',' (or ';', '\\t')") from None


def read_delimited_columns(path: Path, *, delimiter: str | None = None) -> dict | None:
    """name → column of a delimited table with a header, read by pandas; None without pandas or for odd files.

    The columns equal those the csv module gives (:func:`read_delimited`, every cell stripped)
    after the same encoding: a column pandas reads as numbers is float64 (the same values as
    ``float(cell)``), any other column is a stripped text array. None means "read it with the
    csv module": pandas is missing, or the file has something the csv reader handles or
    reports differently (ragged rows, empty cells, duplicate or blank header names, a
    delimiter that is not one character, undecodable text).

    Parameters
    ----------
    path : pathlib.Path
        The file (``.gz`` is decompressed).
    delimiter : str, optional
        The field delimiter; sniffed as in :func:`read_delimited` when None.

    Returns
    -------
    dict of str to ndarray, or None
        The columns in file order, keyed by their stripped header names.

    Examples
    --------
    >>> from salutary_native.datasets._bundled_files import source_file
    >>> from salutary_native.datasets._delimited_text import read_delimited_columns
    >>> columns = read_delimited_columns(source_file("bank-additional.csv.gz"))  # None without pandas
    >>> columns is None or (list(columns)[:2], columns["age"][:2].tolist(), columns["job"][:2].tolist()) == (
    ...     ["age", "job"], [30.0, 39.0], ["blue-collar", "services"])
    True
    """
    try:
        import pandas
    except ImportError:
        return None
    try:
        with open_text(path) as handle:
            if delimiter is None:
                delimiter = _sniff_delimiter(handle.read(SNIFF_BYTES), path)
                handle.seek(0)
            if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in "\r\n\"":
                return None
            header = next((fields for fields in csv.reader(handle, delimiter=delimiter) if not _blank(fields)), None)
        if header is None:
            return None
        header = [cell.strip() for cell in header]
        if len(set(header)) != len(header) or "" in header:
            return None
        return _pandas_columns(pandas, path, delimiter, header)
    except (ValueError, csv.Error, Warning) as exc:
        # UnicodeDecodeError, pandas' ParserError and EmptyDataError are ValueErrors.
        logger.debug("load_table: %s is read with the csv module (%s: %s)", path.name, type(exc).__name__, exc)
        return None


def _pandas_columns(pandas, path: Path, delimiter: str, header: list) -> dict | None:
    # keep_default_na=False keeps 'NaN', 'NA', 'null' as text, as the csv module does; only empty
    # cells (and the cells of short rows) become NaN, which sends the file to the csv reader.
    options = dict(sep=delimiter, header=0, encoding="utf-8-sig", keep_default_na=False, na_values=[""],
                   skip_blank_lines=True, compression="gzip" if path.name.endswith(".gz") else None)
    if int(pandas.__version__.split(".")[0]) < 3:
        options["float_precision"] = "round_trip"  # the same bits as float(); pandas 3's default parser gives them
    with warnings.catch_warnings():
        warnings.simplefilter("error", pandas.errors.ParserWarning)
        warnings.simplefilter("ignore", pandas.errors.DtypeWarning)
        frame = pandas.read_csv(path, **options)
        # A longer first data row makes pandas take its first fields as the index; the csv reader reports it.
        if (not isinstance(frame.index, pandas.RangeIndex) or len(frame) == 0
                or [str(name).strip() for name in frame.columns] != header):
            return None
        columns, reread = {}, []
        for position, name in enumerate(header):
            series = frame.iloc[:, position]
            if series.dtype.kind in "iuf":
                columns[name] = series.to_numpy(dtype=np.float64)
            elif pandas.api.types.infer_dtype(series, skipna=False) == "string":
                columns[name] = series
            else:
                # True/False columns become bools and mixed chunks mixed objects: read those as text.
                reread.append(position)
                columns[name] = None
        del frame
        if reread:
            text = pandas.read_csv(path, usecols=reread, dtype=str, **options)
            for position, series in zip(reread, (text.iloc[:, j] for j in range(len(reread)))):
                columns[header[position]] = series
    for name, column in columns.items():
        if column.dtype.kind == "f":
            if np.isnan(column).any():
                return None
            continue
        if column.isna().any():
            return None
        columns[name] = np.array([cell.strip() for cell in column.tolist()], dtype=str)
    return columns


def _blank(fields: list) -> bool:
    # A trailing newline or an empty line carries no row.
    return not fields or (len(fields) == 1 and not fields[0].strip())
