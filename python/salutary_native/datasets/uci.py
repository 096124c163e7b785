"""Loaders for the UCI datasets bundled in ``data/`` (CC BY 4.0; see ``data/NOTICE.md``).

Each loader takes ``path=None`` to read a user's own copy of the same file instead.
"""

from __future__ import annotations

import os

import numpy as np

from ._bundled_files import source_file
from ._column_encoding import encode_columns, numeric_columns, reads_as_number
from ._delimited_text import read_delimited
from .dataset import Dataset, encode_labels

UCI = "UCI Machine Learning Repository, CC BY 4.0"

DIABETIC_RETINOPATHY_SOURCE = (
    f"Diabetic Retinopathy Debrecen ({UCI}); B. Antal and A. Hajdu, An ensemble-based system for automatic "
    "screening of diabetic retinopathy, Knowledge-Based Systems 60 (2014) 20-27"
)
WAVEFORM_SOURCE = (
    f"Waveform Database Generator, version 1 ({UCI}); L. Breiman, J. Friedman, R. Olshen and C. Stone, "
    "Classification and Regression Trees, Wadsworth (1984)"
)
ELECTRICAL_GRID_SOURCE = (
    f"Electrical Grid Stability Simulated Data ({UCI}); V. Arzamasov, K. Böhm and P. Jochem, Towards concise "
    "models of grid stability, IEEE SmartGridComm (2018)"
)
WINE_QUALITY_SOURCE = (
    f"Wine Quality ({UCI}); P. Cortez, A. Cerdeira, F. Almeida, T. Matos and J. Reis, Modeling wine preferences "
    "by data mining from physicochemical properties, Decision Support Systems 47(4) (2009) 547-553"
)
BANK_MARKETING_SOURCE = (
    f"Bank Marketing, bank-additional 10% sample ({UCI}); S. Moro, P. Cortez and P. Rita, A data-driven approach "
    "to predict the success of bank telemarketing, Decision Support Systems 62 (2014) 22-31"
)

DIABETIC_RETINOPATHY_PARTS = ("init", "pool", "val", "test")
DIABETIC_RETINOPATHY_FEATURES = (
    ("quality", "pre_screening")
    + tuple(f"ma_detected_alpha_{alpha}" for alpha in ("0.5", "0.6", "0.7", "0.8", "0.9", "1.0"))
    + tuple(f"exudates_{k}" for k in range(1, 9))
    + ("macula_optic_disc_distance", "optic_disc_diameter", "am_fm_classification")
)
WINE_QUALITY_FEATURES = (
    "fixed acidity", "volatile acidity", "citric acid", "residual sugar", "chlorides", "free sulfur dioxide",
    "total sulfur dioxide", "density", "pH", "sulphates", "alcohol",
)
WINE_COLORS = ("red", "white")


def load_diabetic_retinopathy_split(path: str | os.PathLike | None = None) -> dict:
    """The file's arrays as stored: ``X_init, y_init, X_pool, y_pool, X_val, y_val, X_test, y_test``.

    Parameters
    ----------
    path : str or os.PathLike, optional
        A copy of ``diabetic_retinopathy_split.npz`` to read instead of the bundled one.

    Returns
    -------
    dict of str to ndarray
        The eight arrays by name.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If an array is missing (or the file would need pickle).

    Examples
    --------
    >>> from salutary_native.datasets import load_diabetic_retinopathy_split
    >>> parts = load_diabetic_retinopathy_split()
    >>> {name: array.shape[0] for name, array in parts.items() if name.startswith("y_")}
    {'y_init': 150, 'y_pool': 800, 'y_val': 100, 'y_test': 101}
    """
    with np.load(source_file("diabetic_retinopathy_split.npz", path), allow_pickle=False) as archive:
        missing = [f"{a}_{p}" for p in DIABETIC_RETINOPATHY_PARTS for a in "Xy" if f"{a}_{p}" not in archive.files]
        if missing:
            raise ValueError(f"the Diabetic Retinopathy file lacks the arrays {missing}")
        return {f"{a}_{p}": np.array(archive[f"{a}_{p}"]) for p in DIABETIC_RETINOPATHY_PARTS for a in "Xy"}


def load_diabetic_retinopathy(path: str | os.PathLike | None = None) -> Dataset:
    """Diabetic Retinopathy Debrecen: 1151 rows × 19 features, label 1 = signs of retinopathy.

    The file's stored split is concatenated into one table (the paper protocol draws its own).

    Parameters
    ----------
    path : str or os.PathLike, optional
        A copy of ``diabetic_retinopathy_split.npz`` to read instead of the bundled one.

    Returns
    -------
    Dataset
        The whole table, classes ``("0", "1")``.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file lacks one of its arrays.

    Examples
    --------
    >>> from salutary_native.datasets import load_diabetic_retinopathy
    >>> data = load_diabetic_retinopathy()
    >>> data.X.shape, data.class_names
    ((1151, 19), ('0', '1'))
    """
    parts = load_diabetic_retinopathy_split(path)
    # The paper protocol draws its own split, so the stored one is merged back into one table.
    X = np.concatenate([parts[f"X_{p}"] for p in DIABETIC_RETINOPATHY_PARTS])
    y, class_names = encode_labels(np.concatenate([parts[f"y_{p}"] for p in DIABETIC_RETINOPATHY_PARTS]))
    sizes = "/".join(str(len(parts[f"y_{p}"])) for p in DIABETIC_RETINOPATHY_PARTS)
    encoding = (
        f"The {X.shape[1]} features are used as stored (already standardised in the file); the file's "
        f"init/pool/val/test split ({sizes} rows) is concatenated in that order and not used, because the "
        "paper protocol draws its own stratified split."
    )
    return Dataset("diabetic_retinopathy", X, y, DIABETIC_RETINOPATHY_FEATURES, class_names, encoding,
                   DIABETIC_RETINOPATHY_SOURCE)


def load_waveform(path: str | os.PathLike | None = None) -> Dataset:
    """Waveform (v1): 5000 rows × 21 noisy wave measurements, 3 wave classes 0, 1, 2.

    Parameters
    ----------
    path : str or os.PathLike, optional
        A copy of ``waveform.data`` (optionally ``.gz``) to read instead of the bundled one.

    Returns
    -------
    Dataset
        Features ``x1``..``x21``; the last column of the file is the class.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If a cell is not a finite number or a row has the wrong number of fields.

    Examples
    --------
    >>> from salutary_native.datasets import load_waveform
    >>> data = load_waveform()
    >>> data.X.shape, data.class_names
    ((5000, 21), ('0', '1', '2'))
    """
    source = source_file("waveform.data.gz", path)
    _, rows = read_delimited(source, delimiter=",", has_header=False)
    names = tuple(f"x{k}" for k in range(1, len(rows[0]))) + ("class",)
    table = numeric_columns(names, rows, source.name)
    y, class_names = encode_labels(table[:, -1])
    encoding = f"All {table.shape[1] - 1} columns before the last are read as floats; the last column is the class."
    return Dataset("waveform", table[:, :-1], y, names[:-1], class_names, encoding, WAVEFORM_SOURCE)


def load_electrical_grid(path: str | os.PathLike | None = None) -> Dataset:
    """Electrical Grid Stability: 10000 rows × 12 features; y = 1 (stable) when ``stab`` < 0.

    ``stab`` (and ``stabf``, the same label as text, when present) are dropped from the features.

    Parameters
    ----------
    path : str or os.PathLike, optional
        A copy of the CSV (optionally ``.gz``, with a header row) to read instead of the bundled one.

    Returns
    -------
    Dataset
        Classes ``("unstable", "stable")``.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file has no ``stab`` column or a feature cell is not a finite number.

    Examples
    --------
    >>> from salutary_native.datasets import load_electrical_grid
    >>> data = load_electrical_grid()
    >>> data.X.shape, data.class_names
    ((10000, 12), ('unstable', 'stable'))
    """
    source = source_file("electrical_grid_stability.csv.gz", path)
    header, rows = read_delimited(source)
    if "stab" not in header:
        raise ValueError(f"{source.name} has no 'stab' column (header: {header})")
    # stab decides the label and stabf is the same label as text, so neither may stay a feature.
    dropped = [name for name in ("stab", "stabf") if name in header]
    keep = [j for j, name in enumerate(header) if name not in dropped]
    names = [header[j] for j in keep]
    X = numeric_columns(names, [[row[j] for j in keep] for row in rows], source.name)
    stab = numeric_columns(["stab"], [[row[header.index("stab")]] for row in rows], source.name)[:, 0]
    y = (stab < 0).astype(np.int64)
    why = "stabf is the same label as text" if "stabf" in dropped else "the file has no stabf text column"
    encoding = (
        f"Dropped {' and '.join(dropped)} from the features (y = 1, stable, when stab < 0, else 0, unstable; "
        f"{why}); kept the {len(names)} numeric columns as floats."
    )
    return Dataset("electrical_grid", X, y, names, ("unstable", "stable"), encoding, ELECTRICAL_GRID_SOURCE)


def load_wine_quality(color: str = "red", path: str | os.PathLike | None = None) -> Dataset:
    """Wine Quality (red: 1599 rows, white: 4898 rows) × 11 features; the quality score is the class.

    Parameters
    ----------
    color : {"red", "white"}, default="red"
        Which of the two files.
    path : str or os.PathLike, optional
        A copy of the comma-separated file (optionally ``.gz``, with or without UCI's header line)
        to read instead of the bundled one.

    Returns
    -------
    Dataset
        One class per quality score present in the file.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If ``color`` is unknown or a cell is not a finite number.

    Examples
    --------
    >>> from salutary_native.datasets import load_wine_quality
    >>> data = load_wine_quality("red")
    >>> data.X.shape, data.class_names
    ((1599, 11), ('3', '4', '5', '6', '7', '8'))
    """
    if color not in WINE_COLORS:
        raise ValueError(f"color must be one of {WINE_COLORS}, got {color!r}")
    source = source_file(f"winequality-{color}.csv.gz", path)
    _, rows = read_delimited(source, has_header=False)
    # UCI's own copy starts with a header line; the bundled one does not.
    if not reads_as_number(rows[0][0]):
        rows = rows[1:]
    names = WINE_QUALITY_FEATURES + ("quality",)
    table = numeric_columns(names, rows, source.name)
    y, class_names = encode_labels(table[:, -1])
    encoding = (
        f"The {len(WINE_QUALITY_FEATURES)} physicochemical columns are read as floats; the quality score (last "
        f"column) is the class, with the {len(class_names)} scores present in this file ({', '.join(class_names)})."
    )
    return Dataset(f"wine_quality_{color}", table[:, :-1], y, WINE_QUALITY_FEATURES, class_names, encoding,
                   WINE_QUALITY_SOURCE)


def load_bank_marketing(path: str | os.PathLike | None = None) -> Dataset:
    """Bank Marketing (bank-additional, 4119 rows): did the client subscribe a term deposit (yes → 1, no → 0).

    ``duration`` is dropped (known only after the call, it leaks the label) and the text columns
    are one-hot encoded.

    Parameters
    ----------
    path : str or os.PathLike, optional
        A copy of ``bank-additional.csv`` (optionally ``.gz``) to read instead of the bundled one.

    Returns
    -------
    Dataset
        62 features, classes ``("no", "yes")``.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file has no ``y`` or ``duration`` column, or a cell is empty.

    Examples
    --------
    >>> from salutary_native.datasets import load_bank_marketing
    >>> data = load_bank_marketing()
    >>> data.X.shape, data.class_names
    ((4119, 62), ('no', 'yes'))
    """
    source = source_file("bank-additional.csv.gz", path)
    header, rows = read_delimited(source)
    for required in ("y", "duration"):
        if required not in header:
            raise ValueError(f"{source.name} has no {required!r} column (header: {header})")
    table = np.array(rows, dtype=str).reshape(len(rows), len(header))
    y, class_names = encode_labels(table[:, header.index("y")], "column 'y'")
    # duration is known only after the call, so it leaks the label (UCI's own note).
    columns = {name: table[:, j] for j, name in enumerate(header) if name not in ("y", "duration")}
    encoded = encode_columns(columns)
    label_map = ", ".join(f"{name} → {index}" for index, name in enumerate(class_names))
    encoding = (
        f"Dropped duration (known only after the call, it leaks the label); {encoded.describe()}; "
        f"{encoded.X.shape[1]} features in all; y: {label_map}."
    )
    return Dataset("bank_marketing", encoded.X, y, encoded.feature_names, class_names, encoding,
                   BANK_MARKETING_SOURCE)

