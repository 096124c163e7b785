"""Strategies driven by the maths §3 influence table (computed once per round by the native core)."""

from __future__ import annotations

import numpy as np

from .base import PoolScores, RoundView, Strategy


def salutary_labels(table: np.ndarray):
    """Per row: the label column with the largest influence (lowest on ties) and that influence."""
    best = np.argmax(table, axis=1)
    return best, table[np.arange(table.shape[0]), best]


class SalutaryLabeling(Strategy):
    """The method: top rows by max_c I(x, c), labeled with their salutary label (no annotator)."""

    name = "salutary"
    assigns_labels = True

    def score(self, view: RoundView) -> PoolScores:
        best, score = salutary_labels(view.influence_table())
        return PoolScores(score, np.asarray(view.model.classes_)[best])


class OracleInfluence(Strategy):
    """Salutary's selection with ground-truth labels (the paper's "ground truth labeling")."""

    name = "oracle_influence"

    def score(self, view: RoundView) -> PoolScores:
        return PoolScores(salutary_labels(view.influence_table())[1])


class ISLA(Strategy):
    """Influence with the model's predicted label as the label (Liu et al., ICCV 2021)."""

    name = "isla"

    def score(self, view: RoundView) -> PoolScores:
        table = view.influence_table()
        predicted = np.argmax(view.pool_proba(), axis=1)
        return PoolScores(table[np.arange(table.shape[0]), predicted])
