"""Imports of optional dependencies (scikit-learn, pandas, pyarrow) at the point of use.

The package itself needs only numpy; a loader that needs more says what to install.
"""

from __future__ import annotations

import importlib
from types import ModuleType

SKLEARN_HINT = "pip install 'salutary-native[sklearn]'"


def import_optional(module: str, *, purpose: str, install_hint: str) -> ModuleType:
    """The imported module, or an ImportError that names the purpose and how to install it.

    Parameters
    ----------
    module : str
        The module to import.
    purpose : str
        What needs it, for the message.
    install_hint : str
        How to install it, for the message.

    Returns
    -------
    types.ModuleType
        The module.

    Raises
    ------
    ImportError
        If the module cannot be imported.

    Examples
    --------
    >>> from salutary_native.datasets._optional_import import import_optional
    >>> import_optional("json", purpose="reading run.json", install_hint="(part of Python)").__name__
    'json'
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(f"{purpose} needs {module.split('.')[0]}, which is not installed: {install_hint}") from exc


def import_sklearn(module: str, *, purpose: str) -> ModuleType:
    """A scikit-learn module, or an ImportError naming the ``salutary-native[sklearn]`` extra.

    Parameters
    ----------
    module : str
        The scikit-learn module, e.g. ``"sklearn.datasets"``.
    purpose : str
        What needs it, for the message.

    Returns
    -------
    types.ModuleType
        The module.

    Raises
    ------
    ImportError
        If scikit-learn is not installed.

    Examples
    --------
    >>> from salutary_native.datasets._optional_import import import_sklearn
    >>> import_sklearn("sklearn.tree", purpose="the pred_infl strategy").__name__
    'sklearn.tree'
    """
    return import_optional(module, purpose=purpose, install_hint=SKLEARN_HINT)
