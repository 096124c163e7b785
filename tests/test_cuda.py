"""The CUDA path: device selection everywhere, and device results against the CPU on a GPU.

Without a CUDA build and device (sn.HAS_CUDA False) the GPU comparisons are skipped; the
device argument is still checked.
"""

import warnings

import numpy as np
import pytest

import salutary_native as sn
from conftest import make_problem

needs_cuda = pytest.mark.skipif(not sn.HAS_CUDA, reason="no CUDA build or device (salutary_native.HAS_CUDA)")


def _fitted(K, n_pool=3000, d=12, seed=0):
    pb = make_problem(K, 400, 150, n_pool, d, seed)
    return pb, sn.LogisticRegression(C=0.5).fit(pb.X_train, pb.y_train)


def test_device_names_are_checked():
    pb, model = _fitted(3, n_pool=50)
    with pytest.raises(ValueError, match="device"):
        sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, device="gpu")
    with pytest.raises(ValueError, match="device"):
        sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, 3, device="tpu")


@pytest.mark.skipif(sn.HAS_CUDA, reason="checks the message shown without CUDA")
def test_cuda_without_a_cuda_build_is_a_clear_error():
    pb, model = _fitted(2, n_pool=50)
    with pytest.raises(ValueError, match="SALUTARY_ENABLE_CUDA"):
        sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, device="cuda")
    auto = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, device="auto")
    cpu = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, device="cpu")
    np.testing.assert_array_equal(auto, cpu)


@needs_cuda
@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-10), (np.float32, 1e-4)], ids=["f64", "f32"])
@pytest.mark.parametrize("K", [2, 3, 10])
def test_device_table_matches_cpu(K, dtype, tol):
    pb, model = _fitted(K)
    X_pool = pb.X_pool.astype(dtype)
    cpu = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, X_pool, device="cpu", solver="cholesky")
    gpu = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, X_pool, device="cuda")
    assert np.abs(gpu - cpu).max() <= tol * np.abs(cpu).max()


@needs_cuda
@pytest.mark.parametrize("K", [2, 5])
def test_device_query_selects_like_cpu(K):
    pb, model = _fitted(K)
    cpu = sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, 50, seed=3, device="cpu")
    gpu = sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, 50, seed=3, device="cuda")
    np.testing.assert_array_equal(gpu.indices, cpu.indices)
    np.testing.assert_array_equal(gpu.labels, cpu.labels)
    assert np.abs(gpu.scores - cpu.scores).max() <= 1e-10 * np.abs(cpu.scores).max()


@needs_cuda
def test_device_top_b_ties_follow_the_seed():
    pb, model = _fitted(2, n_pool=2000)
    X_pool = np.repeat(pb.X_pool[:20], 100, axis=0)  # every score appears 100 times
    cpu = sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, X_pool, 300, seed=9, device="cpu")
    gpu = sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, X_pool, 300, seed=9, device="cuda")
    np.testing.assert_array_equal(gpu.indices, cpu.indices)


@needs_cuda
def test_device_refuses_bad_pools_and_singular_hessians():
    pb, model = _fitted(3, n_pool=500)
    X_pool = pb.X_pool.copy()
    X_pool[123, 4] = np.nan
    with pytest.raises(ValueError, match="X_pool contains NaN or Inf"):
        sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, X_pool, 5, device="cuda")
    wide = make_problem(3, 5, 5, 20, 40, 1)
    unregularised = sn.LogisticRegression(C=np.inf, max_iter=50)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an unpenalised fit on 5 rows does not converge
        unregularised.fit(wide.X_train, wide.y_train)
    # 5 rows cannot give 40-feature curvature: the CPU factor refuses it too.
    with pytest.raises(sn.FactorizationError):
        sn.influence_table(unregularised, wide.X_train, wide.X_val, wide.y_val, wide.X_pool, device="cpu",
                           solver="cholesky")
    with pytest.raises(sn.FactorizationError, match="damping"):
        sn.influence_table(unregularised, wide.X_train, wide.X_val, wide.y_val, wide.X_pool, device="cuda")


@needs_cuda
@pytest.mark.parametrize("K", [2, 10])
def test_device_blocks_equal_one_device_call_bit_for_bit(K):
    pb, model = _fitted(K)
    scorer = sn.InfluenceScorer(model, device="cuda").fit(pb.X_train, pb.X_val, pb.y_val)
    assert scorer.device_ == "cuda"
    whole = scorer.table(pb.X_pool)
    blocks = np.concatenate([scorer.table(pb.X_pool[a:a + 777], offset=a) for a in range(0, len(pb.X_pool), 777)])
    np.testing.assert_array_equal(blocks, whole)
    one = scorer.query(pb.X_pool, 40, seed=1)
    streamed = scorer.query([pb.X_pool[:1001], pb.X_pool[1001:]], 40, seed=1)
    np.testing.assert_array_equal(streamed.indices, one.indices)
    np.testing.assert_array_equal(streamed.scores, one.scores)


@needs_cuda
def test_device_honours_the_solver():
    pb, model = _fitted(3)
    cg = sn.InfluenceScorer(model, device="cuda", solver="cg").fit(pb.X_train, pb.X_val, pb.y_val)
    assert cg.solver_used_ == "cg" and cg.cg_iterations_ > 0
    chol = sn.InfluenceScorer(model, device="cuda", solver="cholesky").fit(pb.X_train, pb.X_val, pb.y_val)
    assert chol.solver_used_ == "cholesky"
    assert np.abs(cg.val_direction_ - chol.val_direction_).max() <= 1e-8 * np.abs(chol.val_direction_).max()
