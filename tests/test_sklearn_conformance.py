"""scikit-learn conformance: every check_estimator check passes, and a Pipeline is refused with advice.

No check is expected to fail, so none is tagged or listed in ``expected_failed_checks``
(check_array_api_input skips itself unless SCIPY_ARRAY_API is set).
"""

import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

pytest.importorskip("sklearn")

from sklearn.exceptions import DataConversionWarning, NotFittedError  # noqa: E402
from sklearn.linear_model import LogisticRegression as SkLogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.utils.estimator_checks import check_estimator, parametrize_with_checks  # noqa: E402

import salutary_native as sn  # noqa: E402

# check_supervised_y_no_nan passes y with inf: scikit-learn's own type_of_target warns on the cast.
pytestmark = pytest.mark.filterwarnings("ignore:invalid value encountered in cast:RuntimeWarning")

PIPELINE_ADVICE = ("model is a Pipeline: pass its final LogisticRegression (pipeline[-1]) and transform X_train, "
                   "X_val and X_pool with pipeline[:-1] first (influence is computed in the model's input space)")


@parametrize_with_checks([sn.LogisticRegression()])
def test_sklearn_check(estimator, check):
    check(estimator)


def test_check_estimator_reports_no_failure():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(sn.LogisticRegression(), on_fail=None, on_skip=None)
    failed = [r["check_name"] for r in results if r["status"] == "failed"]
    assert failed == []
    assert sum(r["status"] == "passed" for r in results) >= 60


def _data(seed=0, n=60, d=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    return X, (X[:, 0] > 0).astype(int)


@pytest.mark.parametrize("make_final", [sn.LogisticRegression, SkLogisticRegression])
@pytest.mark.parametrize("entry", ["influence_table", "salutary_query"])
def test_a_fitted_pipeline_is_refused_with_what_to_pass_instead(make_final, entry):
    X, y = _data()
    pipeline = make_pipeline(StandardScaler(), make_final()).fit(X, y)
    args = (pipeline, X, X[:10], y[:10], X[10:])
    with pytest.raises(TypeError) as info:
        sn.influence_table(*args) if entry == "influence_table" else sn.salutary_query(*args, 3)
    assert str(info.value) == PIPELINE_ADVICE
    assert "not fitted" not in str(info.value)
    # Following the advice works.
    Z = pipeline[:-1].transform(X)
    table = sn.influence_table(pipeline[-1], Z, Z[:10], y[:10], Z[10:])
    assert table.shape == (50, 2) and np.isfinite(table).all()


def test_a_pipeline_ending_in_another_estimator_is_refused_by_type():
    X, y = _data()
    pipeline = make_pipeline(StandardScaler(), StandardScaler()).fit(X, y)
    with pytest.raises(TypeError, match="Pipeline whose last step is not a LogisticRegression"):
        sn.influence_table(pipeline, X, X[:10], y[:10], X[10:])


@pytest.mark.parametrize("X_bad, match", [
    (lambda X: X[:, 0], r"(?s)\bX\b.*Reshape your data"),
    (lambda X: X[:, :0], r"\bX\b.*0 feature\(s\)"),
    (lambda X: X.astype(np.complex128), r"(?s)\bX\b.*Complex data not supported"),
])
def test_fit_messages_name_X(X_bad, match):
    X, y = _data()
    with pytest.raises(ValueError, match=match):
        sn.LogisticRegression().fit(X_bad(X), y)


def test_fit_messages_name_y_and_y_column_vector_warns():
    X, y = _data()
    with pytest.raises(ValueError, match=r"requires y to be passed, but the target y is None"):
        sn.LogisticRegression().fit(X, None)
    with pytest.raises(ValueError, match=r"\by\b.*Unknown label type: continuous"):
        sn.LogisticRegression().fit(X, X[:, 1])
    with pytest.raises(ValueError, match=r"\by\b"):
        sn.LogisticRegression().fit(X, y[:-1])
    with pytest.warns(DataConversionWarning):
        column = sn.LogisticRegression().fit(X, y[:, None])
    np.testing.assert_array_equal(column.predict_proba(X), sn.LogisticRegression().fit(X, y).predict_proba(X))


def test_object_features_are_converted_like_floats():
    X, y = _data()
    np.testing.assert_array_equal(sn.LogisticRegression().fit(X.astype(object), y).coef_,
                                  sn.LogisticRegression().fit(X, y).coef_)


def test_unfitted_and_mismatched_predictions():
    X, y = _data()
    for method in ("predict", "predict_proba", "predict_log_proba", "decision_function"):
        with pytest.raises(NotFittedError):
            getattr(sn.LogisticRegression(), method)(X)
    model = sn.LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match=r"X has 2 features, but LogisticRegression is expecting 3"):
        model.predict(X[:, :2])
    with pytest.raises(ValueError, match=r"(?s)\bX\b.*Reshape your data"):
        model.predict(X[0])


def test_the_stand_ins_give_the_same_answers_without_sklearn():
    """Without scikit-learn the estimator's own checks refuse the same inputs, naming the argument."""
    script = 'import sys\nsys.modules["sklearn"] = None\n' + textwrap.dedent("""
        import warnings
        import numpy as np
        import salutary_native as sn
        rng = np.random.default_rng(0)
        X = rng.normal(size=(60, 3)); y = (X[:, 0] > 0).astype(int)
        def refused(call, exc, *words):
            try:
                call()
            except exc as e:
                assert all(w in str(e) for w in words), (str(e), words)
            else:
                raise AssertionError(f"no {exc.__name__} for {words}")
        est = sn.LogisticRegression
        refused(lambda: est().fit(X[:, 0], y), ValueError, "X", "Reshape your data")
        refused(lambda: est().fit(X[:, :0], y), ValueError, "X", "0 feature(s)")
        refused(lambda: est().fit(X.astype(complex), y), ValueError, "X", "Complex data not supported")
        bad = X.astype(object); bad[0, 0] = {"a": 1}
        refused(lambda: est().fit(bad, y), TypeError, "X", "must be a string")
        refused(lambda: est().fit(X, None), ValueError, "target y is None")
        refused(lambda: est().fit(X, X[:, 1]), ValueError, "y", "Unknown label type: continuous")
        refused(lambda: est().fit(X[:1], y[:1]), ValueError, "1 class")
        refused(lambda: est().predict(X), ValueError, "not fitted")
        refused(lambda: est().predict(X), AttributeError, "not fitted")
        model = est().fit(X.astype(object), y)
        assert np.array_equal(model.coef_, est().fit(X, y).coef_)
        refused(lambda: model.predict(X[:, :2]), ValueError, "X has 2 features", "expecting 3")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            column = est().fit(X, y[:, None])
        assert any("column-vector y" in str(w.message) for w in caught)
        assert np.array_equal(column.coef_, model.coef_)
        print("ok")
        """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
