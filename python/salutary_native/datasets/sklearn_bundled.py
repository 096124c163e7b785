"""Small datasets that ship inside scikit-learn's wheel (loaded offline, scikit-learn needed)."""

from __future__ import annotations

from ._optional_import import import_sklearn
from .dataset import Dataset

SKLEARN_COPY = "UCI Machine Learning Repository, the copy bundled with scikit-learn"
BREAST_CANCER_SOURCE = (
    f"Breast Cancer Wisconsin (Diagnostic) ({SKLEARN_COPY}); W. N. Street, W. H. Wolberg and O. L. Mangasarian, "
    "Nuclear feature extraction for breast tumor diagnosis, IS&T/SPIE Electronic Imaging (1993)"
)
DIGITS_SOURCE = (
    f"Optical Recognition of Handwritten Digits, 8×8 version ({SKLEARN_COPY}); E. Alpaydin and C. Kaynak (1998)"
)
WINE_SOURCE = f"Wine ({SKLEARN_COPY}); S. Aeberhard and M. Forina (1991), from the PARVUS study of Italian wines"


def load_breast_cancer() -> Dataset:
    """Breast Cancer Wisconsin: 569 rows × 30 features, 0 = malignant, 1 = benign.

    Returns
    -------
    Dataset
        The data of ``sklearn.datasets.load_breast_cancer()``.

    Raises
    ------
    ImportError
        If scikit-learn is not installed.

    Examples
    --------
    >>> from salutary_native.datasets import load_breast_cancer
    >>> data = load_breast_cancer()
    >>> data.X.shape, data.class_names
    ((569, 30), ('malignant', 'benign'))
    """
    return _from_sklearn("load_breast_cancer", "breast_cancer", BREAST_CANCER_SOURCE)


def load_digits() -> Dataset:
    """Handwritten digits: 1797 rows × 64 pixel intensities (0-16), 10 classes.

    Returns
    -------
    Dataset
        The data of ``sklearn.datasets.load_digits()``.

    Raises
    ------
    ImportError
        If scikit-learn is not installed.

    Examples
    --------
    >>> from salutary_native.datasets import load_digits
    >>> data = load_digits()
    >>> data.X.shape, data.n_classes
    ((1797, 64), 10)
    """
    return _from_sklearn("load_digits", "digits", DIGITS_SOURCE)


def load_wine() -> Dataset:
    """Wine recognition: 178 rows × 13 chemical measurements, 3 cultivars.

    Returns
    -------
    Dataset
        The data of ``sklearn.datasets.load_wine()``.

    Raises
    ------
    ImportError
        If scikit-learn is not installed.

    Examples
    --------
    >>> from salutary_native.datasets import load_wine
    >>> data = load_wine()
    >>> data.X.shape, data.class_names
    ((178, 13), ('class_0', 'class_1', 'class_2'))
    """
    return _from_sklearn("load_wine", "wine", WINE_SOURCE)


def _from_sklearn(loader_name: str, name: str, source: str) -> Dataset:
    # scikit-learn already encodes the labels 0..K-1 with target_names in the same order.
    datasets = import_sklearn("sklearn.datasets", purpose=f"salutary_native.datasets.{loader_name}")
    bunch = getattr(datasets, loader_name)()
    encoding = f"scikit-learn's {loader_name}() as given: {bunch.data.shape[1]} numeric features, target as the class."
    return Dataset(name, bunch.data, bunch.target, tuple(str(f) for f in bunch.feature_names),
                   tuple(str(c) for c in bunch.target_names), encoding, source)
