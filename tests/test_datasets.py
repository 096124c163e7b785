"""The dataset loaders: shapes and labels against the shared README, bundled bytes, encodings, load_table."""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

import numpy as np
import pytest

from salutary_native import datasets
from salutary_native.datasets import Dataset, load_table

SHARED_DATA = Path("/work/shared/data")
BUNDLED_DATA = Path(datasets.__file__).resolve().parent / "data"

# bundled file -> (shared file, whether the bundled copy is gzip of it)
BUNDLED_FROM_SHARED = {
    "diabetic_retinopathy_split.npz": ("diabetic_retinopathy_split.npz", False),
    "waveform.data.gz": ("waveform.data", True),
    "electrical_grid_stability.csv.gz": ("electrical_grid_stability.csv", True),
    "winequality-red.csv.gz": ("winequality-red.csv", True),
    "winequality-white.csv.gz": ("winequality-white.csv", True),
    "bank-additional.csv.gz": ("bank-additional.csv", True),
    "review_polarity.tar.gz": ("review_polarity.tar.gz", False),
}
BUNDLED_DERIVED = ("review_polarity_minilm.npz",)  # made here from a bundled file (no shared copy)
TABULAR = [name for name in datasets.DATASETS if name != "review_polarity"]


@pytest.fixture(scope="module")
def loaded():
    """Every tabular dataset loaded once for the module (they take well under a second in all)."""
    return {name: datasets.load_dataset(name) for name in TABULAR}


def read_bundled_rows(filename, delimiter):
    with gzip.open(BUNDLED_DATA / filename, "rt", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter=delimiter) if row]


# --- bundled copies -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bundled", sorted(BUNDLED_FROM_SHARED))
def test_bundled_copy_holds_the_shared_bytes(bundled):
    shared, gzipped = BUNDLED_FROM_SHARED[bundled]
    if not (SHARED_DATA / shared).is_file():
        pytest.skip("/work/shared/data is not available here")
    data = (BUNDLED_DATA / bundled).read_bytes()
    assert (gzip.decompress(data) if gzipped else data) == (SHARED_DATA / shared).read_bytes()


def test_notice_covers_every_bundled_file_and_licence():
    notice = (BUNDLED_DATA / "NOTICE.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in BUNDLED_DATA.iterdir() if p.name != "NOTICE.md") == sorted(
        [*BUNDLED_FROM_SHARED, *BUNDLED_DERIVED])
    for bundled in [*BUNDLED_FROM_SHARED, *BUNDLED_DERIVED]:
        assert f"`{bundled}`" in notice
    for author in ("Antal", "Breiman", "Arzamasov", "Cortez", "Moro", "Pang", "Lee"):
        assert author in notice
    assert "CC BY 4.0" in notice and "UCI Machine Learning Repository" in notice and "0.68" in notice


# --- shapes, labels and encodings of the registered datasets --------------------------------------------------


EXPECTED = {  # (rows, features, classes) from the shared README and scikit-learn's documentation
    "diabetic_retinopathy": (1151, 19, 2),
    "waveform": (5000, 21, 3),
    "electrical_grid": (10000, 12, 2),
    "wine_quality_red": (1599, 11, 6),
    "wine_quality_white": (4898, 11, 7),
    "bank_marketing": (4119, None, 2),  # the feature count is derived independently below
    "breast_cancer": (569, 30, 2),
    "digits": (1797, 64, 10),
    "wine": (178, 13, 3),
    "review_polarity_minilm": (2000, 384, 2),  # bundled embeddings (tests/test_embeddings_dataset.py)
}


@pytest.mark.parametrize("name", TABULAR)
def test_dataset_shape_layout_and_labels(loaded, name):
    data = loaded[name]
    rows, features, classes = EXPECTED[name]
    assert isinstance(data, Dataset) and data.name == name
    assert data.X.shape[0] == rows and data.y.shape == (rows,)
    if features is not None:
        assert data.X.shape[1] == features
    assert data.X.dtype == np.float64 and data.X.flags.c_contiguous and np.isfinite(data.X).all()
    assert data.y.dtype == np.int64
    assert data.n_classes == classes == len(data.class_names)
    assert set(np.unique(data.y)) == set(range(classes))
    assert len(data.feature_names) == data.X.shape[1] and all(isinstance(c, str) for c in data.class_names)
    assert data.encoding.endswith(".") and data.source


def test_diabetic_retinopathy_concatenates_the_stored_split(loaded):
    data = loaded["diabetic_retinopathy"]
    parts = datasets.load_diabetic_retinopathy_split()
    order = ("init", "pool", "val", "test")
    assert [len(parts[f"y_{p}"]) for p in order] == [150, 800, 100, 101]
    np.testing.assert_array_equal(data.X, np.concatenate([parts[f"X_{p}"] for p in order]))
    np.testing.assert_array_equal(data.y, np.concatenate([parts[f"y_{p}"] for p in order]))
    assert data.class_names == ("0", "1")
    assert np.bincount(data.y).tolist() == [540, 611]
    assert "not used" in data.encoding


def test_waveform_values_labels_and_repaired_line_43(loaded):
    data = loaded["waveform"]
    lines = gzip.decompress((BUNDLED_DATA / "waveform.data.gz").read_bytes()).decode().splitlines()
    assert lines[42].split(",")[20] == "0.68"
    assert data.X[42, 20] == 0.68
    table = np.array([line.split(",") for line in lines], dtype=np.float64)
    np.testing.assert_array_equal(data.X, table[:, :21])
    assert data.class_names == ("0", "1", "2")
    np.testing.assert_array_equal(data.y, table[:, 21].astype(np.int64))
    # The generator draws the three wave classes with equal probability.
    assert np.bincount(data.y).tolist() == [1657, 1647, 1696]


def test_waveform_damaged_copy_names_the_cell(tmp_path):
    lines = gzip.decompress((BUNDLED_DATA / "waveform.data.gz").read_bytes()).decode().splitlines()
    fields = lines[42].split(",")
    fields[20] = "0.6\t8"
    lines[42] = ",".join(fields)
    damaged = tmp_path / "waveform.data"
    damaged.write_text("\n".join(lines) + "\n")
    with pytest.raises(ValueError, match=r"'x21', row 43"):
        datasets.load_waveform(path=damaged)


def test_electrical_grid_drops_stab_and_labels_stable_rows(loaded):
    data = loaded["electrical_grid"]
    rows = read_bundled_rows("electrical_grid_stability.csv.gz", ";")
    header = rows[0]
    assert data.X.shape[1] == len([c for c in header if c not in ("stab", "stabf")]) == 12
    assert "stab" not in data.feature_names and "stabf" not in data.feature_names
    stab = np.array([row[header.index("stab")] for row in rows[1:]], dtype=np.float64)
    np.testing.assert_array_equal(data.y, (stab < 0).astype(np.int64))
    assert data.class_names == ("unstable", "stable")
    assert np.bincount(data.y).tolist() == [6380, 3620]
    assert "stab" in data.encoding


def test_electrical_grid_user_copy_with_stabf_drops_it(tmp_path):
    rows = read_bundled_rows("electrical_grid_stability.csv.gz", ";")[:51]
    rows = [rows[0] + ["stabf"]] + [row + ["stable" if float(row[-1]) < 0 else "unstable"] for row in rows[1:]]
    copy = tmp_path / "grid.csv"
    copy.write_text("\n".join(",".join(row) for row in rows) + "\n")
    data = datasets.load_electrical_grid(path=copy)
    assert data.X.shape == (50, 12) and "stabf" not in data.feature_names
    assert "stab and stabf" in data.encoding
    expected = np.array([row[-1] == "stable" for row in rows[1:]], dtype=np.int64)
    np.testing.assert_array_equal(data.y, expected)


@pytest.mark.parametrize("color, counts", [
    ("red", {"3": 10, "4": 53, "5": 681, "6": 638, "7": 199, "8": 18}),
    ("white", {"3": 20, "4": 163, "5": 1457, "6": 2198, "7": 880, "8": 175, "9": 5}),
])
def test_wine_quality_classes_are_the_scores_present(loaded, color, counts):
    data = loaded[f"wine_quality_{color}"]
    table = np.array(read_bundled_rows(f"winequality-{color}.csv.gz", ","), dtype=np.float64)
    np.testing.assert_array_equal(data.X, table[:, :11])
    decoded = np.array([int(data.class_names[k]) for k in data.y])
    np.testing.assert_array_equal(decoded, table[:, 11].astype(int))
    assert dict(zip(data.class_names, np.bincount(data.y).tolist())) == counts


def test_wine_quality_rejects_an_unknown_color():
    with pytest.raises(ValueError, match="color"):
        datasets.load_wine_quality("rose")


def test_bank_marketing_one_hot_width_and_label(loaded):
    data = loaded["bank_marketing"]
    rows = read_bundled_rows("bank-additional.csv.gz", ";")
    header, body = rows[0], rows[1:]
    n_numeric, n_categories, n_categorical = 0, 0, 0
    for j, column in enumerate(header):
        if column in ("y", "duration"):
            continue
        values = [row[j] for row in body]
        try:
            [float(v) for v in values]
            n_numeric += 1
        except ValueError:
            n_categories += len(set(values))
            n_categorical += 1
    assert (n_numeric, n_categorical) == (9, 10)
    assert data.X.shape == (4119, n_numeric + n_categories) == (4119, 62)
    assert "duration" not in data.feature_names and "duration" in data.encoding
    assert data.class_names == ("no", "yes")
    np.testing.assert_array_equal(data.y, [row[header.index("y")] == "yes" for row in body])
    assert np.bincount(data.y).tolist() == [3668, 451]
    one_hot = [j for j, f in enumerate(data.feature_names) if "=" in f]
    # Each row has exactly one category of each categorical column.
    np.testing.assert_array_equal(data.X[:, one_hot].sum(axis=1), np.full(4119, n_categorical))
    jobs = [f for f in data.feature_names if f.startswith("job=")]
    assert jobs == sorted(jobs) and len(jobs) == 12
    assert "53 columns" in data.encoding


def test_user_path_reads_the_same_data_as_the_bundled_copy(loaded):
    if not (SHARED_DATA / "winequality-red.csv").is_file():
        pytest.skip("/work/shared/data is not available here")
    data = datasets.load_wine_quality("red", path=SHARED_DATA / "winequality-red.csv")
    np.testing.assert_array_equal(data.X, loaded["wine_quality_red"].X)
    with pytest.raises(FileNotFoundError):
        datasets.load_waveform(path=SHARED_DATA / "no_such_file.data")


# --- registry -------------------------------------------------------------------------------------------------


def test_registry_names_and_unknown_name():
    assert set(datasets.DATASETS) == set(EXPECTED) | {"review_polarity"}
    assert datasets.SHARED_DATASETS == tuple(datasets.DATASETS)[:8]
    assert "breast_cancer" not in datasets.SHARED_DATASETS
    with pytest.raises(ValueError, match="known: diabetic_retinopathy, waveform"):
        datasets.load_dataset("iris")


def test_dataset_rejects_inconsistent_fields():
    with pytest.raises(ValueError, match="feature names"):
        Dataset("bad", np.zeros((3, 2)), np.zeros(3), ("a",), ("0",), "", "")
    with pytest.raises(ValueError, match="index class_names"):
        Dataset("bad", np.zeros((3, 1)), np.array([0, 1, 2]), ("a",), ("0", "1"), "", "")


# --- review polarity ------------------------------------------------------------------------------------------


def test_review_texts_are_2000_balanced_and_sorted():
    texts, labels = datasets.load_review_texts()
    assert len(texts) == 2000 and labels.dtype == np.int64
    assert np.bincount(labels).tolist() == [1000, 1000]
    # Member names sort neg/ before pos/, so the first half is negative.
    assert labels[:1000].max() == 0 and labels[1000:].min() == 1
    assert all(isinstance(t, str) and t for t in texts)


def test_review_polarity_lsa_features():
    # About 2 s (TF-IDF plus a 100-component randomized SVD on 2000 texts).
    data = datasets.load_review_polarity()
    assert data.X.shape == (2000, 100) and data.n_classes == 2 and data.class_names == ("neg", "pos")
    np.testing.assert_allclose(np.linalg.norm(data.X, axis=1), 1.0, atol=1e-12)
    assert "truncated SVD" in data.encoding and "Pang" in data.source


def test_review_polarity_with_a_callable_embedding():
    def lengths(texts):
        return np.array([[len(t), t.count(" good ")] for t in texts])

    data = datasets.load_review_polarity(embedding=lengths)
    assert data.X.shape == (2000, 2) and data.X.dtype == np.float64
    assert "lengths" in data.encoding


@pytest.mark.parametrize("embedding, error, match", [
    ("bert", ValueError, "'lsa' or a callable"),
    (3, TypeError, "'lsa' or a callable"),
    (lambda texts: np.zeros((5, 3)), ValueError, "5 rows for 2000 texts"),
    (lambda texts: np.array([["a"]] * len(texts)), TypeError, "real numbers"),
    (lambda texts: np.full((len(texts), 2), np.nan), ValueError, "NaN"),
])
def test_review_polarity_rejects_bad_embeddings(embedding, error, match):
    with pytest.raises(error, match=match):
        datasets.load_review_polarity(embedding=embedding)


# --- scikit-learn is optional ---------------------------------------------------------------------------------


def test_missing_sklearn_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ImportError, match=r"salutary-native\[sklearn\]"):
        datasets.load_digits()


# --- load_table -----------------------------------------------------------------------------------------------


def write_table(path, rows, delimiter=","):
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


TABLE = [
    ["size", "color", "weight", "kind"],
    ["1.5", "red", "10", "cat"],
    ["2.0", "blue", "11", "dog"],
    ["3.5", "red", "12", "bird"],
    ["0.5", "green", "13", "dog"],
]


@pytest.mark.parametrize("filename, delimiter", [
    ("animals.csv", ","), ("animals.csv", ";"), ("animals.csv.gz", ","), ("animals.tsv", "\t"),
])
def test_load_table_round_trips_a_delimited_file(tmp_path, filename, delimiter):
    data = load_table(write_table(tmp_path / filename, TABLE, delimiter), "kind")
    assert data.name == "animals"
    assert data.feature_names == ("size", "color=blue", "color=green", "color=red", "weight")
    np.testing.assert_array_equal(data.X, [[1.5, 0, 0, 1, 10], [2.0, 1, 0, 0, 11], [3.5, 0, 0, 1, 12],
                                           [0.5, 0, 1, 0, 13]])
    assert data.class_names == ("bird", "cat", "dog")
    np.testing.assert_array_equal(data.y, [1, 2, 0, 2])
    assert "color (3)" in data.encoding and "'kind'" in data.encoding


def test_load_table_numeric_labels_sort_numerically(tmp_path):
    rows = [["x", "grade"], ["1", "10"], ["2", "9"], ["3", "10"]]
    data = load_table(write_table(tmp_path / "grades.csv", rows), "grade", name="grades")
    assert data.class_names == ("9", "10") and data.y.tolist() == [1, 0, 1]


def test_load_table_round_trips_an_npz_file(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3))
    labels = np.array(["yes", "no"] * 10)
    np.savez(tmp_path / "sample.npz", X=X, answer=labels, feature_names=np.array(["a", "b", "c"]))
    data = load_table(tmp_path / "sample.npz", "answer")
    np.testing.assert_array_equal(data.X, X)
    assert data.feature_names == ("a", "b", "c") and data.class_names == ("no", "yes")
    np.testing.assert_array_equal(data.y, (labels == "yes").astype(np.int64))


def test_load_table_npz_without_feature_names_and_with_object_array(tmp_path):
    np.savez(tmp_path / "plain.npz", X=np.eye(4), y=np.array([0, 1, 0, 1]))
    assert load_table(tmp_path / "plain.npz", "y").feature_names == ("x0", "x1", "x2", "x3")
    np.savez(tmp_path / "objects.npz", X=np.eye(2), y=np.array([{"a": 1}, None], dtype=object))
    with pytest.raises(ValueError, match="without pickle"):
        load_table(tmp_path / "objects.npz", "y")


@pytest.mark.parametrize("rows, label, match", [
    (TABLE, "species", "label column 'species' is not in"),
    ([["x", "kind"], ["1", "a"], ["2", "a"]], "kind", "one class only"),
    ([["x", "kind"]], "kind", "no data rows"),
    ([["x", "kind"], ["1", "a"], ["", "b"]], "kind", r"column 'x' .* row 2"),
    ([["x", "kind"], ["1", "a"], ["NaN", "b"]], "kind", r"column 'x' .* row 2"),
    ([["x", "kind"], ["1", "a"], ["2", ""]], "kind", r"column 'kind' .* row 2"),
    ([["x", "x", "kind"], ["1", "2", "a"], ["2", "3", "b"]], "kind", "two columns named 'x'"),
    ([["kind"], ["a"], ["b"]], "kind", "no feature columns"),
])
def test_load_table_rejects_bad_csv(tmp_path, rows, label, match):
    with pytest.raises(ValueError, match=match):
        load_table(write_table(tmp_path / "bad.csv", rows), label, delimiter=",")


def test_load_table_rejects_bad_arguments_and_files(tmp_path):
    with pytest.raises(ValueError, match="unknown extension"):
        load_table(tmp_path / "table.xlsx", "y")
    with pytest.raises(FileNotFoundError):
        load_table(tmp_path / "absent.csv", "y")
    with pytest.raises(TypeError, match="label"):
        load_table(write_table(tmp_path / "ok.csv", TABLE), 3)
    np.savez(tmp_path / "noX.npz", data=np.eye(2), y=np.array([0, 1]))
    with pytest.raises(ValueError, match="no array 'X'"):
        load_table(tmp_path / "noX.npz", "y")
    np.savez(tmp_path / "short.npz", X=np.eye(3), y=np.array([0, 1]))
    with pytest.raises(ValueError, match="3 labels"):
        load_table(tmp_path / "short.npz", "y")
    np.savez(tmp_path / "nan.npz", X=np.array([[1.0], [np.nan]]), y=np.array([0, 1]))
    with pytest.raises(ValueError, match="column 'x0' .* row 2"):
        load_table(tmp_path / "nan.npz", "y")


def test_load_table_parquet_without_pandas_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    (tmp_path / "table.parquet").write_bytes(b"PAR1")
    with pytest.raises(ImportError, match="pip install pandas pyarrow"):
        load_table(tmp_path / "table.parquet", "y")


# --- load_table: the pandas path and the csv-module path agree ---------------------------------------------


def _load_both(path, label, monkeypatch, **kwargs):
    """load_table with pandas (when installed), then with the csv module only."""
    pytest.importorskip("pandas")
    fast = load_table(path, label, **kwargs)
    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, "pandas", None)
        slow = load_table(path, label, **kwargs)
    return fast, slow


def _assert_same_dataset(a, b):
    assert a.X.dtype == b.X.dtype and a.X.shape == b.X.shape and a.X.tobytes() == b.X.tobytes()
    np.testing.assert_array_equal(a.y, b.y)
    assert (a.name, a.feature_names, a.class_names, a.encoding) == (b.name, b.feature_names, b.class_names, b.encoding)


MIXED = [
    ["size", " colour ", "count", "flag", "note", "big", "kind"],
    ["1.5", "red", "10", "True", "NA", "9007199254740993", "7"],
    [" 2.25 ", " blue ", "11", "False", "n/a", "12", "10"],
    ["0.1", "red", "007", "True", "NA", "1e3", "7"],
    ["3.000000000000000166533453693773481063544750213623046875", "green", "-4", "false", " x y ", "0", "9"],
    ["1e-310", "blue", "+5", "TRUE", "NULL", "-7", "10"],
]


@pytest.mark.parametrize("filename, delimiter", [("mixed.csv", ","), ("mixed.csv.gz", ";"), ("mixed.tsv", "\t")])
def test_load_table_pandas_and_csv_module_agree(tmp_path, monkeypatch, filename, delimiter):
    from salutary_native.datasets._delimited_text import read_delimited_columns

    path = write_table(tmp_path / filename, MIXED, delimiter)
    fast, slow = _load_both(path, "kind", monkeypatch)
    assert read_delimited_columns(path) is not None  # pandas read it: the comparison is not vacuous
    _assert_same_dataset(fast, slow)
    assert fast.feature_names[:4] == ("size", "colour=blue", "colour=green", "colour=red")
    assert "flag=True" in fast.feature_names and "note=NA" in fast.feature_names and "note=x y" in fast.feature_names
    assert fast.class_names == ("7", "9", "10")
    fast, slow = _load_both(path, "note", monkeypatch, name="notes")  # a text label with 'NA' kept as text
    _assert_same_dataset(fast, slow)


def test_load_table_agrees_on_quotes_bom_blank_lines_and_mixed_columns(tmp_path, monkeypatch):
    text = ('\ufeffa,"b, quoted",kind\n\n1.50,"x, y",p\n2,"  padded  ",q\n\n' + "".join(
        f"{i % 3}.50,z,{'pq'[i % 2]}\n" for i in range(2000)) + "text,z,p\n")
    (tmp_path / "odd.csv").write_text(text, encoding="utf-8")
    from salutary_native.datasets._delimited_text import read_delimited_columns

    fast, slow = _load_both(tmp_path / "odd.csv", "kind", monkeypatch)
    _assert_same_dataset(fast, slow)
    assert read_delimited_columns(tmp_path / "odd.csv") is not None
    assert "a=1.50" in fast.feature_names and "b, quoted=padded" in fast.feature_names


@pytest.mark.parametrize("text, match", [
    ("x,y,kind\n1,2,a,extra\n3,4,b\n", "line 2 has 4 fields"),  # a longer first row (pandas would index it)
    ("x,y,kind\n1,2,a\n3,4,b,extra\n", "line 3 has 4 fields"),
    ("x,y,kind\n1,2,a\n3,4\n", "line 3 has 2 fields"),
    ("x,y,kind\n1,2,a,\n3,4,b,\n", "line 2 has 4 fields"),  # trailing delimiters
    ("x,y,kind\n1,,a\n3,4,b\n", r"column 'y' .* row 1"),
    ("x,x,kind\n1,2,a\n3,4,b\n", "two columns named 'x'"),
    ("x, x ,kind\n1,2,a\n3,4,b\n", "two columns named 'x'"),
    ("x,y,kind\n1,2,a\n", "one class only"),
    ("x,y,kind\n", "no data rows"),
])
def test_load_table_reports_faults_the_same_way_with_pandas(tmp_path, monkeypatch, text, match):
    (tmp_path / "bad.csv").write_text(text)
    pytest.importorskip("pandas")
    with pytest.raises(ValueError, match=match):
        load_table(tmp_path / "bad.csv", "kind", delimiter=",")
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ValueError, match=match):
        load_table(tmp_path / "bad.csv", "kind", delimiter=",")


def test_read_delimited_columns_keeps_the_text_of_mixed_columns(tmp_path):
    pytest.importorskip("pandas")
    from salutary_native.datasets._delimited_text import read_delimited_columns

    # Long enough for pandas to parse the column in chunks of different types.
    with open(tmp_path / "mixed.csv", "w") as f:
        f.write("a,b\n" + "".join(f"{i % 7}.50,x\n" for i in range(300_000)) + "text,y\n")
    columns = read_delimited_columns(tmp_path / "mixed.csv")
    assert columns["a"].dtype.kind == "U" and columns["a"][:2].tolist() == ["0.50", "1.50"]
    assert columns["a"][-1] == "text" and columns["b"].tolist()[-2:] == ["x", "y"]
    assert read_delimited_columns(tmp_path / "mixed.csv", delimiter="::") is None  # the csv module says why
