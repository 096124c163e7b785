"""Movie Review Polarity v2.0: 2000 labelled reviews, turned into features by LSA or the user's embedding.

The texts are read straight from the tar.gz archive; nothing is extracted to disk. Precomputed
all-MiniLM-L6-v2 sentence embeddings of the same reviews are bundled too (read with NumPy alone).
"""

from __future__ import annotations

import json
import os
import tarfile
from typing import Callable, Union

import numpy as np

from ..inputs import as_rows
from ._bundled_files import source_file
from ._optional_import import import_sklearn
from .dataset import Dataset

REVIEW_POLARITY_SOURCE = (
    "Movie Review Polarity Dataset v2.0 (Cornell University, distributed by the authors, no stated licence); "
    "B. Pang and L. Lee, A sentimental education: sentiment analysis using subjectivity summarization based on "
    "minimum cuts, Proceedings of ACL (2004)"
)
MINILM_SOURCE = (
    REVIEW_POLARITY_SOURCE + "; embedded with sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0; N. Reimers and "
    "I. Gurevych, Sentence-BERT, EMNLP 2019) by scripts/embed_review_polarity.py"
)
POLARITY_CLASSES = ("neg", "pos")
TOP_FOLDER = "txt_sentoken"

Embedding = Union[str, Callable]


def load_review_texts(path: str | os.PathLike | None = None) -> tuple[list, np.ndarray]:
    """The review texts sorted by archive member name, and their labels (neg → 0, pos → 1).

    Parameters
    ----------
    path : str or os.PathLike, optional
        A copy of ``review_polarity.tar.gz`` to read instead of the bundled one.

    Returns
    -------
    texts : list of str
        The 2000 reviews (invalid UTF-8 replaced).
    labels : ndarray of int64
        0 for a negative review, 1 for a positive one.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the archive holds no ``txt_sentoken/{neg,pos}/*.txt`` members.

    Examples
    --------
    >>> from salutary_native.datasets import load_review_texts
    >>> texts, labels = load_review_texts()
    >>> len(texts), labels.sum().item()
    (2000, 1000)
    """
    source = source_file("review_polarity.tar.gz", path)
    texts_by_member = {}
    # One forward pass over the archive: seeking back in a gzip stream would decompress it again.
    with tarfile.open(source, "r:*") as archive:
        for member in archive:
            if member.isfile() and _polarity(member.name) is not None:
                texts_by_member[member.name] = archive.extractfile(member).read().decode("utf-8", errors="replace")
    if not texts_by_member:
        raise ValueError(f"{source.name} holds no {TOP_FOLDER}/pos/*.txt or {TOP_FOLDER}/neg/*.txt members")
    names = sorted(texts_by_member)
    labels = np.array([_polarity(name) for name in names], dtype=np.int64)
    return [texts_by_member[name] for name in names], labels


def load_review_polarity(path: str | os.PathLike | None = None, embedding: Embedding = "lsa",
                         n_components: int = 100, seed: int = 0) -> Dataset:
    """The reviews as a Dataset; ``embedding`` is ``"lsa"`` or a callable ``texts -> array (n, d)``.

    Parameters
    ----------
    path : str or os.PathLike, optional
        A copy of ``review_polarity.tar.gz`` to read instead of the bundled one.
    embedding : "lsa" or callable, default="lsa"
        ``"lsa"``: TF-IDF reduced by truncated SVD, each row L2-normalised (needs scikit-learn).
        A callable gets the list of texts and returns a finite (n_texts, d) array.
    n_components : int, default=100
        Dimensions of the LSA features.
    seed : int, default=0
        ``random_state`` of the truncated SVD.

    Returns
    -------
    Dataset
        2000 rows, classes ``("neg", "pos")``.

    Raises
    ------
    ValueError
        If ``embedding`` is an unknown name, ``n_components`` is not a positive integer below
        the vocabulary size, or the embedding returns the wrong number of rows.
    TypeError
        If ``embedding`` is neither a str nor callable, or returns no numeric array.
    ImportError
        If ``embedding="lsa"`` and scikit-learn is not installed.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native.datasets import load_review_polarity
    >>> def lengths(texts):
    ...     return np.array([[len(text), text.count("!")] for text in texts], dtype=float)
    >>> data = load_review_polarity(embedding=lengths)
    >>> data.X.shape, data.feature_names, data.class_names
    ((2000, 2), ('embedding_0', 'embedding_1'), ('neg', 'pos'))
    """
    texts, y = load_review_texts(path)
    if isinstance(embedding, str):
        if embedding != "lsa":
            raise ValueError(f"embedding must be 'lsa' or a callable texts -> array (n, d), got {embedding!r}")
        X, encoding = _lsa_features(texts, n_components, seed)
        feature_names = tuple(f"lsa_{k}" for k in range(X.shape[1]))
    elif callable(embedding):
        X = _embedding_features(embedding, texts)
        name = getattr(embedding, "__qualname__", type(embedding).__name__)
        encoding = f"Features from the user's embedding {name} ({X.shape[1]} dimensions per review), used as returned."
        feature_names = tuple(f"embedding_{k}" for k in range(X.shape[1]))
    else:
        raise TypeError(f"embedding must be 'lsa' or a callable texts -> array (n, d), got {type(embedding).__name__}")
    return Dataset("review_polarity", X, y, feature_names, POLARITY_CLASSES, encoding, REVIEW_POLARITY_SOURCE)


def load_review_polarity_minilm(path: str | os.PathLike | None = None) -> Dataset:
    """The reviews as precomputed all-MiniLM-L6-v2 embeddings: 2000 unit rows × 384, no torch needed.

    The bundled ``review_polarity_minilm.npz`` was made by ``scripts/embed_review_polarity.py``
    (sentence-transformers, CPU): each review is cut at line breaks into chunks of at most 254 word
    pieces, the chunks' normalised embeddings are averaged and the mean is L2-normalised again.
    Rows are in the order of :func:`load_review_texts`, with the same labels.

    Parameters
    ----------
    path : str or os.PathLike, optional
        An npz written by the script to read instead of the bundled one.

    Returns
    -------
    Dataset
        2000 rows × 384 features (stored as float32, returned as float64), classes ``("neg", "pos")``.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file lacks ``X``, ``y`` or ``doc_ids``, or its labels disagree with its document ids.

    Examples
    --------
    >>> from salutary_native.datasets import load_review_polarity_minilm
    >>> data = load_review_polarity_minilm()
    >>> data.X.shape, data.class_names
    ((2000, 384), ('neg', 'pos'))
    """
    source = source_file("review_polarity_minilm.npz", path)
    with np.load(source, allow_pickle=False) as arrays:
        missing = [key for key in ("X", "y", "doc_ids") if key not in arrays.files]
        if missing:
            raise ValueError(f"{source.name} lacks the arrays {', '.join(missing)}")
        X, y, doc_ids = arrays["X"], arrays["y"], arrays["doc_ids"]
        provenance = json.loads(str(arrays["provenance"])) if "provenance" in arrays.files else {}
    if [_polarity(str(name)) for name in doc_ids] != np.asarray(y).tolist():
        raise ValueError(f"{source.name}: y disagrees with the neg/pos folders of doc_ids")
    versions = provenance.get("versions", {})
    made_with = ", ".join(f"{pkg} {ver}" for pkg, ver in sorted(versions.items()))
    encoding = (
        f"all-MiniLM-L6-v2 sentence embeddings of the {X.shape[0]} review texts ({X.shape[1]} dimensions): each review "
        "cut at line breaks into chunks of at most 254 word pieces, chunk embeddings (mean pooling, L2-normalised) "
        "averaged and L2-normalised again; stored as float32"
        + (f"; made {provenance['created_utc']} with {made_with}" if made_with and "created_utc" in provenance else "")
        + "."
    )
    feature_names = tuple(f"minilm_{k}" for k in range(X.shape[1]))
    return Dataset("review_polarity_minilm", X, y, feature_names, POLARITY_CLASSES, encoding, MINILM_SOURCE)


def _lsa_features(texts: list, n_components: int, seed: int) -> tuple[np.ndarray, str]:
    """TF-IDF, truncated SVD, unit rows: latent semantic analysis as in the classic sentiment baselines."""
    if isinstance(n_components, bool) or not isinstance(n_components, (int, np.integer)) or n_components < 1:
        raise ValueError(f"n_components must be a positive integer, got {n_components!r}")
    purpose = "load_review_polarity(embedding='lsa')"
    feature_text = import_sklearn("sklearn.feature_extraction.text", purpose=purpose)
    decomposition = import_sklearn("sklearn.decomposition", purpose=purpose)
    tfidf = feature_text.TfidfVectorizer(sublinear_tf=True, min_df=2, stop_words="english").fit_transform(texts)
    if n_components >= tfidf.shape[1]:
        raise ValueError(f"n_components must be below the vocabulary size {tfidf.shape[1]}, got {n_components}")
    X = decomposition.TruncatedSVD(n_components=n_components, random_state=seed).fit_transform(tfidf)
    # Cosine geometry is what LSA is read in, so every row gets unit length (an all-zero row stays zero).
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    X = np.ascontiguousarray(X / np.where(norms > 0, norms, 1.0), dtype=np.float64)
    encoding = (
        f"TF-IDF of the {len(texts)} review texts (sublinear tf, min_df=2, English stop words removed; "
        f"{tfidf.shape[1]} terms), reduced to {n_components} dimensions by truncated SVD (LSA, random_state={seed}), "
        "each row L2-normalised."
    )
    return X, encoding


def _embedding_features(embedding: Callable, texts: list) -> np.ndarray:
    # A user's model can return anything, so its output is checked like any other feature matrix.
    X = as_rows(embedding(list(texts)), "embedding(texts)")
    if X.shape[0] != len(texts):
        raise ValueError(f"embedding(texts) returned {X.shape[0]} rows for {len(texts)} texts")
    return X


def _polarity(member_name: str) -> int | None:
    """0 for ``txt_sentoken/neg/*.txt``, 1 for ``txt_sentoken/pos/*.txt``, None for any other member."""
    parts = member_name.split("/")
    if len(parts) == 3 and parts[0] == TOP_FOLDER and parts[1] in POLARITY_CLASSES and parts[2].endswith(".txt"):
        return POLARITY_CLASSES.index(parts[1])
    return None
