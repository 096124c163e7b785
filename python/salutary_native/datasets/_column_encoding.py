"""Turning named table columns into a float feature matrix: numbers stay, text is one-hot encoded.

Shared by the bundled UCI loaders and ``load_table`` so that both encode a table the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MISSING_TEXT = ("", "nan")


@dataclass(frozen=True)
class EncodedColumns:
    """A feature matrix made by :func:`encode_columns` and what was done to each column.

    The parameters are also the attributes.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        The float64 features.
    feature_names : tuple of str
        One name per column of X (``name=category`` for a one-hot column).
    numeric : tuple of str
        Names of the columns kept as floats.
    one_hot : tuple of (str, int)
        Name and number of categories of each one-hot encoded column.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native.datasets._column_encoding import encode_columns
    >>> encoded = encode_columns({"size": np.array(["1.5", "2"]), "colour": np.array(["red", "blue"])})
    >>> encoded.numeric, encoded.one_hot
    (('size',), (('colour', 2),))
    """

    X: np.ndarray
    feature_names: tuple
    numeric: tuple  # names of the columns kept as floats
    one_hot: tuple  # (name, number of categories) for each one-hot encoded column

    def describe(self) -> str:
        """A sentence fragment: which columns stayed numeric and which were one-hot encoded into how many.

        Returns
        -------
        str
            The fragment, for a Dataset's ``encoding``.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native.datasets._column_encoding import encode_columns
        >>> encode_columns({"size": np.array([1.5, 2.0])}).describe()
        'kept the 1 numeric columns as floats'
        """
        parts = []
        if self.numeric:
            parts.append(f"kept the {len(self.numeric)} numeric columns as floats")
        if self.one_hot:
            blocks = ", ".join(f"{name} ({count})" for name, count in self.one_hot)
            total = sum(count for _, count in self.one_hot)
            parts.append(f"one-hot encoded the {len(self.one_hot)} categorical columns {blocks} "
                         f"into {total} columns (categories in sorted order)")
        return "; ".join(parts)


def check_complete(name: str, column: np.ndarray) -> None:
    """ValueError naming the column and the first row (counted from 1) with an empty, NaN or infinite cell.

    Parameters
    ----------
    name : str
        The column's name, for the message.
    column : array-like of shape (n,)
        The cells; in a text column None, NaN, ``''`` and ``'nan'`` count as missing.

    Raises
    ------
    ValueError
        If a cell is missing or not finite.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native.datasets._column_encoding import check_complete
    >>> check_complete("age", np.array([31.0, 40.0]))
    >>> check_complete("age", np.array(["31", ""]))
    Traceback (most recent call last):
    ...
    ValueError: column 'age' has an empty, NaN or infinite cell in row 2 (data rows from 1)
    """
    column = np.asarray(column)
    if column.dtype.kind in "fc":
        bad = ~np.isfinite(column)
    elif column.dtype.kind in "iub":
        return
    else:
        # Text and object columns: None, float NaN and the text 'nan' or '' all count as missing.
        bad = np.array([_is_missing_cell(cell) for cell in column.tolist()], dtype=bool)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(f"column {name!r} has an empty, NaN or infinite cell in row {row + 1} (data rows from 1)")


def encode_columns(columns: dict) -> EncodedColumns:
    """The feature matrix of ``columns`` (name → 1-D array, all the same length), in column order.

    A column whose every cell reads as a number stays one float column; any other column is
    one-hot encoded with its categories in sorted order.

    Parameters
    ----------
    columns : dict of str to array-like
        The feature columns by name.

    Returns
    -------
    EncodedColumns
        The matrix, its column names and what was done to each column.

    Raises
    ------
    ValueError
        If there are no columns or a cell is empty, NaN or infinite.
    TypeError
        If a column has an unsupported dtype.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native.datasets._column_encoding import encode_columns
    >>> encoded = encode_columns({"size": np.array(["1.5", "2", "3"]), "colour": np.array(["red", "blue", "red"])})
    >>> encoded.X.tolist(), encoded.feature_names
    ([[1.5, 0.0, 1.0], [2.0, 1.0, 0.0], [3.0, 0.0, 1.0]], ('size', 'colour=blue', 'colour=red'))
    """
    if not columns:
        raise ValueError("there are no feature columns left to encode")
    # First each column's numbers or category codes, then one matrix filled in place (no
    # per-column blocks to stack: the peak memory is the matrix and the columns).
    parts, feature_names, numeric, one_hot = [], [], [], []
    n_rows = None
    for name, column in columns.items():
        column = np.asarray(column)
        if column.dtype.kind not in "fiubUSO":
            raise TypeError(f"column {name!r} has unsupported dtype {column.dtype}")
        if column.ndim != 1 or (n_rows is not None and column.shape[0] != n_rows):
            rows = "" if n_rows is None else f" with {n_rows} rows like the columns before it"
            raise ValueError(f"column {name!r} must be 1-D{rows}, got shape {column.shape}")
        n_rows = column.shape[0]
        check_complete(name, column)
        values = _as_numbers(column)
        if values is not None:
            check_complete(name, values)
            parts.append((values, None))
            feature_names.append(name)
            numeric.append(name)
            continue
        # Sorted categories give a stable column order whatever the row order is.
        categories, codes = np.unique(column.astype(str), return_inverse=True)
        parts.append((codes.reshape(-1), len(categories)))
        feature_names.extend(f"{name}={category}" for category in categories)
        one_hot.append((name, len(categories)))
    X = np.zeros((n_rows, len(feature_names)), dtype=np.float64)
    offset = 0
    for values, n_categories in parts:
        if n_categories is None:
            X[:, offset] = values
            offset += 1
        else:
            X[np.arange(n_rows), offset + values] = 1.0
            offset += n_categories
    return EncodedColumns(X, tuple(feature_names), tuple(numeric), tuple(one_hot))


def numeric_columns(names, rows: list, where: str) -> np.ndarray:
    """A table that must be all numbers, as float64; ValueError naming the first cell that is not.

    Parameters
    ----------
    names : sequence of str
        The column names.
    rows : list of list of str
        The cells, row by row.
    where : str
        The file's name, for messages.

    Returns
    -------
    ndarray of shape (len(rows), len(names))
        The table as float64.

    Raises
    ------
    ValueError
        If a row has the wrong number of fields or a cell is not a finite number.

    Examples
    --------
    >>> from salutary_native.datasets._column_encoding import numeric_columns
    >>> numeric_columns(["a", "b"], [["1", "2"], ["3", "4.5"]], "t.csv").tolist()
    [[1.0, 2.0], [3.0, 4.5]]
    >>> numeric_columns(["a", "b"], [["1", "x"]], "t.csv")
    Traceback (most recent call last):
    ...
    ValueError: t.csv: column 'b', row 1 holds 'x', which is not a finite number
    """
    if any(len(row) != len(names) for row in rows):
        raise ValueError(f"{where}: expected {len(names)} fields in every row")
    try:
        X = np.array(rows, dtype=np.float64).reshape(len(rows), len(names))
        if np.isfinite(X).all():
            return X
    except ValueError:
        pass
    # The slow path runs only on a bad table, to name the column and row at fault.
    for j, name in enumerate(names):
        column = np.array([row[j] for row in rows], dtype=str)
        check_complete(name, column)
        for i, cell in enumerate(column.tolist()):
            if not reads_as_number(cell):
                raise ValueError(f"{where}: column {name!r}, row {i + 1} holds {cell!r}, which is not a finite number")
    raise ValueError(f"{where}: the table does not read as numbers")  # pragma: no cover


def _as_numbers(column: np.ndarray) -> np.ndarray | None:
    # A column is numeric only when every cell reads as a number.
    if column.dtype.kind in "fiub":
        return np.asarray(column, dtype=np.float64)
    try:
        return np.asarray(column.tolist() if column.dtype.kind == "O" else column, dtype=np.float64)
    except (TypeError, ValueError):
        return None


def reads_as_number(text: str) -> bool:
    """Whether a text cell reads as a finite number.

    Parameters
    ----------
    text : str
        The cell.

    Returns
    -------
    bool
        True when ``float(text)`` succeeds and is finite.

    Examples
    --------
    >>> from salutary_native.datasets._column_encoding import reads_as_number
    >>> reads_as_number("7.5"), reads_as_number("inf"), reads_as_number("pH")
    (True, False, False)
    """
    try:
        return bool(np.isfinite(float(text)))
    except ValueError:
        return False


def _is_missing_cell(cell) -> bool:
    if cell is None:
        return True
    if isinstance(cell, (float, np.floating)):
        return not np.isfinite(cell)
    return isinstance(cell, str) and cell.strip().lower() in MISSING_TEXT

