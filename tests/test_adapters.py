"""The scikit-activeml and modAL adapters, against the real packages (optional extras).

Each runs a few rounds and checks every selection, label and score against
salutary_query on the same labeled rows, validation set and pool.
"""

import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

import salutary_native as sn

sklearn_lm = pytest.importorskip("sklearn.linear_model")


def _data(seed=0, n=300, d=4, k=3):
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(d, k))
    X = rng.normal(size=(n, d))
    y = np.argmax(X @ W + 0.5 * rng.normal(size=(n, k)), axis=1)
    X_val = rng.normal(size=(80, d))
    y_val = np.argmax(X_val @ W, axis=1)
    return X, y, X_val, y_val


def test_package_and_adapters_import_without_the_libraries():
    script = textwrap.dedent("""
        import sys
        sys.modules["skactiveml"] = None
        sys.modules["modAL"] = None
        import salutary_native, salutary_native.adapters as ad
        for name in ("SalutaryLabeling", "SalutaryStrategy"):
            try:
                getattr(ad, name)
            except ImportError as exc:
                assert "pip install" in str(exc), exc
            else:
                raise AssertionError(name + " imported without its library")
        assert "skactiveml" not in dir(salutary_native)
        print("ok")
        """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


# -- scikit-activeml ---------------------------------------------------------------------------


def test_skactiveml_rounds_match_salutary_query():
    pytest.importorskip("skactiveml")
    from skactiveml.base import SingleAnnotatorPoolQueryStrategy
    from skactiveml.classifier import SklearnClassifier
    from skactiveml.utils import MISSING_LABEL

    from salutary_native.adapters import SalutaryLabeling

    X, y_true, X_val, y_val = _data()
    y = np.full(len(X), MISSING_LABEL)
    y[:30] = y_true[:30]
    clf = SklearnClassifier(sklearn_lm.LogisticRegression(C=0.5), classes=[0, 1, 2])
    qs = SalutaryLabeling(X_val, y_val, random_state=7)
    assert isinstance(qs, SingleAnnotatorPoolQueryStrategy)
    for _ in range(4):
        idx, utilities = qs.query(X, y, clf, batch_size=5, return_utilities=True)
        labeled = ~np.isnan(y)
        unlabeled = np.flatnonzero(~labeled)
        model = sklearn_lm.LogisticRegression(C=0.5).fit(X[labeled], y[labeled])
        ref = sn.salutary_query(model, X[labeled], X_val, y_val, X[unlabeled], 5, seed=7)
        np.testing.assert_array_equal(idx, unlabeled[ref.indices])
        np.testing.assert_array_equal(qs.labels_, ref.labels)
        np.testing.assert_array_equal(qs.scores_, ref.scores)
        # Utilities: the salutary score of every candidate, NaN for labeled rows and, in row i,
        # for the rows picked before the i-th.
        assert utilities.shape == (5, len(X))
        np.testing.assert_array_equal(utilities[0][unlabeled], ref.table.max(axis=1))
        assert np.all(np.isnan(utilities[:, labeled]))
        for i in range(5):
            assert np.all(np.isnan(utilities[i, idx[:i]])) and not np.any(np.isnan(utilities[i, idx[i:]]))
            assert utilities[i, idx[i]] == np.nanmax(utilities[i])
        np.testing.assert_array_equal(qs.utilities_, utilities[0])
        y[idx] = qs.labels_  # salutary labels: no annotator


def test_skactiveml_unfitted_refit_and_candidates():
    pytest.importorskip("skactiveml")
    from skactiveml.classifier import SklearnClassifier

    from salutary_native.adapters import SalutaryLabeling

    X, y_true, X_val, y_val = _data(seed=1)
    y = np.full(len(X), np.nan)
    y[:40] = y_true[:40]
    labeled = np.arange(40)
    model = sn.LogisticRegression(C=1.0).fit(X[labeled], y[labeled])
    qs = SalutaryLabeling(X_val, y_val, random_state=3)

    # fit_clf=False: the given, already fitted wrapper is unwrapped and used as it is.
    clf = SklearnClassifier(sn.LogisticRegression(C=1.0), classes=[0, 1, 2]).fit(X, y)
    idx = qs.query(X, y, clf, fit_clf=False, batch_size=4)
    ref = sn.salutary_query(clf.estimator_, X[labeled], X_val, y_val, X[40:], 4, seed=3)
    np.testing.assert_array_equal(idx, 40 + ref.indices)
    assert qs.model_ is clf.estimator_

    # A bare salutary_native model, refitted on the labeled rows.
    idx_bare = qs.query(X, y, sn.LogisticRegression(C=1.0), batch_size=4)
    ref = sn.salutary_query(model, X[labeled], X_val, y_val, X[40:], 4, seed=3)
    np.testing.assert_array_equal(idx_bare, 40 + ref.indices)
    np.testing.assert_array_equal(qs.labels_, ref.labels)

    # Candidates as row indices of X, and as samples.
    cand = np.arange(100, 200)
    idx = qs.query(X, y, clf, candidates=cand, batch_size=3)
    ref = sn.salutary_query(model, X[labeled], X_val, y_val, X[cand], 3, seed=3)
    np.testing.assert_array_equal(idx, cand[ref.indices])
    idx, util = qs.query(X, y, clf, candidates=X[cand], batch_size=3, return_utilities=True)
    np.testing.assert_array_equal(idx, ref.indices)
    assert util.shape == (3, len(cand))

    # hessian_on="pool" uses the candidates' curvature.
    qs_pool = SalutaryLabeling(X_val, y_val, hessian_on="pool", damping=1e-6, random_state=3)
    idx = qs_pool.query(X, y, clf, batch_size=4)
    ref = sn.salutary_query(model, X[labeled], X_val, y_val, X[40:], 4, seed=3, hessian_on="pool", damping=1e-6)
    np.testing.assert_array_equal(idx, 40 + ref.indices)


def test_skactiveml_errors():
    pytest.importorskip("skactiveml")
    from skactiveml.classifier import SklearnClassifier

    from salutary_native.adapters import SalutaryLabeling

    X, y_true, X_val, y_val = _data(seed=2)
    qs = SalutaryLabeling(X_val, y_val)
    with pytest.raises(ValueError, match="labeled"):
        qs.query(X, np.full(len(X), np.nan), SklearnClassifier(sklearn_lm.LogisticRegression()), batch_size=2)
    y = np.full(len(X), np.nan)
    y[:10] = 0  # one class: the wrapper cannot fit its estimator
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match="could not fit"):
            qs.query(X, y, SklearnClassifier(sklearn_lm.LogisticRegression(), classes=[0, 1, 2]), batch_size=2)
    y[:30] = y_true[:30]
    with pytest.raises(TypeError):
        qs.query(X, y, object(), batch_size=2)


# -- modAL -------------------------------------------------------------------------------------


def test_modal_rounds_match_salutary_query():
    pytest.importorskip("modAL")
    from modAL.models import ActiveLearner

    from salutary_native.adapters import SalutaryStrategy, query_and_teach
    from salutary_native.adapters import modal as modal_adapter

    X, y_true, X_val, y_val = _data(seed=3)
    X0, y0, pool = X[:30], y_true[:30], X[30:]
    strategy = SalutaryStrategy(X_val, y_val, seed=5)
    learner = ActiveLearner(estimator=sklearn_lm.LogisticRegression(C=0.5), query_strategy=strategy,
                            X_training=X0, y_training=y0)
    for _ in range(3):
        ref = sn.salutary_query(sklearn_lm.LogisticRegression(C=0.5).fit(learner.X_training, learner.y_training),
                                learner.X_training, X_val, y_val, pool, 4, seed=5)
        idx, rows = learner.query(pool, n_instances=4)
        np.testing.assert_array_equal(idx, ref.indices)
        np.testing.assert_array_equal(rows, pool[ref.indices])
        np.testing.assert_array_equal(learner.query_strategy.last_labels_, ref.labels)
        np.testing.assert_array_equal(learner.query_strategy.last_scores_, ref.scores)
        n_before = len(learner.X_training)
        learner.teach(rows, learner.query_strategy.last_labels_)  # needs the shim on scikit-learn >= 1.8
        assert len(learner.X_training) == n_before + 4
        pool = np.delete(pool, idx, axis=0)

    # query_and_teach does the same round.
    ref = sn.salutary_query(learner.estimator, learner.X_training, X_val, y_val, pool, 3, seed=5)
    idx, labels = query_and_teach(learner, pool, n_instances=3)
    np.testing.assert_array_equal(idx, ref.indices)
    np.testing.assert_array_equal(labels, ref.labels)
    np.testing.assert_array_equal(learner.y_training[-3:], ref.labels)

    # The shim is installed exactly when scikit-learn dropped force_all_finite.
    import inspect

    from sklearn.utils import check_X_y
    assert modal_adapter.MODAL_SHIMMED == ("force_all_finite" not in inspect.signature(check_X_y).parameters)
    assert modal_adapter.shim_modal() == modal_adapter.MODAL_SHIMMED


def test_modal_bare_estimator_and_errors():
    pytest.importorskip("modAL")
    from salutary_native.adapters import SalutaryStrategy

    X, y_true, X_val, y_val = _data(seed=4)
    model = sn.LogisticRegression(C=2.0).fit(X[:50], y_true[:50])
    strategy = SalutaryStrategy(X_val, y_val, seed=1)
    idx, rows = strategy(model, X[50:], n_instances=6, X_train=X[:50], exclude=[0, 1, 2])
    ref = sn.InfluenceScorer(model).fit(X[:50], X_val, y_val).query(X[50:], 6, seed=1, exclude=[0, 1, 2])
    np.testing.assert_array_equal(idx, ref.indices)
    np.testing.assert_array_equal(strategy.last_labels_, ref.labels)
    with pytest.raises(ValueError, match="X_train"):
        strategy(model, X[50:], n_instances=2)
