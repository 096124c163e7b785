"""Per-round model metrics: accuracy and mean cross-entropy on a labeled set."""

from __future__ import annotations

from typing import Tuple

import numpy as np

# Probability floor for the loss, as scikit-learn's log_loss clips: a label the model has
# never seen (possible for rare classes in the test set) costs -log(1e-15), not infinity.
_PROBABILITY_FLOOR = 1e-15


def accuracy_and_log_loss(model, X, y) -> Tuple[float, float]:
    """(accuracy, mean cross-entropy) of a fitted classifier on (X, y)."""
    proba = np.asarray(model.predict_proba(X), dtype=np.float64)
    classes = np.asarray(model.classes_)
    y = np.asarray(y)
    accuracy = float(np.mean(classes[np.argmax(proba, axis=1)] == y))
    position = np.clip(np.searchsorted(classes, y), 0, len(classes) - 1)
    known = classes[position] == y
    p_true = np.where(known, proba[np.arange(len(y)), position], 0.0)
    loss = float(np.mean(-np.log(np.maximum(p_true, _PROBABILITY_FLOOR))))
    return accuracy, loss
