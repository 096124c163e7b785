"""Datasets for salutary labeling experiments: the paper's UCI sets, a text set, scikit-learn's and your own.

Every loader returns a :class:`Dataset` (float64 ``X``, class indices ``y``, provenance). Seven
datasets (six from UCI and the Cornell movie reviews) are bundled in ``data/``, with precomputed
all-MiniLM-L6-v2 embeddings of the reviews (``review_polarity_minilm``; licences and
modifications in ``data/NOTICE.md``).
"""

from __future__ import annotations

from functools import partial
from typing import Callable

from .dataset import Dataset
from .sklearn_bundled import load_breast_cancer, load_digits, load_wine
from .text import load_review_polarity, load_review_polarity_minilm, load_review_texts
from .uci import (
    load_bank_marketing,
    load_diabetic_retinopathy,
    load_diabetic_retinopathy_split,
    load_electrical_grid,
    load_waveform,
    load_wine_quality,
)
from .user_file import load_table

#: name → loader (no arguments) of every dataset the command line and experiments know.
DATASETS: dict[str, Callable[[], Dataset]] = {
    "diabetic_retinopathy": load_diabetic_retinopathy,
    "waveform": load_waveform,
    "electrical_grid": load_electrical_grid,
    "wine_quality_red": partial(load_wine_quality, "red"),
    "wine_quality_white": partial(load_wine_quality, "white"),
    "bank_marketing": load_bank_marketing,
    "review_polarity": load_review_polarity,
    "review_polarity_minilm": load_review_polarity_minilm,
    "breast_cancer": load_breast_cancer,
    "digits": load_digits,
    "wine": load_wine,
}

#: The datasets whose files are bundled in data/ (the rest of DATASETS come with scikit-learn).
SHARED_DATASETS = (
    "diabetic_retinopathy",
    "waveform",
    "electrical_grid",
    "wine_quality_red",
    "wine_quality_white",
    "bank_marketing",
    "review_polarity",
    "review_polarity_minilm",
)


def load_dataset(name: str) -> Dataset:
    """The dataset registered under ``name`` in :data:`DATASETS`, loaded with its defaults.

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`.

    Returns
    -------
    Dataset
        The loaded dataset.

    Raises
    ------
    ValueError
        If ``name`` is not registered.
    ImportError
        If the dataset needs scikit-learn and it is not installed.

    Examples
    --------
    >>> from salutary_native.datasets import load_dataset
    >>> data = load_dataset("diabetic_retinopathy")
    >>> data.X.shape, data.n_classes
    ((1151, 19), 2)
    """
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; known: {', '.join(DATASETS)}")
    return DATASETS[name]()


__all__ = [
    "DATASETS",
    "SHARED_DATASETS",
    "Dataset",
    "load_bank_marketing",
    "load_breast_cancer",
    "load_dataset",
    "load_diabetic_retinopathy",
    "load_diabetic_retinopathy_split",
    "load_digits",
    "load_electrical_grid",
    "load_review_polarity",
    "load_review_polarity_minilm",
    "load_review_texts",
    "load_table",
    "load_waveform",
    "load_wine",
    "load_wine_quality",
]
