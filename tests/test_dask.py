"""The Dask engine: a chunked pool gives the in-memory scorer's bits on any scheduler.

Checked here: the table and the query equal the in-memory scorer bit for bit (K = 2 and 10,
float32 and float64 pools, hessian_on "train" and "pool", uneven chunks, ties across chunks)
on threads and on local clusters of one and two worker processes; exclusion by global row;
the fitted scorer in the graph once and rebuilt at most once per worker process; bad input
refused from metadata with the in-memory messages before anything runs; the pool curvature
over aligned windows; and a worker process killed in the middle of a query.
"""

import functools
import logging
import os
import pickle
import signal
import subprocess
import sys
import uuid

import numpy as np
import pytest

dask = pytest.importorskip("dask")
da = pytest.importorskip("dask.array")
distributed = pytest.importorskip("distributed")

from dask.core import get_dependencies  # noqa: E402

import salutary_native as sn  # noqa: E402
import salutary_native.dask as snd  # noqa: E402
from conftest import make_problem  # noqa: E402
from salutary_native.pool_curvature import CURVATURE_WINDOW_ROWS  # noqa: E402

N_POOL = 3005
CHUNKS = (700, 1300, 5, 1000)  # uneven, one tiny chunk; sums to N_POOL
D = 9


@functools.lru_cache(maxsize=None)
def _fitted(K, dtype_name="float64", hessian_on="train"):
    """A model, its in-memory scorer and a pool with tied copies of its best row in several chunks."""
    pb = make_problem(K, 300, 60, N_POOL, D, seed=20 + K)
    model = sn.LogisticRegression(C=0.5).fit(pb.X_train, pb.y_train)
    X_pool = pb.X_pool.astype(dtype_name)
    best = sn.InfluenceScorer(model).fit(pb.X_train, pb.X_val, pb.y_val).table(X_pool).max(axis=1).argmax()
    X_pool[690:720] = X_pool[best]  # across the first chunk boundary
    X_pool[2000:2004] = X_pool[best]  # the tiny chunk and its neighbours
    scorer = sn.InfluenceScorer(model, hessian_on=hessian_on).fit(pb.X_train, pb.X_val, pb.y_val, X_pool=X_pool)
    X_pool.flags.writeable = False
    return pb, model, scorer, X_pool


def _same_query(a, b):
    return (np.array_equal(a.indices, b.indices) and np.array_equal(a.labels, b.labels)
            and np.array_equal(a.scores, b.scores))


# -- schedulers ------------------------------------------------------------------------------------

def _local_cluster(n_workers):
    # Everything on loopback, the dashboard included: its address ":0" listens on every interface.
    return distributed.LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                    dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL)


@pytest.fixture(scope="module")
def one_worker():
    with _local_cluster(1) as cluster, distributed.Client(cluster, set_as_default=False) as client:
        yield client


@pytest.fixture(scope="module")
def two_workers():
    with _local_cluster(2) as cluster, distributed.Client(cluster, set_as_default=False) as client:
        yield client


@pytest.fixture(params=["threads", "one_worker", "two_workers"])
def scheduler(request):
    """A dask scheduler: the threaded default, or a Client on a local cluster of worker processes."""
    target = "threads" if request.param == "threads" else request.getfixturevalue(request.param)
    with dask.config.set(scheduler=target):
        yield target


# -- bit for bit -----------------------------------------------------------------------------------

@pytest.mark.parametrize("hessian_on", ["train", "pool"])
@pytest.mark.parametrize("dtype_name", ["float64", "float32"])
@pytest.mark.parametrize("K", [2, 10])
def test_table_and_query_equal_the_in_memory_scorer_bit_for_bit(scheduler, K, dtype_name, hessian_on):
    _, _, scorer, X_pool = _fitted(K, dtype_name, hessian_on)
    X = da.from_array(X_pool, chunks=(CHUNKS, (4, D - 4)))  # uneven rows, columns in two chunks
    table = snd.influence_table(scorer, X)
    assert table.dtype == np.float64 and table.chunks == (CHUNKS, (K,))
    assert np.array_equal(table.compute(), scorer.table(X_pool))
    got = snd.query(scorer, X, 60, seed=7)
    want = scorer.query(X_pool, 60, seed=7)
    assert _same_query(got, want)
    assert len(np.unique(want.scores)) < len(want.scores)  # tied rows, ordered by the tie-break key
    assert got.table is None and got.labels.dtype == want.labels.dtype


def test_exclusion_is_honoured_as_in_memory(scheduler):
    _, _, scorer, X_pool = _fitted(10)
    X = da.from_array(X_pool, chunks=(CHUNKS, D))
    taken = scorer.query(X_pool, 40, seed=3).indices
    # The whole tiny chunk, rows either side of a boundary, and rows past the pool's end.
    exclude = np.concatenate([taken, np.arange(2000, 2005), [699, 700, 701, 10_000]])
    before = exclude.copy()
    got = snd.query(scorer, X, 40, seed=3, exclude=list(exclude))
    want = scorer.query(X_pool, 40, seed=3, exclude=exclude)
    assert _same_query(got, want)
    assert not set(got.indices.tolist()) & set(exclude.tolist())
    assert np.array_equal(exclude, before)


def test_empty_chunks_hold_no_rows():
    _, _, scorer, X_pool = _fitted(10)
    X = da.from_array(X_pool, chunks=((0, 700, 0, 1300, 5, 1000, 0), D))
    with dask.config.set(scheduler="threads"):
        assert np.array_equal(snd.influence_table(scorer, X).compute(), scorer.table(X_pool))
        assert _same_query(snd.query(scorer, X, 30, seed=1), scorer.query(X_pool, 30, seed=1))


def test_seed_from_a_generator_is_drawn_once():
    _, _, scorer, X_pool = _fitted(2)
    X = da.from_array(X_pool, chunks=(CHUNKS, D))
    got = snd.query(scorer, X, 20, seed=np.random.default_rng(5))
    assert _same_query(got, scorer.query(X_pool, 20, seed=np.random.default_rng(5)))


# -- the scorer is shipped once --------------------------------------------------------------------

def _tasks_carrying(graph, needle: bytes):
    return [key for key, task in graph.items() if needle in pickle.dumps(task)]


@pytest.mark.parametrize("n_chunks", [1, 4, 31])
def test_the_scorer_is_one_key_of_the_graph(n_chunks, monkeypatch):
    _, _, scorer, X_pool = _fitted(10)
    X = da.from_array(X_pool, chunks=(-(-N_POOL // n_chunks), D))
    assert X.numblocks[0] == n_chunks
    needle = scorer.val_direction_.tobytes()  # the state's largest array
    graph = dict(snd.influence_table(scorer, X).__dask_graph__())
    carrying = _tasks_carrying(graph, needle)
    assert len(carrying) == 1 and str(carrying[0]).startswith("influence-scorer-")
    table_keys = [key for key in graph if isinstance(key, tuple) and key[0].startswith("influence-table-")]
    assert len(table_keys) == n_chunks
    assert all(carrying[0] in get_dependencies(graph, key) for key in table_keys)

    seen = []
    compute = dask.compute
    monkeypatch.setattr(dask, "compute", lambda *args, **kw: seen.append(args) or compute(*args, **kw))
    snd.query(scorer, X, 10)
    (graph,) = [dict(dask.delayed(args[0]).__dask_graph__()) for args in seen]
    assert len(_tasks_carrying(graph, needle)) == 1


def _count_rebuilds():
    """Run on a worker: count InfluenceScorer.from_state calls in this process from now on."""
    import salutary_native.dask as engine
    from salutary_native.scorer import InfluenceScorer

    engine._REBUILT.clear()
    original = InfluenceScorer.__dict__["from_state"].__func__
    calls = []

    def counted(cls, state, **kwargs):
        calls.append(1)
        return original(cls, state, **kwargs)

    InfluenceScorer.from_state = classmethod(counted)
    InfluenceScorer._rebuild_calls = calls


def _rebuilds_so_far():
    from salutary_native.scorer import InfluenceScorer

    return len(InfluenceScorer._rebuild_calls)


def test_each_worker_process_rebuilds_the_scorer_at_most_once(two_workers):
    _, _, scorer, X_pool = _fitted(10, "float32")
    X = da.from_array(X_pool, chunks=(100, D))  # 31 chunks over two workers
    two_workers.run(_count_rebuilds)
    with dask.config.set(scheduler=two_workers):
        assert np.array_equal(snd.influence_table(scorer, X).compute(), scorer.table(X_pool))
        assert _same_query(snd.query(scorer, X, 25, seed=1), scorer.query(X_pool, 25, seed=1))
    rebuilds = two_workers.run(_rebuilds_so_far)
    assert len(rebuilds) == 2 and sum(rebuilds.values()) >= 1
    assert all(count <= 1 for count in rebuilds.values()), rebuilds


# -- bad input, refused from metadata --------------------------------------------------------------

def _refuse_to_compute(block):
    raise AssertionError("a chunk was computed")


def _never_computed(shape, dtype):
    """A dask array of this shape and dtype whose every chunk raises when computed."""
    base = da.zeros(shape, chunks=10, dtype=dtype)
    return base.map_blocks(_refuse_to_compute, dtype=dtype, meta=np.empty((0,) * len(shape), dtype=dtype))


BAD_POOLS = {
    "int64": ((40, D), np.int64),
    "bool": ((40, D), np.bool_),
    "complex": ((40, D), np.complex128),
    "object": ((40, D), object),
    "1-D": ((40,), np.float64),
    "3-D": ((4, 10, D), np.float64),
    "too narrow": ((40, D - 1), np.float64),
    "too wide": ((40, D + 3), np.float32),
    "no rows": ((0, D), np.float64),
    "no columns": ((40, 0), np.float64),
}


@pytest.mark.parametrize("case", sorted(BAD_POOLS))
def test_bad_pools_are_refused_before_anything_runs(case, capsys):
    shape, dtype = BAD_POOLS[case]
    _, _, scorer, _ = _fitted(2)
    with pytest.raises((TypeError, ValueError)) as want:
        scorer.table(np.zeros(shape, dtype=dtype))
    X = _never_computed(shape, dtype)
    for call in (lambda: snd.influence_table(scorer, X), lambda: snd.query(scorer, X, 3)):
        with pytest.raises(want.type) as got:
            call()
        assert str(got.value) == str(want.value) and "X_pool" in str(got.value)
    assert capsys.readouterr() == ("", "")


def test_other_bad_arguments_name_themselves(capsys):
    pb, model, scorer, X_pool = _fitted(2)
    X = _never_computed((40, D), np.float64)
    for call in (lambda: snd.influence_table(scorer, X_pool), lambda: snd.query(scorer, list(X_pool), 3)):
        with pytest.raises(TypeError, match="X_pool must be a dask array"):
            call()
    with pytest.raises(TypeError, match="scorer must be a fitted"):
        snd.influence_table(model, X)
    with pytest.raises(ValueError, match="not fitted"):
        snd.query(sn.InfluenceScorer(model), X, 3)
    unknown = X[X[:, 0] > 0]  # rows unknown until computed
    with pytest.raises(ValueError, match="X_pool has unknown chunk sizes"):
        snd.influence_table(scorer, unknown)
    with pytest.raises(TypeError, match="dense"):
        snd.query(scorer, X.map_blocks(_refuse_to_compute, meta=_SparseMeta()), 3)
    small = np.zeros((40, D))
    for budget, exclude in ((41, None), (40, [0]), (0, None)):
        with pytest.raises(ValueError) as want:
            scorer.query(small, budget, exclude=exclude)
        with pytest.raises(ValueError) as got:
            snd.query(scorer, X, budget, exclude=exclude)
        assert str(got.value) == str(want.value) and "budget" in str(got.value)
    for kwargs, error in ((dict(seed=-1), ValueError), (dict(seed=0.5), TypeError),
                          (dict(exclude=[-1]), ValueError), (dict(exclude=[0.5]), TypeError)):
        with pytest.raises(error) as want:
            scorer.query(small, 3, **kwargs)
        with pytest.raises(error) as got:
            snd.query(scorer, X, 3, **kwargs)
        assert str(got.value) == str(want.value)
    assert capsys.readouterr() == ("", "")


class _SparseMeta(np.ndarray):
    """Stands for a sparse chunk type in a dask array's metadata."""

    def __new__(cls):
        return np.empty((0, 0)).view(cls)

    def toarray(self):
        return np.asarray(self)


def test_non_finite_rows_raise_when_their_chunk_is_computed():
    _, _, scorer, X_pool = _fitted(2)
    bad = X_pool.copy()
    bad[2003, 1] = np.nan
    X = da.from_array(bad, chunks=(CHUNKS, D))
    with dask.config.set(scheduler="threads"):
        with pytest.raises(ValueError, match="NaN"):
            snd.query(scorer, X, 3)
        with pytest.raises(ValueError, match="NaN"):
            snd.influence_table(scorer, X).compute()


# -- fitting with the pool's curvature ------------------------------------------------------------

W = CURVATURE_WINDOW_ROWS
CURVATURE_CHUNKS = (W + 808, W - 192, 5, W + 1234 - 621)  # boundaries inside windows 1, 2 and 2


@functools.lru_cache(maxsize=None)
def _curvature_problem(K):
    """A pool of a few curvature windows (the last one partial), float32."""
    pb = make_problem(K, 300, 60, sum(CURVATURE_CHUNKS), D, seed=40 + K)
    model = sn.LogisticRegression(C=0.5).fit(pb.X_train, pb.y_train)
    X_pool = pb.X_pool.astype(np.float32)
    X_pool.flags.writeable = False
    return pb, model, X_pool


@pytest.mark.parametrize("hessian_on", ["pool", "train+pool"])
@pytest.mark.parametrize("K", [2, 10])
def test_fit_with_the_pool_curvature_equals_the_in_memory_fit(scheduler, K, hessian_on):
    pb, model, X_pool = _curvature_problem(K)
    want = sn.InfluenceScorer(model, hessian_on=hessian_on).fit(pb.X_train, pb.X_val, pb.y_val, X_pool=X_pool)
    X = da.from_array(X_pool, chunks=(CURVATURE_CHUNKS, D))
    assert snd._aligned_rows(X, W).chunks[0] == (W, W, W + 1234)
    got = snd.fit_scorer(model, pb.X_train, pb.X_val, pb.y_val, X, hessian_on=hessian_on)
    assert got.hessian_on == hessian_on
    assert np.array_equal(got.val_direction_, want.val_direction_)
    assert np.array_equal(snd.influence_table(got, X).compute(), want.table(X_pool))
    assert _same_query(snd.query(got, X, 30, seed=2), want.query(X_pool, 30, seed=2))


@pytest.mark.parametrize("chunks", [1000, W, (CURVATURE_CHUNKS,)])
def test_fit_with_the_pool_curvature_honours_exclusion(chunks):
    pb, model, X_pool = _curvature_problem(10)
    exclude = np.concatenate([np.arange(W - 3, W + 700), [5, 2 * W + 1, 10 * W]])
    want = sn.InfluenceScorer(model, hessian_on="pool").fit(pb.X_train, pb.X_val, pb.y_val, X_pool=X_pool,
                                                            exclude=exclude)
    X = da.from_array(X_pool, chunks=(chunks[0] if isinstance(chunks, tuple) else chunks, D))
    with dask.config.set(scheduler="threads"):
        got = snd.fit_scorer(model, pb.X_train, pb.X_val, pb.y_val, X, hessian_on="pool", exclude=list(exclude))
        whole = snd.fit_scorer(model, pb.X_train, pb.X_val, pb.y_val, X, hessian_on="pool")
    assert np.array_equal(got.val_direction_, want.val_direction_)
    assert not np.array_equal(whole.val_direction_, got.val_direction_)


def test_aligned_rows_move_boundaries_down_to_whole_windows():
    X = da.zeros((3005, 2), chunks=(CHUNKS, 2))
    assert snd._aligned_rows(X, 512).chunks[0] == (512, 1024, 1469)  # edges 700, 2000, 2005 → 512, 1536
    assert snd._aligned_rows(X, 4096).chunks[0] == (3005,)
    assert snd._aligned_rows(X, 100).chunks[0] == (700, 1300, 1005)
    aligned = da.zeros((3005, 2), chunks=((1024, 1024, 957), 2))
    assert snd._aligned_rows(aligned, 512) is aligned


def test_fit_on_train_does_not_read_the_pool_and_bad_arguments_are_refused_before_it_is(capsys):
    pb, model, scorer, _ = _fitted(10)
    X = _never_computed((N_POOL, D), np.float64)
    got = snd.fit_scorer(model, pb.X_train, pb.X_val, pb.y_val, X)
    assert np.array_equal(got.val_direction_, scorer.val_direction_)
    for kwargs, message in ((dict(y_val=pb.y_val[:-1]), "y_val has"), (dict(y_val=pb.y_val + 10), "y_val holds"),
                            (dict(X_val=pb.X_val[:, :3]), "X_val has 3 features"),
                            (dict(X_train=pb.X_train.astype(int)), "X_train must be a float"),
                            (dict(sample_weight=-np.ones(len(pb.X_train))), "sample_weight"),
                            (dict(model=sn.LogisticRegression()), "not fitted"),
                            (dict(exclude=[-3]), "exclude")):
        args = {**dict(model=model, X_train=pb.X_train, X_val=pb.X_val, y_val=pb.y_val), **kwargs}
        with pytest.raises((TypeError, ValueError), match=message):
            snd.fit_scorer(args.pop("model"), args.pop("X_train"), args.pop("X_val"), args.pop("y_val"), X,
                           hessian_on="pool", **args)
    with pytest.raises(ValueError, match="X_pool is required"):
        snd.fit_scorer(model, pb.X_train, pb.X_val, pb.y_val, None, hessian_on="pool")
    with pytest.raises(ValueError, match="X_pool has 8 features"):
        snd.fit_scorer(model, pb.X_train, pb.X_val, pb.y_val, X[:, :8], hessian_on="pool")
    with pytest.raises(ValueError, match="damping must be non-negative"):
        snd.fit_scorer(model, pb.X_train, pb.X_val, pb.y_val, X, hessian_on="pool", damping=-1.0)
    with pytest.raises(ValueError, match="hessian_on must be"):
        snd.fit_scorer(model, pb.X_train, pb.X_val, pb.y_val, X, hessian_on="all")
    assert capsys.readouterr() == ("", "")


# -- a worker killed in the middle of a query --------------------------------------------------------

def _gated_chunk(block, started, gate):
    """Run on a worker: say which process holds this chunk, then wait for the gate to open."""
    distributed.Queue(started).put(os.getpid())
    if not distributed.Event(gate).wait(timeout=60):
        raise TimeoutError("the gate was never opened")
    return block


def _reported_chunk(block, done):
    distributed.Queue(done).put(1)
    return block


def test_a_worker_killed_mid_query_changes_nothing():
    _, _, scorer, X_pool = _fitted(10)
    want = scorer.query(X_pool, 50, seed=4)
    name = uuid.uuid4().hex
    started, gate, done = f"started-{name}", f"gate-{name}", f"done-{name}"
    edges = list(range(0, N_POOL, 250)) + [N_POOL]
    chunks = []
    for i, (a, b) in enumerate(zip(edges[:-1], edges[1:])):
        load = dask.delayed(_gated_chunk if i == 5 else _reported_chunk, pure=True)
        task = load(X_pool[a:b], started, gate) if i == 5 else load(X_pool[a:b], done)
        chunks.append(da.from_delayed(task, shape=(b - a, D), dtype=X_pool.dtype, meta=np.empty((0, 0))))
    lazy = snd.query(scorer, da.concatenate(chunks), 50, seed=4, compute=False)
    with _local_cluster(2) as cluster, distributed.Client(cluster, set_as_default=False) as client:
        started_q, done_q = distributed.Queue(started, client=client), distributed.Queue(done, client=client)
        opened = distributed.Event(gate, client=client)
        result = client.compute(lazy)
        try:
            victim = started_q.get(timeout=30)  # a worker process is inside the query, held at the gate
            for _ in range(3):  # and the other one has loaded chunks meanwhile
                done_q.get(timeout=30)
            assert victim in client.run(os.getpid).values()
            assert not result.done()
            os.kill(victim, signal.SIGKILL)
        finally:
            opened.set()
        got = result.result(timeout=60)
        rerun_by = started_q.get(timeout=10)  # the held chunk was loaded again, by another process
        assert rerun_by != victim and victim not in client.run(os.getpid).values()
    assert _same_query(got, want)


def test_the_package_does_not_import_dask():
    code = ("import sys, salutary_native; print(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('dask', 'distributed') or m == 'salutary_native.dask'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_fit_scorer_passes_the_cg_preconditioner():
    pb, model, _, X_pool = _fitted(4, hessian_on="train+pool")
    X = da.from_array(X_pool, chunks=(1100, D))
    kwargs = dict(hessian_on="train+pool", solver="cg", cg_preconditioner="block_jacobi")
    shipped = snd.fit_scorer(model, pb.X_train, pb.X_val, pb.y_val, X, **kwargs)
    in_memory = sn.InfluenceScorer(model, **kwargs).fit(pb.X_train, pb.X_val, pb.y_val, X_pool=X_pool)
    assert shipped.cg_preconditioner_used_ == "block_jacobi" == in_memory.cg_preconditioner_used_
    assert np.array_equal(shipped.val_direction_, in_memory.val_direction_)
