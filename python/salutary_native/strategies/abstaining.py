"""Salutary labeling that abstains when the validation set cannot vouch for a row's label.

The paper's rule never abstains: for every row, ``Σ_c p_c(x)·I(x, c) = 0`` (maths §3, with
``I(x, c) = pᵀz − z_c``), so some label always has ``I ≥ 0`` and "score > 0" filters nothing.
With a small validation set the direction ``s = H⁺ g_val`` is mostly noise, and so are the
labels it picks.

The rule here asks whether the validation set, taken as a sample, supports the row's label.
``g_val`` is a sum over validation rows and ``H`` does not depend on them, so the influence is
a sum of per-part influences: split the validation set into ``k`` parts ``V_1 … V_k`` and
``I(x, c) = Σ_j I_j(x, c)``, where ``I_j`` is the §3 influence with ``g_val`` summed over
``V_j`` alone. The parts are disjoint samples from the same distribution, so ``I_j(x, c)`` are
``k`` independent draws of one part's influence, and a row's label is eligible only when

1. its salutary label ``c* = argmax_c I(x, c)`` is also the argmax in every part (each part
   alone would give the same label; with ``Σ_c p_c I_j(x, c) = 0`` this also makes every
   ``I_j(x, c*) ≥ 0``), and
2. the one-sided Student t-test over the parts rejects "``c*`` does not help" at level
   ``alpha``: ``mean_j I_j(x, c*) > t_{1−alpha, k−1} · sd_j I_j(x, c*) / √k`` (sample sd).

Eligible rows are ranked by the full-validation score ``I(x, c*)`` with the shared seeded
top-b (maths §3); at most ``budget`` are picked, fewer (even none) when fewer are eligible.

Why folds of about 30 rows: the t-test needs each part's sum to be roughly normal, which a sum
over a few dozen rows is, while single validation rows are far from it (a few misfit rows
dominate). More parts give more degrees of freedom (``t_{0.9, 1} = 3.08``, ``t_{0.9, 4} = 1.53``)
but make agreement in every part stricter, and past five parts the quantile barely moves. So
``k = min(5, max(2, n_val // 30))`` by default: halves below 90 validation rows, up to five
parts for 150 rows or more.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Optional

import numpy as np

from ..folds import stratified_folds
from ..influence import top_b
from ..inputs import integer_in
from ..parameters import uses_pool
from ..scorer import InfluenceScorer
from .base import PoolScores, RoundView, Selection, Strategy
from .influence_based import salutary_labels

#: Validation rows per part the default number of parts aims for (see the module notes).
ROWS_PER_PART = 30
#: The most parts the default chooses.
MAX_DEFAULT_PARTS = 5


def student_t_quantile(q: float, dof: int) -> float:
    """The ``q`` quantile of Student's t with an integer number of degrees of freedom.

    The distribution function is the closed form for integer ``dof`` (Abramowitz & Stegun
    26.7.3 and 26.7.4), inverted by bisection on ``θ = arctan(t/√dof)``; no scipy needed.

    Parameters
    ----------
    q : float
        In [0.5, 1).
    dof : int
        Degrees of freedom, >= 1.

    Returns
    -------
    float
        ``t`` with ``P(T <= t) = q``, to about 1e-12 relative.

    Raises
    ------
    ValueError
        If ``q`` is outside [0.5, 1) or ``dof`` < 1.

    Examples
    --------
    >>> from salutary_native.strategies.abstaining import student_t_quantile
    >>> round(student_t_quantile(0.9, 1), 4), round(student_t_quantile(0.95, 4), 4)
    (3.0777, 2.1318)
    """
    if not 0.5 <= q < 1.0:
        raise ValueError(f"q must be in [0.5, 1), got {q!r}")
    dof = integer_in(dof, "dof", 1)
    target = 2.0 * q - 1.0  # P(|T| <= t)

    def central(theta: float) -> float:
        s, c = math.sin(theta), math.cos(theta)
        if dof % 2 == 0:
            term, total = 1.0, 1.0
            for i in range(1, dof // 2):
                term *= c * c * (2 * i - 1) / (2 * i)
                total += term
            return s * total
        if dof == 1:
            return 2.0 * theta / math.pi
        term, total = c, c
        for i in range(1, (dof - 1) // 2):
            term *= c * c * (2 * i) / (2 * i + 1)
            total += term
        return 2.0 / math.pi * (theta + s * total)

    lo, hi = 0.0, math.pi / 2
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if central(mid) < target:
            lo = mid
        else:
            hi = mid
    return math.sqrt(dof) * math.tan(0.5 * (lo + hi))


def validation_parts(y_val, n_parts: int, seed: int) -> np.ndarray:
    """Assign validation rows to ``n_parts`` parts, stratified by label, fixed by ``seed``.

    The parts are :func:`salutary_native.folds.stratified_folds` (scikit-learn's shuffled
    ``StratifiedKFold``): every label is spread over the parts as evenly as it can be.

    Parameters
    ----------
    y_val : array-like of shape (n_val,)
        Validation labels.
    n_parts : int
        Number of parts, between 2 and ``n_val``.
    seed : int
        Seed of the shuffle, >= 0.

    Returns
    -------
    ndarray of int64, shape (n_val,)
        The part of each row, in ``0 … n_parts − 1``.

    Raises
    ------
    ValueError
        If ``y_val`` is not 1-D or ``n_parts`` is out of range.

    Examples
    --------
    >>> from salutary_native.strategies.abstaining import validation_parts
    >>> parts = validation_parts([0, 0, 1, 1, 1, 0], 2, seed=0)
    >>> sorted(parts[[0, 1, 5]].tolist()), sorted(parts[[2, 3, 4]].tolist())
    ([0, 0, 1], [0, 1, 1])
    """
    y = np.asarray(y_val)
    if y.ndim != 1:
        raise ValueError(f"y_val must be 1-D, got shape {y.shape}")
    n_parts = integer_in(n_parts, "n_parts", 2)
    if y.shape[0] < n_parts:
        raise ValueError(f"the validation set has {y.shape[0]} rows, fewer than n_parts={n_parts}")
    return stratified_folds(y, n_parts, seed)


def default_parts(n_val: int) -> int:
    """The default number of validation parts: ``min(5, max(2, n_val // 30))``.

    Examples
    --------
    >>> from salutary_native.strategies.abstaining import default_parts
    >>> default_parts(18), default_parts(90), default_parts(1000)
    (2, 3, 5)
    """
    return min(MAX_DEFAULT_PARTS, max(2, n_val // ROWS_PER_PART))


@dataclass(frozen=True)
class SalutaryEvidence:
    """What the validation parts say about every pool row's salutary label in one round.

    Attributes
    ----------
    columns : ndarray of int64, shape (n_pool,)
        The salutary label ``c*`` of each row, as a column of the table (``classes_[c*]``).
    scores : ndarray of float64, shape (n_pool,)
        ``I(x, c*)`` on the whole validation set.
    part_influence : ndarray of float64, shape (k, n_pool)
        ``I_j(x, c*)`` on each part.
    agree : ndarray of bool, shape (n_pool,)
        ``c*`` is the argmax of every part's table row.
    threshold : float
        ``t_{1−alpha, k−1}``.
    eligible : ndarray of bool, shape (n_pool,)
        ``agree`` and the t-test passed; rows in the round's ``exclude`` are included here
        and left out only by the selection.
    """

    columns: np.ndarray
    scores: np.ndarray
    part_influence: np.ndarray
    agree: np.ndarray
    threshold: float
    eligible: np.ndarray


class AbstainingSalutary(Strategy):
    """Salutary labeling that picks a row only when every validation part backs its label.

    See the module notes for the rule: the salutary label must be the argmax on every part of
    the validation set, and a one-sided t-test over the parts' influences of that label must
    find it helpful at level ``alpha``. Eligible rows are ranked by the whole-validation
    salutary score; a round picks at most ``budget`` of them and abstains on the rest.

    Parameters
    ----------
    seed : int, default=0
        Seed of the stratified split of the validation set; the split is the same every round.
    n_parts : int, optional
        Number of validation parts, >= 2; default ``min(5, max(2, n_val // 30))``.
    alpha : float, default=0.1
        Level of the one-sided t-test, in (0, 0.5).

    Examples
    --------
    >>> import numpy as np
    >>> from salutary_native import LogisticRegression
    >>> from salutary_native.strategies import RoundView
    >>> from salutary_native.strategies.abstaining import AbstainingSalutary
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(160, 2))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> model = LogisticRegression().fit(X[:20], y[:20])
    >>> view = RoundView(model, X[:20], y[:20], X[20:60], y[20:60], X[60:], seed=0)
    >>> picked = AbstainingSalutary().choose(view, 10)
    >>> len(picked.rows) <= 10, bool((picked.scores > 0).all())
    (True, True)
    """

    name = "salutary_abstain"
    assigns_labels = True

    def __init__(self, seed: int = 0, n_parts: Optional[int] = None, alpha: float = 0.1):
        self.seed = integer_in(seed, "seed", 0)
        self.n_parts = None if n_parts is None else integer_in(n_parts, "n_parts", 2)
        if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating)) \
                or not 0.0 < float(alpha) < 0.5:
            raise ValueError(f"alpha must be a number in (0, 0.5), got {alpha!r}")
        self.alpha = float(alpha)

    def evidence(self, view: RoundView) -> SalutaryEvidence:
        """The salutary label of every pool row and whether the validation parts back it.

        Fits one :class:`~salutary_native.InfluenceScorer` per validation part (the round's
        model, labeled rows, ``hessian_on`` and ``damping``) and reads each part's table once,
        keeping only the column of the salutary label and the argmax agreement.

        Parameters
        ----------
        view : RoundView
            The round.

        Returns
        -------
        SalutaryEvidence

        Raises
        ------
        ValueError
            When the validation set has fewer rows than parts.
        """
        table = view.influence_table()
        columns, scores = salutary_labels(table)
        n_val = len(view.y_val)
        k = default_parts(n_val) if self.n_parts is None else self.n_parts
        parts = validation_parts(view.y_val, k, self.seed)
        pool = view.X_pool if uses_pool(view.hessian_on) else None
        rows = np.arange(table.shape[0])
        part_influence = np.empty((k, table.shape[0]))
        agree = np.ones(table.shape[0], dtype=bool)
        for j in range(k):  # one scorer per part; every row of the table is handled at once
            in_part = parts == j
            scorer = InfluenceScorer(view.model, hessian_on=view.hessian_on, damping=view.damping).fit(
                view.X_train, view.X_val[in_part], view.y_val[in_part], X_pool=pool, exclude=view.exclude)
            part_table = scorer.table(view.X_pool)
            part_influence[j] = part_table[rows, columns]
            agree &= np.argmax(part_table, axis=1) == columns
        threshold = student_t_quantile(1.0 - self.alpha, k - 1)
        mean = part_influence.mean(axis=0)
        spread = part_influence.std(axis=0, ddof=1)
        eligible = agree & (mean > threshold * spread / math.sqrt(k))
        return SalutaryEvidence(columns, scores, part_influence, agree, threshold, eligible)

    def score(self, view: RoundView) -> PoolScores:
        """The salutary score of eligible rows, ``-inf`` for rows the strategy abstains on.

        Parameters
        ----------
        view : RoundView
            The round to score.

        Returns
        -------
        PoolScores
            ``I(x, c*)`` for eligible rows and ``-inf`` for the others, with the salutary
            labels from ``model.classes_``. Use :meth:`choose` to select: it never picks a
            ``-inf`` row.
        """
        found = self.evidence(view)
        return PoolScores(np.where(found.eligible, found.scores, -np.inf),
                          np.asarray(view.model.classes_)[found.columns])

    def choose(self, view: RoundView, budget: int) -> Selection:
        """At most ``budget`` eligible rows, best salutary score first, with their labels.

        Parameters
        ----------
        view : RoundView
            The round; rows in ``view.exclude`` are never picked.
        budget : int
            The most rows to pick, >= 1.

        Returns
        -------
        Selection
            Between 0 and ``budget`` rows; ties broken by the round's seed (maths §3).
        """
        budget = integer_in(budget, "budget", 1)
        start = time.perf_counter()
        found = self.evidence(view)
        scored_at = time.perf_counter()
        candidates = found.eligible.copy()
        if view.exclude is not None:
            candidates[np.asarray(view.exclude, dtype=np.int64)] = False
        n_candidates = int(np.count_nonzero(candidates))
        if n_candidates == 0:
            picked = np.empty(0, dtype=np.int64)
        else:
            picked = top_b(found.scores, min(budget, n_candidates), view.seed, exclude=np.flatnonzero(~candidates))
        labels = np.asarray(view.model.classes_)[found.columns[picked]]
        return Selection(picked, labels, found.scores[picked], scored_at - start, time.perf_counter() - scored_at)

    def __repr__(self) -> str:
        return f"AbstainingSalutary(seed={self.seed}, n_parts={self.n_parts}, alpha={self.alpha})"
