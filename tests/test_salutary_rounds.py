"""SalutaryRounds, the salutary loop one native call a round, against float64 numpy and the estimator loop.

Every round is checked independently of the native core: the fitted model by the numpy gradient of
the maths §2 objective over the round's labeled set, the picked rows, labels and scores by the numpy
influence table (reference.py) at that model over the rows still in the pool. On the bundled wine
data the loop must also pick what the Python loop of LogisticRegression(warm_start) and
InfluenceScorer picks, round after round.
"""

from __future__ import annotations

import numpy as np
import pytest

import reference as ref
import salutary_native as sn
from salutary_native.datasets import load_dataset
from salutary_native.round_record import round_seed


def _data(n, d, K, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = np.argmax(X @ rng.normal(size=(d, K)) + rng.gumbel(size=(n, K)), axis=1)
    return X, y


def _scaled_gradient(model, K, X, y):
    """max |∇L| / n at the model, by numpy (maths §2), labels as class indices."""
    g = ref.objective_gradient(model.coef_, model.intercept_, K, model.fit_intercept, model.C, X, y)
    return np.abs(g).max() / len(y)


@pytest.mark.parametrize("K, d, fit_intercept, dtype", [
    (2, 5, True, np.float64),
    (3, 6, True, np.float32),
    (4, 5, False, np.float64),
    (4, 40, True, np.float64),  # p = 164: past Newton-Cholesky, the warm fit_logistic path
])
def test_each_round_matches_the_numpy_reference(K, d, fit_intercept, dtype):
    X, y = _data(1500, d, K, seed=K + d)
    X_train, y_train, X_val, y_val = X[:120], y[:120], X[120:400], y[120:400]
    X_pool = np.ascontiguousarray(X[400:], dtype=dtype)
    tol, budget = 1e-9, 7
    rounds = sn.SalutaryRounds(X_train, y_train, X_val, y_val, X_pool, C=0.5, fit_intercept=fit_intercept, tol=tol,
                               budget=budget, seed=3)
    X_lab, y_lab, picked = X_train.copy(), y_train.copy(), np.zeros(len(X_pool), dtype=bool)
    pool64 = X_pool.astype(np.float64)
    for r in range(1, 5):
        q = rounds.next_round()
        model = rounds.model_
        assert q.round == r and rounds.fits_[-1].converged
        assert _scaled_gradient(model, K, X_lab, y_lab) <= 2 * tol
        table = ref.evaluate(model.coef_, model.intercept_, K, fit_intercept, model.C, X_lab, X_val, y_val,
                             pool64)["table"]
        scores = np.where(picked, -np.inf, table.max(axis=1))
        want = np.argsort(-scores, kind="stable")[:budget]
        np.testing.assert_array_equal(q.rows, want)
        np.testing.assert_array_equal(q.labels, table[want].argmax(axis=1))
        scale = np.abs(table).max()
        assert np.abs(q.scores - scores[want]).max() <= (1e-5 if dtype == np.float32 else 1e-8) * scale
        X_lab = np.vstack([X_lab, pool64[q.rows]])
        y_lab = np.concatenate([y_lab, q.labels])
        picked[q.rows] = True
    assert rounds.n_labeled == len(y_lab)
    np.testing.assert_array_equal(rounds.added_pool_rows, np.flatnonzero(picked))


@pytest.fixture(scope="module")
def wine():
    data = load_dataset("wine_quality_white")
    return sn.split_paper_protocol(data.X, data.y, seed=0)


def test_wine_picks_what_the_estimator_loop_picks(wine):
    """10 paper rounds (b = 10, C = 0.02): the same rows and labels as fit + InfluenceScorer each round."""
    rounds = sn.SalutaryRounds(wine.X_train, wine.y_train, wine.X_val, wine.y_val, wine.X_pool, C=0.02, tol=1e-8,
                               budget=10, seed=5)
    model = sn.LogisticRegression(C=0.02, tol=1e-8, warm_start=True)
    X_lab, y_lab, taken = wine.X_train, wine.y_train, np.empty(0, dtype=np.int64)
    for r in range(1, 11):
        q = rounds.next_round()
        model.fit(X_lab, y_lab)
        want = sn.InfluenceScorer(model).fit(X_lab, wine.X_val, wine.y_val).query(
            wine.X_pool, 10, seed=round_seed(5, r), exclude=taken)
        np.testing.assert_array_equal(q.rows, want.indices)
        np.testing.assert_array_equal(q.labels, want.labels)
        np.testing.assert_allclose(q.scores, want.scores, rtol=1e-6)
        mine = rounds.model_
        y_idx = np.searchsorted(mine.classes_, y_lab)
        assert abs(mine.objective(X_lab, y_lab) - model.objective(X_lab, y_lab)) <= 1e-9 * model.objective(X_lab, y_lab)
        assert _scaled_gradient(mine, 7, X_lab, y_idx) <= 1.5e-8
        X_lab = np.vstack([X_lab, wine.X_pool[q.rows]])
        y_lab = np.concatenate([y_lab, q.labels])
        taken = np.sort(np.concatenate([taken, q.rows]))
    fits = rounds.fits_
    # Chord steps ran: after round 1 the refits factor fewer times than they step.
    assert sum(f.factorizations for f in fits[1:]) < sum(f.n_iter for f in fits[1:])
    assert all(f.converged and f.fit_seconds > 0 and f.selection_seconds > 0 for f in fits)


def test_same_bits_on_one_and_two_threads(wine):
    def run(threads):
        sn.set_num_threads(threads)
        try:
            rounds = sn.SalutaryRounds(wine.X_train, wine.y_train, wine.X_val, wine.y_val,
                                       wine.X_pool.astype(np.float32), budget=10)
            return rounds.run(4), rounds.model_.coef_
        finally:
            sn.set_num_threads(0)

    (a, ca), (b, cb) = run(1), run(2)
    assert all(x == y for x, y in zip(a, b))
    np.testing.assert_array_equal(ca, cb)


def test_rounds_from_two_threads_run_one_at_a_time(wine):
    """The GIL is released during a round: two threads on one loop still get whole, distinct rounds."""
    import threading

    rounds = sn.SalutaryRounds(wine.X_train, wine.y_train, wine.X_val, wine.y_val, wine.X_pool, budget=5)
    queries, errors = [], []

    def work():
        try:
            for _ in range(3):
                queries.append(rounds.next_round())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == [] and not any(t.is_alive() for t in threads)
    assert sorted(q.round for q in queries) == list(range(1, 7))
    rows = np.concatenate([q.rows for q in queries])
    assert len(np.unique(rows)) == 30 and rounds.n_labeled == len(wine.y_train) + 30
    np.testing.assert_array_equal(rounds.added_pool_rows, np.sort(rows))


def test_inputs_are_read_in_place_and_left_unchanged(wine):
    pool = np.ascontiguousarray(wine.X_pool, dtype=np.float32)
    pool.flags.writeable = False
    arrays = [wine.X_train, wine.y_train, wine.X_val, wine.y_val, pool]
    before = [a.copy() for a in arrays]
    rounds = sn.SalutaryRounds(*arrays, budget=5)
    rounds.run(3)
    for a, b in zip(arrays, before):
        np.testing.assert_array_equal(a, b)
    assert rounds.rows_left == len(pool) - 15


@pytest.mark.parametrize("change, match", [
    (dict(y_val=np.full(50, 99)), "y_val"),
    (dict(X_pool=np.zeros((30, 2))), "X_pool"),
    (dict(X_pool=np.full((30, 3), np.nan)), "X_pool"),
    (dict(y_train=np.zeros(40, dtype=int)), "y_train"),
    (dict(C=0.0), "C"),
    (dict(tol=-1.0), "tol"),
    (dict(budget=0), "budget"),
    (dict(budget=31), "budget"),
    (dict(precision="half"), "precision"),
])
def test_bad_input_is_refused_naming_the_argument(change, match):
    X, y = _data(120, 3, 2, seed=1)
    args = dict(X_train=X[:40], y_train=y[:40], X_val=X[40:90], y_val=y[40:90], X_pool=X[90:])
    kwargs = {}
    for key, value in change.items():
        (args if key in args else kwargs)[key] = value
    with pytest.raises(ValueError, match=match):
        sn.SalutaryRounds(*args.values(), **kwargs)


def test_bad_calls_are_refused():
    X, y = _data(120, 3, 2, seed=2)
    rounds = sn.SalutaryRounds(X[:40], y[:40], X[40:90], y[40:90], X[90:], budget=10)
    with pytest.raises(ValueError, match="no round"):
        rounds.model_
    with pytest.raises(TypeError, match="budget"):
        rounds.next_round(2.5)
    with pytest.raises(ValueError, match="rounds"):
        rounds.run(4)  # 40 rows asked of a 30-row pool
    rounds.run(3)
    with pytest.raises(ValueError, match="budget"):
        rounds.next_round(1)  # the pool is empty
