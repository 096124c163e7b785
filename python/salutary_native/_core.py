"""The native core, from the fastest build of it this CPU runs (see ``_isa``).

Everything the compiled module defines is re-exported here, so ``salutary_native._core``
is the one name the rest of the package imports.
"""

import importlib

from ._isa import choose

VARIANT = choose(__package__)
_native = importlib.import_module(f"{__package__}._core_{VARIANT}")
globals().update({name: getattr(_native, name) for name in dir(_native) if not name.startswith("__")})
