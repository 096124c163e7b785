"""The free scoring functions: one fitted :class:`InfluenceScorer` applied once (maths §3, §5).

Each function fits a scorer on its arguments and applies it to the pool, so their results are
those of the scorer bit for bit. To score more than one block or batch, fit the scorer once.
"""

from __future__ import annotations

import numpy as np

from . import _core
from .fitted_model import fitted_model
from .inputs import as_rows, as_weights, row_exclusion
from .parameters import check_parameter, uses_pool
from .scorer import SalutaryQuery, fit_scorer

__all__ = ["SalutaryQuery", "hessian", "influence_table", "salutary_query", "top_b", "val_direction"]


def _pool_rows(model, X_pool) -> np.ndarray:
    """The pool checked and converted once, before any native work (the table pass checks NaN/Inf as it reads)."""
    return as_rows(X_pool, "X_pool", n_features=fitted_model(model).n_features, keep_float32=True, floats_only=True,
                   check_finite=False)


def influence_table(model, X_train, X_val, y_val, X_pool, *, hessian_on="train", damping=0.0,
                    sample_weight=None, solver="auto", device="auto", cg_preconditioner="jacobi",
                    precision="float64") -> np.ndarray:
    """The influence table I(x, c) for every pool row x and label c.

    Parameters
    ----------
    model : LogisticRegression
        A fitted ``salutary_native.LogisticRegression`` or scikit-learn ``LogisticRegression``.
    X_train : array-like of shape (n_train, n_features)
        The rows the model was trained on.
    X_val, y_val : array-like
        Validation rows and their labels (values from ``model.classes_``).
    X_pool : array-like of shape (n_pool, n_features)
        Pool rows; float32 and float64 C-ordered arrays are read in place.
    hessian_on, damping, solver, device, cg_preconditioner, precision
        As for :class:`InfluenceScorer`.
    sample_weight : array-like of shape (n_train,), optional
        Weights of the training rows in the Hessian.

    Returns
    -------
    ndarray of shape (n_pool, K), float64
        Column c is label ``classes_[c]``; I > 0 means adding (x, c) to the training set is
        predicted, to first order, to lower the validation loss.

    Raises
    ------
    ValueError, TypeError
        For bad input, naming the argument, before any native work.
    FactorizationError
        When the Hessian is not positive definite.

    Examples
    --------
    >>> import numpy as np
    >>> import salutary_native as sn
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> model = sn.LogisticRegression().fit(X, [0, 0, 1, 1])
    >>> sn.influence_table(model, X, X, [0, 0, 1, 1], X).shape
    (4, 2)
    """
    X_pool = _pool_rows(model, X_pool)
    scorer = fit_scorer(model, X_train, X_val, y_val, X_pool, sample_weight=sample_weight, hessian_on=hessian_on,
                        damping=damping, solver=solver, device=device, cg_preconditioner=cg_preconditioner,
                        precision=precision)
    return scorer.table(X_pool)


def salutary_query(model, X_train, X_val, y_val, X_pool, budget, *, seed=0, hessian_on="train",
                   damping=0.0, sample_weight=None, keep_table=True, solver="auto", device="auto",
                   cg_preconditioner="jacobi", precision="float64") -> SalutaryQuery:
    """The ``budget`` pool rows with the highest salutary score, with their salutary labels.

    Parameters
    ----------
    model, X_train, X_val, y_val, X_pool, hessian_on, damping, sample_weight, solver, device
        As for :func:`influence_table`.
    cg_preconditioner, precision
        As for :func:`influence_table`.
    budget : int
        Rows to select, between 1 and the pool size.
    seed : int, default=0
        Equal scores are ordered by a permutation drawn from it; the result is the same on any
        thread count.
    keep_table : bool, default=True
        Also return the (n_pool, K) influence table.

    Returns
    -------
    SalutaryQuery
        ``indices`` (descending score), ``labels`` (values from ``classes_``), ``scores`` and
        ``table`` (or None).

    Examples
    --------
    >>> import numpy as np
    >>> import salutary_native as sn
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> model = sn.LogisticRegression().fit(X, [0, 0, 1, 1])
    >>> q = sn.salutary_query(model, X, X, [0, 0, 1, 1], X, budget=2)
    >>> len(q.indices), q.table.shape
    (2, (4, 2))
    """
    X_pool = _pool_rows(model, X_pool)
    check_parameter("budget", budget, upper=X_pool.shape[0])
    scorer = fit_scorer(model, X_train, X_val, y_val, X_pool, sample_weight=sample_weight, hessian_on=hessian_on,
                        damping=damping, solver=solver, device=device, cg_preconditioner=cg_preconditioner,
                        precision=precision)
    return scorer.query(X_pool, budget, seed=seed, keep_table=keep_table)


def val_direction(model, X_train, X_val, y_val, *, X_pool=None, hessian_on="train", damping=0.0,
                  sample_weight=None, solver="auto", cg_preconditioner="jacobi") -> np.ndarray:
    """The validation direction s = H⁺ g_val.

    Parameters
    ----------
    model, X_train, X_val, y_val, hessian_on, damping, sample_weight, solver, cg_preconditioner
        As for :func:`influence_table`.
    X_pool : array-like, optional
        Required when ``hessian_on`` includes the pool.

    Returns
    -------
    ndarray of shape (m, D)
        Shaped like the coefficients with intercepts last (m = 1 for two classes, else K).

    Examples
    --------
    >>> import numpy as np
    >>> import salutary_native as sn
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> model = sn.LogisticRegression().fit(X, [0, 0, 1, 1])
    >>> sn.val_direction(model, X, X, [0, 0, 1, 1]).shape
    (1, 2)
    """
    return fit_scorer(model, X_train, X_val, y_val, X_pool, sample_weight=sample_weight, hessian_on=hessian_on,
                      damping=damping, solver=solver, device="cpu", cg_preconditioner=cg_preconditioner).val_direction_


def hessian(model, X_train, *, X_pool=None, hessian_on="train", damping=0.0, sample_weight=None) -> np.ndarray:
    """The Hessian of maths §3 (p × p, p = m·D, class-major parameters), without the null completion.

    Parameters
    ----------
    model, X_train, sample_weight
        As for :func:`influence_table`.
    X_pool : array-like, optional
        Required when ``hessian_on`` includes the pool.
    hessian_on : {"train", "pool", "train+pool"}, default="train"
    damping : float, default=0.0

    Returns
    -------
    ndarray of shape (p, p)

    Examples
    --------
    >>> import numpy as np
    >>> import salutary_native as sn
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> model = sn.LogisticRegression().fit(X, [0, 0, 1, 1])
    >>> sn.hessian(model, X).shape
    (2, 2)
    """
    fm = fitted_model(model)
    d = fm.n_features
    hessian_on = check_parameter("hessian_on", hessian_on)
    damping = check_parameter("damping", damping)
    X_train = as_rows(X_train, "X_train", n_features=d, floats_only=True)
    w = as_weights(sample_weight, X_train.shape[0])
    if uses_pool(hessian_on):
        if X_pool is None:
            raise ValueError(f"X_pool is required with hessian_on={hessian_on!r}")
        X_pool = as_rows(X_pool, "X_pool", n_features=d, keep_float32=True, floats_only=True)
    else:
        X_pool = np.empty((0, d))
    return _core.hessian(fm.native, X_train, w, X_pool, hessian_on, damping)


def top_b(scores, budget, seed=0, *, exclude=None) -> np.ndarray:
    """Indices of the ``budget`` highest scores, descending; ties by a seeded permutation.

    Parameters
    ----------
    scores : array-like of shape (n,)
        Real numbers, no NaN.
    budget : int
        Between 1 and the number of indices not excluded.
    seed : int, default=0
        The tie-break seed: equal scores are ordered by the key of their index.
    exclude : array-like of int, optional
        Indices never selected (for example, pool rows labeled in earlier rounds).

    Returns
    -------
    ndarray of int64, shape (budget,)

    Examples
    --------
    >>> import salutary_native as sn
    >>> sn.top_b([0.1, 0.5, 0.3], 2).tolist()
    [1, 2]
    >>> sn.top_b([0.1, 0.5, 0.3], 2, exclude=[1]).tolist()
    [2, 0]
    """
    scores = np.asarray(scores)
    if scores.dtype.kind not in "fiu":
        raise TypeError(f"scores must hold real numbers, got dtype {scores.dtype}")
    if scores.ndim != 1 or scores.shape[0] == 0:
        raise ValueError(f"scores must be a non-empty 1-D array, got shape {scores.shape}")
    scores = np.ascontiguousarray(scores, dtype=np.float64)
    if np.isnan(scores).any():
        raise ValueError("scores contain NaN")
    excluded = row_exclusion(exclude)
    n_excluded = 0 if excluded is None else int(np.count_nonzero(excluded < scores.shape[0]))
    budget = check_parameter("budget", budget, upper=scores.shape[0] - n_excluded)
    seed = check_parameter("seed", seed)
    return _core.top_b(scores, budget, seed, excluded)
