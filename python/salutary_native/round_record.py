"""What one round of the active-learning loop did, and the seed it broke ties with (maths §4)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class RoundRecord:
    """What one round did and what the model fitted at its end scores.

    Round 0 fits the initial labeled set and adds nothing; each later round adds pool rows
    (``budget`` of them in ``ActiveLearner.run``, fewer, even none, when the strategy abstains;
    any number through ``ActiveLearner.teach``). Records are plain values: a checkpoint stores
    them as JSON.

    Attributes
    ----------
    round : int
        0 for the fit on the initial labeled set, then 1, 2, ...
    n_labeled : int
        Rows in the labeled set at the end of the round.
    test_accuracy, test_loss : float
        Accuracy and mean cross-entropy on the test set; NaN without one.
    val_accuracy, val_loss : float
        The same on the validation set.
    assigned_labels : tuple
        The labels given to the rows added this round, in the order they were added.
    true_labels : tuple
        Their ground truth; empty when it is unknown.
    fit_seconds, score_seconds, select_seconds : float
        Wall-clock time of the refit, and of scoring the pool and selecting the rows in the
        query whose rows the round added; the last two are 0.0 when the rows were not a
        query's (``ActiveLearner.teach`` of rows chosen elsewhere) and for round 0.
    abstained : int, default=0
        Rows of the budget the strategy declined to pick this round (``budget`` minus the rows
        added by ``ActiveLearner.run``); 0 for round 0, for rows not from a query and in
        records written before the field existed.

    Examples
    --------
    >>> r = RoundRecord(1, 12, float("nan"), float("nan"), 0.9, 0.3, (0, 1, 1), (0, 1, 0), 0.01, 0.02, 0.0)
    >>> round(r.label_agreement, 3)
    0.667
    >>> r.class_balance()
    {0: 1, 1: 2}
    """

    round: int
    n_labeled: int
    test_accuracy: float  #: NaN without a test set
    test_loss: float  #: mean cross-entropy
    val_accuracy: float
    val_loss: float
    assigned_labels: tuple  #: the labels given to the rows added this round
    true_labels: tuple  #: their ground truth, empty when unknown
    fit_seconds: float
    score_seconds: float
    select_seconds: float
    abstained: int = 0  #: rows of the budget the strategy declined to pick

    @property
    def label_agreement(self) -> float:
        """Fraction of assigned labels equal to the ground truth.

        Returns
        -------
        float
            In [0, 1]; NaN when the ground truth is unknown or the round added no rows.

        Examples
        --------
        >>> RoundRecord(1, 3, 0.0, 0.0, 0.0, 0.0, ("a", "b"), ("a", "a"), 0.0, 0.0, 0.0).label_agreement
        0.5
        """
        if not self.assigned_labels or len(self.true_labels) != len(self.assigned_labels):
            return float("nan")
        return float(np.mean(np.asarray(self.assigned_labels) == np.asarray(self.true_labels)))

    def class_balance(self) -> dict:
        """Count of each assigned label among the rows added this round.

        Returns
        -------
        dict
            Label → count, labels in sorted order; empty when the round added no rows.

        Examples
        --------
        >>> RoundRecord(1, 3, 0.0, 0.0, 0.0, 0.0, ("b", "a", "b"), (), 0.0, 0.0, 0.0).class_balance()
        {'a': 1, 'b': 2}
        """
        values, counts = np.unique(np.asarray(self.assigned_labels), return_counts=True)
        return dict(zip(values.tolist(), counts.tolist()))


@functools.lru_cache(maxsize=1024)  # a SeedSequence costs ~5 µs, a twentieth of a small model's round
def round_seed(seed: int, round_: int) -> int:
    """The tie-break seed of one round, the same for every strategy.

    Parameters
    ----------
    seed : int
        The run's seed (non-negative).
    round_ : int
        The round number.

    Returns
    -------
    int
        A 64-bit hash of ``(seed, round_)`` from ``numpy.random.SeedSequence``.

    Examples
    --------
    >>> round_seed(0, 1) == round_seed(0, 1) != round_seed(0, 2)
    True
    """
    return int(np.random.SeedSequence([seed, round_]).generate_state(1, np.uint64)[0])
