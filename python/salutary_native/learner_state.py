"""An active-learning run between two rounds, and how a checkpoint stores it.

What changes from round to round is the list of pool rows moved to the labeled set, the labels
they were given, the round records, the fitted model and the strategy's own state.
``LearnerState`` holds the first three and turns all five into the plain arrays and JSON
metadata that ``checkpoint.save_state`` writes, and back. Labels are stored as positions in
the sorted set of every label the run can see (``LabelPositions``), so labels of any dtype,
strings and objects included, are stored without pickle. ``input_fingerprint`` ties a
checkpoint to the inputs and settings of the run that wrote it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .checkpoint import CheckpointError, load_state, save_state
from .round_record import RoundRecord

#: Fitted attributes saved with a checkpoint so the next round warm-starts from the same point.
_MODEL_ARRAYS = ("coef_", "intercept_", "n_iter_")
_MODEL_SCALARS = ("n_features_in_", "objective_", "solver_")
_MODEL, _STRATEGY = "model.", "strategy."


class LabelPositions:
    """Every label value a run can see, sorted; labels are stored as positions in it.

    Parameters
    ----------
    *label_arrays : array-like or None
        The label arrays of the run; None entries are skipped.

    Examples
    --------
    >>> positions = LabelPositions(np.array(["eel", "cat"]), None, np.array(["dog"]))
    >>> positions.encode(["dog", "cat"])
    array([1, 0])
    >>> positions.decode(np.array([2]))
    array(['eel'], dtype='<U3')
    """

    def __init__(self, *label_arrays):
        self.values = np.unique(np.concatenate([np.asarray(y) for y in label_arrays if y is not None]))

    def encode(self, labels) -> np.ndarray:
        """Positions (int64) of ``labels`` among the sorted values."""
        return np.searchsorted(self.values, np.asarray(labels)).astype(np.int64)

    def decode(self, positions: np.ndarray) -> np.ndarray:
        """The label values at ``positions``; IndexError for a position out of range."""
        return self.values[positions]

    def find(self, labels, name: str = "labels") -> np.ndarray:
        """Positions (int64) of ``labels`` among the values, refusing any label not among them.

        Unlike ``encode``, which assumes every label is known, each label is looked up by
        equality, so a label of another type that compares equal (``1.0`` for ``1``) is found
        and anything else is refused.

        Parameters
        ----------
        labels : array-like, 1-D
            The labels to look up.
        name : str, default="labels"
            The argument's name, for the error message.

        Returns
        -------
        ndarray of int64
            One position per label.

        Raises
        ------
        ValueError
            When ``labels`` is not 1-D or holds a value that is not among the known labels;
            the message names ``name`` and lists the known labels.

        Examples
        --------
        >>> positions = LabelPositions(np.array(["eel", "cat"]), np.array(["dog"]))
        >>> positions.find(["dog", "cat"])
        array([1, 0])
        >>> positions.find(["cow"])
        Traceback (most recent call last):
        ...
        ValueError: labels holds 'cow', not a label of this run (known: 'cat', 'dog', 'eel')
        """
        values = np.asarray(labels, dtype=object) if isinstance(labels, (list, tuple)) else np.asarray(labels)
        if values.ndim != 1:
            raise ValueError(f"{name} must be 1-D, got shape {values.shape}")
        index = {value: i for i, value in enumerate(self.values.tolist())}
        found = np.empty(values.shape[0], dtype=np.int64)
        for i, value in enumerate(values.tolist()):
            try:
                found[i] = index[value]
            except (KeyError, TypeError):
                known = ", ".join(repr(v) for v in self.values.tolist())
                raise ValueError(f"{name} holds {value!r}, not a label of this run (known: {known})") from None
        return found


#: Arrays up to this many bytes are hashed whole; larger ones (a pool of embeddings) by sample.
WHOLE_ARRAY_BYTES = 1 << 24
#: Rows read from an array hashed by sample: evenly spaced, the first and the last included.
SAMPLED_ROWS = 4096


def _array_bytes(a: np.ndarray):
    """What the fingerprint reads of one array: all of a small one, a fixed row sample of a large one."""
    if a.nbytes <= WHOLE_ARRAY_BYTES or a.ndim == 0:
        yield np.ascontiguousarray(a).tobytes()
        return
    rows = np.unique(np.linspace(0, a.shape[0] - 1, SAMPLED_ROWS).astype(np.int64))
    yield b"sampled" + rows.tobytes()
    yield np.ascontiguousarray(a[rows]).tobytes()


def input_fingerprint(arrays: Sequence[Optional[np.ndarray]], model, strategy, *, budget: int, seed: int,
                      hessian_on: str, damping: float) -> str:
    """SHA-256 of a run's inputs and settings, in hex: what ties a checkpoint to its run.

    Every array contributes its dtype and shape. An array of at most ``WHOLE_ARRAY_BYTES``
    (16 MiB) bytes contributes every byte; a larger one (a pool of embeddings, say)
    contributes ``SAMPLED_ROWS`` (4096) rows evenly spaced from the first to the last, so the
    fingerprint of a memory-mapped pool of any size reads a few megabytes, not the pool.

    What it catches: another shape or dtype of any array; any changed value of a small array
    (labels, validation and test sets, initial labeled sets); a change in a sampled row of a
    large array; other settings, strategy or estimator parameters. What it does not catch: a
    change confined to rows of a large array that the sample skips (editing some embeddings of a
    pool in place keeps its fingerprint). Resume such a run with a new checkpoint path.

    Parameters
    ----------
    arrays : sequence of ndarray or None
        The run's data, in a fixed order; None (an absent test set) is hashed as such.
    model : estimator
        Its class name and ``get_params()`` are hashed, not its fitted state.
    strategy : Strategy
        Its name and class name are hashed, and its ``repr`` when that shows settings.
    budget, seed, hessian_on, damping
        The learner's settings.

    Returns
    -------
    str
        64 hex digits; equal for equal inputs and settings. Object arrays are hashed by their
        text, not their pointers.

    Examples
    --------
    >>> from salutary_native import LogisticRegression
    >>> from salutary_native.strategies import make_strategy
    >>> args = (LogisticRegression(), make_strategy("random", 0))
    >>> kw = dict(budget=5, seed=0, hessian_on="train", damping=0.0)
    >>> input_fingerprint([np.zeros(3), None], *args, **kw) == input_fingerprint([np.zeros(3), None], *args, **kw)
    True
    >>> input_fingerprint([np.zeros(3)], *args, **kw) == input_fingerprint([np.ones(3)], *args, **kw)
    False
    """
    h = hashlib.sha256()
    for a in arrays:
        if a is None:
            h.update(b"none")
        elif a.dtype.hasobject:  # object labels: hash their text, not their pointers
            h.update(repr(a.tolist()).encode())
        else:
            h.update(str((a.dtype.str, a.shape)).encode())
            for chunk in _array_bytes(a):
                h.update(chunk)
    params = sorted((k, repr(v)) for k, v in model.get_params().items())
    config = (strategy.name, type(strategy).__name__, budget, seed, hessian_on, damping, type(model).__name__,
              params)
    if repr(strategy) != f"{type(strategy).__name__}()":  # a strategy's own settings (its seed, folds) count too
        config += (repr(strategy),)
    h.update(repr(config).encode())
    return h.hexdigest()


class LearnerState:
    """The pool rows added so far, their labels and the round records, with their checkpoint encoding.

    Parameters
    ----------
    fingerprint : str
        ``input_fingerprint`` of the run; written with every checkpoint and checked on load.
    y_train : ndarray
        Labels of the initial labeled set; the added labels start with its dtype.
    *other_labels : ndarray or None
        The other labels the run can see (validation, pool ground truth); with ``y_train``
        they make the ``LabelPositions`` a checkpoint stores labels in.

    Attributes
    ----------
    added : ndarray of int64
        Rows of the original pool moved to the labeled set, in the order they were added.
    added_labels : ndarray
        The labels given to them.
    records : list of RoundRecord
        One per completed round.

    Examples
    --------
    >>> state = LearnerState("0" * 64, np.array([0, 1]), np.array([1, 2]))
    >>> state.add(np.array([4, 1]), np.array([2, 0]))
    >>> state.taken()
    array([1, 4])
    >>> state.added_labels
    array([2, 0])
    """

    def __init__(self, fingerprint: str, y_train: np.ndarray, *other_labels):
        self.fingerprint = fingerprint
        self.labels = LabelPositions(y_train, *other_labels)
        self.added = np.empty(0, dtype=np.int64)
        self.added_labels = y_train[:0]
        self.records: List[RoundRecord] = []

    def add(self, rows: np.ndarray, labels: np.ndarray) -> None:
        """Move pool ``rows`` (original positions) to the labeled set with ``labels``."""
        self.added = np.concatenate([self.added, rows.astype(np.int64)])
        self.added_labels = np.concatenate([self.added_labels, labels])

    def taken(self) -> Optional[np.ndarray]:
        """The pool rows added so far, sorted ascending (what the next round leaves out), or None."""
        return np.sort(self.added) if len(self.added) else None

    def check_new_rows(self, rows, n_pool: int, name: str = "rows") -> np.ndarray:
        """``rows`` as int64 after checking they can be added: in range, not added yet, distinct.

        Parameters
        ----------
        rows : array-like of int, 1-D
            Positions in the original pool.
        n_pool : int
            Rows in the original pool.
        name : str, default="rows"
            The argument's name, for the error messages.

        Returns
        -------
        ndarray of int64
            A copy of ``rows``, in the given order.

        Raises
        ------
        ValueError
            When ``rows`` is empty, not 1-D or not integers, or holds a position outside
            ``[0, n_pool)``, a position already added, or the same position twice; the message
            names ``name`` and the offending positions. Nothing is changed.

        Examples
        --------
        >>> state = LearnerState("0" * 64, np.array([0, 1]))
        >>> state.add(np.array([4]), np.array([1]))
        >>> state.check_new_rows([2, 0], 6)
        array([2, 0])
        >>> state.check_new_rows([2, 4], 6)
        Traceback (most recent call last):
        ...
        ValueError: rows holds pool rows already added: [4]
        """
        array = np.asarray(rows)
        if array.ndim != 1 or array.shape[0] == 0:
            raise ValueError(f"{name} must be a 1-D list of at least one pool row, got shape {array.shape}")
        if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
            raise ValueError(f"{name} must hold integer positions in X_pool, got dtype {array.dtype}")
        array = array.astype(np.int64)
        outside = array[(array < 0) | (array >= n_pool)]
        if outside.size:
            raise ValueError(f"{name} must be positions in X_pool, 0 <= row < {n_pool}; got {outside.tolist()}")
        taken = np.unique(array[np.isin(array, self.added)])
        if taken.size:
            raise ValueError(f"{name} holds pool rows already added: {taken.tolist()}")
        values, counts = np.unique(array, return_counts=True)
        if (counts > 1).any():
            raise ValueError(f"{name} holds the same pool row more than once: {values[counts > 1].tolist()}")
        return array

    def encode(self, model, strategy) -> Tuple[Dict[str, np.ndarray], dict]:
        """The arrays and JSON meta that ``checkpoint.save_state`` writes for this state.

        Parameters
        ----------
        model : estimator
            The model fitted at the end of the last round.
        strategy : Strategy
            The run's strategy; ``strategy.state()`` is saved.

        Returns
        -------
        arrays : dict of str to ndarray
            No object arrays: labels (and ``model.classes_``) are stored as positions.
        meta : dict
            The fingerprint, the strategy's name, the records and the model's scalar attributes.
        """
        arrays = {"added": self.added, "added_labels": self.labels.encode(self.added_labels),
                  _MODEL + "classes_": self.labels.encode(model.classes_)}
        for name in _MODEL_ARRAYS:
            if hasattr(model, name):
                arrays[_MODEL + name] = np.asarray(getattr(model, name))
        for name, value in strategy.state().items():
            arrays[_STRATEGY + name] = value
        scalars = {name: getattr(model, name) for name in _MODEL_SCALARS if hasattr(model, name)}
        scalars = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in scalars.items()}
        meta = {"fingerprint": self.fingerprint, "strategy": strategy.name,
                "records": [asdict(r) for r in self.records], "model_scalars": scalars}
        return arrays, meta

    def decode(self, arrays: Dict[str, np.ndarray], meta: dict, model, strategy) -> None:
        """Inverse of ``encode``: set this state, the model's fitted attributes and the strategy's state.

        Raises
        ------
        KeyError, IndexError, TypeError
            When an entry is missing or does not fit this run's labels.
        """
        added = arrays["added"]
        added_labels = self.labels.decode(arrays["added_labels"])
        model.classes_ = self.labels.decode(arrays[_MODEL + "classes_"])
        for name in _MODEL_ARRAYS:
            if _MODEL + name in arrays:
                setattr(model, name, arrays[_MODEL + name])
        for name, value in meta["model_scalars"].items():
            setattr(model, name, value)
        strategy.restore({k[len(_STRATEGY):]: v for k, v in arrays.items() if k.startswith(_STRATEGY)})
        records = [RoundRecord(**{**r, "assigned_labels": tuple(r["assigned_labels"]),
                                  "true_labels": tuple(r["true_labels"])}) for r in meta["records"]]
        self.added, self.added_labels, self.records = added, added_labels, records

    def save(self, path: str, model, strategy) -> None:
        """Write this state, the model and the strategy's state to ``path`` atomically.

        Parameters
        ----------
        path : str
            The checkpoint file; replaced whole (``checkpoint.save_state``).
        model, strategy
            As for ``encode``.
        """
        save_state(path, *self.encode(model, strategy))

    def load(self, path: str, model, strategy) -> None:
        """Read the state written by ``save``, restoring the model and the strategy too.

        Parameters
        ----------
        path : str
            An existing checkpoint file.
        model, strategy
            As for ``encode``; changed in place.

        Raises
        ------
        CheckpointError
            When the file is not intact, was written by a run with another fingerprint, or
            lacks an entry.
        """
        arrays, meta = load_state(path)
        if meta.get("fingerprint") != self.fingerprint:
            raise CheckpointError(f"checkpoint {path} was written by a run with other inputs or settings; "
                                  "use another path or delete it")
        try:
            self.decode(arrays, meta, model, strategy)
        except (KeyError, IndexError, TypeError) as exc:
            raise CheckpointError(f"checkpoint {path} is incomplete ({exc!r})") from None
