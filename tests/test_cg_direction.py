"""The conjugate-gradient validation direction (no Hessian formed) against the float64 reference."""

import numpy as np
import pytest
from test_influence_reference import TOL, _reference_for, _rel_err

import reference as ref
import salutary_native as sn
from conftest import make_problem


@pytest.mark.parametrize("pool_dtype", [np.float64, np.float32], ids=["f64", "f32"])
@pytest.mark.parametrize("damping", [0.0, 0.1])
@pytest.mark.parametrize("hessian_on", ref.HESSIAN_ON)
@pytest.mark.parametrize("fit_intercept", [True, False], ids=["icpt", "noicpt"])
@pytest.mark.parametrize("K", [2, 3, 10])
def test_cg_table_matches_reference(K, fit_intercept, hessian_on, damping, pool_dtype, problem_for, sn_model_for,
                                    record):
    pb = problem_for(K)
    model = sn_model_for(K, fit_intercept)
    X_pool = pb.X_pool.astype(pool_dtype)
    table = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, X_pool, hessian_on=hessian_on,
                               damping=damping, solver="cg")
    want = _reference_for(model, pb, X_pool, hessian_on, damping)["table"]
    err = _rel_err(table, want)
    record("influence_table solver=cg rel err", err, f"K={K} icpt={fit_intercept} {hessian_on} damping={damping}")
    assert err <= TOL[pool_dtype]


@pytest.mark.parametrize("K", [2, 3, 10])
def test_cg_with_sample_weight_matches_reference(K, problem_for, sn_model_for):
    pb = problem_for(K)
    model = sn_model_for(K, True)
    w = np.random.default_rng(K).uniform(0.2, 3.0, size=len(pb.y_train))
    table = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, sample_weight=w, solver="cg")
    want = _reference_for(model, pb, pb.X_pool, "train", 0.0, sample_weight=w)["table"]
    assert _rel_err(table, want) <= 1e-8


def _solver_used(model, pb, solver="auto"):
    scorer = sn.InfluenceScorer(model, solver=solver, device="cpu").fit(pb.X_train, pb.X_val, pb.y_val)
    return scorer.solver_used_, scorer.cg_iterations_


def test_auto_picks_cg_for_wide_models_and_cholesky_for_small_ones():
    wide = make_problem(10, 1500, 200, 500, 120, 3)
    model = sn.LogisticRegression(C=0.02).fit(wide.X_train, wide.y_train)
    used, iterations = _solver_used(model, wide)
    assert used == "cg" and 0 < iterations < 200
    auto = sn.influence_table(model, wide.X_train, wide.X_val, wide.y_val, wide.X_pool)
    cholesky = sn.influence_table(model, wide.X_train, wide.X_val, wide.y_val, wide.X_pool, solver="cholesky")
    assert _rel_err(auto, cholesky) <= 1e-9
    small = make_problem(3, 100, 50, 50, 4, 3)
    model = sn.LogisticRegression(C=1.0).fit(small.X_train, small.y_train)
    assert _solver_used(model, small) == ("cholesky", 0)


def test_cg_refuses_an_ill_conditioned_problem_that_cholesky_solves():
    pb = make_problem(5, 1000, 200, 3000, 30, 0)
    model = sn.LogisticRegression(C=1e4).fit(pb.X_train, pb.y_train)
    with pytest.raises(sn.FactorizationError, match="solver='cholesky'"):
        sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, hessian_on="train+pool", solver="cg")
    # auto gives way to the factor and agrees with it exactly.
    auto = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, hessian_on="train+pool")
    cholesky = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, hessian_on="train+pool",
                                  solver="cholesky")
    np.testing.assert_array_equal(auto, cholesky)


def test_cg_is_the_same_on_any_thread_count():
    pb = make_problem(4, 20000, 300, 5000, 12, seed=90, sep=0.8)
    model = sn.LogisticRegression(C=0.5).fit(pb.X_train, pb.y_train)
    before = sn.get_num_threads()
    try:
        results = []
        for threads in (1, 2, 3):
            sn.set_num_threads(threads)
            results.append(sn.val_direction(model, pb.X_train, pb.X_val, pb.y_val, solver="cg"))
    finally:
        sn.set_num_threads(before)
    for other in results[1:]:
        np.testing.assert_array_equal(other, results[0])


def test_query_selects_the_same_rows_with_either_solver():
    pb = make_problem(10, 1500, 200, 2000, 120, 4)
    model = sn.LogisticRegression(C=0.02).fit(pb.X_train, pb.y_train)
    a = sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, 25, solver="cg")
    b = sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, 25, solver="cholesky")
    np.testing.assert_array_equal(a.indices, b.indices)
    np.testing.assert_array_equal(a.labels, b.labels)
    assert np.abs(a.scores - b.scores).max() <= 1e-9 * np.abs(b.scores).max()


@pytest.mark.parametrize("entry", ["influence_table", "salutary_query", "val_direction"])
def test_unknown_solver_is_named(entry, problem_for, sn_model_for):
    pb = problem_for(2)
    model = sn_model_for(2, True)
    args = (model, pb.X_train, pb.X_val, pb.y_val)
    with pytest.raises(ValueError, match="solver"):
        if entry == "influence_table":
            sn.influence_table(*args, pb.X_pool, solver="lu")
        elif entry == "salutary_query":
            sn.salutary_query(*args, pb.X_pool, 3, solver="lu")
        else:
            sn.val_direction(*args, solver="lu")
