"""scikit-learn is optional: without it the estimator keeps its API through a small stand-in."""

import subprocess
import sys
import textwrap


def test_estimator_and_scoring_work_when_sklearn_cannot_be_imported():
    script = textwrap.dedent(
        """
        import sys
        sys.modules["sklearn"] = None  # any import of scikit-learn now fails
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
        print("ok")
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
