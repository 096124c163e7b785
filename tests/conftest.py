"""Shared data generators and fixtures for the salutary_native test suite.

Every random draw goes through a seeded ``numpy.random.Generator``.
"""

from __future__ import annotations

import dataclasses
import os
import sys

import numpy as np
import pytest

# Make ``import reference`` work whatever pytest's import mode is.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


@dataclasses.dataclass
class Problem:
    K: int
    X_train: np.ndarray
    y_train: np.ndarray  # class indices 0..K-1
    X_val: np.ndarray
    y_val: np.ndarray
    X_pool: np.ndarray
    y_pool: np.ndarray


def make_problem(K, n_train, n_val, n_pool, d, seed, sep=1.2):
    """Moderately separable gaussian blobs, standardised with train statistics.

    Labels are balanced (row i of each split has class i % K before
    shuffling), so every class appears in every split of size >= K.
    """
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(K, d)) * sep

    def draw(n):
        y = np.arange(n) % K
        rng.shuffle(y)
        X = centers[y] + rng.normal(size=(n, d))
        return X, y.astype(np.int64)

    X_train, y_train = draw(n_train)
    X_val, y_val = draw(n_val)
    X_pool, y_pool = draw(n_pool)
    mu = X_train.mean(axis=0)
    sd = X_train.std(axis=0)
    std = lambda X: np.ascontiguousarray((X - mu) / sd)  # noqa: E731
    return Problem(K, std(X_train), y_train, std(X_val), y_val, std(X_pool), y_pool)


LAYOUTS = ("C", "F", "strided_cols", "strided_rows", "reversed_rows")


def with_layout(X, layout, dtype=np.float64):
    """Same values as ``X.astype(dtype)``, in the requested memory layout."""
    X = np.asarray(X).astype(dtype)
    n, d = X.shape
    if layout == "C":
        out = np.ascontiguousarray(X)
    elif layout == "F":
        out = np.asfortranarray(X)
    elif layout == "strided_cols":
        big = np.full((n, 2 * d), np.nan, dtype=dtype)
        big[:, ::2] = X
        out = big[:, ::2]
    elif layout == "strided_rows":
        big = np.full((2 * n, d), np.nan, dtype=dtype)
        big[::2] = X
        out = big[::2]
    elif layout == "reversed_rows":
        out = np.ascontiguousarray(X[::-1])[::-1]
    else:
        raise ValueError(layout)
    assert np.array_equal(out, X)
    if layout != "C":
        assert not out.flags.c_contiguous
    return out


# ---------------------------------------------------------------------------
# Figures collected while the suite runs, printed in the terminal summary.
_FIGURES: dict[str, tuple[float, str]] = {}


def _record(family, value, case=""):
    """Keep the worst (largest) value seen per family."""
    value = float(value)
    old = _FIGURES.get(family)
    if old is None or value > old[0]:
        _FIGURES[family] = (value, case)


def _record_min(family, value, case=""):
    """Keep the smallest value seen per family (e.g. a correlation)."""
    value = float(value)
    old = _FIGURES.get(family)
    if old is None or value < old[0]:
        _FIGURES[family] = (value, case)


@pytest.fixture(scope="session")
def record():
    return _record


@pytest.fixture(scope="session")
def record_min():
    return _record_min


def pytest_terminal_summary(terminalreporter):
    if not _FIGURES:
        return
    terminalreporter.section("salutary_native figures (worst case per family)")
    for family in sorted(_FIGURES):
        value, case = _FIGURES[family]
        terminalreporter.write_line(f"{family:55s} {value:.3e}  {case}")


# ---------------------------------------------------------------------------
# Problems and fitted models, built once per session.

def problem_sizes(K):
    # K = 10 needs more rows so that every class is well represented.
    if K >= 10:
        return dict(n_train=400, n_val=150, n_pool=300, d=6)
    return dict(n_train=150, n_val=60, n_pool=120, d=6)


@pytest.fixture(scope="session")
def problem_for():
    cache = {}

    def get(K, seed=None):
        key = (K, seed)
        if key not in cache:
            cache[key] = make_problem(K, seed=1000 + K if seed is None else seed, **problem_sizes(K))
        return cache[key]

    return get


def _fitted_models(problem_for, make_estimator):
    """A cached (K, fit_intercept, C) -> estimator fitted on problem_for(K)'s training rows."""
    cache = {}

    def get(K, fit_intercept, C=1.0):
        key = (K, fit_intercept, C)
        if key not in cache:
            pb = problem_for(K)
            cache[key] = make_estimator(C, fit_intercept).fit(pb.X_train, pb.y_train)
        return cache[key]

    return get


@pytest.fixture(scope="session")
def sn_model_for(problem_for):
    """Fitted salutary_native.LogisticRegression per (K, fit_intercept, C)."""
    import salutary_native as sn

    # The influence checks evaluate the oracle at the fitted coefficients,
    # so they do not depend on how tightly the fit converged.
    return _fitted_models(problem_for, lambda C, fi: sn.LogisticRegression(C=C, fit_intercept=fi, tol=1e-9,
                                                                            max_iter=200))


@pytest.fixture(scope="session")
def sk_model_for(problem_for):
    """Fitted sklearn LogisticRegression (lbfgs, l2) per (K, fit_intercept, C)."""
    lm = pytest.importorskip("sklearn.linear_model")
    return _fitted_models(problem_for, lambda C, fi: lm.LogisticRegression(C=C, fit_intercept=fi, tol=1e-10,
                                                                            max_iter=5000))
