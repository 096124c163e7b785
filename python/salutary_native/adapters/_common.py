"""What both adapters share: the seed, the scorer options and the fitted scorer."""

from __future__ import annotations

import numpy as np

from ..parameters import uses_pool
from ..scorer import InfluenceScorer


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


def fitted_scorer(model, X_train, X_val, y_val, X_pool, *, sample_weight, hessian_on, damping, solver, device):
    """An InfluenceScorer fitted for ``model`` (the pool enters only when ``hessian_on`` uses it)."""
    scorer = InfluenceScorer(model, hessian_on=hessian_on, damping=damping, solver=solver, device=device)
    pool = X_pool if isinstance(hessian_on, str) and uses_pool(hessian_on) else None
    return scorer.fit(X_train, X_val, y_val, sample_weight=sample_weight, X_pool=pool)
