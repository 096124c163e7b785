"""The Hessian's two assemblies against a float64 numpy one written here.

Small softmax models (D = features + intercept ≤ 32, 4 to 32 classes) sum the curvature in the
pair form: each row's m(m+1)/2 block weights times its D(D+1)/2 products x_a·x_b, one product
over the rows. Other models sum block tiles. Both must match the plain sum
Σ_i w_i (diag(p_i) − p_i p_iᵀ) ⊗ x̃_i x̃_iᵀ to rounding, on either side of each switch, with and
without weights, and with the same bits on any thread count, also where the pair form splits its
blocks into groups (m ≥ 8) and where the rows are split into groups (n ≥ 8192).
"""

import numpy as np
import pytest

import salutary_native as sn
from conftest import make_problem
from reference import penalty_diagonal


def numpy_hessian(model, X, w):
    """Σ_i w_i (diag(p_i) − p_i p_iᵀ) ⊗ x̃_i x̃_iᵀ plus the penalty, in float64, block by block."""
    X = np.asarray(X, dtype=np.float64)
    Xt = np.hstack([X, np.ones((len(X), 1))]) if model.fit_intercept else X
    W = np.hstack([model.coef_, model.intercept_[:, None]]) if model.fit_intercept else model.coef_
    Z = Xt @ W.T
    m, D = W.shape
    if m == 1:
        p = 1.0 / (1.0 + np.exp(-Z[:, 0]))
        H = Xt.T @ (Xt * (w * p * (1.0 - p))[:, None])
    else:
        P = np.exp(Z - Z.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        H = np.zeros((m * D, m * D))
        for k in range(m):
            for l in range(m):
                c = w * P[:, k] * ((k == l) - P[:, l])
                H[k * D:(k + 1) * D, l * D:(l + 1) * D] = Xt.T @ (Xt * c[:, None])
    return H + np.diag(penalty_diagonal(m, D, model.fit_intercept, model.C))


def _model(K, d, n, seed=0, fit_intercept=True):
    pb = make_problem(K, n, 20, 10, d, seed)
    model = sn.LogisticRegression(C=0.5, fit_intercept=fit_intercept).fit(pb.X_train, pb.y_train)
    return pb, model


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("fit_intercept", [True, False], ids=["icpt", "noicpt"])
@pytest.mark.parametrize("d", [31, 32, 33])  # D = 31..34 with the intercept: both sides of D = 32
@pytest.mark.parametrize("K", [2, 3, 4, 10])  # the pair form from 4 classes
def test_both_assemblies_match_numpy(K, d, fit_intercept, weighted, record):
    pb, model = _model(K, d, 400, fit_intercept=fit_intercept)
    w = np.random.default_rng(1).uniform(0.2, 3.0, len(pb.y_train)) if weighted else np.ones(len(pb.y_train))
    H = sn.hessian(model, pb.X_train, sample_weight=w if weighted else None)
    want = numpy_hessian(model, pb.X_train, w)
    err = np.abs(H - want).max() / np.abs(want).max()
    D = d + fit_intercept
    pair_form = D <= 32 and 4 <= K <= 32
    record("hessian rel err, " + ("pair form" if pair_form else "block tiles"), err, f"K={K} D={D} weighted={weighted}")
    assert err <= 1e-13
    assert np.array_equal(H, H.T)


# n = 3000: one row group; n = 20000: row groups (p ≤ 256). (20, 19) has p = 400 and 210 block
# pairs, so its pair form spreads seven block groups over the threads.
@pytest.mark.parametrize("K,d,n", [(10, 11, 3000), (10, 11, 20000), (2, 20, 3000), (2, 20, 20000),
                                   (12, 5, 3000), (12, 5, 20000), (20, 19, 3000)])
def test_same_bits_on_any_thread_count(K, d, n):
    pb, model = _model(K, d, n, seed=2)
    before = sn.get_num_threads()
    try:
        got = []
        for threads in (1, 2):
            sn.set_num_threads(threads)
            got.append(sn.hessian(model, pb.X_train))
    finally:
        sn.set_num_threads(before)
    assert np.array_equal(got[0], got[1])
    want = numpy_hessian(model, pb.X_train, np.ones(n))
    assert np.abs(got[0] - want).max() <= 1e-12 * np.abs(want).max()
