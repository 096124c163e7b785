"""Adapters to other active-learning libraries (optional extras).

* :class:`SalutaryLabeling` (``salutary_native.adapters.skactiveml``): a scikit-activeml
  ``SingleAnnotatorPoolQueryStrategy``; ``pip install "salutary-native[skactiveml]"``.
* :class:`SalutaryStrategy` and :func:`query_and_teach` (``salutary_native.adapters.modal``):
  a modAL query strategy; ``pip install "salutary-native[modal]"``.

Neither library is imported until one of its names is used, so ``salutary_native`` and this
package import without them. Salutary labeling assigns the labels itself: each adapter returns
the selected rows as the library expects and keeps their salutary labels (``labels_`` /
``last_labels_``) for the caller to add to the labeled set.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "SalutaryLabeling": ("skactiveml", "skactiveml", "scikit-activeml"),
    "SalutaryStrategy": ("modal", "modAL", "modAL-python"),
    "query_and_teach": ("modal", "modAL", "modAL-python"),
    "shim_modal": ("modal", "modAL", "modAL-python"),
}

__all__ = sorted(_WHERE)


def __getattr__(name):
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, top, dist = where
    try:
        return getattr(importlib.import_module(f"{__name__}.{module}"), name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and exc.name.split(".")[0] == top:
            extra = "skactiveml" if top == "skactiveml" else "modal"
            raise ImportError(f"salutary_native.adapters.{name} needs {dist}: "
                              f'pip install "salutary-native[{extra}]" (or pip install {dist})') from exc
        raise


def __dir__():
    return sorted(set(globals()) | set(__all__))
