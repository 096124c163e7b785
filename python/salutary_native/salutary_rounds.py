"""The salutary loop of maths §4 with one native call a round: fit, score, select, move.

``SalutaryRounds`` runs the paper's simulation when what you need is the rows it picks and the
labels it gives them: each round fits this package's L2 logistic regression on the labeled set
(warm-started), finds the validation direction, scores every row still in the pool, takes the
top-b by salutary score and moves them to the labeled set with their salutary labels. The
whole round is one call into the native core, and the pool is read in place, never copied.

Inside the core a round shares its work between the fit and the direction: the curvature of the
labeled rows summed for the validation direction, plus the picked rows' curvature, is the next
round's first Newton Hessian, and later Newton steps reuse that factor, corrected by the BFGS
pairs of the steps since, while each step at least halves the gradient. The fit stops by the
estimator's test at the same ``tol``, so it reaches the optimum that ``LogisticRegression``
reaches, to that tolerance.

Use :class:`ActiveLearner` for anything more: other strategies or estimators, labels from a
person, test metrics per round, checkpoints.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, fields
from typing import List, Optional

import numpy as np

from . import _core
from .estimator import LogisticRegression
from .inputs import as_rows, integer_in, label_indices, real_at_least
from .learner import Query
from .parameters import check_parameter
from .round_record import round_seed

__all__ = ["RoundFit", "SalutaryRounds"]


@dataclass(frozen=True)
class RoundFit:
    """How one round's fit went, and where the round's time went (seconds, measured natively).

    Attributes
    ----------
    n_iter : int
        Newton steps of the fit.
    factorizations : int
        Hessian factors it computed (fewer than ``n_iter`` when chord steps reused one).
    converged : bool
        Whether it reached ``tol``.
    objective : float
        The objective at the fitted model.
    fit_seconds, direction_seconds, selection_seconds : float
        The fit; the validation direction; the table pass, the top-b and the move.
    """

    n_iter: int
    factorizations: int
    converged: bool
    objective: float
    fit_seconds: float
    direction_seconds: float
    selection_seconds: float


_ROUND_FIT_FIELDS = tuple(f.name for f in fields(RoundFit))


class SalutaryRounds:
    """Rounds of salutary labeling, each one native call (maths §4).

    Parameters
    ----------
    X_train, y_train : array-like
        The initial labeled set (copied as float64; the picked pool rows are appended to the
        copy); at least two classes. ``classes_`` are its sorted distinct labels.
    X_val, y_val : array-like
        The validation set; labels from ``classes_``. Read in place when float64 and C-ordered.
    X_pool : array-like of shape (n_pool, n_features)
        The pool; a C-ordered float32 or float64 array (a memory map included) is read in place
        and never copied. It must not change while rounds run.
    C : float, default=0.02
        Inverse L2 strength of the logistic regression, > 0.
    fit_intercept : bool, default=True
    tol : float, default=1e-8
        The fit stops when max |∇L| / n_labeled <= tol, as ``LogisticRegression`` does.
    max_iter : int, default=1000
        Newton steps per fit.
    budget : int, default=10
        Rows picked per round, between 1 and n_pool.
    seed : int, default=0
        Run seed; round r breaks ties with ``round_seed(seed, r)``, as ``ActiveLearner`` does.
    precision : {"float64", "float32"}, default="float64"
        The table pass's product over the pool, as for :class:`InfluenceScorer`.

    Attributes
    ----------
    classes_ : ndarray
        The labels, sorted.
    fits_ : list of RoundFit
        One per completed round.

    Raises
    ------
    ValueError, TypeError
        When an array or setting is invalid (the message names it), before any native work.

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import SalutaryRounds
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(400, 4)); y = (X[:, 0] + 0.3 * rng.normal(size=400) > 0).astype(int)
    >>> rounds = SalutaryRounds(X[:40], y[:40], X[40:100], y[40:100], X[100:], budget=5)
    >>> [q.rows.shape for q in rounds.run(2)], rounds.n_labeled
    ([(5,), (5,)], 50)
    """

    def __init__(self, X_train, y_train, X_val, y_val, X_pool, *, C=0.02, fit_intercept=True, tol=1e-8,
                 max_iter=1000, budget=10, seed=0, precision="float64"):
        X_train = as_rows(X_train, "X_train")
        d = X_train.shape[1]
        y_train = np.asarray(y_train)
        if y_train.ndim != 1 or y_train.shape[0] != X_train.shape[0]:
            raise ValueError(f"y_train must be 1-D with one label per row ({X_train.shape[0]}), got shape {y_train.shape}")
        classes, y_idx = np.unique(y_train, return_inverse=True)
        if len(classes) < 2:
            raise ValueError(f"y_train needs at least two classes, got {len(classes)} class")
        X_val = as_rows(X_val, "X_val", n_features=d)
        y_val_idx = label_indices(y_val, classes, "y_val", X_val.shape[0])
        X_pool = as_rows(X_pool, "X_pool", n_features=d, keep_float32=True)
        self.C = real_at_least(C, "C", 0.0, strict=True, allow_inf=True)
        self.fit_intercept = bool(fit_intercept)
        self.tol = real_at_least(tol, "tol", 0.0)
        self.max_iter = integer_in(max_iter, "max_iter", 1)
        self.budget = check_parameter("budget", budget, upper=X_pool.shape[0])
        self.seed = check_parameter("seed", seed)
        self.precision = check_parameter("precision", precision)
        self.classes_ = classes
        self.fits_: List[RoundFit] = []
        self._n_features = d
        self._lock = threading.Lock()  # one round at a time: rounds grow the labeled set in place
        self._native = _core.SalutaryRounds(X_train, np.ascontiguousarray(y_idx, dtype=np.int64), X_val, y_val_idx,
                                            X_pool, len(classes), self.C, self.fit_intercept, self.tol, self.max_iter,
                                            self.precision)

    @property
    def n_labeled(self) -> int:
        """Rows in the labeled set: the initial rows and every row picked so far."""
        return int(self._native.n_labeled)

    @property
    def rows_left(self) -> int:
        """Pool rows not picked yet."""
        return int(self._native.rows_left)

    @property
    def added_pool_rows(self) -> np.ndarray:
        """Pool rows picked so far, sorted (int64)."""
        return np.asarray(self._native.picked, dtype=np.int64)

    def next_round(self, budget: Optional[int] = None) -> Query:
        """Fit, score the rows left, pick the best ``budget`` and move them with their salutary labels.

        Parameters
        ----------
        budget : int, optional
            Rows to pick, between 1 and the rows left; default the ``budget`` given at construction.

        Returns
        -------
        Query
            Round ``len(fits_)`` (1 for the first call): the picked pool rows, best first, their
            salutary labels (values of ``classes_``) and scores.

        Raises
        ------
        ValueError, TypeError
            When ``budget`` is out of range or not an integer.
        """
        with self._lock:
            budget = check_parameter("budget", self.budget if budget is None else budget, upper=self.rows_left)
            round_ = len(self.fits_) + 1
            out = self._native.next_round(budget, round_seed(self.seed, round_))
            self.fits_.append(RoundFit(**{name: out[name] for name in _ROUND_FIT_FIELDS}))
        return Query(round_, out["indices"], self.classes_[out["labels"]], out["scores"])

    def run(self, rounds: int) -> List[Query]:
        """``rounds`` calls of :meth:`next_round` with the default budget; their queries in order."""
        rounds = integer_in(rounds, "rounds", 0)
        if rounds * self.budget > self.rows_left:
            raise ValueError(f"{rounds} rounds of {self.budget} rows exceed the {self.rows_left} rows left in the pool")
        return [self.next_round() for _ in range(rounds)]

    @property
    def model_(self) -> LogisticRegression:
        """The last round's fitted model, as a fitted ``LogisticRegression`` (a new object each time).

        Raises
        ------
        ValueError
            Before the first round.
        """
        if not self.fits_:
            raise ValueError("no round has run yet: call next_round() first")
        native = self._native.model
        coef = np.asarray(native.coef)
        d = self._n_features
        model = LogisticRegression(C=self.C, fit_intercept=self.fit_intercept, tol=self.tol, max_iter=self.max_iter)
        model.classes_ = self.classes_
        model.n_features_in_ = d
        model.coef_ = coef[:, :d].copy()
        model.intercept_ = coef[:, d].copy() if self.fit_intercept else np.zeros(coef.shape[0])
        model.n_iter_ = np.array([self.fits_[-1].n_iter], dtype=np.int32)
        model.solver_ = "newton"
        model.objective_ = self.fits_[-1].objective
        return model
