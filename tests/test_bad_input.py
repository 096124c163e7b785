"""maths §6 bad input: a clear ValueError/TypeError naming the argument, never a crash,
and the caller's arrays left untouched."""

import numpy as np
import pytest

import salutary_native as sn
from conftest import make_problem

K, D_FEAT = 3, 4


@pytest.fixture(scope="module")
def ctx():
    pb = make_problem(K, 60, 20, 30, D_FEAT, seed=0)
    model = sn.LogisticRegression(C=1.0, tol=1e-9).fit(pb.X_train, pb.y_train)
    return {"pb": pb, "model": model}


def _with(X, value, where=(1, 2)):
    X = X.copy()
    X[where] = value
    return X


def _snapshot(values):
    return [np.array(v, copy=True) if isinstance(v, np.ndarray) else None for v in values]


def _assert_unchanged(values, snapshot):
    for v, s in zip(values, snapshot):
        if s is None:
            continue
        assert v.dtype == s.dtype and v.shape == s.shape
        if v.dtype == object:
            assert v.tolist() == s.tolist()
        else:
            assert np.array_equal(v, s, equal_nan=True)


def _args(ctx, overrides):
    pb = ctx["pb"]
    args = {"model": ctx["model"], "X_train": pb.X_train.copy(), "X_val": pb.X_val.copy(),
            "y_val": pb.y_val.copy(), "X_pool": pb.X_pool.copy(), "budget": 5}
    kwargs = {}
    for key, value in overrides.items():
        value = value(ctx) if callable(value) else value
        if key in args:
            args[key] = value
        else:
            kwargs[key] = value
    return args, kwargs


def _call(fn, args, kwargs):
    positional = [args["model"], args["X_train"], args["X_val"], args["y_val"], args["X_pool"]]
    if fn == "salutary_query":
        return sn.salutary_query(*positional, args["budget"], **kwargs)
    return sn.influence_table(*positional, **kwargs)


# (id, overrides, exception type(s), match)
COMMON_CASES = []
for name in ("X_train", "X_val", "X_pool"):
    COMMON_CASES += [
        (f"nan-{name}", {name: lambda c, n=name: _with(getattr(c["pb"], n), np.nan)}, ValueError, name),
        (f"inf-{name}", {name: lambda c, n=name: _with(getattr(c["pb"], n), np.inf)}, ValueError, name),
        (f"neginf-{name}", {name: lambda c, n=name: _with(getattr(c["pb"], n), -np.inf, (0, 0))}, ValueError, name),
        (f"1d-{name}", {name: lambda c, n=name: getattr(c["pb"], n)[:, 0].copy()}, ValueError, name),
        (f"3d-{name}", {name: lambda c, n=name: getattr(c["pb"], n)[None].copy()}, ValueError, name),
        (f"extra-feature-{name}", {name: lambda c, n=name: np.hstack([getattr(c["pb"], n),
                                                                     getattr(c["pb"], n)[:, :1]])},
         ValueError, name),
        (f"complex-{name}", {name: lambda c, n=name: getattr(c["pb"], n).astype(np.complex128)}, TypeError, name),
        (f"object-{name}", {name: lambda c, n=name: getattr(c["pb"], n).astype(object)}, TypeError, name),
    ]
COMMON_CASES += [
    ("nan-X_pool-f32", {"X_pool": lambda c: _with(c["pb"].X_pool.astype(np.float32), np.nan)}, ValueError, "X_pool"),
    ("missing-feature-X_pool", {"X_pool": lambda c: c["pb"].X_pool[:, :-1].copy()}, ValueError, "X_pool"),
    ("empty-X_pool", {"X_pool": np.empty((0, D_FEAT))}, ValueError, "X_pool"),
    ("empty-X_val", {"X_val": np.empty((0, D_FEAT)), "y_val": np.empty(0, dtype=np.int64)}, ValueError, "X_val|y_val"),
    ("empty-X_train", {"X_train": np.empty((0, D_FEAT))}, ValueError, "X_train"),
    ("none-X_pool", {"X_pool": None}, (TypeError, ValueError), "X_pool"),
    ("label-not-in-classes", {"y_val": lambda c: _with(c["pb"].y_val, 99, 3)}, ValueError, "y_val"),
    ("negative-label", {"y_val": lambda c: _with(c["pb"].y_val, -1, 0)}, ValueError, "y_val"),
    ("y_val-too-short", {"y_val": lambda c: c["pb"].y_val[:-1].copy()}, ValueError, "y_val"),
    ("y_val-too-long", {"y_val": lambda c: np.append(c["pb"].y_val, 0)}, ValueError, "y_val"),
    ("y_val-2d", {"y_val": lambda c: c["pb"].y_val[:, None].copy()}, ValueError, "y_val"),
    ("unknown-hessian_on", {"hessian_on": "validation"}, ValueError, "hessian_on"),
    ("hessian_on-case", {"hessian_on": "Train"}, ValueError, "hessian_on"),
    ("hessian_on-none", {"hessian_on": None}, (TypeError, ValueError), "hessian_on"),
    ("negative-damping", {"damping": -0.1}, ValueError, "damping"),
    ("nan-damping", {"damping": np.nan}, ValueError, "damping"),
    ("sample_weight-short", {"sample_weight": lambda c: np.ones(c["pb"].X_train.shape[0] - 1)}, ValueError,
     "sample_weight"),
    ("sample_weight-negative", {"sample_weight": lambda c: _with(np.ones(c["pb"].X_train.shape[0]), -1.0, 4)},
     ValueError, "sample_weight"),
    ("sample_weight-nan", {"sample_weight": lambda c: _with(np.ones(c["pb"].X_train.shape[0]), np.nan, 4)},
     ValueError, "sample_weight"),
    ("sample_weight-2d", {"sample_weight": lambda c: np.ones((c["pb"].X_train.shape[0], 1))}, ValueError,
     "sample_weight"),
    ("unfitted-sn-model", {"model": sn.LogisticRegression()}, ValueError, "model|fit"),
    ("not-a-model", {"model": "logreg"}, (TypeError, ValueError), "model"),
]

QUERY_CASES = [
    ("budget-0", {"budget": 0}, ValueError, "budget"),
    ("budget-negative", {"budget": -3}, ValueError, "budget"),
    ("budget-over-pool", {"budget": lambda c: c["pb"].X_pool.shape[0] + 1}, ValueError, "budget"),
    ("budget-float", {"budget": 2.0}, TypeError, "budget"),
    ("budget-fraction", {"budget": 2.5}, TypeError, "budget"),
    ("budget-str", {"budget": "5"}, TypeError, "budget"),
    ("budget-none", {"budget": None}, TypeError, "budget"),
]


def _ids(cases):
    return [c[0] for c in cases]


@pytest.mark.parametrize("fn", ["influence_table", "salutary_query"])
@pytest.mark.parametrize("case", COMMON_CASES, ids=_ids(COMMON_CASES))
def test_bad_input_common(ctx, fn, case):
    _, overrides, exc, match = case
    args, kwargs = _args(ctx, overrides)
    values = list(args.values()) + list(kwargs.values())
    before = _snapshot(values)
    with pytest.raises(exc, match=match):
        _call(fn, args, kwargs)
    _assert_unchanged(values, before)


@pytest.mark.parametrize("case", QUERY_CASES, ids=_ids(QUERY_CASES))
def test_bad_budget(ctx, case):
    _, overrides, exc, match = case
    args, kwargs = _args(ctx, overrides)
    values = list(args.values())
    before = _snapshot(values)
    with pytest.raises(exc, match=match):
        _call("salutary_query", args, kwargs)
    _assert_unchanged(values, before)


def test_good_input_still_works_after_errors(ctx):
    """The valid baseline of the tables above runs (so the cases fail for their own reason)."""
    args, kwargs = _args(ctx, {})
    table = _call("influence_table", args, kwargs)
    assert table.shape == (ctx["pb"].X_pool.shape[0], K) and np.isfinite(table).all()
    q = _call("salutary_query", args, kwargs)
    assert q.indices.shape == (5,)
    q = sn.salutary_query(args["model"], args["X_train"], args["X_val"], args["y_val"], args["X_pool"], np.int64(5))
    assert q.indices.shape == (5,)


@pytest.mark.parametrize("fn", ["hessian", "val_direction"])
@pytest.mark.parametrize("case", [
    ("nan-X_train", {"X_train": lambda c: _with(c["pb"].X_train, np.nan)}, ValueError, "X_train"),
    ("extra-feature-X_pool", {"X_pool": lambda c: np.hstack([c["pb"].X_pool, c["pb"].X_pool[:, :1]]),
                              "hessian_on": "pool"}, ValueError, "X_pool"),
    ("pool-hessian-without-pool", {"X_pool": None, "hessian_on": "pool"}, (TypeError, ValueError), "X_pool"),
    ("unknown-hessian_on", {"hessian_on": "all"}, ValueError, "hessian_on"),
    ("negative-damping", {"damping": -1.0}, ValueError, "damping"),
    ("sample_weight-negative", {"sample_weight": lambda c: -np.ones(c["pb"].X_train.shape[0])}, ValueError,
     "sample_weight"),
], ids=lambda case: case[0])
def test_bad_input_hessian_and_val_direction(ctx, fn, case):
    _, overrides, exc, match = case
    args, kwargs = _args(ctx, overrides)
    kwargs["X_pool"] = args["X_pool"]
    values = list(args.values()) + list(kwargs.values())
    before = _snapshot(values)
    with pytest.raises(exc, match=match):
        if fn == "hessian":
            sn.hessian(args["model"], args["X_train"], **kwargs)
        else:
            sn.val_direction(args["model"], args["X_train"], args["X_val"], args["y_val"], **kwargs)
    _assert_unchanged(values, before)


FIT_CASES = [
    ("negative-C", dict(C=-1.0), {}, ValueError, r"\bC\b"),
    ("nan-X", {}, {"X": lambda X, y: _with(X, np.nan)}, ValueError, r"\bX\b"),
    ("inf-X", {}, {"X": lambda X, y: _with(X, np.inf)}, ValueError, r"\bX\b"),
    ("1d-X", {}, {"X": lambda X, y: X[:, 0].copy()}, ValueError, r"\bX\b"),
    ("complex-X", {}, {"X": lambda X, y: X.astype(np.complex128)}, (TypeError, ValueError), r"\bX\b|[Cc]omplex"),
    ("y-length", {}, {"y": lambda X, y: y[:-1].copy()}, ValueError, r"\by\b|samples"),
    ("one-class", {}, {"y": lambda X, y: np.zeros_like(y)}, ValueError, "class"),
    ("sample_weight-length", {}, {"sample_weight": lambda X, y: np.ones(len(y) + 1)}, ValueError, "sample_weight"),
    ("sample_weight-negative", {}, {"sample_weight": lambda X, y: -np.ones(len(y))}, ValueError, "sample_weight"),
]


@pytest.mark.parametrize("case", FIT_CASES, ids=_ids(FIT_CASES))
def test_bad_fit_input(case):
    _, params, overrides, exc, match = case
    pb = make_problem(K, 60, 5, 5, D_FEAT, seed=1)
    inputs = {"X": pb.X_train.copy(), "y": pb.y_train.copy(), "sample_weight": None}
    for key, build in overrides.items():
        inputs[key] = build(pb.X_train.copy(), pb.y_train.copy())
    values = list(inputs.values())
    before = _snapshot(values)
    with pytest.raises(exc, match=match):
        sn.LogisticRegression(**params).fit(inputs["X"], inputs["y"], sample_weight=inputs["sample_weight"])
    _assert_unchanged(values, before)


def test_predict_feature_mismatch(ctx):
    X = np.hstack([ctx["pb"].X_pool, ctx["pb"].X_pool[:, :1]])
    with pytest.raises(ValueError, match=r"\bX\b|feature"):
        ctx["model"].predict_proba(X)


def test_unfitted_sklearn_model(ctx):
    lm = pytest.importorskip("sklearn.linear_model")
    pb = ctx["pb"]
    with pytest.raises(ValueError, match="model|fit"):
        sn.influence_table(lm.LogisticRegression(), pb.X_train, pb.X_val, pb.y_val, pb.X_pool)


def test_factorization_error_for_singular_hessian():
    """Saturated probabilities make the intercept curvature exactly zero: H is singular
    (maths §6): FactorizationError, a LinAlgError/ValueError that suggests damping."""
    lm = pytest.importorskip("sklearn.linear_model")
    assert issubclass(sn.FactorizationError, np.linalg.LinAlgError)
    assert issubclass(sn.FactorizationError, ValueError)
    rng = np.random.default_rng(3)
    X = np.concatenate([rng.uniform(1.0, 2.0, 40), -rng.uniform(1.0, 2.0, 40)])[:, None]
    y = (X[:, 0] > 0).astype(int)
    model = lm.LogisticRegression(C=1.0).fit(X, y)
    model.coef_ = np.array([[1e4]])      # |z| >= 1e4 on every row: p (1 - p) == 0 exactly
    model.intercept_ = np.array([0.0])
    X_pool = np.array([[0.5], [-0.3]])
    X_val, y_val = X[::8], 1 - y[::8]  # misclassified: a non-zero validation gradient
    with pytest.raises(sn.FactorizationError, match="damping"):
        sn.influence_table(model, X, X_val, y_val, X_pool)
    with pytest.raises(ValueError, match="damping"):
        sn.salutary_query(model, X, X_val, y_val, X_pool, 1)
    table = sn.influence_table(model, X, X_val, y_val, X_pool, damping=0.1)
    assert table.shape == (2, 2) and np.isfinite(table).all() and np.abs(table).max() > 0
