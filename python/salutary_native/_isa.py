"""Which native build of the core to load: the fastest one this CPU can run.

A source build has one module, ``_core_native`` (host-tuned) or ``_core_baseline``, and, when
built with SALUTARY_ENABLE_CUDA, ``_core_cuda`` (the same CPU functions plus the CUDA path). A
portable wheel has ``_core_baseline``, ``_core_avx2`` (x86-64-v3: AVX2, FMA, BMI2, F16C) and
``_core_avx512`` (x86-64-v4: AVX-512 F/BW/CD/DQ/VL). The environment variable
``SALUTARY_NATIVE_ISA`` forces one of them (benchmarks, tests).
"""

from __future__ import annotations

import importlib.util
import os

#: CPU builds, most specific first.
VARIANTS = ("native", "avx512", "avx2", "baseline")
_REQUIRES = {
    "avx2": ("AVX2", "FMA3", "F16C", "BMI2"),
    "avx512": ("AVX2", "FMA3", "F16C", "BMI2", "AVX512F", "AVX512CD", "AVX512_SKX"),
}


def cpu_features() -> dict:
    """numpy's runtime CPU feature table (it checks the OS enables the AVX state too)."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__
    except ImportError:  # numpy < 2
        from numpy.core._multiarray_umath import __cpu_features__
    return dict(__cpu_features__)


def available(package: str) -> list:
    """The variants built into this installation."""
    return [v for v in VARIANTS if importlib.util.find_spec(f"{package}._core_{v}") is not None]


def runs_here(variant: str, features: dict) -> bool:
    return all(features.get(flag, False) for flag in _REQUIRES.get(variant, ()))


def choose(package: str) -> str:
    built = available(package)
    if not built:
        raise ImportError(f"{package} has no compiled core (_core_*): reinstall the package")
    forced = os.environ.get("SALUTARY_NATIVE_ISA")
    if forced:
        if forced not in built:
            raise ImportError(f"SALUTARY_NATIVE_ISA={forced!r}, but this installation has {built}")
        return forced
    features = cpu_features()
    return next(v for v in built if runs_here(v, features))
