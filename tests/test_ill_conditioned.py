"""Ill-conditioned problems (separable data, duplicated rows, constant or badly scaled columns):
a finite table or a clear FactorizationError that says what to do (damping, C, scaling), never
NaN; where two solvers both answer, they agree."""

import warnings

import numpy as np
import pytest

import salutary_native as sn
from conftest import make_problem

PB = make_problem(3, 200, 80, 300, 6, 0)


def _case(name):
    X, y, P, V = PB.X_train.copy(), PB.y_train.copy(), PB.X_pool.copy(), PB.X_val.copy()
    C = 1.0
    if name == "separable, C = 1e8":
        X[:, 0] = y * 10.0
        C = 1e8
    elif name == "duplicated rows":
        X, y = np.vstack([X[:20]] * 10), np.concatenate([y[:20]] * 10)
    elif name.startswith("constant column"):
        for A in (X, P, V):
            A[:, 2] = 3.0
        C = np.inf if "unpenalised" in name else 1.0
    elif name == "one feature × 1e8":
        for A in (X, P, V):
            A[:, 1] *= 1e8
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # separable or unpenalised fits may stop at max_iter
        model = sn.LogisticRegression(C=C, max_iter=300).fit(X, y)
    return model, X, V, P


CASES = ["separable, C = 1e8", "duplicated rows", "constant column", "constant column, unpenalised",
         "one feature × 1e8"]


@pytest.mark.parametrize("damping", [0.0, 1e-3])
@pytest.mark.parametrize("case", CASES)
def test_finite_answer_or_clear_error(case, damping):
    model, X, V, P = _case(case)
    answers = {}
    for solver in ("auto", "cholesky", "cg"):
        try:
            table = sn.influence_table(model, X, V, PB.y_val, P, solver=solver, damping=damping)
        except sn.FactorizationError as exc:
            assert "damping" in str(exc) and ("C" in str(exc) or "standardise" in str(exc)), str(exc)
            continue
        assert np.all(np.isfinite(table)), (case, solver)
        answers[solver] = table
    if "cholesky" in answers and "cg" in answers:
        scale = np.abs(answers["cholesky"]).max()
        assert np.abs(answers["cg"] - answers["cholesky"]).max() <= 1e-6 * scale
    # Damping turns every refusal into an answer.
    big = 1e-3 * np.abs(sn.hessian(model, X)).max()
    table = sn.influence_table(model, X, V, PB.y_val, P, damping=big, solver="cholesky")
    assert np.all(np.isfinite(table))
