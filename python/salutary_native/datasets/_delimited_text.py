"""Reading a delimited text table (CSV, TSV, optionally gzip-compressed) into rows of strings.

Only the ``csv`` module is used, so the package needs no pandas for text tables.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

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
            # A trailing newline or an empty line carries no row.
            if not fields or (len(fields) == 1 and not fields[0].strip()):
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
