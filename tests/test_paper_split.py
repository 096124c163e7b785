"""The paper's split (maths §4): sizes, stratification, determinism, standardisation and input checks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salutary_native.paper_split import allocate_stratified, split_paper_protocol

CLASS_SIZES = (520, 310, 160, 7, 3)  # two tiny classes exercise the at-least-one rule


def labelled_rows(sizes=CLASS_SIZES, d=4, seed=0):
    """Gaussian rows with class-dependent means, labels as strings in shuffled order."""
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.repeat(np.arange(len(sizes)), sizes))
    X = rng.normal(size=(len(y), d)) * rng.uniform(0.5, 3.0, size=d) + y[:, None] + 10.0
    return X, np.array([f"class_{k}" for k in y])


@pytest.fixture(scope="module")
def split_case():
    X, y = labelled_rows()
    return X, y, split_paper_protocol(X, y, seed=3)


def part_sizes(split):
    return [len(split.test_idx), len(split.val_idx), len(split.train_idx), len(split.pool_idx)]


def test_parts_are_disjoint_cover_all_rows_and_have_exact_sizes(split_case):
    X, y, split = split_case
    n = len(y)
    assert part_sizes(split) == [round(0.2 * n), round(0.2 * n), 300, n - 2 * round(0.2 * n) - 300]
    everything = np.concatenate([split.test_idx, split.val_idx, split.train_idx, split.pool_idx])
    np.testing.assert_array_equal(np.sort(everything), np.arange(n))
    for idx in (split.test_idx, split.val_idx, split.train_idx, split.pool_idx):
        assert idx.dtype == np.int64
    for part, idx in (("train", split.train_idx), ("val", split.val_idx), ("pool", split.pool_idx),
                      ("test", split.test_idx)):
        np.testing.assert_array_equal(getattr(split, f"y_{part}"), y[idx])
        X_part = getattr(split, f"X_{part}")
        assert X_part.dtype == np.float64 and X_part.flags.c_contiguous and X_part.shape == (len(idx), X.shape[1])


def test_each_draw_is_proportional_to_the_rows_still_available(split_case):
    _, y, split = split_case
    available = {c: np.count_nonzero(y == c) for c in np.unique(y)}
    for idx, size in ((split.test_idx, round(0.2 * len(y))), (split.val_idx, round(0.2 * len(y))),
                      (split.train_idx, 300)):
        total = sum(available.values())
        for c in available:
            count = np.count_nonzero(y[idx] == c)
            quota = size * available[c] / total
            # Largest remainder is within one row; the at-least-one rule may lift a class below 1 to 1.
            assert abs(count - quota) < 1 or (count == 1 and quota < 1), (c, count, quota)
            available[c] -= count


def test_initial_set_holds_every_class(split_case):
    _, y, split = split_case
    assert set(y[split.train_idx]) == set(y)


def test_initial_set_gets_a_class_whose_share_rounds_to_zero():
    X, y = labelled_rows(sizes=(900, 2), seed=1)
    for seed in range(5):
        split = split_paper_protocol(X, y, seed=seed, n_init=20)
        assert np.count_nonzero(y[split.train_idx] == "class_1") == 1
        assert len(split.train_idx) == 20


def test_same_seed_same_split_other_seed_other_split(split_case):
    X, y, split = split_case
    again = split_paper_protocol(X, y, seed=3)
    for field in ("train_idx", "val_idx", "pool_idx", "test_idx", "X_train", "X_test", "mean", "scale"):
        np.testing.assert_array_equal(getattr(again, field), getattr(split, field))
    other = split_paper_protocol(X, y, seed=4)
    assert not np.array_equal(other.train_idx, split.train_idx)
    assert not np.array_equal(other.test_idx, split.test_idx)


def test_standardised_with_non_test_statistics(split_case):
    X, _, split = split_case
    non_test = X[np.concatenate([split.train_idx, split.val_idx, split.pool_idx])]
    mean, std = non_test.mean(axis=0), non_test.std(axis=0)
    np.testing.assert_allclose(split.mean, mean, rtol=1e-12, atol=0)
    np.testing.assert_allclose(split.scale, std, rtol=1e-12, atol=0)
    standardised = np.concatenate([split.X_train, split.X_val, split.X_pool])
    np.testing.assert_allclose(standardised.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(standardised.std(axis=0), 1.0, atol=1e-12)
    np.testing.assert_allclose(split.X_test, (X[split.test_idx] - mean) / std, rtol=1e-12, atol=1e-12)


def test_constant_column_gets_scale_one():
    X, y = labelled_rows()
    X = np.column_stack([X, np.full(len(y), 0.1)])
    split = split_paper_protocol(X, y, seed=0)
    assert split.scale[-1] == 1.0
    for part in (split.X_train, split.X_val, split.X_pool, split.X_test):
        np.testing.assert_array_equal(part[:, -1], 0.0)


def test_inputs_are_not_modified():
    X, y = labelled_rows()
    X_before, y_before = X.copy(), y.copy()
    split = split_paper_protocol(X, y, seed=0)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    assert not np.shares_memory(split.X_train, X)


def test_integer_features_and_fractions_as_parameters():
    X, y = labelled_rows()
    split = split_paper_protocol(np.round(X * 100).astype(np.int32), y, seed=0, n_init=50, val_fraction=0.05,
                                 test_fraction=0.3)
    n = len(y)
    assert part_sizes(split) == [round(0.3 * n), round(0.05 * n), 50, n - round(0.3 * n) - round(0.05 * n) - 50]
    assert split.X_train.dtype == np.float64


@pytest.mark.parametrize("kwargs, match", [
    ({"test_fraction": 0.0}, "test_fraction"),
    ({"test_fraction": 1.0}, "test_fraction"),
    ({"val_fraction": -0.1}, "val_fraction"),
    ({"val_fraction": 1.5}, "val_fraction"),
    ({"test_fraction": 0.5, "val_fraction": 0.5}, "test_fraction \\+ val_fraction"),
    ({"n_init": 1}, "n_init"),
    ({"n_init": 601}, "n_init=601 is larger than the 600 rows left"),
    ({"n_init": 600}, "pool would be empty"),
    ({"seed": -1}, "seed"),
])
def test_bad_arguments_raise_value_error(kwargs, match):
    X, y = labelled_rows()
    with pytest.raises(ValueError, match=match):
        split_paper_protocol(X, y, **{"seed": 0, **kwargs})


def test_bad_data_raise_errors():
    X, y = labelled_rows()
    with pytest.raises(ValueError, match="one label per row"):
        split_paper_protocol(X, y[:-1], seed=0)
    X_nan = X.copy()
    X_nan[5, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        split_paper_protocol(X_nan, y, seed=0)
    with pytest.raises(ValueError, match="two classes"):
        split_paper_protocol(X, np.zeros(len(y)), seed=0)
    with pytest.raises(TypeError, match="X"):
        split_paper_protocol(X.astype(str), y, seed=0)
    with pytest.raises(TypeError, match="n_init"):
        split_paper_protocol(X, y, seed=0, n_init=300.0)
    with pytest.raises(ValueError, match="n_init=3 is below the number of classes"):
        split_paper_protocol(X, y, seed=0, n_init=3)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=1, max_size=8), st.data(), st.booleans())
def test_allocation_is_exact_bounded_and_proportional(available, data, at_least_one):
    available = np.array(available)
    nonempty = int(np.count_nonzero(available))
    low = nonempty if at_least_one else 0
    if available.sum() < low:
        return
    total = data.draw(st.integers(low, int(available.sum())))
    counts = allocate_stratified(available, total, at_least_one)
    assert counts.sum() == total
    assert np.all(counts >= 0) and np.all(counts <= available)
    if at_least_one:
        assert np.all(counts[available > 0] >= 1)
    elif available.sum():
        assert np.all(np.abs(counts - total * available / available.sum()) < 1)
