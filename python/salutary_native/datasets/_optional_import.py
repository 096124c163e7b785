"""Imports of optional dependencies (scikit-learn, pandas, pyarrow) at the point of use.

The package itself needs only numpy; a loader that needs more says what to install.
"""

from __future__ import annotations

import importlib
from types import ModuleType

SKLEARN_HINT = "pip install 'salutary-native[sklearn]'"


def import_optional(module: str, *, purpose: str, install_hint: str) -> ModuleType:
    """The imported module, or an ImportError that names the purpose and how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(f"{purpose} needs {module.split('.')[0]}, which is not installed: {install_hint}") from exc


def import_sklearn(module: str, *, purpose: str) -> ModuleType:
    """A scikit-learn module, or an ImportError naming the ``salutary-native[sklearn]`` extra."""
    return import_optional(module, purpose=purpose, install_hint=SKLEARN_HINT)
