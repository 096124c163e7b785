"""The authors' algorithm (Xiao & Liu's public code), re-expressed in numpy for the benchmarks.

Their scoring loops over samples in Python: the Hessian is accumulated one row at a time
(a rank-one outer product for the sigmoid, the per-row Kronecker block for the softmax),
inverted with ``numpy.linalg.pinv``, and for every candidate label an n × K·D matrix of
per-row gradients is formed and multiplied by H⁺ g_val. Independent of salutary_native.
"""

from __future__ import annotations

import numpy as np

from numpy_peer import augment, probabilities, theta


def _output_probabilities(Theta, K, Xt):
    """p over the model's outputs: (n, 1) sigmoid for K = 2, (n, K) softmax otherwise."""
    P = probabilities(Xt @ Theta.T, K)
    return P[:, 1:] if K == 2 else P


def hessian_by_rows(Theta, K, C, X_train) -> np.ndarray:
    m, D = Theta.shape
    Xt = augment(X_train)
    Q = _output_probabilities(Theta, K, Xt)
    H = np.zeros((m * D, m * D))
    for x, q in zip(Xt, Q):  # one row at a time, as in the authors' code
        curvature = np.diag(q) - np.outer(q, q) if K > 2 else np.array([[q[0] * (1 - q[0])]])
        H += np.kron(curvature, np.outer(x, x))
    penalty = np.tile(np.r_[np.full(D - 1, 1.0 / C), 0.0], m)
    return H + np.diag(penalty)


def per_row_gradients(Theta, K, Xt, label) -> np.ndarray:
    """The n × m·D matrix of ∇CE(x_i, label) for one candidate label."""
    Q = _output_probabilities(Theta, K, Xt)
    R = Q.copy()
    if K == 2:
        R[:, 0] -= label
    else:
        R[:, label] -= 1.0
    return (R[:, :, None] * Xt[:, None, :]).reshape(len(Xt), -1)


def influence_table(coef, intercept, C, X_train, X_val, y_val, X_pool) -> np.ndarray:
    m = coef.shape[0]
    K = 2 if m == 1 else m
    Theta = theta(coef, intercept)
    H_pinv = np.linalg.pinv(hessian_by_rows(Theta, K, C, X_train))
    Xv = augment(X_val)
    g_val = sum(per_row_gradients(Theta, K, Xv[y_val == c], c).sum(axis=0) for c in range(K))
    s = H_pinv @ g_val
    Xp = augment(np.asarray(X_pool, dtype=np.float64))
    return np.stack([per_row_gradients(Theta, K, Xp, c) @ s for c in range(K)], axis=1)


def gradient_matrix_bytes(n_rows: int, m: int, D: int) -> int:
    """Memory of one candidate label's per-row gradient matrix."""
    return n_rows * m * D * 8
