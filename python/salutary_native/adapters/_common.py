"""What both adapters share: the tie-break seed from a random_state."""

from __future__ import annotations

import numpy as np


def seed_from(random_state) -> int:
    """The tie-break seed: an int as given, 0 for None, or one draw from a RandomState/Generator."""
    if random_state is None:
        return 0
    if isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool):
        return int(random_state)
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(0, 2**31 - 1))
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(0, 2**63 - 1))
    raise TypeError("random_state must be None, an int, a RandomState or a Generator, "
                    f"got {type(random_state).__name__}")
