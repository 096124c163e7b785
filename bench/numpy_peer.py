"""The vectorised numpy/scipy peer of maths §3 that the benchmarks race against.

The fastest reasonable numpy form: the Hessian from weighted Gram products (numpy runs
``U.T @ U`` as a SYRK), ``scipy.linalg.cho_factor``, and the influence table from two
thin matrix products over the pool. Independent of salutary_native.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import cho_factor, cho_solve


def probabilities(Z: np.ndarray, K: int) -> np.ndarray:
    """Class probabilities from logits Z (n × m): sigmoid for K = 2, softmax otherwise."""
    if K == 2:
        p1 = 1.0 / (1.0 + np.exp(-Z[:, 0]))
        return np.stack([1.0 - p1, p1], axis=1)
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def augment(X: np.ndarray) -> np.ndarray:
    return np.hstack([X, np.ones((X.shape[0], 1))])


def theta(coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    return np.hstack([coef, np.asarray(intercept).reshape(coef.shape[0], 1)])


def hessian(coef, intercept, C, X, *, complete=False) -> np.ndarray:
    """maths §3 Hessian on rows X; with complete=True, plus vvᵀ for softmax with intercept."""
    m, d = coef.shape
    K = 2 if m == 1 else m
    D = d + 1
    Xt = augment(X)
    P = probabilities(Xt @ theta(coef, intercept).T, K)
    if K == 2:
        H = (Xt * (P[:, 0] * P[:, 1])[:, None]).T @ Xt
    else:
        # Block (k, l) = Xtᵀ diag(p_k(δ_kl − p_l)) Xt, as diagonal blocks minus one Gram product.
        U = (P[:, :, None] * Xt[:, None, :]).reshape(len(Xt), K * D)
        H = -(U.T @ U)
        for k in range(K):
            H[k * D:(k + 1) * D, k * D:(k + 1) * D] += (Xt * P[:, k:k + 1]).T @ Xt
    H[np.diag_indices_from(H)] += np.tile(np.r_[np.full(d, 1.0 / C), 0.0], m)
    if complete and K > 2:
        v = np.zeros(m * D)
        v[D - 1::D] = 1.0 / np.sqrt(K)
        H += np.outer(v, v)
    return H


def influence_table(coef, intercept, C, X_train, X_val, y_val, X_pool, pool_dtype=np.float64):
    """I(x, c) for every pool row: cho_factor of the completed Hessian, two pool products."""
    m, d = coef.shape
    K = 2 if m == 1 else m
    Theta = theta(coef, intercept)
    H = hessian(coef, intercept, C, X_train, complete=True)
    Xv = augment(X_val)
    R = probabilities(Xv @ Theta.T, K)
    R[np.arange(len(y_val)), y_val] -= 1.0
    G = (R[:, 1:2] if K == 2 else R).T @ Xv
    s = cho_solve(cho_factor(H, lower=True), G.ravel()).reshape(m, d + 1)
    # Two thin products over the pool: logits and z = S x̃.
    Xp = X_pool.astype(pool_dtype, copy=False)
    W = np.vstack([Theta[:, :d], s[:, :d]]).astype(pool_dtype)
    Z = Xp @ W.T + np.r_[Theta[:, d], s[:, d]]
    Pp = probabilities(Z[:, :m], K)
    z = Z[:, m:]
    if K == 2:
        return np.stack([Pp[:, 1] * z[:, 0], (Pp[:, 1] - 1.0) * z[:, 0]], axis=1)
    return (Pp * z).sum(axis=1, keepdims=True) - z
