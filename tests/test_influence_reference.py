"""salutary_native influence code against the independent numpy oracle (maths §3, §6).

Tolerances (maths §6): max|diff| <= 1e-8 * max|I_ref| for float64 pools and
<= 1e-4 * max|I_ref| for float32 pools, where the reference is evaluated on
the float32 pool values cast to float64.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reference as ref
import salutary_native as sn
from conftest import LAYOUTS, make_problem, with_layout

HESSIAN_ON = ref.HESSIAN_ON
TOL = {np.float64: 1e-8, np.float32: 1e-4}


def _rel_err(got, want):
    scale = np.abs(want).max()
    assert scale > 0
    return float(np.abs(np.asarray(got) - want).max() / scale)


def _reference_for(model, pb, X_pool, hessian_on, damping, sample_weight=None, X_train=None):
    K = len(model.classes_)
    return ref.evaluate(model.coef_, model.intercept_, K, model.fit_intercept, model.C,
                        pb.X_train if X_train is None else X_train, pb.X_val, pb.y_val,
                        None if X_pool is None else np.asarray(X_pool, dtype=np.float64),
                        hessian_on=hessian_on, damping=damping, sample_weight=sample_weight)


_REF_CACHE = {}


def _cached_reference(model, pb, X_pool, key, hessian_on, damping):
    # Layouts do not change values: one reference per (model, dtype, hessian_on, damping).
    if key not in _REF_CACHE:
        _REF_CACHE[key] = _reference_for(model, pb, X_pool, hessian_on, damping)
    return _REF_CACHE[key]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("pool_dtype", [np.float64, np.float32], ids=["f64", "f32"])
@pytest.mark.parametrize("damping", [0.0, 0.1])
@pytest.mark.parametrize("hessian_on", HESSIAN_ON)
@pytest.mark.parametrize("fit_intercept", [True, False], ids=["icpt", "noicpt"])
@pytest.mark.parametrize("K", [2, 3, 10])
def test_influence_table_matches_reference(K, fit_intercept, hessian_on, damping, pool_dtype,
                                           layout, problem_for, sn_model_for, record):
    pb = problem_for(K)
    model = sn_model_for(K, fit_intercept)
    X_pool = with_layout(pb.X_pool, layout, pool_dtype)
    before = X_pool.copy()

    table = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, X_pool,
                               hessian_on=hessian_on, damping=damping)

    assert isinstance(table, np.ndarray)
    assert table.dtype == np.float64
    assert table.shape == (pb.X_pool.shape[0], K)
    want = _cached_reference(model, pb, X_pool, (K, fit_intercept, pool_dtype, hessian_on, damping),
                             hessian_on, damping)["table"]
    err = _rel_err(table, want)
    dt = "f64" if pool_dtype is np.float64 else "f32"
    record(f"influence_table sn-model {dt} rel err", err, f"K={K} icpt={fit_intercept} {hessian_on} "
           f"damping={damping} {layout}")
    assert err <= TOL[pool_dtype], (err, TOL[pool_dtype])
    assert np.array_equal(X_pool, before)


@pytest.mark.parametrize("layout", ["F", "strided_cols", "strided_rows"])
@pytest.mark.parametrize("K", [2, 3])
def test_non_contiguous_train_and_val(K, layout, problem_for, sn_model_for, record):
    pb = problem_for(K)
    model = sn_model_for(K, True)
    X_train = with_layout(pb.X_train, layout)
    X_val = with_layout(pb.X_val, layout)
    X_pool = with_layout(pb.X_pool, layout)
    y_val = pb.y_val.repeat(2)[::2]  # non-contiguous labels too
    assert not y_val.flags.c_contiguous
    table = sn.influence_table(model, X_train, X_val, y_val, X_pool, hessian_on="train+pool")
    want = _reference_for(model, pb, pb.X_pool, "train+pool", 0.0)["table"]
    err = _rel_err(table, want)
    record("influence_table non-contiguous train/val rel err", err, f"K={K} {layout}")
    assert err <= 1e-8


@pytest.mark.parametrize("hessian_on", ["train", "train+pool"])
@pytest.mark.parametrize("K", [2, 3, 10])
def test_influence_table_with_sample_weight(K, hessian_on, problem_for, sn_model_for, record):
    pb = problem_for(K)
    model = sn_model_for(K, True)
    w = np.random.default_rng(K).uniform(0.3, 2.5, size=pb.X_train.shape[0])
    w_before = w.copy()
    table = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool,
                               hessian_on=hessian_on, sample_weight=w)
    want = _reference_for(model, pb, pb.X_pool, hessian_on, 0.0, sample_weight=w)["table"]
    err = _rel_err(table, want)
    record("influence_table sample_weight rel err", err, f"K={K} {hessian_on}")
    assert err <= 1e-8
    assert np.array_equal(w, w_before)
    # Weights change the answer (else the argument would be ignored silently).
    unweighted = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, hessian_on=hessian_on)
    assert _rel_err(unweighted, want) > 1e-6


@pytest.mark.parametrize("K", [2, 3])
def test_integer_sample_weight_equals_duplicated_rows(K, problem_for, sn_model_for):
    pb = problem_for(K)
    model = sn_model_for(K, True)
    w = np.ones(pb.X_train.shape[0])
    w[::7] = 3.0
    X_dup = np.repeat(pb.X_train, w.astype(int), axis=0)
    weighted = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, sample_weight=w)
    duplicated = sn.influence_table(model, X_dup, pb.X_val, pb.y_val, pb.X_pool)
    assert _rel_err(weighted, duplicated) <= 1e-10


@pytest.mark.parametrize("hessian_on", HESSIAN_ON)
@pytest.mark.parametrize("fit_intercept", [True, False], ids=["icpt", "noicpt"])
@pytest.mark.parametrize("K", [2, 3, 10])
def test_influence_table_with_sklearn_model(K, fit_intercept, hessian_on, problem_for, sk_model_for, record):
    pb = problem_for(K)
    model = sk_model_for(K, fit_intercept)
    table = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, hessian_on=hessian_on)
    assert table.shape == (pb.X_pool.shape[0], K) and table.dtype == np.float64
    want = _reference_for(model, pb, pb.X_pool, hessian_on, 0.0)["table"]
    err = _rel_err(table, want)
    record("influence_table sklearn-model f64 rel err", err, f"K={K} icpt={fit_intercept} {hessian_on}")
    assert err <= 1e-8


@pytest.mark.parametrize("pool_dtype", [np.float64, np.float32], ids=["f64", "f32"])
@pytest.mark.parametrize("damping", [0.0, 0.1])
@pytest.mark.parametrize("hessian_on", HESSIAN_ON)
@pytest.mark.parametrize("fit_intercept", [True, False], ids=["icpt", "noicpt"])
@pytest.mark.parametrize("K", [2, 3, 10])
def test_hessian_matches_reference(K, fit_intercept, hessian_on, damping, pool_dtype,
                                   problem_for, sn_model_for, record):
    pb = problem_for(K)
    model = sn_model_for(K, fit_intercept)
    X_pool = pb.X_pool.astype(pool_dtype)
    H = sn.hessian(model, pb.X_train, X_pool=X_pool, hessian_on=hessian_on, damping=damping)
    m = 1 if K == 2 else K
    p = m * (pb.X_train.shape[1] + fit_intercept)
    assert isinstance(H, np.ndarray) and H.dtype == np.float64 and H.shape == (p, p)
    want = _reference_for(model, pb, X_pool, hessian_on, damping)["H"]
    err = _rel_err(H, want)
    # Only rounding separates the two sums; float32 pools follow maths §6's float32 bound.
    tol = 1e-10 if (pool_dtype is np.float64 or hessian_on == "train") else 1e-4
    record("hessian rel err", err, f"K={K} icpt={fit_intercept} {hessian_on} damping={damping}")
    assert err <= tol
    assert np.abs(H - H.T).max() <= 1e-12 * np.abs(H).max()


@pytest.mark.parametrize("damping", [0.0, 0.1])
@pytest.mark.parametrize("hessian_on", HESSIAN_ON)
@pytest.mark.parametrize("fit_intercept", [True, False], ids=["icpt", "noicpt"])
@pytest.mark.parametrize("K", [2, 3, 10])
def test_val_direction_matches_pinv(K, fit_intercept, hessian_on, damping, problem_for, sn_model_for, record):
    """s = H^+ g_val; for a softmax with intercept this checks the null-space completion."""
    pb = problem_for(K)
    model = sn_model_for(K, fit_intercept)
    S = sn.val_direction(model, pb.X_train, pb.X_val, pb.y_val, X_pool=pb.X_pool,
                         hessian_on=hessian_on, damping=damping)
    m = 1 if K == 2 else K
    D = pb.X_train.shape[1] + fit_intercept
    assert isinstance(S, np.ndarray) and S.dtype == np.float64 and S.shape == (m, D)
    out = _reference_for(model, pb, pb.X_pool, hessian_on, damping)
    err = _rel_err(S, out["S"])
    family = "val_direction rel err"
    if ref.expected_nullity(K, fit_intercept, damping):
        family += " (softmax null-space completion vs pinv)"
        v = ref.null_direction(K, D, fit_intercept)
        assert abs(v @ S.reshape(-1)) <= 1e-10 * np.linalg.norm(S)
    record(family, err, f"K={K} icpt={fit_intercept} {hessian_on} damping={damping}")
    assert err <= 1e-8


@pytest.mark.parametrize("K", [2, 3])
def test_string_labels_map_to_columns(K, problem_for):
    """Column c of the table is label classes_[c]; y_val is given in user labels."""
    pb = problem_for(K)
    names = np.array(["zebra", "apple", "mango"][:K])  # unsorted on purpose
    model = sn.LogisticRegression(C=1.0, tol=1e-9, max_iter=200).fit(pb.X_train, names[pb.y_train])
    assert list(model.classes_) == sorted(names)
    idx = {c: i for i, c in enumerate(model.classes_)}
    y_val_idx = np.array([idx[v] for v in names[pb.y_val]])
    table = sn.influence_table(model, pb.X_train, pb.X_val, names[pb.y_val], pb.X_pool)
    want = ref.evaluate(model.coef_, model.intercept_, K, True, 1.0, pb.X_train, pb.X_val, y_val_idx,
                        pb.X_pool)["table"]
    assert _rel_err(table, want) <= 1e-8


@pytest.mark.parametrize("K", [2, 3, 10])
def test_probability_weighted_influence_sums_to_zero(K, problem_for, sn_model_for):
    """sum_c p_c(x) I(x, c) = 0: the expected gradient under the model is zero."""
    pb = problem_for(K)
    model = sn_model_for(K, True)
    table = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool)
    P = model.predict_proba(pb.X_pool)
    assert np.abs((P * table).sum(axis=1)).max() <= 1e-10 * np.abs(table).max()


@settings(max_examples=25, deadline=None, derandomize=True, database=None)
@given(
    K=st.sampled_from([2, 3, 4]),
    d=st.integers(1, 5),
    n_pool=st.integers(1, 40),
    fit_intercept=st.booleans(),
    f32=st.booleans(),
    hessian_on=st.sampled_from(HESSIAN_ON),
    seed=st.integers(0, 2**16),
)
def test_shapes_dtypes_and_row_independence(K, d, n_pool, fit_intercept, f32, hessian_on, seed):
    pb = make_problem(K, 3 * K + 20, K + 5, n_pool, d, seed=seed)
    model = sn.LogisticRegression(C=1.0, fit_intercept=fit_intercept, tol=1e-8, max_iter=200)
    model.fit(pb.X_train, pb.y_train)
    X_pool = pb.X_pool.astype(np.float32 if f32 else np.float64)
    table = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, X_pool,
                               hessian_on=hessian_on, damping=1e-3)
    assert table.shape == (n_pool, K) and table.dtype == np.float64
    assert np.isfinite(table).all()
    want = _reference_for(model, pb, X_pool, hessian_on, 1e-3)["table"]
    scale = max(np.abs(want).max(), 1e-300)
    assert np.abs(table - want).max() <= (1e-4 if f32 else 1e-8) * scale
    if hessian_on == "train" and n_pool > 1:
        # With the Hessian on train rows, a pool row's influence does not depend on the other rows.
        part = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, X_pool[1:], damping=1e-3)
        assert np.abs(part - table[1:]).max() <= 1e-12 * scale
