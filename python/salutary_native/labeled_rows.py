"""The labeled set's rows: the initial rows, then pool rows appended round by round.

A round adds ``budget`` rows to a labeled set that may already hold many; stacking the whole
set again each round costs time and memory in proportion to the set. ``LabeledRows`` keeps one
float64 buffer with spare room (grown geometrically) and copies only the rows being added.
"""

from __future__ import annotations

import numpy as np


class LabeledRows:
    """A growing float64 row buffer; ``rows`` is a read-only view of the filled part.

    Parameters
    ----------
    X_train : ndarray of shape (n_train, n_features)
        The initial labeled rows (copied into the buffer).

    Examples
    --------
    >>> import numpy as np
    >>> labeled = LabeledRows(np.zeros((2, 3)))
    >>> labeled.append(np.arange(12, dtype=np.float32).reshape(4, 3), np.array([3, 1]))
    >>> labeled.rows.tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [9.0, 10.0, 11.0], [3.0, 4.0, 5.0]]
    >>> labeled.rows.flags.writeable
    False
    """

    def __init__(self, X_train: np.ndarray):
        n, d = X_train.shape
        self._buffer = np.empty((max(2 * n, 64), d), dtype=np.float64)
        self._buffer[:n] = X_train
        self._n = n

    @property
    def rows(self) -> np.ndarray:
        """The labeled rows so far, in the order they were added (a read-only view)."""
        view = self._buffer[:self._n]
        view.flags.writeable = False
        return view

    def append(self, X_pool: np.ndarray, rows: np.ndarray) -> None:
        """Append ``X_pool[rows]``: only these rows are read and copied."""
        k = len(rows)
        if self._n + k > self._buffer.shape[0]:
            grown = np.empty((max(2 * self._buffer.shape[0], self._n + k), self._buffer.shape[1]), dtype=np.float64)
            grown[:self._n] = self._buffer[:self._n]
            self._buffer = grown
        self._buffer[self._n:self._n + k] = X_pool[np.asarray(rows, dtype=np.int64)]
        self._n += k
