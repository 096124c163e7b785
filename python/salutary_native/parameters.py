"""The one table of parameter constraints of the public scoring API.

Each rule, and the message it raises, exists once: every entry point (the fitted scorer, the
free functions, the active-learning loop, the experiment configuration) checks its
parameters through :func:`check_parameter`. The C++ core keeps its own invariant checks for
C++ hosts, with the same words.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Optional

import numpy as np


@dataclass(frozen=True)
class OneOf:
    """A string from a fixed vocabulary."""

    values: tuple

    def check(self, name: str, value, upper=None):
        if not isinstance(value, str) or value not in self.values:
            quoted = [repr(v) for v in self.values]
            raise ValueError(f"{name} must be {', '.join(quoted[:-1])} or {quoted[-1]}, got {value!r}")
        return value


@dataclass(frozen=True)
class Real:
    """A real number >= lower (> lower when strict); +inf only when allowed."""

    lower: float
    strict: bool = False
    allow_inf: bool = False

    def check(self, name: str, value, upper=None) -> float:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
        value = float(value)
        if np.isnan(value) or (np.isinf(value) and not self.allow_inf):
            raise ValueError(f"{name} must be finite, got {value}")
        if self.lower == 0.0 and not self.strict and value < 0:
            raise ValueError(f"{name} must be non-negative, got {value}")
        if value < self.lower or (self.strict and value == self.lower):
            raise ValueError(f"{name} must be {'>' if self.strict else '>='} {self.lower}, got {value}")
        return value


@dataclass(frozen=True)
class Integer:
    """An integer in [lower, upper]; the upper bound may also come from the data (a pool size)."""

    lower: int
    upper: Optional[int] = None

    def check(self, name: str, value, upper: Optional[int] = None) -> int:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            hint = ""
            if isinstance(value, (np.random.Generator, np.random.RandomState)):
                draw = "integers" if isinstance(value, np.random.Generator) else "randint"
                hint = f"; to seed from a numpy generator rng, pass {name}=int(rng.{draw}(2**32))"
            raise TypeError(f"{name} must be an integer, got {type(value).__name__}{hint}")
        value = int(value)
        bound = self._bound(upper)
        if value < self.lower or (bound is not None and value > bound):
            span = f"between {self.lower} and {bound}" if bound is not None else f">= {self.lower}"
            raise ValueError(f"{name} must be {span}, got {value}")
        return value

    def _bound(self, upper: Optional[int]) -> Optional[int]:
        bounds = [b for b in (self.upper, upper) if b is not None]
        return min(bounds) if bounds else None


@dataclass(frozen=True)
class Seed(Integer):
    """An integer seed in [lower, upper], or a ``numpy.random.Generator`` to draw one from.

    A Generator ``rng`` gives ``int(rng.integers(lower, upper, endpoint=True))`` (upper 2**63 - 1
    when there is no bound), so it advances by one draw and the same generator state gives the
    same seed.
    """

    def check(self, name: str, value, upper: Optional[int] = None) -> int:
        if isinstance(value, np.random.Generator):
            bound = self._bound(upper)
            bound = 2**63 - 1 if bound is None else bound
            value = int(value.integers(self.lower, bound, endpoint=True, dtype=np.uint64))
        return super().check(name, value, upper)


#: name → rule, for every scoring parameter.
PARAMETER_CONSTRAINTS = {
    "hessian_on": OneOf(("train", "pool", "train+pool")),
    "solver": OneOf(("auto", "cholesky", "cg")),
    "cg_preconditioner": OneOf(("jacobi", "block_jacobi", "shared_gram")),
    "device": OneOf(("auto", "cpu", "cuda")),
    "precision": OneOf(("float64", "float32")),
    "damping": Real(0.0),
    "budget": Integer(1),
    "seed": Seed(0, 2**64 - 1),  # an int, or a numpy Generator to draw one from
    "offset": Integer(0, 2**62),  # global rows stop at 2**62 (the native window arithmetic)
}


def check_parameter(name: str, value, *, upper: Optional[int] = None):
    """Check ``value`` against the rule for ``name`` and return it normalised.

    Parameters
    ----------
    name : str
        A key of :data:`PARAMETER_CONSTRAINTS`.
    value : object
        The value passed by the user. For ``seed``, a ``numpy.random.Generator`` is also
        accepted: an integer in [0, 2**64 - 1] is drawn from it (advancing it by one draw).
    upper : int, optional
        A bound that comes from the data (for ``budget``, the number of eligible pool rows).

    Returns
    -------
    object
        The value, as ``float``/``int``/``str``.

    Raises
    ------
    ValueError, TypeError
        Naming ``name`` and the rule it breaks.

    Examples
    --------
    >>> check_parameter("hessian_on", "pool")
    'pool'
    >>> import numpy as np
    >>> check_parameter("seed", np.random.default_rng(0)) == check_parameter("seed", np.random.default_rng(0))
    True
    >>> check_parameter("damping", -1.0)
    Traceback (most recent call last):
    ...
    ValueError: damping must be non-negative, got -1.0
    """
    return PARAMETER_CONSTRAINTS[name].check(name, value, upper)


def uses_pool(hessian_on: str) -> bool:
    """Whether the Hessian includes the pool rows (``"pool"`` or ``"train+pool"``)."""
    return hessian_on != "train"
