"""64-bit index arithmetic (very large pools): a float32 pool of more than 2³¹ elements, read in
place from a sparse memory-mapped file (no 8 GB of RAM needed), scored and selected correctly."""

import numpy as np

import salutary_native as sn
from conftest import make_problem


def test_pool_beyond_2_31_elements(tmp_path):
    d = 64
    rows = 2**31 // d + 1024  # 2³¹ + 65,536 elements; the last rows start past element 2³¹
    assert rows * d > 2**31
    pb = make_problem(2, 300, 100, 2000, d, 0)
    model = sn.LogisticRegression(C=1.0).fit(pb.X_train, pb.y_train)
    zero = np.zeros((1, d))
    candidates = pb.X_pool.astype(np.float32)
    scores = sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, np.vstack([zero, candidates])).max(axis=1)
    # Three rows that outscore the all-zero rows filling the rest of the pool.
    special = candidates[np.argsort(-scores[1:])[:3]]
    assert (np.sort(scores[1:])[-3:] > scores[0]).all()

    pool = np.memmap(tmp_path / "pool.f32", dtype=np.float32, mode="w+", shape=(rows, d))  # sparse: zeros
    where = np.array([rows - 1, rows - 700, 2**31 // d + 3])  # element offsets beyond 2³¹
    pool[where] = special
    pool.flush()
    query = sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, pool, 3, keep_table=False)
    expected = where[np.argsort(-sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, special).max(axis=1))]
    np.testing.assert_array_equal(query.indices, expected)
    assert query.indices.dtype == np.int64
