"""Conjugate gradients with the block preconditioners, block Jacobi (the Hessian's class blocks)
and shared Gram (one factor of the training rows' Gram scaled by their mean curvature, shared by
every class), against the float64 reference, against Jacobi CG, and across thread counts."""

import dataclasses

import numpy as np
import pytest
from test_influence_reference import TOL, _reference_for, _rel_err

import salutary_native as sn
from conftest import make_problem


BLOCK_PRECONDITIONERS = ("block_jacobi", "shared_gram")


@pytest.mark.parametrize("preconditioner", BLOCK_PRECONDITIONERS)
@pytest.mark.parametrize(("hessian_on", "damping"), [("train", 0.0), ("train", 0.1), ("train+pool", 0.0)])
@pytest.mark.parametrize("fit_intercept", [True, False], ids=["icpt", "noicpt"])
@pytest.mark.parametrize("K", [2, 4])
def test_block_direction_matches_reference(K, fit_intercept, hessian_on, damping, preconditioner, problem_for,
                                           sn_model_for):
    pb = problem_for(K)
    model = sn_model_for(K, fit_intercept)
    scorer = sn.InfluenceScorer(model, hessian_on=hessian_on, damping=damping, solver="cg",
                                cg_preconditioner=preconditioner)
    scorer.fit(pb.X_train, pb.X_val, pb.y_val, X_pool=pb.X_pool)
    want = _reference_for(model, pb, pb.X_pool, hessian_on, damping)["s"]
    assert scorer.cg_preconditioner_used_ == preconditioner
    assert _rel_err(scorer.val_direction_.ravel(), want) <= TOL[np.float64]
    if K == 2 and preconditioner == "block_jacobi":
        # One output: the block is the whole Hessian, so one step solves the system.
        assert scorer.cg_iterations_ == 1


def _correlated_problem(K, n, d, seed):
    """Features that share a few strong common factors: a badly scaled, ill-conditioned Hessian."""
    pb = make_problem(K, n, 100, 50, d, seed)
    mix = np.random.default_rng(seed).normal(size=(d, d)) * 0.9 + np.eye(d)
    mix[:, :3] *= 4.0
    return dataclasses.replace(pb, X_train=pb.X_train @ mix, X_val=pb.X_val @ mix, X_pool=pb.X_pool @ mix)


@pytest.mark.parametrize("preconditioner", BLOCK_PRECONDITIONERS)
def test_block_preconditioner_takes_fewer_products_on_an_ill_conditioned_problem(preconditioner):
    pb = _correlated_problem(4, 800, 20, seed=7)
    model = sn.LogisticRegression(C=10.0).fit(pb.X_train, pb.y_train)
    fits = {pc: sn.InfluenceScorer(model, solver="cg", cg_preconditioner=pc).fit(pb.X_train, pb.X_val, pb.y_val)
            for pc in ("jacobi", preconditioner)}
    cholesky = sn.val_direction(model, pb.X_train, pb.X_val, pb.y_val, solver="cholesky")
    for scorer in fits.values():
        assert scorer.solver_used_ == "cg"
        assert _rel_err(scorer.val_direction_, cholesky) <= TOL[np.float64]
    assert fits[preconditioner].cg_iterations_ < fits["jacobi"].cg_iterations_


@pytest.mark.parametrize("preconditioner", BLOCK_PRECONDITIONERS)
def test_block_preconditioner_is_the_same_on_any_thread_count(preconditioner):
    pb = make_problem(4, 6000, 100, 50, 40, seed=91, sep=0.8)
    model = sn.LogisticRegression(C=0.5).fit(pb.X_train, pb.y_train)
    before = sn.get_num_threads()
    try:
        results = []
        for threads in (1, 2):
            sn.set_num_threads(threads)
            results.append(sn.val_direction(model, pb.X_train, pb.X_val, pb.y_val, solver="cg",
                                            cg_preconditioner=preconditioner))
    finally:
        sn.set_num_threads(before)
    np.testing.assert_array_equal(results[0], results[1])


def test_default_preconditioner_is_jacobi_and_unchanged(problem_for, sn_model_for):
    pb = problem_for(4)
    model = sn_model_for(4, True)
    default = sn.InfluenceScorer(model, solver="cg").fit(pb.X_train, pb.X_val, pb.y_val)
    jacobi = sn.InfluenceScorer(model, solver="cg", cg_preconditioner="jacobi").fit(pb.X_train, pb.X_val, pb.y_val)
    assert default.cg_preconditioner == "jacobi" and default.cg_preconditioner_used_ == "jacobi"
    np.testing.assert_array_equal(default.val_direction_, jacobi.val_direction_)


@pytest.mark.parametrize("preconditioner", BLOCK_PRECONDITIONERS)
def test_state_keeps_the_preconditioner(preconditioner, problem_for, sn_model_for):
    pb = problem_for(4)
    model = sn_model_for(4, True)
    scorer = sn.InfluenceScorer(model, solver="cg", cg_preconditioner=preconditioner).fit(pb.X_train, pb.X_val,
                                                                                          pb.y_val)
    rebuilt = sn.InfluenceScorer.from_state(scorer.get_state())
    assert rebuilt.cg_preconditioner == preconditioner and rebuilt.cg_preconditioner_used_ == preconditioner
    np.testing.assert_array_equal(rebuilt.val_direction_, scorer.val_direction_)


def test_unknown_preconditioner_is_named(problem_for, sn_model_for):
    pb = problem_for(3)
    model = sn_model_for(3, True)
    with pytest.raises(ValueError, match="cg_preconditioner"):
        sn.InfluenceScorer(model, solver="cg", cg_preconditioner="ilu").fit(pb.X_train, pb.X_val, pb.y_val)
    with pytest.raises(ValueError, match="cg_preconditioner"):
        sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, cg_preconditioner="block")


def test_shared_gram_without_training_rows_falls_back_to_jacobi(problem_for, sn_model_for):
    """hessian_on="pool": no training rows to build the Gram from, so CG runs with the diagonal."""
    pb = problem_for(3)
    model = sn_model_for(3, True)
    scorer = sn.InfluenceScorer(model, hessian_on="pool", solver="cg", cg_preconditioner="shared_gram")
    scorer.fit(pb.X_train, pb.X_val, pb.y_val, X_pool=pb.X_pool)
    assert scorer.cg_preconditioner_used_ == "jacobi"
    want = _reference_for(model, pb, pb.X_pool, "pool", 0.0)["s"]
    assert _rel_err(scorer.val_direction_.ravel(), want) <= TOL[np.float64]
