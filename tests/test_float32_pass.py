"""The opt-in float32 table pass, ``precision="float32"`` (maths §6).

The pass multiplies the pool by the stacked directions ``G = [W; S_w]`` (no intercepts) in
float32 and carries the products to float64 before the intercepts, the softmax, ``I`` and the
selection. For a softmax model both halves of ``G`` are taken less their last row (``I`` and the
softmax only see differences), so ``G``, ``z`` and the bound below are the shifted ones there.
Its error against the float64 reference is bounded per row (first order in
``u = 2^-24``): with ``a_j(x) = Σ_k |x_k|·|G_jk|`` over the logit columns (``a^Θ``) and the
direction columns (``a^S``), each product is off by at most ``γ·a_j(x)``, where
``γ = n·u / (1 − n·u)`` and ``n = d + 1`` (``d`` terms summed and ``G`` rounded once; ``d + 2``
for a float64 pool, rounded too). A logit error ``ε`` moves the probabilities by at most
``2ε`` (softmax) and ``I(x, c) = pᵀz − z_c`` then moves by at most

    |ΔI(x, c)| ≤ γ · (2·max_j a^S_j(x) + 4·max_j a^Θ_j(x) · max_k |z_k(x)|)

(the sigmoid's form, ``|Δz| + |z|·|Δl|/4``, is smaller). With ``κ`` the largest right-hand
factor over the pool divided by ``max|I|`` (how much the sums cancel), the table's relative
error is at most ``γ·κ`` for certain, and about ``√n·u·κ`` when the roundings behave like
independent errors. These tests assert both, and the §6 contract for float32 pools
(``≤ 1e-4·max|I_ref|``). κ pairs the worst row with the worst column, so it is pessimistic:
on these problems (κ ≈ 50–70) the measured error, about 2–3e-7, is 90–160 times below
``√n·u·κ``. The selection test then checks what this means for a realistic pool: the float32
top 1000 of 50 000 rows (384 features, 10 classes) is the float64 one.
"""

import numpy as np
import pytest

import reference as ref
import salutary_native as sn
from conftest import make_problem

U = 2.0**-24


def _shifted(M):
    """A softmax stack's rows (or a table's columns, transposed) less the last one; the sigmoid's unchanged."""
    return M if M.shape[0] == 1 else M[:-1] - M[-1]


def _conditioning(theta, S, X, z, max_I):
    """κ of the module docstring: the worst row's error factor over max|I| (theta, S without intercepts)."""
    theta, S, z = _shifted(theta), _shifted(S), _shifted(z.T).T
    absX = np.abs(np.asarray(X, dtype=np.float64))
    a_theta = (absX @ np.abs(theta).T).max(axis=1)
    a_S = (absX @ np.abs(S).T).max(axis=1)
    return float((2 * a_S + 4 * a_theta * np.abs(z).max(axis=1)).max() / max_I)


# K = 10 and 13 put 18 and 24 products in a packet of 16 and the rest in dot form (float32 pools).
@pytest.fixture(scope="module", params=[(2, 64), (5, 64), (3, 37), (10, 37), (13, 64)],
                ids=["K2", "K5", "K3-d37", "K10-d37", "K13"])
def fitted(request):
    K, d = request.param
    pb = make_problem(K, 600, 150, 2500, d, seed=40 + K, sep=0.4)
    model = sn.LogisticRegression(C=0.1).fit(pb.X_train, pb.y_train)
    return K, pb, model


@pytest.mark.parametrize("pool_dtype", [np.float32, np.float64], ids=["f32", "f64"])
def test_table_within_the_float32_bound(fitted, pool_dtype):
    K, pb, model = fitted
    pool = pb.X_pool.astype(pool_dtype)
    scorer = sn.InfluenceScorer(model, solver="cholesky", precision="float32").fit(pb.X_train, pb.X_val, pb.y_val)
    table = scorer.table(pool)
    # The reference reads the pool's values (float32 ones cast to float64).
    want = ref.evaluate(model.coef_, model.intercept_, K, True, model.C, pb.X_train, pb.X_val, pb.y_val,
                        X_pool=pool.astype(np.float64))
    max_I = np.abs(want["table"]).max()
    rel = np.abs(table - want["table"]).max() / max_I
    d = pb.X_pool.shape[1]
    n = d + (1 if pool_dtype == np.float32 else 2)
    theta, S = ref.theta_matrix(model.coef_, model.intercept_, True), want["S"]
    z = ref.augment(pool.astype(np.float64), True) @ S.T
    kappa = _conditioning(theta[:, :-1], S[:, :-1], pool, z, max_I)
    assert rel <= n * U / (1 - n * U) * kappa
    assert rel <= np.sqrt(n) * U * kappa, (rel, np.sqrt(n) * U * kappa)
    assert rel <= 1e-4
    # The float32 product was really taken: the float64 pass is closer to the reference.
    exact = sn.InfluenceScorer(model, solver="cholesky").fit(pb.X_train, pb.X_val, pb.y_val).table(pool)
    assert not np.array_equal(table, exact)
    assert np.abs(exact - want["table"]).max() < np.abs(table - want["table"]).max()


def test_top_1000_of_a_realistic_pool_match_float64():
    pb = make_problem(10, 2000, 500, 50_000, 384, seed=1, sep=0.1)
    model = sn.LogisticRegression(C=0.02).fit(pb.X_train, pb.y_train)
    pool = pb.X_pool.astype(np.float32)
    exact = sn.InfluenceScorer(model).fit(pb.X_train, pb.X_val, pb.y_val)
    single = sn.InfluenceScorer.from_state({**exact.get_state(), "precision": "float32"})
    a, b = exact.query(pool, 1000, seed=3), single.query(pool, 1000, seed=3)
    overlap = np.intersect1d(a.indices, b.indices).size / 1000
    assert overlap >= 0.999, overlap
    common, ia, ib = np.intersect1d(a.indices, b.indices, return_indices=True)
    assert np.mean(a.labels[ia] == b.labels[ib]) >= 0.999
    assert np.abs(a.scores - b.scores).max() <= 1e-5 * np.abs(a.scores).max()


@pytest.fixture(scope="module", params=[4, 11], ids=["K4", "K11"])
def scorer32(request):
    pb = make_problem(request.param, 800, 200, 20_000, 32, seed=91, sep=0.6)
    model = sn.LogisticRegression(C=0.5).fit(pb.X_train, pb.y_train)
    return pb, sn.InfluenceScorer(model, precision="float32").fit(pb.X_train, pb.X_val, pb.y_val)


@pytest.mark.parametrize("pool_dtype", [np.float32, np.float64], ids=["f32", "f64"])
def test_any_cut_gives_the_same_bits(scorer32, pool_dtype):
    pb, scorer = scorer32
    pool = pb.X_pool.astype(pool_dtype)
    whole = scorer.table(pool)
    cuts = [0, 1, 511, 513, 1700, 4096, 10_001, 19_999, pool.shape[0]]
    parts = [scorer.table(pool[a:b], offset=a) for a, b in zip(cuts[:-1], cuts[1:])]
    assert np.array_equal(np.concatenate(parts), whole)
    blocks = (pool[a:b] for a, b in zip(cuts[:-1], cuts[1:]))
    one, streamed = scorer.query(pool, 50, seed=5), scorer.query(blocks, 50, seed=5)
    assert np.array_equal(one.indices, streamed.indices) and np.array_equal(one.scores, streamed.scores)


@pytest.mark.parametrize("K, d", [(4, 32), (3, 37), (7, 21), (10, 37), (12, 21)])
def test_bits_do_not_depend_on_where_the_pool_lies(K, d):
    # The product reads the rows in place whatever their alignment; a pool's address, its row
    # stride and the features past a whole number of SIMD packets must not change a bit of the table.
    pb = make_problem(K, 400, 100, 3000, d, seed=97 + K, sep=0.5)
    model = sn.LogisticRegression(C=0.5).fit(pb.X_train, pb.y_train)
    scorer = sn.InfluenceScorer(model, precision="float32").fit(pb.X_train, pb.X_val, pb.y_val)
    pool = pb.X_pool.astype(np.float32)
    n = pool.shape[0]
    buffer = np.zeros(n * 64 + 64, dtype=np.float32)
    start = (-buffer.ctypes.data // 4) % 16  # the first element on a 64-byte line
    tables = []
    for shift in range(4):
        placed = buffer[start + shift:start + shift + n * d].reshape(n, d)
        placed[...] = pool
        assert (placed.ctypes.data % 64 == 0) == (shift == 0)
        tables.append(scorer.table(placed))
    wide = np.zeros((n, 64), dtype=np.float32)
    wide[:, :d] = pool
    tables.append(scorer.table(wide[:, :d]))  # a strided view: rows 256 bytes apart
    assert all(np.array_equal(tables[0], t) for t in tables[1:])
    want = ref.evaluate(model.coef_, model.intercept_, K, True, model.C, pb.X_train, pb.X_val, pb.y_val,
                        X_pool=pool.astype(np.float64))["table"]
    assert np.abs(tables[0] - want).max() <= 1e-4 * np.abs(want).max()


def test_one_and_two_threads_give_the_same_bits(scorer32):
    pb, scorer = scorer32
    pool = pb.X_pool.astype(np.float32)
    before = sn.get_num_threads()
    try:
        sn.set_num_threads(1)
        one = scorer.table(pool)
        sn.set_num_threads(2)
        two = scorer.table(pool)
    finally:
        sn.set_num_threads(before)
    assert np.array_equal(one, two)


@pytest.mark.parametrize("pool_dtype", [np.float32, np.float64], ids=["f32", "f64"])
def test_default_is_the_float64_pass(pool_dtype):
    pb = make_problem(3, 400, 100, 3000, 16, seed=92)
    model = sn.LogisticRegression(C=0.3).fit(pb.X_train, pb.y_train)
    pool = pb.X_pool.astype(pool_dtype)
    default = sn.InfluenceScorer(model).fit(pb.X_train, pb.X_val, pb.y_val)
    explicit = sn.InfluenceScorer(model, precision="float64").fit(pb.X_train, pb.X_val, pb.y_val)
    state = default.get_state()
    assert state["precision"] == "float64" and default.precision == "float64"
    older = sn.InfluenceScorer.from_state({k: v for k, v in state.items() if k != "precision"})
    assert older.precision == "float64"
    tables = [s.table(pool) for s in (default, explicit, older)]
    assert all(np.array_equal(tables[0], t) for t in tables[1:])
    free = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pool)
    assert np.array_equal(free, tables[0])
    # The free functions carry the parameter too.
    single = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pool, precision="float32")
    assert np.array_equal(single, sn.InfluenceScorer.from_state({**state, "precision": "float32"}).table(pool))
    q = sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, pool, 20, precision="float32")
    assert np.array_equal(q.table, single)


def test_dask_fit_scorer_carries_precision():
    pytest.importorskip("dask")
    import dask.array as da

    import salutary_native.dask as snd

    pb = make_problem(3, 300, 80, 3000, 8, seed=96)
    model = sn.LogisticRegression().fit(pb.X_train, pb.y_train)
    scorer = snd.fit_scorer(model, pb.X_train, pb.X_val, pb.y_val, da.from_array(pb.X_pool, chunks=1000),
                            hessian_on="pool", precision="float32")
    in_memory = sn.InfluenceScorer(model, hessian_on="pool", precision="float32").fit(
        pb.X_train, pb.X_val, pb.y_val, X_pool=pb.X_pool)
    assert scorer.precision == "float32"
    pool = pb.X_pool.astype(np.float32)
    assert np.array_equal(scorer.table(pool), in_memory.table(pool))
    with pytest.raises(ValueError, match="precision"):
        snd.fit_scorer(model, pb.X_train, pb.X_val, pb.y_val, da.from_array(pb.X_pool, chunks=1000),
                       hessian_on="pool", precision="half")


def test_state_round_trip_keeps_float32():
    pb = make_problem(3, 300, 80, 1000, 8, seed=93)
    model = sn.LogisticRegression().fit(pb.X_train, pb.y_train)
    scorer = sn.InfluenceScorer(model, precision="float32").fit(pb.X_train, pb.X_val, pb.y_val)
    rebuilt = sn.InfluenceScorer.from_state(scorer.get_state())
    assert rebuilt.precision == "float32" and rebuilt.get_state()["precision"] == "float32"
    pool = pb.X_pool.astype(np.float32)
    assert np.array_equal(rebuilt.table(pool), scorer.table(pool))


@pytest.mark.parametrize("bad", ["float16", "FLOAT32", "", 32, None])
def test_bad_precision_names_it(bad):
    pb = make_problem(2, 100, 40, 50, 3, seed=94)
    model = sn.LogisticRegression().fit(pb.X_train, pb.y_train)
    with pytest.raises(ValueError, match="precision"):
        sn.InfluenceScorer(model, precision=bad).fit(pb.X_train, pb.X_val, pb.y_val)
    with pytest.raises(ValueError, match="precision"):
        sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, precision=bad)
    state = sn.InfluenceScorer(model).fit(pb.X_train, pb.X_val, pb.y_val).get_state()
    with pytest.raises(ValueError, match="precision"):
        sn.InfluenceScorer.from_state({**state, "precision": bad})


def test_native_refuses_an_unknown_precision():
    pb = make_problem(2, 100, 40, 50, 3, seed=95)
    model = sn.LogisticRegression().fit(pb.X_train, pb.y_train)
    native = sn.InfluenceScorer(model).fit(pb.X_train, pb.X_val, pb.y_val)._native
    with pytest.raises(ValueError, match="precision"):
        sn._core.Scorer(native.model, native.val_direction, "train", 0.0, "auto", "cholesky", 0, "cpu",
                        precision="float16")
