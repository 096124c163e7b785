"""Per-round model metrics: accuracy and mean cross-entropy on a labeled set."""

from __future__ import annotations

from typing import Tuple

import numpy as np

# Probability floor for the loss, as scikit-learn's log_loss clips: a label the model has
# never seen (possible for rare classes in the test set) costs -log(1e-15), not infinity.
_PROBABILITY_FLOOR = 1e-15


def accuracy_and_log_loss(model, X, y) -> Tuple[float, float]:
    """(accuracy, mean cross-entropy) of a fitted classifier on (X, y).

    A label the model has never seen counts as wrong and costs -log(1e-15), as scikit-learn's
    ``log_loss`` clips, instead of an infinite loss.

    Parameters
    ----------
    model : classifier
        A fitted model with ``predict_proba`` and sorted ``classes_`` (this package's or
        scikit-learn's ``LogisticRegression``).
    X : array-like of shape (n_samples, n_features)
        Features.
    y : array-like of shape (n_samples,)
        True labels.

    Returns
    -------
    accuracy : float
        Fraction of rows whose most probable class is the true label.
    log_loss : float
        Mean of -log p(true label | x).

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import LogisticRegression
    >>> from salutary_native.metrics import accuracy_and_log_loss
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> model = LogisticRegression().fit(X, [0, 0, 1, 1])
    >>> accuracy, loss = accuracy_and_log_loss(model, X, [0, 1, 1, 1])
    >>> accuracy, round(loss, 4)
    (0.75, 0.4673)
    """
    proba = np.asarray(model.predict_proba(X), dtype=np.float64)
    classes = np.asarray(model.classes_)
    y = np.asarray(y)
    accuracy = float(np.mean(classes[np.argmax(proba, axis=1)] == y))
    position = np.clip(np.searchsorted(classes, y), 0, len(classes) - 1)
    known = classes[position] == y
    p_true = np.where(known, proba[np.arange(len(y)), position], 0.0)
    loss = float(np.mean(-np.log(np.maximum(p_true, _PROBABILITY_FLOOR))))
    return accuracy, loss
