"""``load_table``: a user's own labelled table (CSV/TSV, npz or parquet) as a Dataset.

Numeric columns stay floats, text columns are one-hot encoded, the label column becomes 0..K-1.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

from ._column_encoding import check_complete, encode_columns
from ._delimited_text import read_delimited, read_delimited_columns
from ._optional_import import import_optional
from .dataset import Dataset, encode_labels

logger = logging.getLogger("salutary_native")

DELIMITED_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".tsv.gz")
SUPPORTED_SUFFIXES = DELIMITED_SUFFIXES + (".npz", ".parquet")


def load_table(path: str | os.PathLike, label: str, *, name: str | None = None,
               delimiter: str | None = None) -> Dataset:
    """The table at ``path`` with column ``label`` as the class.

    ``.csv``/``.tsv`` (optionally ``.gz``) need a header row; the delimiter is sniffed when None
    (tab for ``.tsv``). They are parsed by pandas when it is installed (much faster on large
    files) and by the csv module otherwise, with the same result; a file pandas would read
    differently (ragged rows, empty cells, duplicate names) goes to the csv module, which
    names the fault. ``.npz`` needs an array ``X`` (rows × features) and a 1-D array named
    ``label``; an optional ``feature_names`` array names the columns. ``.parquet`` needs pandas
    with pyarrow. Numeric columns stay floats, text columns are one-hot encoded (categories in
    sorted order) and the labels become 0..K-1 in sorted order.

    Parameters
    ----------
    path : str or os.PathLike
        The file; its extension picks the reader.
    label : str
        Name of the label column (or of the label array in an ``.npz``).
    name : str, optional
        The dataset's name; default the file name without its extension.
    delimiter : str, optional
        Field delimiter of a delimited text file; sniffed when None.

    Returns
    -------
    Dataset
        The encoded table, with a sentence in ``encoding`` saying how it was encoded.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the extension is unknown, the label column is missing or holds one class, two
        columns share a name, a cell is empty, NaN or infinite, or the rows are ragged.
    TypeError
        If ``path`` or ``label`` has the wrong type.
    ImportError
        If a ``.parquet`` file is given and pandas or pyarrow is not installed.

    Examples
    --------
    >>> import os, tempfile
    >>> from salutary_native.datasets import load_table
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "fruit.csv")
    ...     with open(path, "w") as f:
    ...         _ = f.write("weight,colour,kind\\n120,red,apple\\n150,green,apple\\n110,yellow,banana\\n")
    ...     data = load_table(path, "kind")
    >>> data.name, data.feature_names
    ('fruit', ('weight', 'colour=green', 'colour=red', 'colour=yellow'))
    >>> data.X.tolist(), data.y.tolist(), data.class_names
    ([[120.0, 0.0, 1.0, 0.0], [150.0, 1.0, 0.0, 0.0], [110.0, 0.0, 0.0, 1.0]], [0, 0, 1], ('apple', 'banana'))
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    if not isinstance(label, str):
        raise TypeError(f"label must be the label column's name (a str), got {type(label).__name__}")
    path = Path(os.fspath(path))
    suffix = next((s for s in SUPPORTED_SUFFIXES if path.name.lower().endswith(s)), None)
    if suffix is None:
        raise ValueError(f"unknown extension of {path.name!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    if not path.is_file():
        raise FileNotFoundError(f"path {str(path)!r} does not exist or is not a file")
    if suffix == ".npz":
        columns = _npz_columns(path, label)
    elif suffix == ".parquet":
        columns = _parquet_columns(path)
    else:
        if delimiter is None and suffix.startswith(".tsv"):
            delimiter = "\t"
        columns = _delimited_columns(path, delimiter)
    return _labelled_dataset(columns, label, name or path.name[: -len(suffix)], path)


def _delimited_columns(path: Path, delimiter: str | None) -> dict:
    columns = read_delimited_columns(path, delimiter=delimiter)
    if columns is not None:
        logger.debug("load_table: read %s with pandas", path.name)
        return columns
    logger.debug("load_table: reading %s with the csv module", path.name)
    header, rows = read_delimited(path, delimiter=delimiter)
    _check_unique(header, path)
    # Column by column: one text array per column is far smaller than one for the whole table.
    return {column: np.array([row[j] for row in rows], dtype=str) for j, column in enumerate(header)}


def _npz_columns(path: Path, label: str) -> dict:
    if label == "X":
        raise ValueError("label must name an array other than 'X' in an .npz file")
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except ValueError as exc:
        # Object arrays would need pickle, which is never allowed.
        raise ValueError(f"{path.name} could not be read without pickle: {exc}") from None
    for required in ("X", label):
        if required not in arrays:
            raise ValueError(f"{path.name} has no array {required!r} (arrays: {sorted(arrays)})")
    X, y = arrays["X"], arrays[label]
    if X.ndim != 2:
        raise ValueError(f"array 'X' in {path.name} must be 2-D (rows × features), got {X.ndim}-D")
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError(f"array {label!r} in {path.name} must be 1-D with {X.shape[0]} labels, got shape {y.shape}")
    names = [str(f) for f in arrays.get("feature_names", [f"x{j}" for j in range(X.shape[1])])]
    if len(names) != X.shape[1]:
        raise ValueError(f"feature_names in {path.name} has {len(names)} names for {X.shape[1]} columns")
    _check_unique(names + [label], path)
    return {**{column: X[:, j] for j, column in enumerate(names)}, label: y}


def _parquet_columns(path: Path) -> dict:
    hint = "pip install pandas pyarrow"
    pandas = import_optional("pandas", purpose="load_table for .parquet files", install_hint=hint)
    try:
        frame = pandas.read_parquet(path)
    except ImportError as exc:
        raise ImportError(f"load_table for .parquet files needs a parquet engine: {hint} ({exc})") from exc
    names = [str(column) for column in frame.columns]
    _check_unique(names, path)
    return {column: frame[original].to_numpy() for column, original in zip(names, frame.columns)}


def _labelled_dataset(columns: dict, label: str, name: str, path: Path) -> Dataset:
    """Split off the label column, encode both parts, and say how."""
    if label not in columns:
        raise ValueError(f"label column {label!r} is not in {path.name} (columns: {list(columns)})")
    labels = columns.pop(label)
    if len(labels) == 0:
        raise ValueError(f"{path.name} has no rows")
    if not columns:
        raise ValueError(f"{path.name} has no feature columns besides the label {label!r}")
    check_complete(label, labels)
    y, class_names = encode_labels(labels, f"label column {label!r}")
    if len(class_names) < 2:
        raise ValueError(f"label column {label!r} holds one class only ({class_names[0]!r}); at least two are needed")
    encoded = encode_columns(columns)
    label_map = ", ".join(f"{c} → {k}" for k, c in enumerate(class_names))
    encoding = (
        f"Read {path.name}: {encoded.describe()}; label column {label!r} mapped in sorted order ({label_map})."
    )
    return Dataset(name, encoded.X, y, encoded.feature_names, class_names, encoding, f"user file {path}")


def _check_unique(names: list, path: Path) -> None:
    # Duplicate names would make the label column and feature names ambiguous.
    seen = set()
    for column in names:
        if column in seen:
            raise ValueError(f"{path.name} has two columns named {column!r}")
        seen.add(column)
