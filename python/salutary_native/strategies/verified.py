"""Salutary labeling whose top rows are checked by one Newton step before they are kept.

The influence of maths §3 is a first-order prediction: it can be wrong in sign for the very
rows it ranks highest, when the validation set is small or the step that adding a row causes
is large. This strategy takes the salutary shortlist (the top rows by ``max_c I(x, c)``, each
with its salutary label ``ĉ``) and, for every candidate, computes the change of the summed
validation cross-entropy after one Newton step from ``θ̂`` on the objective with the pair
``(x, ĉ)`` added:

    θ' = θ̂ − (H + J)⁻¹ g,    g = ∇CE(x, ĉ; θ̂) = Z r,    J = ∇²CE(x; θ̂) = Z A Zᵀ

with ``Z = I_m ⊗ x̃`` (p × m), ``r = q − e_ĉ`` and ``A = ∇²`` of the cross-entropy in the logits
(``q(1−q)`` for the sigmoid, ``diag(q) − qqᵀ`` for the softmax). The training objective's own
gradient is zero at ``θ̂`` up to the fit's tolerance and is left out, so the change is that of
the pair alone. ``H`` is the training objective's Hessian (maths §3 with ``hessian_on="train"``,
plus the round's damping) whatever curvature the ranking used: the step is the one a refit on
the training rows takes. For a softmax with an intercept the completion ``H + vvᵀ`` is factored
(maths §3): ``Jv = 0`` and ``g ⊥ v``, so the completion leaves the step unchanged.

Woodbury, with ``M = H (+ vvᵀ)``, ``W = M⁻¹Z`` and ``G = ZᵀW`` (m × m), gives the step without
factoring ``H + J``:

    (M + ZAZᵀ)⁻¹ Z r = W (I + A G)⁻¹ r

so each candidate costs ``m`` solves with the one Cholesky factor of ``M``, done for all
candidates at once, plus an m × m solve. The verification costs ``O(p³ + N·m·p²)`` for N
candidates (p = m·D parameters), plus ``O(N·n_val·m·D)`` for the validation losses: it is meant
for models of a few hundred to a few thousand parameters, such as the paper's.
"""

from __future__ import annotations

import time

import numpy as np

from .._core import FactorizationError
from ..fitted_model import fitted_model
from ..influence import hessian
from ..inputs import as_rows, integer_in, label_indices, row_exclusion
from .base import RoundView, Selection, Strategy

#: Right-hand-side entries solved at once (p × columns), bounding the solve's extra memory.
_SOLVE_BLOCK_ENTRIES = 1 << 22


def _cholesky_solver():
    try:
        from scipy.linalg import cho_factor, cho_solve
    except ImportError:
        raise ImportError("the salutary_verified strategy needs scipy: pip install scipy") from None
    return cho_factor, cho_solve


def _output_probs(logits: np.ndarray, n_classes: int) -> np.ndarray:
    """Per-output probabilities q (…, m): the sigmoid for K = 2, the softmax for K ≥ 3."""
    if n_classes == 2:
        return 0.5 * (1.0 + np.tanh(0.5 * logits))
    shifted = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def _summed_cross_entropy(logits: np.ndarray, y_idx: np.ndarray, n_classes: int) -> np.ndarray:
    """Σ_j CE(x_j, y_j) over the validation rows, for logits of shape (N, n_val, m)."""
    if n_classes == 2:
        z = logits[..., 0]
        return (np.logaddexp(0.0, z) - (y_idx == 1) * z).sum(axis=-1)
    top = logits.max(axis=-1, keepdims=True)
    lse = (top + np.log(np.exp(logits - top).sum(axis=-1, keepdims=True)))[..., 0]
    picked = np.take_along_axis(logits, np.broadcast_to(y_idx[None, :, None], logits.shape[:-1] + (1,)), axis=-1)
    return (lse - picked[..., 0]).sum(axis=-1)


def one_step_validation_change(model, X_train, X_val, y_val, X_rows, label_columns, *, damping=0.0) -> np.ndarray:
    """Change of the summed validation cross-entropy after one Newton step with a pair added.

    For each row ``x`` of ``X_rows`` and its label column ``c``, the step
    ``θ' = θ̂ − (H + J)⁻¹ ∇CE(x, c; θ̂)`` is taken on the training objective with ``(x, c)``
    added (``H``: the training rows' Hessian of maths §3 plus ``damping``; ``J = ∇²CE(x; θ̂)``),
    by Woodbury against one Cholesky factor of ``H`` (with the null completion ``vvᵀ`` for a
    softmax with an intercept), all rows' solves at once. The result is
    ``Σ_val CE(θ') − Σ_val CE(θ̂)``: negative when the step lowers the validation loss. The
    training objective's gradient at ``θ̂`` (zero up to the fit's tolerance) is left out.
    Cost: ``O(p³ + n·m·p²)`` for n rows and p parameters.

    Parameters
    ----------
    model : estimator
        A fitted ``sn.LogisticRegression`` or scikit-learn L2 ``LogisticRegression``.
    X_train : array-like of shape (n_train, n_features)
        The rows the model was fitted on.
    X_val : array-like of shape (n_val, n_features)
        Validation rows.
    y_val : array-like of shape (n_val,)
        Their labels, values of ``model.classes_``.
    X_rows : array-like of shape (n, n_features)
        The rows to add, one at a time.
    label_columns : array-like of int, shape (n,)
        Each row's label as a position in ``model.classes_``.
    damping : float, default=0.0
        Added to the Hessian's diagonal.

    Returns
    -------
    ndarray of float64, shape (n,)
        The change of the summed validation loss for each pair.

    Raises
    ------
    ValueError
        On a shape, label or feature-count mismatch, non-finite values or a negative damping.
    FactorizationError
        If ``H`` (with its completion) is not positive definite to working precision.
    ImportError
        If scipy is not installed.

    Examples
    --------
    >>> import numpy as np
    >>> import salutary_native as sn
    >>> from salutary_native.strategies.verified import one_step_validation_change
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(80, 3))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> model = sn.LogisticRegression(C=1.0).fit(X[:40], y[:40])
    >>> change = one_step_validation_change(model, X[:40], X[40:60], y[40:60], X[60:], y[60:])
    >>> change.shape, bool(np.isfinite(change).all())
    ((20,), True)
    """
    cho_factor, cho_solve = _cholesky_solver()
    fm = fitted_model(model)
    d, K = fm.n_features, fm.n_classes
    theta = np.asarray(fm.coef, dtype=np.float64)  # m × D, intercepts last
    m, D = theta.shape
    p = m * D
    X_train = as_rows(X_train, "X_train", n_features=d, floats_only=True)
    X_val = as_rows(X_val, "X_val", n_features=d, floats_only=True)
    y_idx = label_indices(y_val, np.asarray(fm.classes), "y_val", X_val.shape[0])
    X_rows = as_rows(X_rows, "X_rows", n_features=d, floats_only=True, allow_empty=True)
    columns = np.asarray(label_columns)
    if columns.ndim != 1 or columns.shape[0] != X_rows.shape[0]:
        raise ValueError(f"label_columns must be 1-D with one entry per row of X_rows ({X_rows.shape[0]}), "
                         f"got shape {columns.shape}")
    if columns.size and (columns.dtype.kind not in "iu" or columns.min() < 0 or columns.max() >= K):
        raise ValueError(f"label_columns must hold integer positions in classes_ (0 to {K - 1})")
    columns = columns.astype(np.int64)
    if X_rows.shape[0] == 0:
        return np.empty(0, dtype=np.float64)

    H = hessian(model, X_train, damping=damping)
    if K > 2 and fm.fit_intercept:
        # maths §3: factor H + vvᵀ, v = 1/√K on every intercept.
        intercepts = np.arange(K) * D + (D - 1)
        H[np.ix_(intercepts, intercepts)] += 1.0 / K
    try:
        factor = cho_factor(H, lower=True, check_finite=False)
    except np.linalg.LinAlgError:
        raise FactorizationError("the training Hessian (with its null completion) is not positive definite; "
                                 "use damping > 0, a smaller C or more training rows") from None

    def aug(X):
        return np.hstack([X, np.ones((X.shape[0], 1))]) if fm.fit_intercept else X

    Xv = aug(X_val)
    base_loss = _summed_cross_entropy((Xv @ theta.T)[None], y_idx, K)[0]
    change = np.empty(X_rows.shape[0], dtype=np.float64)
    block = max(1, _SOLVE_BLOCK_ENTRIES // (p * m))
    eye = np.eye(m)
    for lo in range(0, X_rows.shape[0], block):
        Xc = aug(X_rows[lo:lo + block])  # (N, D)
        N = Xc.shape[0]
        q = _output_probs(Xc @ theta.T, K)  # (N, m)
        r = q.copy()  # r = q − e_c restricted to the m outputs
        if K == 2:
            r[:, 0] -= columns[lo:lo + N] == 1
        else:
            r[np.arange(N), columns[lo:lo + N]] -= 1.0
        if K == 2:
            A = (q * (1.0 - q))[:, :, None]
        else:
            A = q[:, :, None] * eye - q[:, :, None] * q[:, None, :]
        # Z = I_m ⊗ x̃ for every candidate: column (i, l) of the right-hand side is e_l ⊗ x̃_i.
        Z = np.zeros((m, D, N, m))
        Z[np.arange(m), :, :, np.arange(m)] = Xc.T
        W = cho_solve(factor, Z.reshape(p, N * m), check_finite=False).reshape(m, D, N, m)
        G = np.einsum("ij,kjil->ikl", Xc, W)  # Zᵢᵀ M⁻¹ Zᵢ, (N, m, m)
        coeff = np.linalg.solve(eye + A @ G, r[:, :, None])[:, :, 0]  # (I + AG)⁻¹ r
        step = np.einsum("kjil,il->ikj", W, coeff)  # (N, m, D)
        logits = np.einsum("vj,ikj->ivk", Xv, theta[None] - step)
        change[lo:lo + N] = _summed_cross_entropy(logits, y_idx, K) - base_loss
    return change


class VerifiedSalutary(Strategy):
    """Salutary labeling that keeps only rows whose one-Newton-step validation change is negative.

    The shortlist is the top ``min(rows left, max(5·budget, 50))`` rows by salutary score, with
    their salutary labels (only that label is checked: the label stays the paper's, and the
    strategy differs from ``salutary`` only by abstaining). Each pair's actual change of the
    summed validation cross-entropy after one Newton step is computed with
    :func:`one_step_validation_change`; pairs whose loss drops are ranked by the drop (ties by the
    round seed's key of their pool row, the order of :func:`~salutary_native.top_b`) and at most
    ``budget`` are kept. Fewer than ``budget`` rows are returned when fewer pass: the round
    abstains on the rest.

    Attributes
    ----------
    n_candidates_ : int
        Shortlist length of the last :meth:`choose`.
    n_passed_ : int
        Candidates of the last :meth:`choose` whose verified change was negative.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import LogisticRegression
    >>> from salutary_native.strategies import RoundView
    >>> from salutary_native.strategies.verified import VerifiedSalutary
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(160, 2))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> model = LogisticRegression().fit(X[:20], y[:20])
    >>> view = RoundView(model, X[:20], y[:20], X[20:40], y[20:40], X[40:], seed=0)
    >>> picked = VerifiedSalutary().choose(view, 5)
    >>> len(picked.rows) <= 5, bool((picked.scores > 0).all())
    (True, True)
    """

    name = "salutary_verified"
    assigns_labels = True

    def __init__(self):
        self.n_candidates_ = 0
        self.n_passed_ = 0

    def score(self, view: RoundView):
        """Not defined: this strategy ranks a shortlist, not the pool; use :meth:`choose`.

        Parameters
        ----------
        view : RoundView
            The round.

        Raises
        ------
        NotImplementedError
            Always.
        """
        raise NotImplementedError("salutary_verified ranks a verified shortlist, not every pool row; call choose()")

    def choose(self, view: RoundView, budget: int) -> Selection:
        """At most ``budget`` verified rows, largest validation drop first, with salutary labels.

        Parameters
        ----------
        view : RoundView
            The round.
        budget : int
            The most rows to pick, between 1 and the pool rows not in ``view.exclude``.

        Returns
        -------
        Selection
            Rows (possibly fewer than ``budget``, possibly none), their salutary labels and, as
            scores, their verified drops of the summed validation loss (positive).

        Raises
        ------
        ValueError
            If ``budget`` is out of range.
        """
        start = time.perf_counter()
        X_pool = np.asarray(view.X_pool)
        n_pool = X_pool.shape[0]
        excluded = row_exclusion(view.exclude)
        n_left = n_pool - (0 if excluded is None else int(np.count_nonzero(excluded < n_pool)))
        budget = integer_in(budget, "budget", 1, n_left)
        n_candidates = min(n_left, max(5 * budget, 50))
        best = view.scorer().partial_query(view.X_pool, n_candidates, seed=view.seed, exclude=view.exclude)
        scored_at = time.perf_counter()
        rows = np.asarray(best.indices, dtype=np.int64)
        columns = np.asarray(best.label_indices, dtype=np.int64)
        change = one_step_validation_change(view.model, view.X_train, view.X_val, view.y_val,
                                            X_pool[rows], columns, damping=view.damping)
        passed = np.flatnonzero(change < 0)
        # Largest drop first, equal drops by the round seed's key of the pool row (top_b's order).
        order = passed[np.lexsort((np.asarray(best.keys)[passed], change[passed]))][:budget]
        self.n_candidates_, self.n_passed_ = int(rows.shape[0]), int(passed.shape[0])
        labels = np.asarray(view.model.classes_)[columns[order]]
        return Selection(rows[order], labels, -change[order], scored_at - start, time.perf_counter() - scored_at)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
