"""The fitted scorer: fit once, score blocks; any cut of a pool gives the one-call bits.

Checked here: block tables and streamed queries equal one call bit for bit (ties included),
the merge of partials is associative and commutative, exclusion by global index, the state
round trip, the free functions against the scorer, and the independent float64 reference.
"""

import pickle

import numpy as np
import pytest
from test_influence_reference import TOL, _reference_for, _rel_err

import salutary_native as sn
from conftest import make_problem


def _fitted(K, d=9, n_pool=3000, hessian_on="train", dtype=np.float64, seed=0):
    pb = make_problem(K, 300, 60, n_pool, d, seed)
    model = sn.LogisticRegression(C=0.5).fit(pb.X_train, pb.y_train)
    X_pool = pb.X_pool.astype(dtype)
    # Copies of the best row give equal top scores: the seeded tie-break decides their order.
    best = sn.InfluenceScorer(model).fit(pb.X_train, pb.X_val, pb.y_val).table(X_pool).max(axis=1).argmax()
    X_pool[100:130] = X_pool[best]
    X_pool[2500:2510] = X_pool[best]
    scorer = sn.InfluenceScorer(model, hessian_on=hessian_on).fit(pb.X_train, pb.X_val, pb.y_val, X_pool=X_pool)
    return pb, model, scorer, X_pool


def _same_query(a, b):
    return (np.array_equal(a.indices, b.indices) and np.array_equal(a.labels, b.labels)
            and np.array_equal(a.scores, b.scores))


CUTS = ([0, 3000], [0, 1, 2999, 3000], [0, 255, 256, 257, 1000, 3000], [0, 101, 120, 2510, 3000],
        [0, 500, 1000, 1500, 2000, 2500, 3000])


@pytest.mark.parametrize("K", [2, 3, 10])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("cuts", CUTS)
def test_blocks_and_streams_equal_one_call_bit_for_bit(K, dtype, cuts):
    _, _, scorer, X_pool = _fitted(K, dtype=dtype)
    whole_table = scorer.table(X_pool)
    blocks = [X_pool[a:b] for a, b in zip(cuts[:-1], cuts[1:])]
    tables = [scorer.table(block, offset=a) for block, a in zip(blocks, cuts[:-1])]
    assert np.array_equal(np.concatenate(tables), whole_table)
    one = scorer.query(X_pool, 60, seed=11, keep_table=True)
    streamed = scorer.query(iter(blocks), 60, seed=11, keep_table=True)
    assert _same_query(one, streamed)
    assert np.array_equal(one.table, streamed.table)
    # The query's rows include tied duplicates, ordered by the tie-break key.
    assert len(np.unique(one.scores)) < len(one.scores)


@pytest.mark.parametrize("K", [2, 10])
def test_merge_is_associative_and_commutative(K):
    _, _, scorer, X_pool = _fitted(K)
    parts = [scorer.partial_query(X_pool[a:b], 50, offset=a, seed=4)
             for a, b in ((0, 700), (700, 1400), (1400, 2600), (2600, 3000))]
    left = sn.merge_top_b(sn.merge_top_b(sn.merge_top_b(parts[0], parts[1]), parts[2]), parts[3])
    right = sn.merge_top_b(parts[0], sn.merge_top_b(parts[1], sn.merge_top_b(parts[2], parts[3])))
    swapped = sn.merge_top_b(sn.merge_top_b(parts[3], parts[1]), sn.merge_top_b(parts[2], parts[0]))
    one = scorer.partial_query(X_pool, 50, seed=4)
    for merged in (left, right, swapped):
        for field in ("scores", "keys", "indices", "label_indices"):
            assert np.array_equal(getattr(merged, field), getattr(one, field))
    assert np.array_equal(one.keys, sn._core.tie_break_keys(one.indices, 4))


def test_merge_refuses_mismatched_partials():
    _, _, scorer, X_pool = _fitted(3)
    a = scorer.partial_query(X_pool[:100], 5, seed=1)
    with pytest.raises(ValueError, match="seeds"):
        sn.merge_top_b(a, scorer.partial_query(X_pool[100:200], 5, offset=100, seed=2))
    with pytest.raises(ValueError, match="budgets"):
        sn.merge_top_b(a, scorer.partial_query(X_pool[100:200], 6, offset=100, seed=1))
    with pytest.raises(ValueError, match="overlap"):
        sn.merge_top_b(a, scorer.partial_query(X_pool[:100], 5, seed=1))
    tampered = sn.PartialTopB(a.scores[::-1].copy(), a.keys, a.indices, a.label_indices, a.budget, a.seed)
    with pytest.raises(ValueError, match="order|keys"):
        sn.merge_top_b(tampered, a)
    with pytest.raises(TypeError):
        sn.merge_top_b(a, "b")


def test_exclusion_by_global_index_equals_removing_the_rows():
    _, _, scorer, X_pool = _fitted(10)
    first = scorer.query(X_pool, 30, seed=5)
    taken = first.indices
    again = scorer.query(X_pool, 30, seed=5, exclude=taken)
    assert not set(again.indices) & set(taken)
    # Against an explicit copy without the taken rows, mapped back to global indices.
    keep = np.setdiff1d(np.arange(len(X_pool)), taken)
    table = scorer.table(X_pool)
    scores = table.max(axis=1)[keep]
    keys = sn._core.tie_break_keys(keep.astype(np.int64), 5)
    order = np.lexsort((keys, -scores))[:30]
    assert np.array_equal(again.indices, keep[order])
    streamed = scorer.query([X_pool[:1234], X_pool[1234:]], 30, seed=5, exclude=list(taken))
    assert _same_query(again, streamed)
    with pytest.raises(ValueError, match="budget"):
        scorer.query(X_pool[:40], 40, exclude=[0])
    with pytest.raises(ValueError, match="budget"):
        scorer.query([X_pool[:20], X_pool[20:40]], 40, exclude=[0])
    with pytest.raises(ValueError, match="exclude"):
        scorer.query(X_pool, 3, exclude=[-1])
    with pytest.raises(TypeError, match="exclude"):
        scorer.query(X_pool, 3, exclude=[0.5])


@pytest.mark.parametrize("hessian_on", ["train", "pool", "train+pool"])
@pytest.mark.parametrize("K", [2, 10])
def test_free_functions_are_the_scorer(hessian_on, K):
    pb, model, scorer, X_pool = _fitted(K, hessian_on=hessian_on)
    table = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, X_pool, hessian_on=hessian_on)
    assert np.array_equal(table, scorer.table(X_pool))
    q = sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, X_pool, 25, seed=9, hessian_on=hessian_on)
    assert _same_query(q, scorer.query(X_pool, 25, seed=9))
    s = sn.val_direction(model, pb.X_train, pb.X_val, pb.y_val, X_pool=X_pool, hessian_on=hessian_on)
    assert np.array_equal(s, scorer.val_direction_)


@pytest.mark.parametrize("hessian_on", ["train", "pool", "train+pool"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_scorer_blocks_match_the_float64_reference(hessian_on, dtype):
    pb, model, scorer, X_pool = _fitted(10, hessian_on=hessian_on, dtype=dtype)
    want = _reference_for(model, pb, X_pool.astype(np.float64), hessian_on, 0.0)["table"]
    got = np.concatenate([scorer.table(X_pool[a:a + 700], offset=a) for a in range(0, len(X_pool), 700)])
    assert _rel_err(got, want) <= TOL[dtype]


def test_state_round_trip_gives_the_same_bits(tmp_path):
    _, _, scorer, X_pool = _fitted(10, hessian_on="train+pool")
    state = scorer.get_state()
    np.savez(tmp_path / "scorer.npz", **state)
    loaded = dict(np.load(tmp_path / "scorer.npz", allow_pickle=False))
    loaded = {k: (v.item() if v.ndim == 0 else v) for k, v in loaded.items()}
    rebuilt = sn.InfluenceScorer.from_state(loaded)
    assert rebuilt.solver_used_ == scorer.solver_used_ and rebuilt.hessian_on == "train+pool"
    assert np.array_equal(rebuilt.table(X_pool), scorer.table(X_pool))
    assert _same_query(rebuilt.query(X_pool, 20, seed=2), scorer.query(X_pool, 20, seed=2))
    # The same through pickle (how a distributed engine ships it): the state, not the native object.
    shipped = pickle.loads(pickle.dumps(scorer))
    assert np.array_equal(shipped.table(X_pool[:300]), scorer.table(X_pool[:300]))
    with pytest.raises(ValueError, match="missing"):
        sn.InfluenceScorer.from_state({"coef": state["coef"]})
    bad = dict(state, val_direction=state["val_direction"][:, :-1])
    with pytest.raises(ValueError, match="val_direction"):
        sn.InfluenceScorer.from_state(bad)


def test_fit_once_many_blocks_and_parameters_are_checked():
    pb, model, scorer, X_pool = _fitted(3)
    assert scorer.classes_.tolist() == [0, 1, 2] and scorer.n_features_in_ == 9
    assert scorer.val_direction_.shape == scorer.coef_.shape == (3, 10)
    assert scorer.device_ == "cpu" and scorer.solver_used_ in ("cholesky", "cg")
    with pytest.raises(ValueError, match="not fitted"):
        sn.InfluenceScorer(model).table(X_pool)
    with pytest.raises(ValueError, match="hessian_on must be 'train', 'pool' or 'train\\+pool'"):
        sn.InfluenceScorer(model, hessian_on="all").fit(pb.X_train, pb.X_val, pb.y_val)
    with pytest.raises(ValueError, match="damping must be non-negative"):
        sn.InfluenceScorer(model, damping=-1).fit(pb.X_train, pb.X_val, pb.y_val)
    with pytest.raises(ValueError, match="solver must be 'auto', 'cholesky' or 'cg'"):
        sn.InfluenceScorer(model, solver="lu").fit(pb.X_train, pb.X_val, pb.y_val)
    with pytest.raises(ValueError, match="X_pool is required"):
        sn.InfluenceScorer(model, hessian_on="pool").fit(pb.X_train, pb.X_val, pb.y_val)
    with pytest.raises(ValueError, match="features"):
        scorer.table(X_pool[:, :4])
    with pytest.raises(ValueError, match="X_pool block 1"):
        scorer.query([X_pool[:10], X_pool[:10, :4]], 3)
    with pytest.raises(ValueError, match="NaN"):
        bad = X_pool.copy()
        bad[1234, 3] = np.nan
        scorer.query([bad[:1000], bad[1000:]], 3)
    with pytest.raises(ValueError, match="offset"):
        scorer.table(X_pool, offset=-1)
    with pytest.raises(ValueError, match="no blocks"):
        scorer.query(iter([]), 3)
    before = X_pool.copy()
    scorer.query([X_pool[:100], X_pool[100:]], 5, exclude=[3, 1])
    assert np.array_equal(before, X_pool)
