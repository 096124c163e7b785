"""The active-learning loop of maths §4: fit, score, select, label, move; checkpointed each round.

``ActiveLearner`` holds the initial labeled set, the validation set and the pool, a strategy and
an estimator. Round 0 fits the initial labeled set; each later round scores the pool with the
model of the previous round, labels the top-b rows (with the strategy's salutary labels, or
the ground truth for baselines), moves them to the labeled set and refits (warm-started).
What a round leaves behind, and how a checkpoint stores it, lives in ``learner_state``; with
``checkpoint=path`` it is written atomically after every round and a new learner on the same
inputs resumes from it, ending exactly where an uninterrupted run ends.
"""

from __future__ import annotations

import os
import time
from typing import Callable, List, Optional

import numpy as np

from .estimator import LogisticRegression
from .inputs import as_rows, integer_in, real_at_least
from .parameters import check_parameter
from .learner_state import LearnerState, input_fingerprint
from .metrics import accuracy_and_log_loss
from .progress import ProgressBar
from .round_record import RoundRecord, round_seed
from .strategies import RoundView, Strategy, make_strategy

__all__ = ["ActiveLearner", "RoundRecord", "round_seed"]


def _labels(y, name: str, n_rows: int) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] != n_rows:
        raise ValueError(f"{name} must be 1-D with one label per row ({n_rows}), got shape {y.shape}")
    return y


def _clone(estimator):
    """A fresh copy of the estimator's parameters: the user's object is never fitted here."""
    try:
        from sklearn.base import clone
    except ImportError:
        return type(estimator)(**estimator.get_params())
    return clone(estimator)


class ActiveLearner:
    """Runs rounds of pool-based active learning with one strategy (maths §4).

    Parameters
    ----------
    X_train : array-like of shape (n_train, n_features)
        The initial labeled set; kept as ``X_train`` (float64).
    y_train : array-like of shape (n_train,)
        Its labels, of any sortable dtype.
    X_val, y_val : array-like
        The validation set the influence strategies score against.
    X_pool : array-like of shape (n_pool, n_features)
        The unlabeled pool; float32 is kept as float32.
    y_pool : array-like of shape (n_pool,), optional
        The pool's ground truth: needed by the baselines, which label with it, and used by
        every strategy to report label agreement.
    X_test, y_test : array-like, optional
        A test set scored at the end of every round; give both or neither.
    strategy : str or Strategy, default="salutary"
        A name from ``salutary_native.strategies.STRATEGIES`` or a ``Strategy``.
    estimator : estimator, optional
        Default ``LogisticRegression(C=0.02, warm_start=True)``. Any scikit-learn compatible
        logistic regression (``predict_proba``, ``classes_``) works; the influence strategies
        need this package's or scikit-learn's L2 LogisticRegression. It is cloned, never fitted.
    budget : int, default=10
        Pool rows labeled per round, between 1 and n_pool.
    seed : int, default=0
        Run seed, >= 0; each round's tie-break seed is ``round_seed(seed, round)``.
    hessian_on : {"train", "pool", "train+pool"}, default="train"
        Rows whose curvature the influence strategies use.
    damping : float, default=0.0
        Added to the Hessian's diagonal by the influence strategies, >= 0.
    checkpoint : str or path-like, optional
        State file written after every round; when it exists, the learner resumes from it.

    Attributes
    ----------
    model : estimator
        The clone fitted at the end of the last completed round.
    strategy : Strategy
        The strategy object in use.

    Raises
    ------
    ValueError, TypeError
        When an array or setting is invalid (the message names it), or when a ground-truth
        strategy gets no ``y_pool``.
    CheckpointError
        When ``checkpoint`` exists but is not intact or was written with other inputs or settings.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import ActiveLearner
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(300, 4))
    >>> y = (X[:, 0] + 0.5 * rng.normal(size=300) > 0).astype(int)
    >>> learner = ActiveLearner(X[:40], y[:40], X[40:100], y[40:100], X[100:], y_pool=y[100:], budget=5)
    >>> [r.n_labeled for r in learner.run(3, progress=False)]
    [40, 45, 50, 55]
    """

    def __init__(self, X_train, y_train, X_val, y_val, X_pool, *, y_pool=None, X_test=None, y_test=None,
                 strategy="salutary", estimator=None, budget=10, seed=0, hessian_on="train", damping=0.0,
                 checkpoint=None):
        self.X_train = as_rows(X_train, "X_train")
        d = self.X_train.shape[1]
        self.y_train = _labels(y_train, "y_train", self.X_train.shape[0])
        self.X_val = as_rows(X_val, "X_val", n_features=d)
        self.y_val = _labels(y_val, "y_val", self.X_val.shape[0])
        self.X_pool = as_rows(X_pool, "X_pool", n_features=d, keep_float32=True)
        self.y_pool = None if y_pool is None else _labels(y_pool, "y_pool", self.X_pool.shape[0])
        if (X_test is None) != (y_test is None):
            raise ValueError("X_test and y_test must be given together")
        self.X_test = None if X_test is None else as_rows(X_test, "X_test", n_features=d)
        self.y_test = None if y_test is None else _labels(y_test, "y_test", self.X_test.shape[0])
        self.seed = integer_in(seed, "seed", 0, 2**63 - 1)
        self.budget = integer_in(budget, "budget", 1, self.X_pool.shape[0])
        self.hessian_on = check_parameter("hessian_on", hessian_on)
        self.damping = check_parameter("damping", damping)
        self.strategy: Strategy = make_strategy(strategy, self.seed)
        if not self.strategy.assigns_labels and self.y_pool is None:
            raise ValueError(f"strategy {self.strategy.name!r} labels with the ground truth: pass y_pool")
        if estimator is None:
            estimator = LogisticRegression(C=0.02, warm_start=True)
        if not hasattr(estimator, "fit") or not hasattr(estimator, "predict_proba"):
            raise TypeError(f"estimator must have fit and predict_proba, got {type(estimator).__name__}")
        self.model = _clone(estimator)
        self.checkpoint = None if checkpoint is None else os.fspath(checkpoint)

        data = (self.X_train, self.y_train, self.X_val, self.y_val, self.X_pool, self.y_pool, self.X_test,
                self.y_test)
        fingerprint = input_fingerprint(data, self.model, self.strategy, budget=self.budget, seed=self.seed,
                                        hessian_on=self.hessian_on, damping=self.damping)
        self._state = LearnerState(fingerprint, self.y_train, self.y_val, self.y_pool)
        if self.checkpoint is not None and os.path.exists(self.checkpoint):
            self._state.load(self.checkpoint, self.model, self.strategy)

    @classmethod
    def from_split(cls, split, **kwargs) -> "ActiveLearner":
        """A learner over a ``PaperSplit``, its pool ground truth and test set included.

        Parameters
        ----------
        split : PaperSplit
            From ``split_paper_protocol``.
        **kwargs
            Any keyword argument of ``ActiveLearner`` but the arrays.

        Returns
        -------
        ActiveLearner

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import ActiveLearner, split_paper_protocol
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(400, 4))
        >>> y = (X[:, 1] > 0).astype(int)
        >>> split = split_paper_protocol(X, y, seed=0, n_init=50)
        >>> learner = ActiveLearner.from_split(split, strategy="entropy", budget=8)
        >>> learner.run(2, progress=False)[-1].n_labeled
        66
        """
        return cls(split.X_train, split.y_train, split.X_val, split.y_val, split.X_pool, y_pool=split.y_pool,
                   X_test=split.X_test, y_test=split.y_test, **kwargs)

    @property
    def records(self) -> List[RoundRecord]:
        """The record of every completed round, round 0 first.

        Returns
        -------
        list of RoundRecord
            A copy; after a resume it includes the rounds read from the checkpoint.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import ActiveLearner
        >>> X = np.random.default_rng(1).normal(size=(120, 3)); y = (X[:, 0] > 0).astype(int)
        >>> learner = ActiveLearner(X[:20], y[:20], X[20:50], y[20:50], X[50:], budget=4)
        >>> _ = learner.run(2, progress=False)
        >>> [r.round for r in learner.records]
        [0, 1, 2]
        """
        return list(self._state.records)

    @property
    def added_pool_rows(self) -> np.ndarray:
        """Rows of the original ``X_pool`` moved to the labeled set, in the order they were added.

        Returns
        -------
        ndarray of int64
            A copy, ``budget`` rows per completed round after round 0.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import ActiveLearner
        >>> X = np.random.default_rng(1).normal(size=(120, 3)); y = (X[:, 0] > 0).astype(int)
        >>> learner = ActiveLearner(X[:20], y[:20], X[20:50], y[20:50], X[50:], budget=4)
        >>> _ = learner.run(2, progress=False)
        >>> learner.added_pool_rows.shape
        (8,)
        """
        return self._state.added.copy()

    @property
    def X_labeled(self) -> np.ndarray:
        """The labeled set as of the last completed round: ``X_train``, then the added pool rows.

        Returns
        -------
        ndarray of shape (n_train + n_added, n_features)

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import ActiveLearner
        >>> X = np.random.default_rng(1).normal(size=(120, 3)); y = (X[:, 0] > 0).astype(int)
        >>> learner = ActiveLearner(X[:20], y[:20], X[20:50], y[20:50], X[50:], budget=4)
        >>> _ = learner.run(2, progress=False)
        >>> learner.X_labeled.shape
        (28, 3)
        """
        return np.vstack([self.X_train, self.X_pool[self._state.added]])

    @property
    def y_labeled(self) -> np.ndarray:
        """Labels of ``X_labeled``: ``y_train``, then the labels assigned to the added rows.

        Returns
        -------
        ndarray of shape (n_train + n_added,)

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import ActiveLearner
        >>> X = np.random.default_rng(1).normal(size=(120, 3)); y = (X[:, 0] > 0).astype(int)
        >>> learner = ActiveLearner(X[:20], y[:20], X[20:50], y[20:50], X[50:], budget=4)
        >>> _ = learner.run(1, progress=False)
        >>> bool((learner.y_labeled[:20] == y[:20]).all()), len(learner.y_labeled)
        (True, 24)
        """
        return np.concatenate([self.y_train, self._state.added_labels])

    def run(self, rounds: int, on_round: Optional[Callable[[RoundRecord], None]] = None,
            progress: Optional[bool] = None) -> List[RoundRecord]:
        """Run until ``rounds`` rounds after round 0 are complete.

        Rounds already completed (earlier calls, or a checkpoint) are not run again.

        Parameters
        ----------
        rounds : int
            Rounds after round 0, >= 0.
        on_round : callable, optional
            Called with each new round's record, after its checkpoint is written.
        progress : bool, optional
            Draw a bar on stderr; by default only when stderr is a terminal.

        Returns
        -------
        list of RoundRecord
            Every round's record, round 0 first (``rounds + 1`` of them, or more when more were
            already complete).

        Raises
        ------
        ValueError
            When ``rounds`` is negative or the pool has too few rows left for the missing rounds.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import ActiveLearner
        >>> X = np.random.default_rng(1).normal(size=(120, 3)); y = (X[:, 0] > 0).astype(int)
        >>> learner = ActiveLearner(X[:20], y[:20], X[20:50], y[20:50], X[50:], budget=4)
        >>> len(learner.run(2, progress=False)), len(learner.run(3, progress=False))
        (3, 4)
        """
        rounds = integer_in(rounds, "rounds", 0)
        done = len(self._state.records)
        left = self.X_pool.shape[0] - len(self._state.added)
        missing = max(0, rounds - max(done - 1, 0))
        if missing * self.budget > left:
            raise ValueError(f"rounds × budget = {missing} × {self.budget} exceeds the {left} rows left in the pool")
        with ProgressBar(rounds + 1, self.strategy.name, enabled=progress) as bar:
            bar.update(min(done, rounds + 1))

            def finished(record):
                bar.update(1, f"round {record.round}")
                if on_round is not None:
                    on_round(record)

            if not self._state.records:
                self._finish_round(0, (), (), self._fit(), 0.0, 0.0, finished)
            while len(self._state.records) <= rounds:
                self._one_round(len(self._state.records), finished)
        return self.records

    def _fit(self) -> float:
        start = time.perf_counter()
        self.model.fit(self.X_labeled, self.y_labeled)
        return time.perf_counter() - start

    def _one_round(self, round_: int, on_round) -> None:
        """Score the remaining pool, select the top-b rows, label them, move them and refit."""
        remaining = self._state.remaining(self.X_pool.shape[0])
        view = RoundView(self.model, self.X_labeled, self.y_labeled, self.X_val, self.y_val,
                         self.X_pool[remaining], round_seed(self.seed, round_), self.hessian_on, self.damping)
        start = time.perf_counter()
        scored = self.strategy.score(view)
        scored_at = time.perf_counter()
        picked = self.strategy.select(view, scored, self.budget)
        rows = remaining[picked]
        labels = np.asarray(scored.labels)[picked] if self.strategy.assigns_labels else self.y_pool[rows]
        selected_at = time.perf_counter()
        truth = () if self.y_pool is None else tuple(self.y_pool[rows].tolist())
        self._state.add(rows, labels)
        fit_seconds = self._fit()
        self._finish_round(round_, tuple(np.asarray(labels).tolist()), truth, fit_seconds,
                           scored_at - start, selected_at - scored_at, on_round)

    def _finish_round(self, round_, assigned, truth, fit_s, score_s, select_s, on_round) -> None:
        """Score the refitted model, record the round, write the checkpoint, then report."""
        test = (float("nan"), float("nan")) if self.X_test is None else \
            accuracy_and_log_loss(self.model, self.X_test, self.y_test)
        val = accuracy_and_log_loss(self.model, self.X_val, self.y_val)
        n_labeled = self.X_train.shape[0] + len(self._state.added)
        self._state.records.append(RoundRecord(round_, n_labeled, test[0], test[1], val[0], val[1], assigned,
                                               truth, fit_s, score_s, select_s))
        if self.checkpoint is not None:
            self._state.save(self.checkpoint, self.model, self.strategy)
        if on_round is not None:
            on_round(self._state.records[-1])
