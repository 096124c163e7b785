"""The native core, from the fastest build of it this CPU runs (see ``_isa``).

Everything the compiled module defines is re-exported here, so ``salutary_native._core``
is the one name the rest of the package imports. A CUDA build (``_core_cuda``) is imported
when it loads and finds a device; ``HAS_CUDA`` says whether it did. Its import or device
probe failing is a warning, never an error: the CPU build is used instead.
"""

import importlib
import importlib.util
import warnings

from ._isa import choose


def _cuda_module():
    if importlib.util.find_spec(f"{__package__}._core_cuda") is None:
        return None
    try:
        module = importlib.import_module(f"{__package__}._core_cuda")
        return module if module.cuda_device_count() > 0 else None
    except (ImportError, OSError, RuntimeError) as exc:
        warnings.warn(f"salutary_native: the CUDA build did not load ({exc}); using the CPU build", RuntimeWarning,
                      stacklevel=2)
        return None


_native = _cuda_module()
HAS_CUDA = _native is not None
VARIANT = "cuda" if HAS_CUDA else choose(__package__)
if not HAS_CUDA:
    _native = importlib.import_module(f"{__package__}._core_{VARIANT}")
globals().update({name: getattr(_native, name) for name in dir(_native) if not name.startswith("__")})
