"""The active-learning loop of maths §4: fit, score, select, label, move; checkpointed each round.

``ActiveLearner`` holds the initial labeled set, the validation set and the pool, a strategy and
an estimator. Round 0 fits the initial labeled set; each later round is two steps.
``query()`` scores the pool with the model of the previous round and returns the top-b rows
(fewer when the strategy abstains) with the strategy's labels and scores, changing nothing;
``teach(rows, labels)`` moves the given pool rows to the labeled set with the given labels
(the strategy's, a person's or the ground truth), refits (warm-started) and records the round.
``run(rounds)`` is the simulation built on the two: it teaches each query's rows with the
strategy's salutary labels, or with the ground truth for the baselines. What a round leaves
behind, and how a checkpoint stores it, lives in ``learner_state``; with ``checkpoint=path``
it is written atomically after every round and a new learner on the same inputs resumes from
it, ending exactly where an uninterrupted run ends.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from typing import Callable, List, Optional

import numpy as np

from .estimator import LogisticRegression
from .inputs import as_rows, integer_in
from .labeled_rows import LabeledRows
from .learner_state import LearnerState, input_fingerprint
from .metrics import accuracy_and_log_loss
from .parameters import check_parameter
from .progress import ProgressBar
from .round_record import RoundRecord, round_seed
from .strategies import RoundView, Strategy, make_strategy

_log = logging.getLogger("salutary_native")

__all__ = ["ActiveLearner", "Query", "RoundRecord", "round_seed"]


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


def _read_only(array: Optional[np.ndarray]) -> Optional[np.ndarray]:
    if array is not None:
        array = np.array(array)
        array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class Query:
    """The rows a strategy asks to label next, from ``ActiveLearner.query``.

    Attributes
    ----------
    round : int
        The round these rows are for: teaching them completes this round.
    rows : ndarray of int64
        Positions in the original ``X_pool``, best first (ties broken by the round's seed).
    labels : ndarray or None
        For a strategy that assigns labels (``strategy.assigns_labels``, as ``"salutary"``
        does) the labels it gives these rows, values of the model's ``classes_``; None for
        the others, which leave labeling to the ground truth (or to whoever calls ``teach``).
        It is never the model's prediction.
    scores : ndarray of float64
        The strategy's score of each row (higher was picked first).
    abstained : int, default=0
        Rows of the budget the strategy declined to pick (a strategy that abstains, such as
        ``AbstainingSalutary``, returns fewer rows than asked when too few are eligible).

    Notes
    -----
    The arrays are read-only. Two queries are equal when all five fields are equal.

    Examples
    --------
    >>> import numpy as np
    >>> q = Query(1, np.array([4, 2]), None, np.array([0.9, 0.5]))
    >>> q == Query(1, np.array([4, 2]), None, np.array([0.9, 0.5])), q.rows.flags.writeable
    (True, False)
    """

    round: int
    rows: np.ndarray
    labels: Optional[np.ndarray]
    scores: np.ndarray
    abstained: int = 0

    def __post_init__(self):
        object.__setattr__(self, "rows", _read_only(np.asarray(self.rows, dtype=np.int64)))
        object.__setattr__(self, "labels", _read_only(self.labels))
        object.__setattr__(self, "scores", _read_only(np.asarray(self.scores, dtype=np.float64)))

    def __eq__(self, other) -> bool:
        if not isinstance(other, Query):
            return NotImplemented
        same_labels = (self.labels is None and other.labels is None) or (
            self.labels is not None and other.labels is not None and np.array_equal(self.labels, other.labels))
        return (self.round == other.round and np.array_equal(self.rows, other.rows) and same_labels
                and np.array_equal(self.scores, other.scores, equal_nan=True) and self.abstained == other.abstained)

    __hash__ = None


class ActiveLearner:
    """Runs rounds of pool-based active learning with one strategy (maths §4).

    Step by step, ``query`` asks which pool rows to label next and ``teach`` adds rows with
    labels from any source; ``run`` does both for a number of rounds, labeling with the
    strategy's labels or the ground truth.

    Parameters
    ----------
    X_train : array-like of shape (n_train, n_features)
        The initial labeled set; kept as ``X_train`` (float64).
    y_train : array-like of shape (n_train,)
        Its labels, of any sortable dtype.
    X_val, y_val : array-like
        The validation set the influence strategies score against.
    X_pool : array-like of shape (n_pool, n_features)
        The unlabeled pool; a C-ordered float32 or float64 array (a memory map included) is
        read in place and never copied: rows taken in earlier rounds are left out inside each
        round's native pass.
    y_pool : array-like of shape (n_pool,), optional
        The pool's ground truth: ``run`` labels the baselines' rows with it, and every round
        records it to report label agreement. Without it, rows are labeled through ``teach``
        (``run`` still works for a strategy that assigns labels).
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
        When an array or setting is invalid (the message names it).
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
        if estimator is None:
            estimator = LogisticRegression(C=0.02, warm_start=True)
        if not hasattr(estimator, "fit") or not hasattr(estimator, "predict_proba"):
            raise TypeError(f"estimator must have fit and predict_proba, got {type(estimator).__name__}")
        self.model = _clone(estimator)
        self.checkpoint = None if checkpoint is None else os.fspath(checkpoint)

        self._labeled = LabeledRows(self.X_train)
        data = (self.X_train, self.y_train, self.X_val, self.y_val, self.X_pool, self.y_pool, self.X_test,
                self.y_test)
        fingerprint = input_fingerprint(data, self.model, self.strategy, budget=self.budget, seed=self.seed,
                                        hessian_on=self.hessian_on, damping=self.damping)
        self._state = LearnerState(fingerprint, self.y_train, self.y_val, self.y_pool)
        self._timing = None  # (round, rows, score and select seconds) of the last query, for teach's record
        if self.checkpoint is not None and os.path.exists(self.checkpoint):
            self._state.load(self.checkpoint, self.model, self.strategy)
            self._labeled.append(self.X_pool, self._state.added)
            _log.info("resumed from %s after %d rounds", self.checkpoint, len(self._state.records))

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
            A copy, ``budget`` rows per completed round after round 0 in ``run`` (fewer for
            a round whose strategy abstained).

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
            A read-only view of a buffer that grows by the added rows only (never re-stacked).

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
        return self._labeled.rows

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

    def query(self, budget: Optional[int] = None) -> Query:
        """The rows the strategy asks to label next, with its labels and scores; nothing moves.

        Scores the rows still in the pool with the current model (the one fitted at the end of
        the last completed round) and selects the top ``budget`` of them, ties broken by the
        next round's seed (``round_seed(seed, round)``). No row moves, no label is given, no
        round is recorded and no checkpoint is written, so calling it again gives an equal
        answer, and a learner resumed from a checkpoint gives the same answer too.

        Parameters
        ----------
        budget : int, optional
            Rows to return, between 1 and the rows left in the pool; default the learner's
            ``budget``.

        Returns
        -------
        Query
            ``rows`` (positions in the original ``X_pool``, best first), ``labels`` (the
            strategy's labels for those rows when it assigns labels, else None) and ``scores``,
            for round ``len(records)``. A strategy that abstains may return fewer than
            ``budget`` rows, even none; ``abstained`` counts the rows it declined.

        Raises
        ------
        ValueError
            When ``budget`` is out of range or the pool has fewer rows left than ``budget``.
        TypeError
            When ``budget`` is not an integer.

        Notes
        -----
        On a fresh learner the first call completes round 0 first (the fit on the initial
        labeled set, recorded and checkpointed exactly as ``run`` does): there is no model to
        query before it. A strategy that fits a helper once, at its first round (``pred_infl``
        and its regression tree), fits it at the first query; the helper depends only on that
        round, so the answer does not depend on how often ``query`` is called.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import ActiveLearner
        >>> X = np.random.default_rng(1).normal(size=(120, 3)); y = (X[:, 0] > 0).astype(int)
        >>> learner = ActiveLearner(X[:20], y[:20], X[20:50], y[20:50], X[50:], budget=4)
        >>> q = learner.query()
        >>> q.round, q.rows.shape, q.labels.shape, q.scores.shape
        (1, (4,), (4,), (4,))
        >>> learner.query() == q, len(learner.added_pool_rows)
        (True, 0)
        """
        left = self.X_pool.shape[0] - len(self._state.added)
        budget = self.budget if budget is None else integer_in(budget, "budget", 1, self.X_pool.shape[0])
        if budget > left:
            raise ValueError(f"budget ({budget}) exceeds the {left} rows left in the pool")
        self._start(None)
        return self._query(budget)

    def teach(self, rows, labels) -> RoundRecord:
        """Move pool ``rows`` to the labeled set with ``labels``, refit and record the round.

        The labels may come from anywhere: the strategy's query, a person, the ground truth.
        Everything is checked before anything changes; then the rows are added, the model is
        refitted (warm-started), the round is recorded and, when the learner has a
        checkpoint, the checkpoint is written (it stores the rows and the labels given here,
        so a resumed learner goes on from exactly this point).

        Parameters
        ----------
        rows : array-like of int, 1-D
            Positions in the original ``X_pool`` (as in ``Query.rows``), at least one, each
            still in the pool and none twice. Any number of rows may be taught in a round.
        labels : array-like, 1-D
            One label per row. Each must be a label of this run: a value of ``y_train``,
            ``y_val`` or ``y_pool``. A label of the run that the current model does not know
            yet (a class absent from the labeled set so far) is accepted, and the refitted
            model gains that class, as when the ground truth reveals one; a value that is not a
            label of the run at all is refused. Labels keep their dtype when it is that of
            ``y_train``, ``y_pool`` or the model's ``classes_``; otherwise (a list of mixed
            Python values, say) they are stored as the equal values of the run's labels.

        Returns
        -------
        RoundRecord
            The record of the round just completed (also the last of ``records``). Its
            ``score_seconds``, ``select_seconds`` and ``abstained`` are those of the last
            ``query`` when these rows are that query's rows, else 0.0, 0.0 and 0.

        Raises
        ------
        ValueError
            When ``rows`` is empty, not integers, holds a position outside the pool, a row
            already added or a row twice; when ``labels`` has another length than ``rows`` or
            holds a value that is not a label of this run. The message names the argument;
            nothing has changed.

        Notes
        -----
        On a fresh learner round 0 (the fit on the initial labeled set) is completed first,
        so the rows taught here are round 1's.

        Examples
        --------
        >>> import numpy as np
        >>> from salutary_native import ActiveLearner
        >>> X = np.random.default_rng(1).normal(size=(120, 3)); y = (X[:, 0] > 0).astype(int)
        >>> learner = ActiveLearner(X[:20], y[:20], X[20:50], y[20:50], X[50:], budget=4)
        >>> q = learner.query()
        >>> record = learner.teach(q.rows, [1, 0, 0, 1])   # a person's labels
        >>> record.round, record.n_labeled, record.assigned_labels
        (1, 24, (1, 0, 0, 1))
        >>> learner.teach([0, 5], [0, 0]).n_labeled             # rows chosen by hand
        26
        >>> learner.teach([0], [1])
        Traceback (most recent call last):
        ...
        ValueError: rows holds pool rows already added: [0]
        """
        rows, labels = self._checked(rows, labels)
        self._start(None)
        self._teach(rows, labels, None)
        return self._state.records[-1]

    def run(self, rounds: int, on_round: Optional[Callable[[RoundRecord], None]] = None,
            progress: Optional[bool] = None) -> List[RoundRecord]:
        """Run until ``rounds`` rounds after round 0 are complete.

        Each round is ``query()`` followed by ``teach()`` of the query's rows, labeled with
        the query's labels for a strategy that assigns labels and with ``y_pool`` (the ground
        truth) for the baselines. Rounds already completed (earlier calls, ``teach`` calls, or
        a checkpoint) are not run again.

        A strategy that abstains may pick fewer than ``budget`` rows; the round adds those and
        records how many it abstained on (``RoundRecord.abstained``). A round that picks none
        adds nothing and keeps the model as it is, without refitting (``fit_seconds`` 0.0): the
        labeled set is unchanged, so the model is too, bit for bit, and a checkpoint resumes
        from it exactly as from any other round.

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
            When ``rounds`` is negative, the pool has too few rows left for the missing rounds,
            or rounds are missing and the strategy, which does not assign labels, has no
            ``y_pool`` to label with (teach such a learner with ``teach``).

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
        if missing and not self.strategy.assigns_labels and self.y_pool is None:
            raise ValueError(f"strategy {self.strategy.name!r} labels with the ground truth: pass y_pool, "
                             "or label its queries with teach()")
        with ProgressBar(rounds + 1, self.strategy.name, enabled=progress) as bar:
            bar.update(min(done, rounds + 1))

            def finished(record):
                bar.update(1, f"round {record.round}")
                if on_round is not None:
                    on_round(record)

            self._start(finished)
            while len(self._state.records) <= rounds:
                q = self._query(self.budget)
                if len(q.rows) == 0:
                    self._keep_round(finished)
                    continue
                labels = q.labels if self.strategy.assigns_labels else self.y_pool[q.rows]
                self._teach(*self._checked(q.rows, labels), finished)
        return self.records

    def _start(self, on_round) -> None:
        """Round 0 (fit the initial labeled set, record, checkpoint) unless it is done."""
        if not self._state.records:
            self._finish_round(0, (), (), self._fit(), 0.0, 0.0, on_round)

    def _fit(self) -> float:
        start = time.perf_counter()
        self.model.fit(self.X_labeled, self.y_labeled)
        return time.perf_counter() - start

    def _query(self, budget: int) -> Query:
        """Score the remaining pool with the current model and select the top ``budget`` rows."""
        round_ = len(self._state.records)
        # The whole pool, read in place: rows taken so far are left out by the selection.
        view = RoundView(self.model, self.X_labeled, self.y_labeled, self.X_val, self.y_val, self.X_pool,
                         round_seed(self.seed, round_), self.hessian_on, self.damping, self._state.taken(),
                         self.X_train.shape[0])
        picked = self.strategy.choose(view, budget)
        if len(picked.rows) > budget:
            raise RuntimeError(f"strategy {self.strategy.name!r} picked {len(picked.rows)} rows "
                               f"for a budget of {budget}")
        query = Query(round_, picked.rows, picked.labels if self.strategy.assigns_labels else None, picked.scores,
                      budget - len(picked.rows))
        self._timing = (round_, query.rows.tobytes(), picked.score_seconds, picked.select_seconds, query.abstained)
        return query

    def _query_timing(self, round_: int, rows: np.ndarray):
        """Score and select seconds and abstentions of the last query when ``rows`` are its rows, else zeros."""
        timing, self._timing = self._timing, None
        if timing is not None and timing[0] == round_ and timing[1] == np.asarray(rows, dtype=np.int64).tobytes():
            return timing[2], timing[3], timing[4]
        return 0.0, 0.0, 0

    def _checked(self, rows, labels):
        """``rows`` and ``labels`` checked for ``teach``; ValueError naming the argument otherwise."""
        rows = self._state.check_new_rows(rows, self.X_pool.shape[0], "rows")
        positions = self._state.labels.find(labels, "labels")
        if len(positions) != len(rows):
            raise ValueError(f"labels must give one label per row: {len(positions)} labels for {len(rows)} rows")
        labels = np.asarray(labels)
        kept = {self.y_train.dtype} | ({self.y_pool.dtype} if self.y_pool is not None else set())
        if hasattr(self.model, "classes_"):
            kept.add(np.asarray(self.model.classes_).dtype)
        if labels.dtype not in kept:
            labels = self._state.labels.decode(positions)
        return rows, labels.copy()

    def _teach(self, rows: np.ndarray, labels: np.ndarray, on_round) -> None:
        """Move checked ``rows`` with ``labels`` to the labeled set, refit, record and checkpoint."""
        round_ = len(self._state.records)
        score_s, select_s, abstained = self._query_timing(round_, rows)
        truth = () if self.y_pool is None else tuple(self.y_pool[rows].tolist())
        self._state.add(rows, labels)
        self._labeled.append(self.X_pool, rows)
        fit_seconds = self._fit()
        self._finish_round(round_, tuple(np.asarray(labels).tolist()), truth, fit_seconds, score_s, select_s,
                           on_round, abstained)

    def _keep_round(self, on_round) -> None:
        """Record a round whose query picked no row: nothing moves and the model is not refitted."""
        round_ = len(self._state.records)
        score_s, select_s, abstained = self._query_timing(round_, np.empty(0, dtype=np.int64))
        self._finish_round(round_, (), (), 0.0, score_s, select_s, on_round, abstained)

    def _finish_round(self, round_, assigned, truth, fit_s, score_s, select_s, on_round, abstained=0) -> None:
        """Score the refitted model, record the round, write the checkpoint, then report."""
        test = (float("nan"), float("nan")) if self.X_test is None else \
            accuracy_and_log_loss(self.model, self.X_test, self.y_test)
        val = accuracy_and_log_loss(self.model, self.X_val, self.y_val)
        n_labeled = self.X_train.shape[0] + len(self._state.added)
        self._state.records.append(RoundRecord(round_, n_labeled, test[0], test[1], val[0], val[1], assigned,
                                               truth, fit_s, score_s, select_s, abstained))
        if self.checkpoint is not None:
            self._state.save(self.checkpoint, self.model, self.strategy)
        if on_round is not None:
            on_round(self._state.records[-1])
