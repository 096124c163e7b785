"""The active-learning loop of maths §4: fit, score, select, label, move; checkpointed each round.

``ActiveLearner`` holds the labeled set, the validation set and the pool, a strategy and an
estimator. Round 0 fits the initial labeled set; each later round scores the pool with the
model of the previous round, labels the top-b rows (with the strategy's salutary labels, or
the ground truth for baselines), moves them to the labeled set and refits (warm-started).
With ``checkpoint=path`` the state is written atomically after every round and a new learner
on the same inputs resumes from it, ending exactly where an uninterrupted run ends.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import asdict, dataclass
from typing import Callable, List, Optional

import numpy as np

from .checkpoint import CheckpointError, load_state, save_state
from .estimator import LogisticRegression
from .inputs import as_rows, hessian_on_name, integer_in, real_at_least
from .metrics import accuracy_and_log_loss
from .progress import ProgressBar
from .strategies import RoundView, Strategy, make_strategy

#: Fitted attributes saved with a checkpoint so the next round warm-starts from the same point.
_MODEL_ARRAYS = ("coef_", "intercept_", "n_iter_")
_MODEL_SCALARS = ("n_features_in_", "objective_", "solver_")


@dataclass(frozen=True)
class RoundRecord:
    """What one round did and what the model fitted at its end scores."""

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

    @property
    def label_agreement(self) -> float:
        """Fraction of assigned labels equal to the ground truth (NaN when unknown or none added)."""
        if not self.assigned_labels or len(self.true_labels) != len(self.assigned_labels):
            return float("nan")
        return float(np.mean(np.asarray(self.assigned_labels) == np.asarray(self.true_labels)))

    def class_balance(self) -> dict:
        """Count of each assigned label among the rows added this round."""
        values, counts = np.unique(np.asarray(self.assigned_labels), return_counts=True)
        return dict(zip(values.tolist(), counts.tolist()))


def round_seed(seed: int, round_: int) -> int:
    """The tie-break seed of one round: a hash of (run seed, round), the same for every strategy."""
    return int(np.random.SeedSequence([seed, round_]).generate_state(1, np.uint64)[0])


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

    ``strategy`` is a name from ``salutary_native.strategies.STRATEGIES`` or a ``Strategy``.
    ``estimator`` defaults to ``LogisticRegression(C=0.02, warm_start=True)``; any
    scikit-learn compatible logistic regression (``predict_proba``, ``classes_``) works, and
    the influence strategies need this package's or scikit-learn's L2 LogisticRegression.
    ``y_pool`` is the ground truth: needed by the baselines, which label with it, and used
    by every strategy to report label agreement. Seeds are derived per round from ``seed``.
    """

    def __init__(self, X_train, y_train, X_val, y_val, X_pool, *, y_pool=None, X_test=None, y_test=None,
                 strategy="salutary", estimator=None, budget=10, seed=0, hessian_on="train", damping=0.0,
                 checkpoint=None):
        self.X_init = as_rows(X_train, "X_train")
        d = self.X_init.shape[1]
        self.y_init = _labels(y_train, "y_train", self.X_init.shape[0])
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
        self.hessian_on = hessian_on_name(hessian_on)
        self.damping = real_at_least(damping, "damping", 0.0)
        self.strategy: Strategy = make_strategy(strategy, self.seed)
        if not self.strategy.assigns_labels and self.y_pool is None:
            raise ValueError(f"strategy {self.strategy.name!r} labels with the ground truth: pass y_pool")
        if estimator is None:
            estimator = LogisticRegression(C=0.02, warm_start=True)
        if not hasattr(estimator, "fit") or not hasattr(estimator, "predict_proba"):
            raise TypeError(f"estimator must have fit and predict_proba, got {type(estimator).__name__}")
        self.model = _clone(estimator)
        self.checkpoint = None if checkpoint is None else os.fspath(checkpoint)

        # Every label value that can occur; a checkpoint stores labels as positions in it.
        known = [self.y_init, self.y_val] + ([self.y_pool] if self.y_pool is not None else [])
        self._label_values = np.unique(np.concatenate([np.asarray(y) for y in known]))
        self._added = np.empty(0, dtype=np.int64)  # original pool rows, in the order they were added
        self._added_labels = self.y_init[:0]
        self._records: List[RoundRecord] = []
        self._fingerprint = self._input_fingerprint()
        if self.checkpoint is not None and os.path.exists(self.checkpoint):
            self._restore()

    @classmethod
    def from_split(cls, split, **kwargs) -> "ActiveLearner":
        """A learner over a ``PaperSplit`` (``split_paper_protocol``), ground truth and test set included."""
        return cls(split.X_train, split.y_train, split.X_val, split.y_val, split.X_pool, y_pool=split.y_pool,
                   X_test=split.X_test, y_test=split.y_test, **kwargs)

    # The labeled set and the pool, as of the last completed round.
    @property
    def records(self) -> List[RoundRecord]:
        return list(self._records)

    @property
    def added_pool_rows(self) -> np.ndarray:
        """Rows of the original X_pool moved to the labeled set, in order."""
        return self._added.copy()

    @property
    def X_labeled(self) -> np.ndarray:
        return np.vstack([self.X_init, self.X_pool[self._added]])

    @property
    def y_labeled(self) -> np.ndarray:
        return np.concatenate([self.y_init, self._added_labels])

    def _remaining(self) -> np.ndarray:
        keep = np.ones(self.X_pool.shape[0], dtype=bool)
        keep[self._added] = False
        return np.flatnonzero(keep)

    def run(self, rounds: int, on_round: Optional[Callable[[RoundRecord], None]] = None,
            progress: Optional[bool] = None) -> List[RoundRecord]:
        """Run until ``rounds`` rounds after round 0 are complete; returns every round's record.

        ``progress`` draws a bar on stderr; by default only when stderr is a terminal.
        """
        rounds = integer_in(rounds, "rounds", 0)
        missing = max(0, rounds - max(len(self._records) - 1, 0))
        if missing * self.budget > self.X_pool.shape[0] - len(self._added):
            raise ValueError(f"rounds × budget = {missing} × {self.budget} exceeds the "
                             f"{self.X_pool.shape[0] - len(self._added)} rows left in the pool")
        with ProgressBar(rounds + 1, self.strategy.name, enabled=progress) as bar:
            bar.update(min(len(self._records), rounds + 1))

            def finished(record):
                bar.update(1, f"round {record.round}")
                if on_round is not None:
                    on_round(record)

            if not self._records:
                fit_seconds = self._fit()
                self._finish_round(0, (), (), fit_seconds, 0.0, 0.0, finished)
            while len(self._records) <= rounds:
                self._one_round(len(self._records), finished)
        return self.records

    def _fit(self) -> float:
        start = time.perf_counter()
        self.model.fit(self.X_labeled, self.y_labeled)
        return time.perf_counter() - start

    def _one_round(self, round_: int, on_round) -> None:
        remaining = self._remaining()
        view = RoundView(self.model, self.X_labeled, self.y_labeled, self.X_val, self.y_val,
                         self.X_pool[remaining], round_seed(self.seed, round_), self.hessian_on, self.damping)
        start = time.perf_counter()
        scored = self.strategy.score(view)
        scored_at = time.perf_counter()
        picked = self.strategy.select(view, scored, self.budget)
        rows = remaining[picked]
        if self.strategy.assigns_labels:
            labels = np.asarray(scored.labels)[picked]
        else:
            labels = self.y_pool[rows]
        selected_at = time.perf_counter()
        truth = () if self.y_pool is None else tuple(self.y_pool[rows].tolist())
        self._added = np.concatenate([self._added, rows.astype(np.int64)])
        self._added_labels = np.concatenate([self._added_labels, labels])
        fit_seconds = self._fit()
        self._finish_round(round_, tuple(np.asarray(labels).tolist()), truth, fit_seconds,
                           scored_at - start, selected_at - scored_at, on_round)

    def _finish_round(self, round_, assigned, truth, fit_s, score_s, select_s, on_round) -> None:
        test = (float("nan"), float("nan")) if self.X_test is None else \
            accuracy_and_log_loss(self.model, self.X_test, self.y_test)
        val = accuracy_and_log_loss(self.model, self.X_val, self.y_val)
        record = RoundRecord(round_, self.X_init.shape[0] + len(self._added), test[0], test[1], val[0], val[1],
                             assigned, truth, fit_s, score_s, select_s)
        self._records.append(record)
        if self.checkpoint is not None:
            self._save()
        if on_round is not None:
            on_round(record)

    # Checkpoint: positions instead of label values, so any label dtype is stored without pickle.
    def _input_fingerprint(self) -> str:
        h = hashlib.sha256()
        for a in (self.X_init, self.y_init, self.X_val, self.y_val, self.X_pool, self.y_pool, self.X_test,
                  self.y_test):
            if a is None:
                h.update(b"none")
            elif a.dtype.hasobject:  # object labels: hash their text, not their pointers
                h.update(repr(a.tolist()).encode())
            else:
                h.update(str((a.dtype.str, a.shape)).encode() + np.ascontiguousarray(a).tobytes())
        params = sorted((k, repr(v)) for k, v in self.model.get_params().items())
        config = (self.strategy.name, type(self.strategy).__name__, self.budget, self.seed, self.hessian_on,
                  self.damping, type(self.model).__name__, params)
        h.update(repr(config).encode())
        return h.hexdigest()

    def _label_positions(self, labels) -> np.ndarray:
        return np.searchsorted(self._label_values, np.asarray(labels)).astype(np.int64)

    def _save(self) -> None:
        arrays = {"added": self._added, "added_labels": self._label_positions(self._added_labels),
                  "model.classes_": self._label_positions(self.model.classes_)}
        for name in _MODEL_ARRAYS:
            if hasattr(self.model, name):
                arrays["model." + name] = np.asarray(getattr(self.model, name))
        for name, value in self.strategy.state().items():
            arrays["strategy." + name] = value
        scalars = {name: getattr(self.model, name) for name in _MODEL_SCALARS if hasattr(self.model, name)}
        scalars = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in scalars.items()}
        meta = {"fingerprint": self._fingerprint, "strategy": self.strategy.name,
                "records": [asdict(r) for r in self._records], "model_scalars": scalars}
        save_state(self.checkpoint, arrays, meta)

    def _restore(self) -> None:
        arrays, meta = load_state(self.checkpoint)
        if meta.get("fingerprint") != self._fingerprint:
            raise CheckpointError(f"checkpoint {self.checkpoint} was written by a run with other inputs or "
                                  "settings; use another path or delete it")
        try:
            self._added = arrays["added"]
            self._added_labels = self._label_values[arrays["added_labels"]]
            self.model.classes_ = self._label_values[arrays["model.classes_"]]
            for name in _MODEL_ARRAYS:
                if "model." + name in arrays:
                    setattr(self.model, name, arrays["model." + name])
            for name, value in meta["model_scalars"].items():
                setattr(self.model, name, value)
            self.strategy.restore({k[len("strategy."):]: v for k, v in arrays.items() if k.startswith("strategy.")})
            self._records = [RoundRecord(**{**r, "assigned_labels": tuple(r["assigned_labels"]),
                                            "true_labels": tuple(r["true_labels"])}) for r in meta["records"]]
        except (KeyError, IndexError, TypeError) as exc:
            raise CheckpointError(f"checkpoint {self.checkpoint} is incomplete ({exc!r})") from None
