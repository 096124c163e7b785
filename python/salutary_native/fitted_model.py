"""The parameters the influence computation needs (maths §2), read from a fitted model.

Two model types are read: this package's ``LogisticRegression`` (any class that sets the
``_minimises_documented_objective`` marker; the estimator imports this module, never the
reverse) and scikit-learn's ``LogisticRegression`` with an L2 penalty.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _core


@dataclass(frozen=True)
class FittedModel:
    """coef is m × D (m = 1 for K = 2, else K), intercepts in the last column when fitted."""

    coef: np.ndarray
    classes: np.ndarray
    fit_intercept: bool
    C: float

    @property
    def n_classes(self) -> int:
        return len(self.classes)

    @property
    def n_features(self) -> int:
        return self.coef.shape[1] - int(self.fit_intercept)

    @property
    def native(self):
        """The model as the native core's ``Model`` object."""
        return _core.Model(self.coef, self.n_classes, self.fit_intercept, self.C)


def _check_sklearn_objective(model) -> float:
    """scikit-learn's C, after checking the model minimises the maths §2 objective."""
    penalty = getattr(model, "penalty", "l2")
    l1_ratio = getattr(model, "l1_ratio", None)
    if penalty is None or penalty == "none":
        return float("inf")
    # scikit-learn >= 1.8 spells the penalty through l1_ratio (0 means L2).
    if penalty not in ("l2", "deprecated") or (penalty == "deprecated" and l1_ratio not in (None, 0, 0.0)):
        raise ValueError(f"model must use the L2 penalty, got penalty={penalty!r}, l1_ratio={l1_ratio!r}")
    if getattr(model, "solver", "lbfgs") == "liblinear":
        raise ValueError("model was fitted with solver='liblinear', which penalises the intercept "
                         "(and is one-vs-rest for 3+ classes); refit with solver='lbfgs'")
    return float(model.C)


def _is_supported_type(model) -> bool:
    cls = type(model)
    return bool(getattr(cls, "_minimises_documented_objective", False)) or (
        cls.__module__.startswith("sklearn.") and cls.__name__ == "LogisticRegression")


def _refuse_pipeline(model) -> None:
    """A scikit-learn Pipeline ending in a supported LogisticRegression is refused with what to pass instead.

    Influence is computed in the model's input space, so accepting the pipeline would need
    X_train, X_val and X_pool transformed by its earlier steps, which the callers pass raw.
    """
    cls = type(model)
    if not (cls.__module__.startswith("sklearn.") and cls.__name__ == "Pipeline"):
        return
    steps = getattr(model, "steps", None) or []
    final = steps[-1][1] if steps and isinstance(steps[-1], tuple) and len(steps[-1]) == 2 else None
    if final is not None and _is_supported_type(final):
        raise TypeError("model is a Pipeline: pass its final LogisticRegression (pipeline[-1]) and transform "
                        "X_train, X_val and X_pool with pipeline[:-1] first (influence is computed in the "
                        "model's input space)")
    raise TypeError("model is a Pipeline whose last step is not a LogisticRegression "
                    f"({type(final).__name__}); model must be salutary_native.LogisticRegression or "
                    "sklearn.linear_model.LogisticRegression")


def fitted_model(model) -> FittedModel:
    """Reads a fitted salutary_native or scikit-learn LogisticRegression (a Pipeline is refused with advice)."""
    _refuse_pipeline(model)
    coef = getattr(model, "coef_", None)
    classes = getattr(model, "classes_", None)
    if coef is None or classes is None:
        raise ValueError(f"model must be a fitted LogisticRegression; {type(model).__name__} is not fitted")
    if getattr(type(model), "_minimises_documented_objective", False):
        C = float(model.C)
    elif type(model).__module__.startswith("sklearn.") and type(model).__name__ == "LogisticRegression":
        C = _check_sklearn_objective(model)
    else:
        raise TypeError("model must be salutary_native.LogisticRegression or "
                        f"sklearn.linear_model.LogisticRegression, got {type(model).__name__}")
    classes = np.asarray(classes)
    coef = np.asarray(coef, dtype=np.float64)
    K = len(classes)
    if K < 2:
        raise ValueError("model has fewer than two classes")
    m = 1 if K == 2 else K
    if coef.ndim != 2 or coef.shape[0] != m:
        raise ValueError(f"model.coef_ has shape {coef.shape}; expected ({m}, n_features) for {K} classes")
    fit_intercept = bool(model.fit_intercept)
    if fit_intercept:
        intercept = np.asarray(model.intercept_, dtype=np.float64).reshape(m, 1)
        coef = np.hstack([coef, intercept])
    if not np.all(np.isfinite(coef)):
        raise ValueError("model has NaN or Inf coefficients")
    return FittedModel(np.ascontiguousarray(coef), classes, fit_intercept, C)
