"""Hostile input (argument validation): every public scoring entry point refuses it with a
ValueError or TypeError naming the argument, before any native work, and never crashes or
returns NaN. Property tests draw shapes, dtypes, memory orders and values with hypothesis."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import salutary_native as sn
from conftest import make_problem

PB = make_problem(3, 120, 60, 200, 5, 0)
MODEL = sn.LogisticRegression(C=1.0).fit(PB.X_train, PB.y_train)
ENTRIES = ("influence_table", "salutary_query", "val_direction", "hessian")


def _call(entry, **over):
    args = dict(X_train=PB.X_train, X_val=PB.X_val, y_val=PB.y_val, X_pool=PB.X_pool, model=MODEL)
    args.update(over)
    if entry == "influence_table":
        return sn.influence_table(args["model"], args["X_train"], args["X_val"], args["y_val"], args["X_pool"])
    if entry == "salutary_query":
        return sn.salutary_query(args["model"], args["X_train"], args["X_val"], args["y_val"], args["X_pool"],
                                 over.get("budget", 5))
    if entry == "val_direction":
        return sn.val_direction(args["model"], args["X_train"], args["X_val"], args["y_val"], X_pool=args["X_pool"],
                                hessian_on="train+pool")
    return sn.hessian(args["model"], args["X_train"], X_pool=args["X_pool"], hessian_on="train+pool")


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.bool_, object])
@pytest.mark.parametrize("name", ["X_train", "X_pool"])
def test_integer_bool_and_object_features_are_refused(entry, dtype, name):
    bad = getattr(PB, name).astype(dtype)
    with pytest.raises(TypeError, match=name):
        _call(entry, **{name: bad})


@pytest.mark.parametrize("budget", [2**31, 2**63, 2**70, np.uint64(2**64 - 1), 10**30])
def test_huge_budgets_are_refused(budget):
    with pytest.raises((ValueError, TypeError), match="budget"):
        _call("salutary_query", budget=budget)


@pytest.mark.parametrize("entry", ["influence_table", "salutary_query", "val_direction"])
def test_labels_of_the_wrong_type_are_refused(entry):
    with pytest.raises(ValueError, match="y_val"):
        _call(entry, y_val=np.array(["a"] * len(PB.y_val)))
    with pytest.raises(ValueError, match="y_val"):
        _call(entry, y_val=PB.y_val.astype(float) + 0.5)


@pytest.mark.parametrize("entry", ["influence_table", "salutary_query", "val_direction"])
def test_a_validation_class_the_model_never_saw_is_refused(entry):
    y_val = PB.y_val.copy()
    y_val[7] = 3  # the model knows 0, 1, 2
    with pytest.raises(ValueError, match="y_val"):
        _call(entry, y_val=y_val)


def test_validation_and_training_feature_counts_must_agree():
    with pytest.raises(ValueError, match="X_val"):
        _call("influence_table", X_val=PB.X_val[:, :4])


def test_a_single_class_is_refused_by_fit_and_by_scoring():
    with pytest.raises(ValueError, match="two classes"):
        sn.LogisticRegression().fit(PB.X_train, np.zeros(len(PB.y_train)))
    one_class = sn.LogisticRegression()
    one_class.coef_, one_class.intercept_, one_class.classes_ = MODEL.coef_[:1], MODEL.intercept_[:1], np.array([0])
    with pytest.raises(ValueError, match="classes"):
        _call("influence_table", model=one_class)


# Arrays of any dtype, shape (0–3 dimensions, small sizes) and memory order.
ANY_ARRAY = hnp.arrays(
    dtype=st.sampled_from([np.float64, np.float32, np.float16, np.int64, np.bool_, np.complex64]),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=7),
    elements=None,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), entry=st.sampled_from(ENTRIES), name=st.sampled_from(["X_train", "X_val", "X_pool"]))
def test_any_array_in_any_slot_gives_a_result_or_a_named_error(data, entry, name):
    bad = data.draw(ANY_ARRAY)
    if data.draw(st.booleans()) and bad.ndim == 2:
        bad = np.asfortranarray(bad)
    try:
        out = _call(entry, **{name: bad})
    except sn.FactorizationError as exc:  # a valid but degenerate X_train: the error says what to do
        assert "damping" in str(exc), str(exc)
        return
    except (ValueError, TypeError) as exc:
        assert any(word in str(exc) for word in (name, "y_val", "model", "budget")), str(exc)
        return
    # Accepted: it must have been a valid, finite float matrix; the result is finite.
    result = out.table if entry == "salutary_query" else out
    assert np.all(np.isfinite(result))


@settings(max_examples=200, deadline=None)
@given(
    rows=st.integers(1, 40),
    dtype=st.sampled_from([np.float32, np.float64]),
    order=st.sampled_from(["C", "F"]),
    scale=st.sampled_from([1e-30, 1e-3, 1.0, 1e3, 1e30]),
    seed=st.integers(0, 2**32 - 1),
)
def test_valid_pools_of_any_scale_and_layout_give_finite_tables_or_a_clear_error(rows, dtype, order, scale, seed):
    rng = np.random.default_rng(seed)
    X_pool = np.asarray(rng.normal(size=(rows, 5)) * scale, dtype=dtype, order=order)
    before = X_pool.copy()
    try:
        table = sn.influence_table(MODEL, PB.X_train, PB.X_val, PB.y_val, X_pool)
    except OverflowError as exc:
        assert "rescale X_pool" in str(exc)
    else:
        assert table.shape == (rows, 3) and np.all(np.isfinite(table))
    np.testing.assert_array_equal(X_pool, before)


def test_fuzzer_findings_extreme_values_in_fit_end_with_an_error_not_a_hang():
    """Found by tests/fuzz_bindings.py: a 1e308 feature made every Newton step non-finite, and
    the damping search looped forever; NaN rows passed straight to the native trainer did too."""
    import signal

    X = np.array([[9.9e3, -1.2e4, 1.7e4, 2.7e4, 1.4e4, 1e308], [-3.5e3, 1.2e4, -1.5e3, -1.8e3, 1.1e3, -4.7e3]])
    y = np.array([1, 1], dtype=np.int64)
    signal.alarm(20)  # a hang fails the test instead of the suite
    try:
        with pytest.raises(ValueError, match="overflows|rescale"):
            sn._core.fit_logistic(X, y, None, 2, 1.0, True, 1e-8, 50, "auto", None)
        with pytest.raises(ValueError, match="X contains NaN or Inf"):
            sn._core.fit_logistic(np.array([[np.nan, 1.0], [0.0, 1.0]]), y, None, 2, 1.0, True, 1e-8, 50, "auto", None)
    finally:
        signal.alarm(0)


@pytest.mark.parametrize("offset", [2**63 - 1, 2**63 - 14, 2**62 - 2])
def test_fuzzer_findings_block_offsets_past_2_62_are_refused(offset):
    """Found by the sanitized fuzz pass: an offset near 2^63 overflowed offset + rows in the
    table pass's window arithmetic. Global rows stop at 2^62, refused before any native work."""
    pb = make_problem(3, 60, 20, 20, 4, seed=2)
    model = sn.LogisticRegression(C=1.0).fit(pb.X_train, pb.y_train)
    scorer = sn.InfluenceScorer(model).fit(pb.X_train, pb.X_val, pb.y_val)
    block = np.ascontiguousarray(pb.X_pool[:13])
    native = scorer._native
    with pytest.raises(ValueError, match="offset"):
        native.partial_top_b(block, offset, 3, 0, None, False)
    with pytest.raises(ValueError, match="offset"):
        native.table(block, offset)
    with pytest.raises(ValueError, match="offset"):
        sn.pool_curvature.curvature_partial(model, block, -(-offset // 8192) * 8192)  # the next window start
    # The last admissible block still scores.
    assert native.table(block, 2**62 - 13).shape == (13, 3)


def test_the_fuzzer_runs_clean_for_a_few_seconds():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).with_name("fuzz_bindings.py")
    out = subprocess.run([sys.executable, str(script), "--seconds", "3", "--seed", "5"], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "fuzz:" in out.stdout and "returned" in out.stdout
