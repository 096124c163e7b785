"""Independent float64 numpy evaluation of maths §2 and §3 (the test oracle).

Nothing here imports ``salutary_native``.  The formulas are written the
long way round on purpose: per-row Hessians are Kronecker products summed
with ``einsum`` (not weighted Gram products), per-label gradients are built
explicitly as (n, p) matrices, and the pseudo-inverse is numpy's.

Conventions (maths §2, §3):
- x~ = [x, 1] when fit_intercept, else x; D = len(x~).
- K = 2: one output row (m = 1), p(1|x) = sigmoid(theta . x~).
  K >= 3: m = K output rows, p = softmax(Theta x~).
- Parameters are class-major: index k*D + j is entry j of output row k,
  where row k is [coef[k, 0..d-1], intercept[k]] (intercept only if fitted).
- Labels are class indices 0..K-1 here; callers map user labels first.
"""

from __future__ import annotations

import numpy as np

HESSIAN_ON = ("train", "pool", "train+pool")


def augment(X, fit_intercept):
    """x~ rows: X with a column of ones appended when fit_intercept."""
    X = np.asarray(X, dtype=np.float64)
    if fit_intercept:
        return np.hstack([X, np.ones((X.shape[0], 1))])
    return X.copy()


def theta_matrix(coef, intercept, fit_intercept):
    """(m, D) parameter matrix; row k = [w_k, b_k] (b_k only if fit_intercept)."""
    coef = np.atleast_2d(np.asarray(coef, dtype=np.float64))
    if not fit_intercept:
        return coef.copy()
    b = np.asarray(intercept, dtype=np.float64).reshape(-1, 1)
    return np.hstack([coef, b])


def n_outputs(K):
    return 1 if K == 2 else K


def _sigmoid(z):
    # Two-branch form so neither branch overflows.
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def _softmax(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def output_probs(theta, K, Xt):
    """Per-output probabilities q (n, m): p(1|x) for K = 2, the softmax for K >= 3."""
    Z = Xt @ theta.T
    if K == 2:
        return _sigmoid(Z[:, 0])[:, None]
    return _softmax(Z)


def class_probs(theta, K, Xt):
    """Full (n, K) class probabilities."""
    q = output_probs(theta, K, Xt)
    if K == 2:
        return np.hstack([1.0 - q, q])
    return q


def cross_entropy(theta, K, Xt, y):
    """Per-row CE(x_i, y_i; theta) computed in log space (y are class indices)."""
    y = np.asarray(y, dtype=np.int64)
    Z = Xt @ theta.T
    if K == 2:
        z = Z[:, 0]
        # log(1 + e^z) - y z
        return np.logaddexp(0.0, z) - (y == 1) * z
    zmax = Z.max(axis=1, keepdims=True)
    lse = (zmax + np.log(np.exp(Z - zmax).sum(axis=1, keepdims=True)))[:, 0]
    return lse - Z[np.arange(len(y)), y]


def objective(coef, intercept, K, fit_intercept, C, X, y, sample_weight=None):
    """maths §2: sum_i w_i CE_i + ||W||^2 / (2C), intercepts not penalised."""
    theta = theta_matrix(coef, intercept, fit_intercept)
    Xt = augment(X, fit_intercept)
    ce = cross_entropy(theta, K, Xt, y)
    w = np.ones(len(ce)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    W = np.atleast_2d(np.asarray(coef, dtype=np.float64))
    return float(np.sum(w * ce) + np.sum(W * W) / (2.0 * C))


def residuals(q, K, y_idx):
    """r (n, m) = q - onehot(label) restricted to the m outputs.

    The gradient of CE(x, c) is r ⊗ x~ (class-major), for both the sigmoid
    (m = 1, r = p - [c == 1]) and the softmax (r = p - e_c).
    """
    y_idx = np.asarray(y_idx, dtype=np.int64)
    n = q.shape[0]
    r = q.copy()
    if K == 2:
        r[:, 0] -= (y_idx == 1)
    else:
        r[np.arange(n), y_idx] -= 1.0
    return r


def per_row_gradients(q, K, Xt, y_idx):
    """(n, p) matrix whose row i is grad_theta CE(x_i, y_i), class-major."""
    r = residuals(q, K, y_idx)
    n, m = r.shape
    return np.einsum("ik,ij->ikj", r, Xt).reshape(n, m * Xt.shape[1])


def output_curvature(q, K):
    """(n, m, m) per-row second-derivative weights A_i.

    Sigmoid: [[p (1 - p)]]; softmax: diag(p) - p p^T.
    """
    if K == 2:
        return (q * (1.0 - q))[:, :, None]
    return np.einsum("ik,kl->ikl", q, np.eye(q.shape[1])) - np.einsum("ik,il->ikl", q, q)


def data_hessian(theta, K, Xt, w):
    """sum_i w_i kron(A_i, x~_i x~_i^T), evaluated as an explicit sum over rows."""
    q = output_probs(theta, K, Xt)
    A = output_curvature(q, K) * np.asarray(w, dtype=np.float64)[:, None, None]
    m, D = theta.shape
    H = np.zeros((m, D, m, D))
    # Row i contributes A_i[k, l] * x_i[j] * x_i[h] at (k, j, l, h): a batch of
    # per-row Kronecker products, summed in chunks of rows.
    for lo in range(0, Xt.shape[0], 128):
        a, x = A[lo:lo + 128], Xt[lo:lo + 128]
        H += (a[:, :, None, :, None] * x[:, None, :, None, None] * x[:, None, None, None, :]).sum(axis=0)
    return H.reshape(m * D, m * D)


def penalty_diagonal(m, D, fit_intercept, C):
    """(1/C) on every weight entry, 0 on intercept entries."""
    diag = np.full((m, D), 1.0 / C)
    if fit_intercept:
        diag[:, -1] = 0.0
    return diag.reshape(-1)


def hessian_rows(X_train, sample_weight, X_pool, hessian_on):
    """Rows S of the Hessian and their weights (maths §3 hessian_on)."""
    if hessian_on not in HESSIAN_ON:
        raise ValueError(hessian_on)
    n_tr = np.asarray(X_train).shape[0]
    w_tr = np.ones(n_tr) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    if hessian_on == "train":
        return np.asarray(X_train, dtype=np.float64), w_tr
    Xp = np.asarray(X_pool, dtype=np.float64)
    w_p = np.ones(Xp.shape[0])
    if hessian_on == "pool":
        return Xp, w_p
    return np.vstack([np.asarray(X_train, dtype=np.float64), Xp]), np.concatenate([w_tr, w_p])


def expected_nullity(K, fit_intercept, damping):
    """Dimension of the null space of H: one for a softmax with intercepts, no damping."""
    return 1 if (K >= 3 and fit_intercept and damping == 0.0) else 0


def null_direction(K, D, fit_intercept):
    """Unit vector 'shift every intercept by the same amount' (softmax with intercept)."""
    v = np.zeros((K, D))
    v[:, -1] = 1.0
    return (v / np.linalg.norm(v)).reshape(-1)


def evaluate(coef, intercept, K, fit_intercept, C, X_train, X_val, y_val, X_pool=None,
             hessian_on="train", damping=0.0, sample_weight=None, pinv_rcond=1e-10,
             check_nullity=True):
    """Everything maths §3 defines, at the given parameters.

    Returns a dict with theta (m, D), H (p, p), g_val (p,), s (p,),
    S (m, D) and table (n_pool, K) (table is None when X_pool is None).
    y_val are class indices 0..K-1.
    """
    theta = theta_matrix(coef, intercept, fit_intercept)
    m, D = theta.shape
    assert m == n_outputs(K)

    X_S, w_S = hessian_rows(X_train, sample_weight, X_pool, hessian_on)
    H = data_hessian(theta, K, augment(X_S, fit_intercept), w_S)
    H = H + np.diag(penalty_diagonal(m, D, fit_intercept, C)) + damping * np.eye(m * D)

    Xv = augment(X_val, fit_intercept)
    G_val = per_row_gradients(output_probs(theta, K, Xv), K, Xv, y_val)
    g_val = G_val.sum(axis=0)

    if check_nullity:
        eig = np.linalg.eigvalsh(H)
        n_small = int(np.sum(eig <= pinv_rcond * eig.max()))
        assert n_small == expected_nullity(K, fit_intercept, damping), (
            "reference: unexpected conditioning of H", eig[:3], eig.max())

    s = np.linalg.pinv(H, rtol=pinv_rcond, hermitian=True) @ g_val

    table = None
    if X_pool is not None:
        Xp = augment(X_pool, fit_intercept)
        qp = output_probs(theta, K, Xp)
        table = np.empty((Xp.shape[0], K))
        for c in range(K):
            G_c = per_row_gradients(qp, K, Xp, np.full(Xp.shape[0], c))
            table[:, c] = G_c @ s
    return {"theta": theta, "H": H, "g_val": g_val, "s": s, "S": s.reshape(m, D), "table": table}


def objective_gradient(coef, intercept, K, fit_intercept, C, X, y, sample_weight=None):
    """Gradient of the maths §2 objective w.r.t. the class-major parameter vector."""
    theta = theta_matrix(coef, intercept, fit_intercept)
    m, D = theta.shape
    Xt = augment(X, fit_intercept)
    w = np.ones(Xt.shape[0]) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    G = per_row_gradients(output_probs(theta, K, Xt), K, Xt, y)
    return (w[:, None] * G).sum(axis=0) + penalty_diagonal(m, D, fit_intercept, C) * theta.reshape(-1)


def split_theta(theta_vec, m, D, fit_intercept):
    """Inverse of theta_matrix: class-major vector -> (coef, intercept)."""
    T = np.asarray(theta_vec, dtype=np.float64).reshape(m, D)
    if fit_intercept:
        return T[:, :-1].copy(), T[:, -1].copy()
    return T.copy(), np.zeros(m)
