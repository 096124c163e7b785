"""scikit-learn is optional: without it the estimator keeps its API through a small stand-in."""

import subprocess
import sys
import textwrap


def _run_without_sklearn(body: str) -> None:
    """Runs body in a fresh interpreter in which any import of scikit-learn fails; it must print ok."""
    script = 'import sys\nsys.modules["sklearn"] = None\n' + textwrap.dedent(body) + '\nprint("ok")\n'
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_estimator_and_scoring_work_when_sklearn_cannot_be_imported():
    _run_without_sklearn("""
        import numpy as np
        import salutary_native as sn
        assert not any(c.__module__.startswith("sklearn") for c in type(sn.LogisticRegression()).__mro__)
        rng = np.random.default_rng(0)
        X = rng.normal(size=(200, 5)); y = np.where(X[:, 0] > 0, "yes", "no")
        model = sn.LogisticRegression(C=0.5).fit(X, y)
        assert model.get_params()["C"] == 0.5 and model.set_params(C=2.0).C == 2.0
        assert model.score(X, y) > 0.9
        query = sn.salutary_query(model, X, X[:50], y[:50], X[100:], 3)
        assert set(query.labels) <= {"yes", "no"} and len(query.indices) == 3
        try:
            sn.influence_table(model, X, X[:50], y[:50], X[:, :3])
        except ValueError as exc:
            assert "X_pool" in str(exc)
        else:
            raise AssertionError("no error for a feature mismatch")
        """)


def test_datasets_and_the_loop_work_without_sklearn():
    _run_without_sklearn("""
        from salutary_native import ActiveLearner, split_paper_protocol, datasets
        data = datasets.load_waveform()
        assert data.X.shape == (5000, 21)
        for call in (datasets.load_wine, lambda: datasets.load_review_polarity(embedding="lsa")):
            try:
                call()
            except ImportError as exc:
                assert "salutary-native[sklearn]" in str(exc), exc
            else:
                raise AssertionError("no ImportError without scikit-learn")
        split = split_paper_protocol(data.X, data.y, seed=0)
        records = ActiveLearner.from_split(split, strategy="salutary", budget=5).run(2)
        assert len(records) == 3 and records[-1].n_labeled == 310
        try:
            ActiveLearner.from_split(split, strategy="pred_infl", budget=5).run(1)
        except ImportError as exc:
            assert "salutary-native[sklearn]" in str(exc), exc
        else:
            raise AssertionError("pred_infl ran without scikit-learn")
        """)
