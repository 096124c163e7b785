"""The pool curvature: the float64 reference value, the same bits for every cut of the pool, merge
order and thread count, exclusion of rows, and refusal of misaligned or incomplete partials."""

from __future__ import annotations

import numpy as np
import pytest

import reference as ref
import salutary_native as sn
from conftest import make_problem
from salutary_native.pool_curvature import (
    CURVATURE_WINDOW_ROWS,
    aligned_blocks,
    curvature_partial,
    finish_curvature,
    merge_curvature,
    pool_curvature,
)

W = CURVATURE_WINDOW_ROWS


def _setup(K, d, n_pool, dtype=np.float64, seed=0):
    p = make_problem(K, 200, 80, n_pool, d, seed)
    model = sn.LogisticRegression(C=0.5).fit(p.X_train, p.y_train)
    return p, model, np.ascontiguousarray(p.X_pool, dtype=dtype)


def _reference(model, K, X, keep=None):
    theta = ref.theta_matrix(model.coef_, model.intercept_, True)
    Xt = ref.augment(np.asarray(X, dtype=np.float64), True)
    w = np.ones(X.shape[0]) if keep is None else keep.astype(np.float64)
    return ref.data_hessian(theta, K, Xt, w)


def _cuts(n, rng, pieces):
    inner = np.sort(rng.choice(np.arange(1, n), size=pieces - 1, replace=False))
    return np.split(np.arange(n), inner)


@pytest.mark.parametrize("K", [2, 4])
def test_equals_the_float64_reference(K):
    _, model, X = _setup(K, 5, 2 * W + 3001)
    C = pool_curvature(model, X)
    R = _reference(model, K, X)
    assert np.abs(C - R).max() <= 1e-12 * np.abs(R).max()
    assert np.array_equal(C, C.T)


@pytest.mark.parametrize("K,d,dtype", [(2, 6, np.float64), (3, 5, np.float32), (10, 30, np.float32),
                                       (10, 4, np.float64)])
def test_every_cut_merge_order_and_thread_count_gives_the_same_bits(K, d, dtype):
    # (10, 30) has p = 310 parameters: windows run one at a time with their tiles spread over threads.
    rng = np.random.default_rng(K + d)
    _, model, X = _setup(K, d, 3 * W + 517, dtype)
    whole = pool_curvature(model, X)
    for pieces in (2, 5, 9):
        blocks = [X[idx[0]:idx[-1] + 1] for idx in _cuts(X.shape[0], rng, pieces)]
        assert np.array_equal(pool_curvature(model, blocks), whole)
        assert np.array_equal(pool_curvature(model, iter(blocks)), whole)
    # Aligned partials merged in shuffled order and in a lopsided tree.
    parts = [curvature_partial(model, X[o:o + W], o) for o in range(0, X.shape[0], W)]
    order = rng.permutation(len(parts))
    merged = parts[order[0]]
    for i in order[1:]:
        merged = merge_curvature(parts[i], merged)
    assert np.array_equal(finish_curvature(merged, X.shape[0]), whole)
    pairs = merge_curvature(merge_curvature(parts[0], parts[3]), merge_curvature(parts[2], parts[1]))
    assert np.array_equal(finish_curvature(pairs, X.shape[0]), whole)
    before = sn.get_num_threads()
    try:
        sn.set_num_threads(1)
        assert np.array_equal(pool_curvature(model, X), whole)
    finally:
        sn.set_num_threads(before)


def test_excluded_rows_carry_no_curvature():
    K = 3
    _, model, X = _setup(K, 5, 2 * W + 100)
    excluded = np.array([0, 17, W - 1, W, W + 5, 2 * W + 99])
    keep = np.ones(X.shape[0], dtype=bool)
    keep[excluded] = False
    C = pool_curvature(model, X, exclude=excluded)
    R = _reference(model, K, X, keep)
    assert np.abs(C - R).max() <= 1e-12 * np.abs(R).max()
    blocks = [X[:W + 3], X[W + 3:]]
    assert np.array_equal(pool_curvature(model, blocks, exclude=excluded), C)
    assert not np.array_equal(C, pool_curvature(model, X))


@pytest.mark.parametrize("hessian_on", ["pool", "train+pool"])
@pytest.mark.parametrize("K,dtype", [(2, np.float32), (10, np.float64)])
def test_a_streamed_pool_fits_the_same_scorer_as_the_pool_in_memory(hessian_on, K, dtype):
    p, model, X = _setup(K, 6, 2 * W + 4321, dtype)
    blocks = [X[:5000], X[5000:5001], X[5001:]]
    whole = sn.InfluenceScorer(model, hessian_on=hessian_on).fit(p.X_train, p.X_val, p.y_val, X_pool=X)
    streamed = sn.InfluenceScorer(model, hessian_on=hessian_on).fit(p.X_train, p.X_val, p.y_val, X_pool=blocks)
    given = sn.InfluenceScorer(model, hessian_on=hessian_on).fit(p.X_train, p.X_val, p.y_val,
                                                                 pool_curvature=pool_curvature(model, X))
    assert np.array_equal(streamed.val_direction_, whole.val_direction_)
    assert np.array_equal(given.val_direction_, whole.val_direction_)
    # The direction is the float64 reference's.
    expected = ref.evaluate(model.coef_, model.intercept_, K, True, model.C, p.X_train, p.X_val, p.y_val, X,
                            hessian_on=hessian_on)["s"]
    got = whole.val_direction_.reshape(-1)
    assert np.linalg.norm(got - expected.reshape(-1)) <= 1e-8 * np.linalg.norm(expected)


def test_cg_and_cholesky_agree_with_the_pool_curvature():
    p, model, X = _setup(4, 5, W + 77)
    chol = sn.InfluenceScorer(model, hessian_on="train+pool", solver="cholesky").fit(p.X_train, p.X_val, p.y_val,
                                                                                      X_pool=X)
    cg = sn.InfluenceScorer(model, hessian_on="train+pool", solver="cg").fit(p.X_train, p.X_val, p.y_val, X_pool=X)
    assert cg.solver_used_ == "cg"
    err = np.linalg.norm(cg.val_direction_ - chol.val_direction_) / np.linalg.norm(chol.val_direction_)
    assert err <= 1e-8


def test_aligned_blocks_copy_only_the_rows_of_cut_windows():
    X = np.arange(3 * W * 2, dtype=np.float64).reshape(-1, 2)
    blocks = [X[:W + 10], X[W + 10:2 * W + 1], X[2 * W + 1:]]
    out = list(aligned_blocks(blocks))
    assert [o for o, _ in out] == [0, W, 2 * W]
    assert np.shares_memory(out[0][1], X)  # a whole window passes through as a view
    assert np.array_equal(np.concatenate([b for _, b in out]), X)


def test_misaligned_overlapping_or_incomplete_partials_are_refused():
    _, model, X = _setup(3, 4, 2 * W + 10)
    with pytest.raises(ValueError, match="multiple of 8192"):
        curvature_partial(model, X[:100], 100)
    a = curvature_partial(model, X[:W], 0)
    with pytest.raises(ValueError, match="overlap"):
        merge_curvature(a, a)
    with pytest.raises(ValueError, match="lacks window 1"):
        finish_curvature(merge_curvature(a, curvature_partial(model, X[2 * W:], 2 * W)), X.shape[0])
    with pytest.raises(ValueError, match="past the pool"):
        finish_curvature(curvature_partial(model, X, 0), W)
    with pytest.raises(ValueError, match="n_rows"):
        finish_curvature(a, 0)
    with pytest.raises(ValueError, match="features"):
        curvature_partial(model, X[:, :3], 0)
    bad = X.copy()
    bad[W + 3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN or Inf"):
        pool_curvature(model, bad)
    with pytest.raises(ValueError, match="pool_curvature must be n_params"):
        sn.InfluenceScorer(model, hessian_on="pool").fit(X[:50], X[:20], np.arange(20) % 3,
                                                         pool_curvature=np.eye(4))
    with pytest.raises(ValueError, match="not both"):
        sn.InfluenceScorer(model, hessian_on="pool").fit(X[:50], X[:20], np.arange(20) % 3, X_pool=X,
                                                         pool_curvature=pool_curvature(model, X))
