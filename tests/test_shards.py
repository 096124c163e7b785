"""Pools stored on disk, read as row blocks: .npy shards, Parquet row groups and zarr arrays.

Checked here: a query over a source equals one call on the pool in memory bit for bit (rows,
labels, scores, the kept table, with and without exclusions, tied rows across blocks), and so
do block tables at the source's offsets, for two and ten classes in float32 and float64; every
broken source fails when it is built, with a ValueError naming the file, so no block is ever
scored; and iterating a source twice reads it from disk twice.
"""

import os
import subprocess
import sys

import numpy as np
import pytest

import salutary_native as sn
from conftest import make_problem
from salutary_native.shards import NpyFolder, ParquetRowGroups, PoolSource, ZarrRows

N_POOL = 240
# Uneven pieces, one of a single row and one with no rows.
CUTS = [0, 1, 38, 38, 101, 102, 200, N_POOL]


@pytest.fixture(scope="module")
def fitted():
    cache = {}

    def get(K):
        if K not in cache:
            pb = make_problem(K, 300 if K == 10 else 120, 60, N_POOL, 5, seed=40 + K)
            model = sn.LogisticRegression(C=0.5).fit(pb.X_train, pb.y_train)
            scorer = sn.InfluenceScorer(model).fit(pb.X_train, pb.X_val, pb.y_val)
            X = pb.X_pool.copy()
            # Copies of the best row, on both sides of a cut, tie: the tie-break orders them.
            best = int(scorer.table(X).max(axis=1).argmax())
            X[[30, 37, 38, 150]] = X[best]
            cache[K] = scorer, X
        return cache[K]

    return get


def _pieces(X):
    return [X[a:b] for a, b in zip(CUTS[:-1], CUTS[1:])]


def _assert_source_scores_like_memory(scorer, source, X):
    assert isinstance(source, PoolSource)
    assert (source.n_rows, source.n_features, source.dtype) == (X.shape[0], X.shape[1], X.dtype)
    assert len(source) == len(source.block_lengths) == len(source.offsets)
    assert np.array_equal(source.offsets, np.concatenate([[0], np.cumsum(source.block_lengths)[:-1]]))
    for budget, options in ((6, {}), (25, {"seed": 3, "exclude": [5, 30, 37, 100, 239]})):
        one = scorer.query(X, budget, keep_table=True, **options)
        streamed = scorer.query(source, budget, keep_table=True, **options)
        assert np.array_equal(streamed.indices, one.indices)
        assert np.array_equal(streamed.labels, one.labels)
        assert np.array_equal(streamed.scores, one.scores)
        assert np.array_equal(streamed.table, one.table)
        assert np.array_equal(scorer.query(source, budget, **options).indices, one.indices)
    tables = [scorer.table(block, offset=offset) for offset, block in source.with_offsets()]
    assert np.array_equal(np.concatenate(tables), scorer.table(X))


def _write_npy(folder, X):
    folder.mkdir()
    for i, piece in enumerate(_pieces(X)):
        np.save(folder / f"part-{i:05d}.npy", piece)
    return folder


def _write_parquet(folder, X, layout):
    """The pool in two files, one row group per piece: an embedding column or scalar columns."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    folder.mkdir()
    pieces = _pieces(X)
    for name, part in (("pool-0.parquet", pieces[:3]), ("pool-1.parquet", pieces[3:])):
        tables = [_arrow_table(pa, piece, layout) for piece in part]
        with pq.ParquetWriter(folder / name, tables[0].schema) as writer:
            for table in tables:
                writer.write_table(table, row_group_size=N_POOL)
    return folder


def _arrow_table(pa, X, layout):
    value_type = pa.from_numpy_dtype(X.dtype)
    values = pa.array(X.ravel(), type=value_type)
    if layout == "fixed_size_list":
        column = pa.FixedSizeListArray.from_arrays(values, X.shape[1])
    elif layout == "list":
        column = pa.ListArray.from_arrays(pa.array(np.arange(0, X.size + 1, X.shape[1], dtype=np.int32)), values)
    else:
        return pa.table({f"f{j}": pa.array(X[:, j], type=value_type) for j in range(X.shape[1])})
    return pa.table({"id": pa.array(np.arange(X.shape[0])), "embedding": column})


# -- sources equal the pool in memory, bit for bit -----------------------------------------------

@pytest.mark.parametrize("K", [2, 10])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_npy_folder_scores_like_memory(fitted, tmp_path, K, dtype):
    scorer, X = fitted(K)
    X = X.astype(dtype)
    source = NpyFolder(_write_npy(tmp_path / "pool", X))
    assert source.block_lengths.tolist() == [1, 37, 63, 1, 98, 40]  # the empty shard is no block
    assert len(source.paths) == len(CUTS) - 1
    _assert_source_scores_like_memory(scorer, source, X)


@pytest.mark.parametrize("K", [2, 10])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("layout", ["fixed_size_list", "list", "scalar_columns"])
def test_parquet_row_groups_score_like_memory(fitted, tmp_path, K, dtype, layout):
    scorer, X = fitted(K)
    X = X.astype(dtype)
    folder = _write_parquet(tmp_path / "pool", X, layout)
    source = ParquetRowGroups(folder)
    assert source.columns == (("embedding",) if layout != "scalar_columns" else tuple(f"f{j}" for j in range(5)))
    assert source.block_lengths.tolist() == [1, 37, 63, 1, 98, 40]
    _assert_source_scores_like_memory(scorer, source, X)


@pytest.mark.parametrize("K", [2, 10])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_zarr_rows_score_like_memory(fitted, tmp_path, K, dtype):
    zarr = pytest.importorskip("zarr")
    scorer, X = fitted(K)
    X = X.astype(dtype)
    # Columns are chunked too: a block still holds the full width of its rows.
    stored = zarr.create_array(str(tmp_path / "pool.zarr"), shape=X.shape, chunks=(37, 3), dtype=X.dtype)
    stored[:] = X
    source = ZarrRows(tmp_path / "pool.zarr")
    assert source.block_lengths.tolist() == [37] * 6 + [18]
    _assert_source_scores_like_memory(scorer, source, X)
    sharded = zarr.create_array(str(tmp_path / "sharded.zarr"), shape=X.shape, chunks=(10, 5), shards=(50, 5),
                                dtype=X.dtype)
    sharded[:] = X
    assert ZarrRows(sharded).block_lengths.tolist() == [50] * 4 + [40]  # one block per shard
    _assert_source_scores_like_memory(scorer, ZarrRows(sharded), X)
    wide = ZarrRows(stored, block_rows=74)
    assert wide.block_lengths.tolist() == [74, 74, 74, 18]
    _assert_source_scores_like_memory(scorer, wide, X)


@pytest.mark.parametrize("hessian_on", ["pool", "train+pool"])
def test_a_source_carries_the_pool_curvature_into_the_fit(tmp_path, hessian_on):
    pb = make_problem(3, 120, 60, N_POOL, 5, seed=7)
    model = sn.LogisticRegression(C=0.5).fit(pb.X_train, pb.y_train)
    try:
        sn.InfluenceScorer(model, hessian_on=hessian_on).fit(pb.X_train, pb.X_val, pb.y_val,
                                                             X_pool=[pb.X_pool[:10], pb.X_pool[10:]])
    except TypeError:
        pytest.skip("this build's fit takes the pool as one array only")
    source = NpyFolder(_write_npy(tmp_path / "pool", pb.X_pool))
    one = sn.InfluenceScorer(model, hessian_on=hessian_on).fit(pb.X_train, pb.X_val, pb.y_val, X_pool=pb.X_pool)
    streamed = sn.InfluenceScorer(model, hessian_on=hessian_on).fit(pb.X_train, pb.X_val, pb.y_val, X_pool=source)
    assert np.array_equal(streamed.val_direction_, one.val_direction_)
    # The fit read the source; scoring reads it again.
    assert np.array_equal(streamed.query(source, 10).indices, one.query(pb.X_pool, 10).indices)


def test_a_block_whose_rows_are_all_excluded(fitted, tmp_path):
    scorer, X = fitted(2)
    source = NpyFolder(_write_npy(tmp_path / "pool", X))
    one = scorer.query(X, 6, exclude=[0])
    assert np.array_equal(scorer.query(source, 6, exclude=[0]).indices, one.indices)


def test_sources_are_read_again_on_every_iteration(tmp_path):
    folder = tmp_path / "pool"
    folder.mkdir()
    X = np.arange(24.0).reshape(8, 3)
    np.save(folder / "a-0.npy", X[:5])
    np.save(folder / "a-1.npy", X[5:])
    source = NpyFolder(folder)
    assert np.array_equal(np.concatenate(list(source)), X)
    np.save(folder / "a-1.npy", -X[5:])
    assert np.array_equal(np.concatenate(list(source)), np.concatenate([X[:5], -X[5:]]))
    assert np.array_equal(source.block(-1), -X[5:])
    with pytest.raises(IndexError):
        source.block(2)


def test_npy_folder_order_layouts_and_lists(tmp_path):
    folder = tmp_path / "pool"
    folder.mkdir()
    X = np.random.default_rng(0).normal(size=(60, 4))
    # Natural order: part-2 before part-10; unpadded numbers.
    for i in range(12):
        piece = X[5 * i:5 * i + 5]
        if i == 3:
            piece = np.asfortranarray(piece)
        if i == 4:
            piece = piece.astype(">f8")
        np.save(folder / f"part-{i}.npy", piece)
    (folder / "notes.txt").write_text("not a shard")
    source = NpyFolder(folder)
    blocks = list(source)
    assert all(b.flags.c_contiguous and b.dtype == np.float64 for b in blocks)
    assert np.array_equal(np.concatenate(blocks), X)
    # An explicit list is taken in its own order.
    listed = NpyFolder([folder / "part-1.npy", folder / "part-0.npy"])
    assert np.array_equal(np.concatenate(list(listed)), np.concatenate([X[5:10], X[:5]]))
    assert np.array_equal(NpyFolder(folder / "part-3.npy").block(0), X[15:20])


def test_shards_named_by_first_row_are_accepted(tmp_path):
    folder = tmp_path / "pool"
    folder.mkdir()
    X = np.random.default_rng(1).normal(size=(25, 3))
    for a, b in ((0, 10), (10, 12), (12, 20), (20, 25)):
        np.save(folder / f"rows-{a:06d}.npy", X[a:b])
    assert np.array_equal(np.concatenate(list(NpyFolder(folder))), X)
    os.remove(folder / "rows-000012.npy")
    with pytest.raises(ValueError, match=r"rows-000012\.npy is missing: rows-000010\.npy ends at row 12"):
        NpyFolder(folder)


# -- broken sources fail when they are built, naming the file ------------------------------------

def _folder(tmp_path, **shards):
    folder = tmp_path / "pool"
    folder.mkdir(parents=True, exist_ok=True)
    for name, array in shards.items():
        np.save(folder / f"{name}.npy", array)
    return folder


def test_npy_missing_files_are_named(tmp_path):
    X = np.ones((4, 3))
    folder = _folder(tmp_path, **{"part-00000": X, "part-00002": X})
    with pytest.raises(ValueError, match=r"part-00001\.npy is missing"):
        NpyFolder(folder)
    with pytest.raises(ValueError, match=r"part-00000\.npy is missing"):
        NpyFolder(_folder(tmp_path / "late", **{"part-00003": X, "part-00004": X}))
    assert NpyFolder(folder, check_numbering=False).n_rows == 8
    with pytest.raises(ValueError, match=r"part-00001\.npy does not exist"):
        NpyFolder([folder / "part-00000.npy", folder / "part-00001.npy"])
    with pytest.raises(ValueError, match=r"part-00000\.npy is listed twice"):
        NpyFolder([folder / "part-00000.npy", folder / "part-00002.npy", folder / ".." / "pool" / "part-00000.npy"])
    with pytest.raises(ValueError, match=r"nowhere does not exist"):
        NpyFolder(tmp_path / "nowhere")


def test_npy_truncated_file_is_named_with_both_sizes(tmp_path):
    folder = _folder(tmp_path, **{"part-0": np.ones((10, 3)), "part-1": np.ones((10, 3))})
    path = folder / "part-1.npy"
    full = os.path.getsize(path)
    with open(path, "r+b") as f:
        f.truncate(full - 8)
    with pytest.raises(ValueError, match=rf"part-1\.npy is truncated: it holds {full - 8} bytes.*needs {full}"):
        NpyFolder(folder)


@pytest.mark.parametrize("bad, message", [
    (np.ones((4, 3), dtype=np.int64), "int64, not float32 or float64"),
    (np.ones((4, 3), dtype=np.float16), "float16, not float32 or float64"),
    (np.ones(12), "1-D array"),
    (np.ones((4, 3, 1)), "3-D array"),
    (np.ones((4, 5)), "has 5 columns, but .*part-0.npy has 3"),
    (np.ones((4, 3), dtype=np.float32), "holds float32, but .*part-0.npy holds float64"),
])
def test_npy_bad_shards_are_named(tmp_path, bad, message):
    folder = _folder(tmp_path, **{"part-0": np.ones((4, 3)), "part-1": bad})
    with pytest.raises(ValueError, match=r"part-1\.npy.*" + message):
        NpyFolder(folder)


def test_npy_empty_folders_and_unreadable_files(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match=r"empty holds no \.npy shards"):
        NpyFolder(tmp_path / "empty")
    with pytest.raises(ValueError, match="holds no rows"):
        NpyFolder(_folder(tmp_path, **{"part-0": np.ones((0, 3))}))
    (tmp_path / "pool" / "part-1.npy").write_bytes(b"not numpy at all")
    with pytest.raises(ValueError, match=r"part-1\.npy is not a readable \.npy file"):
        NpyFolder(tmp_path / "pool")


def test_a_shard_changed_after_opening_is_named_when_read(fitted, tmp_path):
    scorer, X = fitted(2)
    folder = _folder(tmp_path, **{"part-0": X[:100], "part-1": X[100:]})
    source = NpyFolder(folder)
    np.save(folder / "part-1.npy", X[100:120])
    with pytest.raises(ValueError, match=r"part-1\.npy now holds float64 of shape \(20, 5\)"):
        scorer.query(source, 5)
    np.save(folder / "part-1.npy", X[100:].astype(np.float32))
    with pytest.raises(ValueError, match=r"part-1\.npy now holds float32 of shape \(140, 5\)"):
        scorer.query(source, 5)


def test_parquet_missing_and_corrupt_files_are_named(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    with pytest.raises(ValueError, match=r"absent\.parquet does not exist"):
        ParquetRowGroups(tmp_path / "absent.parquet")
    folder = _write_parquet(tmp_path / "pool", np.ones((N_POOL, 3)), "fixed_size_list")
    with pytest.raises(ValueError, match=r"pool-2\.parquet does not exist"):
        ParquetRowGroups([folder / "pool-0.parquet", folder / "pool-2.parquet"])
    (folder / "pool-1.parquet").write_bytes(b"PAR1 garbage, not a footer")
    with pytest.raises(ValueError, match=r"pool-1\.parquet is not a readable Parquet file"):
        ParquetRowGroups(folder)
    path = tmp_path / "cut.parquet"
    pq.write_table(pa.table({"x": np.ones(50)}), path)
    data = path.read_bytes()
    path.write_bytes(data[:-30])
    with pytest.raises(ValueError, match=r"cut\.parquet is not a readable Parquet file"):
        ParquetRowGroups(path)


def test_parquet_bad_columns_are_named(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"a": np.ones(6), "n": np.arange(6), "h": np.ones(6, dtype=np.float16)}), path)
    with pytest.raises(ValueError, match=r"t\.parquet has columns .*column="):
        ParquetRowGroups(path)
    with pytest.raises(ValueError, match=r"t\.parquet: column 'n' holds int64"):
        ParquetRowGroups(path, columns=["a", "n"])
    with pytest.raises(ValueError, match=r"t\.parquet: column 'h' holds halffloat"):
        ParquetRowGroups(path, column="h")
    with pytest.raises(ValueError, match=r"t\.parquet has no column 'b'"):
        ParquetRowGroups(path, columns=["b"])
    assert ParquetRowGroups(path, columns=["a"]).n_features == 1
    pq.write_table(pa.table({"a": pa.array([1.0, None, 2.0])}), tmp_path / "nulls.parquet")
    with pytest.raises(ValueError, match=r"nulls\.parquet row group 0: column 'a' holds 1 missing"):
        ParquetRowGroups(tmp_path / "nulls.parquet")


def test_parquet_rows_of_different_lengths_are_named(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    ragged = pa.array([[1.0, 2.0], [1.0, 2.0], [3.0]], type=pa.list_(pa.float64()))
    pq.write_table(pa.table({"e": ragged}), tmp_path / "ragged.parquet")
    with pytest.raises(ValueError, match=r"ragged\.parquet row group 0: column 'e' holds 5 values in 3 rows"):
        ParquetRowGroups(tmp_path / "ragged.parquet")
    # Lengths that the metadata cannot tell apart (3 + 1 = 2 + 2) are caught as the block is read.
    hidden = pa.array([[1.0, 2.0], [1.0, 2.0, 3.0], [4.0]], type=pa.list_(pa.float64()))
    pq.write_table(pa.table({"e": hidden}), tmp_path / "hidden.parquet")
    source = ParquetRowGroups(tmp_path / "hidden.parquet")
    with pytest.raises(ValueError, match=r"hidden\.parquet row group 0: the row at global row 1 has 3 values"):
        list(source)
    # Without statistics in the footer, a missing value is caught as its block is read.
    holes = pa.table({"a": [1.0, 2.0, 3.0], "b": [1.0, None, 3.0]})
    pq.write_table(holes, tmp_path / "holes.parquet", write_statistics=False)
    with pytest.raises(ValueError, match=r"holes\.parquet row group 0: column 'b' is missing at global row 1"):
        ParquetRowGroups(tmp_path / "holes.parquet").block(0)
    X = np.ones((6, 3))
    pq.write_table(_arrow_table(pa, X, "fixed_size_list"), tmp_path / "w-0.parquet")
    pq.write_table(_arrow_table(pa, X[:, :2], "fixed_size_list"), tmp_path / "w-1.parquet")
    with pytest.raises(ValueError, match=r"w-1\.parquet row group 0 has 2 columns, but .*w-0\.parquet"):
        ParquetRowGroups([tmp_path / "w-0.parquet", tmp_path / "w-1.parquet"])


def test_zarr_bad_arrays_are_named(tmp_path):
    zarr = pytest.importorskip("zarr")
    with pytest.raises(ValueError, match=r"absent\.zarr does not exist"):
        ZarrRows(tmp_path / "absent.zarr")
    (tmp_path / "junk.zarr").mkdir()
    (tmp_path / "junk.zarr" / "zarr.json").write_text("{not json")
    with pytest.raises(ValueError, match=r"junk\.zarr is not a readable zarr array"):
        ZarrRows(tmp_path / "junk.zarr")
    zarr.create_array(str(tmp_path / "flat.zarr"), shape=(10,), chunks=(5,), dtype="float64")[:] = 1.0
    with pytest.raises(ValueError, match=r"flat\.zarr holds a 1-D array"):
        ZarrRows(tmp_path / "flat.zarr")
    zarr.create_array(str(tmp_path / "ints.zarr"), shape=(10, 2), chunks=(5, 2), dtype="int32")[:] = 1
    with pytest.raises(ValueError, match=r"ints\.zarr holds values of type int32"):
        ZarrRows(tmp_path / "ints.zarr")
    holes = zarr.create_array(str(tmp_path / "holes.zarr"), shape=(10, 2), chunks=(5, 2), dtype="float32")
    holes[:5] = 1.0
    with pytest.raises(ValueError, match=r"holes\.zarr stores 1 of its 2 chunks"):
        ZarrRows(tmp_path / "holes.zarr")
    filled = ZarrRows(tmp_path / "holes.zarr", missing_chunks="fill")
    assert np.array_equal(np.concatenate(list(filled)), np.repeat([[1.0], [0.0]], 5, axis=0) * np.ones(2))
    with pytest.raises(ValueError, match="block_rows must be a positive multiple of the 5 rows"):
        ZarrRows(holes, block_rows=7, missing_chunks="fill")
    with pytest.raises(TypeError, match="pass an in-memory array to the scorer directly"):
        ZarrRows(np.ones((4, 2)))


def test_missing_libraries_name_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "zarr", None)
    with pytest.raises(ImportError, match=r"salutary-native\[shards\]"):
        ParquetRowGroups(tmp_path)
    with pytest.raises(ImportError, match=r"salutary-native\[shards\]"):
        ZarrRows(tmp_path)


def test_the_sources_import_without_pyarrow_or_zarr():
    code = ("import sys; sys.modules['pyarrow'] = sys.modules['zarr'] = None; "
            "import salutary_native.shards as s; print(s.NpyFolder.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "NpyFolder"
