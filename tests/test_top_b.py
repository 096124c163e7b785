"""sn.top_b: top-b selection, descending, seeded tie order (maths §3 Selection)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import salutary_native as sn


def _assert_valid_top(scores, idx, b):
    assert isinstance(idx, np.ndarray) and idx.dtype == np.int64
    assert idx.shape == (b,)
    assert np.unique(idx).size == b
    assert idx.min() >= 0 and idx.max() < scores.size
    chosen = scores[idx]
    assert np.all(np.diff(chosen) <= 0), "not in descending order"
    rest = np.delete(scores, idx)
    if rest.size:
        assert chosen.min() >= rest.max()


@pytest.mark.parametrize("b", [1, 7, 100, 1000])
def test_distinct_scores_equal_stable_argsort(b):
    scores = np.random.default_rng(b).normal(size=1000)
    assert np.unique(scores).size == scores.size
    before = scores.copy()
    idx = sn.top_b(scores, b)
    np.testing.assert_array_equal(idx, np.argsort(-scores, kind="stable")[:b])
    _assert_valid_top(scores, idx, b)
    assert np.array_equal(scores, before)


def test_ties_are_seeded():
    scores = np.random.default_rng(0).integers(0, 5, size=1000).astype(np.float64)
    b = 300  # takes all the 4s (~200) and part of the 3s: ties on both sides of the cut
    runs = {seed: sn.top_b(scores, b, seed=seed) for seed in range(5)}
    for seed, idx in runs.items():
        _assert_valid_top(scores, idx, b)
        np.testing.assert_array_equal(idx, sn.top_b(scores, b, seed=seed))
    # Different seeds order the ties differently (and pick different 3s at the cut).
    assert any(not np.array_equal(runs[0], runs[s]) for s in range(1, 5))
    assert all(not np.array_equal(runs[0], runs[s]) for s in range(1, 5))
    # The default seed is 0.
    np.testing.assert_array_equal(sn.top_b(scores, b), runs[0])


def test_all_equal_scores_give_a_permutation():
    scores = np.zeros(500)
    idx = sn.top_b(scores, 500, seed=12)
    np.testing.assert_array_equal(np.sort(idx), np.arange(500))
    assert not np.array_equal(idx, np.arange(500))


def test_accepts_float32_and_non_contiguous_scores():
    base = np.random.default_rng(4).normal(size=400)
    strided = np.repeat(base, 2)[::2]
    assert not strided.flags.c_contiguous
    np.testing.assert_array_equal(sn.top_b(strided, 50), np.argsort(-base, kind="stable")[:50])
    as32 = base.astype(np.float32)
    np.testing.assert_array_equal(sn.top_b(as32, 50), np.argsort(-as32, kind="stable")[:50])


@pytest.mark.parametrize("budget, exc", [(0, ValueError), (-1, ValueError), (11, ValueError),
                                         (2.0, TypeError), ("3", TypeError)])
def test_bad_budget(budget, exc):
    with pytest.raises(exc, match="budget"):
        sn.top_b(np.arange(10.0), budget)


def test_numpy_integer_budget_is_accepted():
    scores = np.arange(10.0)
    np.testing.assert_array_equal(sn.top_b(scores, np.int64(3)), [9, 8, 7])


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(
    values=st.lists(st.integers(-3, 3), min_size=1, max_size=200),
    frac=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**31 - 1),
)
def test_property_valid_top_set(values, frac, seed):
    scores = np.array(values, dtype=np.float64) / 2.0
    b = max(1, int(round(frac * scores.size)))
    idx = sn.top_b(scores, b, seed=seed)
    _assert_valid_top(scores, idx, b)
    np.testing.assert_array_equal(idx, sn.top_b(scores.copy(), b, seed=seed))
