"""Seeds from numpy generators, scipy-backed statistics, seed-count verdicts, plots without pyplot state."""

import numpy as np
import pytest

import salutary_native as sn
from salutary_native.inputs import integer_in
from salutary_native.parameters import check_parameter

# --- seed ---------------------------------------------------------------------------------------------------


def test_seed_accepts_a_generator_and_draws_one_integer():
    first = check_parameter("seed", np.random.default_rng(7))
    assert isinstance(first, int) and 0 <= first <= 2**64 - 1
    assert check_parameter("seed", np.random.default_rng(7)) == first
    rng = np.random.default_rng(7)
    check_parameter("seed", rng)
    assert check_parameter("seed", rng) != first  # the generator advanced by one draw
    picked = sn.top_b([0.5, 0.5, 0.5, 0.1], 2, seed=np.random.default_rng(3))
    assert picked.tolist() == sn.top_b([0.5, 0.5, 0.5, 0.1], 2, seed=check_parameter("seed", np.random.default_rng(3))).tolist()


def test_integer_rules_say_how_to_get_a_seed_from_a_generator():
    with pytest.raises(TypeError, match=r"seed=int\(rng.integers\(2\*\*32\)\)"):
        integer_in(np.random.default_rng(0), "seed", 0)
    with pytest.raises(TypeError, match=r"rng.randint"):
        check_parameter("seed", np.random.RandomState(0))
    with pytest.raises(TypeError, match="seed must be an integer, got float"):
        check_parameter("seed", 1.5)
    with pytest.raises(ValueError, match="seed must be between"):
        check_parameter("seed", -1)
