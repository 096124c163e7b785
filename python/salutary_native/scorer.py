"""The fitted influence scorer (maths §7): fit once, then score any number of pool blocks.

Fitting computes the validation direction s = H⁺ g_val, the expensive part; every later call
is one pass over the rows it is given. Blocks of a pool are named by their global row offset,
so the table, the salutary labels and the selection do not depend on how the pool is cut:
scoring it whole, block by block, or as a stream gives the same bits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Optional

import numpy as np

from . import _core
from .fitted_model import FittedModel, fitted_model
from .inputs import as_rows, as_weights, is_one_array, label_indices, row_exclusion
from .parameters import check_parameter, uses_pool
from .pool_curvature import pool_curvature as pool_curvature_of

_log = logging.getLogger("salutary_native")


@dataclass(frozen=True)
class SalutaryQuery:
    """The rows to label and their salutary labels, best first.

    Attributes
    ----------
    indices : ndarray of int64
        Pool rows (global indices), by descending score.
    labels : ndarray
        Their salutary labels, values from the model's ``classes_``.
    scores : ndarray of float64
        Their salutary scores ``max_c I(x, c)``.
    table : ndarray of shape (n_pool, K) or None
        The influence table, or None when it was not kept.
    """

    indices: np.ndarray
    labels: np.ndarray
    scores: np.ndarray
    table: Optional[np.ndarray]


@dataclass(frozen=True)
class PartialTopB:
    """The best rows of part of a pool, best first: a partial result to merge (maths §7).

    Rows are ordered by score descending, then by their seeded tie-break key ascending. Partials
    of disjoint blocks merge with :func:`merge_top_b` into exactly the one-call selection.

    Attributes
    ----------
    scores : ndarray of float64
    keys : ndarray of uint64
        The tie-break key of each row: a seeded bijection of its global index.
    indices : ndarray of int64
        Global pool rows.
    label_indices : ndarray of int64
        Salutary labels as positions in the model's ``classes_``.
    budget : int
        At most this many rows are kept.
    seed : int
        The tie-break seed.
    """

    scores: np.ndarray
    keys: np.ndarray
    indices: np.ndarray
    label_indices: np.ndarray
    budget: int
    seed: int

    def __len__(self) -> int:
        return int(self.indices.shape[0])

    @classmethod
    def _from_native(cls, native) -> "PartialTopB":
        return cls(native.scores, native.keys, native.indices, native.labels, int(native.budget), int(native.seed))

    def _native(self):
        """The native object; its constructor checks order, keys and lengths."""
        return _core.PartialTopB(
            np.ascontiguousarray(self.scores, dtype=np.float64), np.ascontiguousarray(self.keys, dtype=np.uint64),
            np.ascontiguousarray(self.indices, dtype=np.int64),
            np.ascontiguousarray(self.label_indices, dtype=np.int64), int(self.budget), int(self.seed))


def _real_matrix(matrix, name: str, shape, what: str) -> np.ndarray:
    """A finite, C-ordered float64 matrix of ``shape``, or ValueError/TypeError naming the argument
    (``what`` says which shape it must have)."""
    array = np.asarray(matrix)
    if array.dtype.kind not in "fiu":
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if array.shape != tuple(shape):
        raise ValueError(f"{name} must {what}, got shape {array.shape}")
    array = np.ascontiguousarray(array, dtype=np.float64)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or Inf")
    return array


def merge_top_b(a: PartialTopB, b: PartialTopB) -> PartialTopB:
    """The best ``budget`` rows of the union of two partial results, in selection order.

    The merge is associative and commutative: any tree of merges over any cut of a pool gives
    the one-call result bit for bit.

    Parameters
    ----------
    a, b : PartialTopB
        Partials of disjoint blocks, with the same budget and seed.

    Returns
    -------
    PartialTopB

    Raises
    ------
    ValueError
        When the seeds or budgets differ, a row is in both, or a partial is not in selection order.

    Examples
    --------
    >>> import numpy as np
    >>> import salutary_native as sn
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> model = sn.LogisticRegression().fit(X, [0, 0, 1, 1])
    >>> scorer = sn.InfluenceScorer(model).fit(X, X, [0, 0, 1, 1])
    >>> pool = np.linspace(-2, 2, 9).reshape(-1, 1)
    >>> left = scorer.partial_query(pool[:4], 3)
    >>> right = scorer.partial_query(pool[4:], 3, offset=4)
    >>> sn.merge_top_b(left, right).indices.tolist() == scorer.query(pool, 3).indices.tolist()
    True
    """
    if not isinstance(a, PartialTopB) or not isinstance(b, PartialTopB):
        raise TypeError("merge_top_b takes two PartialTopB results")
    return PartialTopB._from_native(_core.merge_top_b(a._native(), b._native()))


class InfluenceScorer:
    """Influence of labeling pool rows, fitted once and applied to any number of pool blocks.

    Fitting computes the validation direction ``s = H⁺ g_val`` of maths §3 for a fitted L2
    logistic model; :meth:`table`, :meth:`query` and :meth:`partial_query` then cost one pass
    over the rows they are given. With ``hessian_on`` including the pool, the pool's curvature
    is part of the fit: the scorer is fitted on the pool passed to :meth:`fit`.

    Parameters
    ----------
    model : LogisticRegression
        A fitted ``salutary_native.LogisticRegression`` or scikit-learn ``LogisticRegression``
        (L2 penalty); its coefficients, intercepts, classes and C are read at :meth:`fit`.
    hessian_on : {"train", "pool", "train+pool"}, default="train"
        The rows whose curvature forms the Hessian.
    damping : float, default=0.0
        δ ≥ 0 added to the Hessian's diagonal.
    solver : {"auto", "cholesky", "cg"}, default="auto"
        How s is found: the Cholesky factor of the assembled Hessian (the reference), conjugate
        gradients on Hessian-vector products, or CG for as many products as the factorisation
        would cost, then Cholesky.
    cg_preconditioner : {"jacobi", "block_jacobi", "shared_gram"}, default="jacobi"
        The preconditioner of conjugate gradients (maths §3): the Hessian's diagonal; its class
        blocks (D × D each, factored once by Cholesky before the first product; about
        n_train·D²·m/2 multiply-adds and m·D³/6 more); or one D × D factor of the training rows'
        Gram matrix scaled by their mean curvature, plus penalty and damping, shared by every
        class (about n_train·D²/2 + D³/6 multiply-adds: m times cheaper to build than the class
        blocks, and nearly as strong when the classes' curvatures are alike). Both block forms
        take fewer products than Jacobi when the features are correlated or C is large. A factor
        that is not positive definite, or ``"shared_gram"`` without training rows in the Hessian,
        makes that fit fall back to Jacobi (``cg_preconditioner_used_``). Not read when s comes
        from the Cholesky factor.
    device : {"auto", "cpu", "cuda"}, default="auto"
        Where the work runs; ``"auto"`` is the CUDA device when this build has one
        (``salutary_native.HAS_CUDA``). On the device the training rows' Hessian is factored
        there for ``solver`` "auto" or "cholesky"; other combinations compute s on the CPU.
    precision : {"float64", "float32"}, default="float64"
        The arithmetic of the table pass's product ``X̃·[Θ; S]ᵀ`` (maths §6). "float32" multiplies
        a float32 pool in float32 (a float64 pool is rounded to float32 window by window) and
        carries the products to float64 for the intercepts, the softmax, the table and the
        selection; the table is then within the §6 float32 bound of the float64 one, and still
        the same bits for any cut of the pool and any thread count. The device pass is always
        float64. Does not change the fit.

    Attributes
    ----------
    classes_ : ndarray
        The model's classes; column c of a table is label ``classes_[c]``.
    n_features_in_ : int
    coef_ : ndarray of shape (m, D)
        The model's parameters, intercepts in the last column (m = 1 for two classes, else K).
    val_direction_ : ndarray of shape (m, D)
        s = H⁺ g_val, shaped like ``coef_``.
    solver_used_ : str
        ``"cholesky"`` or ``"cg"``: the solver whose s was kept.
    cg_iterations_ : int
        Hessian-vector products spent in conjugate gradients.
    cg_preconditioner_used_ : str
        The preconditioner CG ran with: ``cg_preconditioner``, or ``"jacobi"`` after a fallback
        (and when CG did not run).
    device_ : str
        ``"cpu"`` or ``"cuda"``.

    Examples
    --------
    >>> import numpy as np
    >>> import salutary_native as sn
    >>> rng = np.random.default_rng(0)
    >>> X_train, y_train = rng.normal(size=(200, 5)), rng.integers(0, 3, 200)
    >>> X_val, y_val = rng.normal(size=(50, 5)), rng.integers(0, 3, 50)
    >>> model = sn.LogisticRegression(C=0.1).fit(X_train, y_train)
    >>> scorer = sn.InfluenceScorer(model).fit(X_train, X_val, y_val)
    >>> pool = rng.normal(size=(1000, 5)).astype(np.float32)
    >>> scorer.table(pool).shape
    (1000, 3)
    >>> blocks = (pool[i:i + 300] for i in range(0, 1000, 300))
    >>> bool(np.array_equal(scorer.query(blocks, 10).indices, scorer.query(pool, 10).indices))
    True
    """

    def __init__(self, model=None, *, hessian_on="train", damping=0.0, solver="auto", cg_preconditioner="jacobi",
                 device="auto", precision="float64"):
        self.model = model
        self.hessian_on = hessian_on
        self.damping = damping
        self.solver = solver
        self.cg_preconditioner = cg_preconditioner
        self.device = device
        self.precision = precision

    # -- fitting -------------------------------------------------------------------------------

    def _checked_options(self):
        hessian_on = check_parameter("hessian_on", self.hessian_on)
        damping = check_parameter("damping", self.damping)
        solver = check_parameter("solver", self.solver)
        preconditioner = check_parameter("cg_preconditioner", self.cg_preconditioner)
        device = check_parameter("device", self.device)
        if device == "cuda" and not _core.HAS_CUDA:
            raise ValueError("device='cuda' needs a CUDA build of salutary-native "
                             "(pip install . -C cmake.define.SALUTARY_ENABLE_CUDA=ON) and a CUDA device; "
                             "none is available")
        if device == "auto":
            device = "cuda" if _core.HAS_CUDA else "cpu"
        precision = check_parameter("precision", self.precision)
        return hessian_on, damping, solver, preconditioner, device, precision

    def fit(self, X_train, X_val, y_val, *, sample_weight=None, X_pool=None, pool_curvature=None,
            exclude=None) -> "InfluenceScorer":
        """Compute the validation direction s = H⁺ g_val.

        Parameters
        ----------
        X_train : array-like of shape (n_train, n_features)
            The labeled rows the model was trained on (their curvature, for ``hessian_on``
            "train" and "train+pool").
        X_val : array-like of shape (n_val, n_features)
            Validation rows.
        y_val : array-like of shape (n_val,)
            Their labels, values from the model's ``classes_``.
        sample_weight : array-like of shape (n_train,), optional
            Weights of the training rows in the Hessian.
        X_pool : array-like of shape (n_pool, n_features), or an iterable of such blocks, optional
            The pool whose curvature enters the Hessian when ``hessian_on`` is "pool" or
            "train+pool" (not read otherwise): one array (float32 and float64 C-ordered pools,
            memory maps included, are read in place) or any iterable of row blocks taken in
            order. Its curvature is summed over fixed windows of global rows
            (:mod:`salutary_native.pool_curvature`), so every cut gives the same bits.
        pool_curvature : ndarray of shape (p, p), optional
            The pool's curvature already summed, for example by
            :func:`salutary_native.pool_curvature.finish_curvature` across workers; give it or
            ``X_pool``, not both.
        exclude : array-like of int, optional
            Global pool rows left out of the pool's curvature (for example, rows already labeled).

        Returns
        -------
        InfluenceScorer
            self, fitted.

        Raises
        ------
        ValueError, TypeError
            For bad parameters or arrays, naming the argument, before any native work.
        FactorizationError
            When the Hessian is not positive definite (pass ``damping``).
        """
        hessian_on, damping, solver, preconditioner, device, precision = self._checked_options()
        fm = fitted_model(self.model)
        X_train, w = self._training_rows(fm, X_train, sample_weight)
        X_val = as_rows(X_val, "X_val", n_features=fm.n_features, floats_only=True)
        y_idx = label_indices(y_val, fm.classes, "y_val", X_val.shape[0])
        curvature = self._pool_curvature(fm, hessian_on, X_pool, pool_curvature, exclude)
        native = _core.Scorer.fit(fm.native, X_train, w, X_val, y_idx, curvature, hessian_on, damping, solver, device,
                                  cg_preconditioner=preconditioner, precision=precision)
        return self._finish_fit(fm, native, solver)

    def fit_gradient(self, X_train, val_gradient, *, sample_weight=None, X_pool=None, pool_curvature=None,
                     exclude=None) -> "InfluenceScorer":
        """Compute s = H⁺ g for a validation gradient ``g`` given directly.

        :meth:`fit` takes g as the validation rows' summed gradient at the model. A method that
        builds g otherwise (for example, adding held-out gradients of labeled rows, each taken
        at a model fitted without them) passes it here; :func:`validation_gradient` gives the
        gradient of any rows at any fitted model.

        Parameters
        ----------
        X_train, sample_weight, X_pool, pool_curvature, exclude
            As for :meth:`fit`.
        val_gradient : array-like of shape (m, D)
            The gradient, shaped like ``coef_`` (intercepts last).

        Returns
        -------
        InfluenceScorer
            self, fitted.

        Examples
        --------
        >>> import numpy as np
        >>> import salutary_native as sn
        >>> rng = np.random.default_rng(0)
        >>> X, y = rng.normal(size=(100, 3)), rng.integers(0, 2, 100)
        >>> model = sn.LogisticRegression().fit(X, y)
        >>> g = sn.validation_gradient(model, X[:30], y[:30])
        >>> a = sn.InfluenceScorer(model).fit_gradient(X, g)
        >>> bool(np.array_equal(a.val_direction_, sn.InfluenceScorer(model).fit(X, X[:30], y[:30]).val_direction_))
        True
        """
        hessian_on, damping, solver, preconditioner, device, precision = self._checked_options()
        fm = fitted_model(self.model)
        X_train, w = self._training_rows(fm, X_train, sample_weight)
        g = _real_matrix(val_gradient, "val_gradient", fm.coef.shape,
                         f"have the shape of the model's coefficients {fm.coef.shape}")
        curvature = self._pool_curvature(fm, hessian_on, X_pool, pool_curvature, exclude)
        native = _core.Scorer.fit_gradient(fm.native, X_train, w, g, curvature, hessian_on, damping, solver, device,
                                           cg_preconditioner=preconditioner, precision=precision)
        return self._finish_fit(fm, native, solver)

    @staticmethod
    def _training_rows(fm: FittedModel, X_train, sample_weight):
        X_train = as_rows(X_train, "X_train", n_features=fm.n_features, floats_only=True)
        return X_train, as_weights(sample_weight, X_train.shape[0])

    @staticmethod
    def _pool_curvature(fm: FittedModel, hessian_on: str, X_pool, pool_curvature, exclude):
        """The pool curvature the fit needs (None when ``hessian_on`` leaves the pool out)."""
        if not uses_pool(hessian_on):
            return None
        if X_pool is None and pool_curvature is None:
            raise ValueError(f"X_pool is required with hessian_on={hessian_on!r} (or its pool_curvature)")
        if X_pool is not None and pool_curvature is not None:
            raise ValueError("give X_pool or pool_curvature, not both")
        if pool_curvature is not None:
            p = fm.coef.size
            return _real_matrix(pool_curvature, "pool_curvature", (p, p), f"be n_params × n_params ({p} × {p})")
        return pool_curvature_of(fm, X_pool, exclude=exclude)

    def _finish_fit(self, fm: FittedModel, native, solver: str) -> "InfluenceScorer":
        if solver == "auto" and native.solver_used == "cholesky" and native.cg_iterations > 0:
            _log.info("conjugate gradients stopped after %d Hessian products without reaching the accuracy "
                      "target; the validation direction comes from the Cholesky factor", native.cg_iterations)
        self._set_fitted(fm, native)
        return self

    def _set_fitted(self, fm: FittedModel, native) -> None:
        self._native = native
        self._fm = fm
        self.classes_ = fm.classes
        self.n_features_in_ = fm.n_features
        self.coef_ = fm.coef
        self.val_direction_ = native.val_direction
        self.solver_used_ = native.solver_used
        self.cg_iterations_ = int(native.cg_iterations)
        self.cg_preconditioner_used_ = native.cg_preconditioner_used
        self.device_ = native.device

    def _fitted(self):
        native = getattr(self, "_native", None)
        if native is None:
            raise ValueError("this InfluenceScorer is not fitted yet: call fit(X_train, X_val, y_val) first")
        return native

    # -- scoring -------------------------------------------------------------------------------

    def _block(self, X, name="X_pool") -> np.ndarray:
        # The table pass checks the rows for NaN/Inf as it reads them: one read, not two.
        return as_rows(X, name, n_features=self.n_features_in_, keep_float32=True, floats_only=True,
                       check_finite=False)

    def table(self, X_pool, *, offset=0) -> np.ndarray:
        """The influence table I(x, c) of a block of pool rows: an (n, K) float64 array.

        Column c is label ``classes_[c]``. I > 0 means adding (x, c) to the training set is
        predicted, to first order, to lower the validation loss.

        Parameters
        ----------
        X_pool : array-like of shape (n, n_features)
            Pool rows; float32 and float64 C-ordered arrays are read in place.
        offset : int, default=0
            Global index of the block's first row. Rows are computed at their global
            positions, so the blocks of any cut of a pool give the whole pool's table, bit for bit.

        Returns
        -------
        ndarray of shape (n, K)
        """
        native = self._fitted()
        offset = check_parameter("offset", offset)
        return native.table(self._block(X_pool), offset)

    def partial_query(self, X_block, budget, *, offset=0, seed=0, exclude=None) -> PartialTopB:
        """The best ``budget`` eligible rows of one block of a pool, by global row index.

        Parameters
        ----------
        X_block : array-like of shape (n, n_features)
            The block's rows.
        budget : int
            At most this many rows are kept (fewer when the block has fewer eligible rows).
        offset : int, default=0
            Global index of the block's first row.
        seed : int, default=0
            Tie-break seed: equal scores are ordered by a permutation drawn from it.
        exclude : array-like of int, optional
            Global rows to leave out (for example, rows taken in earlier rounds); those outside
            the block are ignored.

        Returns
        -------
        PartialTopB
        """
        native = self._fitted()
        budget = check_parameter("budget", budget)
        seed = check_parameter("seed", seed)
        offset = check_parameter("offset", offset)
        best, _ = native.partial_top_b(self._block(X_block), offset, budget, seed, row_exclusion(exclude), False)
        return PartialTopB._from_native(best)

    def query(self, X_pool, budget, *, seed=0, exclude=None, keep_table=False) -> SalutaryQuery:
        """The ``budget`` pool rows with the highest salutary score, with their salutary labels.

        Parameters
        ----------
        X_pool : array-like of shape (n_pool, n_features), or an iterable of such blocks
            The pool: one array (a memory map is read in place), or any iterable of row blocks
            (a list of arrays, a generator over files) taken in order; block i starts at global
            row ``len(block_0) + … + len(block_{i-1})``. Both give the same bits.
        budget : int
            Rows to select; at most the number of eligible (not excluded) pool rows.
        seed : int, default=0
            Tie-break seed.
        exclude : array-like of int, optional
            Global rows to leave out.
        keep_table : bool, default=False
            Also return the (n_pool, K) influence table.

        Returns
        -------
        SalutaryQuery

        Raises
        ------
        ValueError
            When ``budget`` exceeds the eligible rows, or a block is malformed (naming it).
        """
        native = self._fitted()
        budget = check_parameter("budget", budget)
        seed = check_parameter("seed", seed)
        excluded = row_exclusion(exclude)
        if is_one_array(X_pool):
            X_pool = self._block(X_pool)
            n_excluded = 0 if excluded is None else int(np.count_nonzero(excluded < X_pool.shape[0]))
            check_parameter("budget", budget, upper=X_pool.shape[0] - n_excluded)
            best, table = native.partial_top_b(X_pool, 0, budget, seed, excluded, bool(keep_table))
            return self._finish(PartialTopB._from_native(best), table)
        merged, tables, offset = None, [], 0
        for i, block in enumerate(X_pool):
            block = self._block(block, f"X_pool block {i}")
            part, table = native.partial_top_b(block, offset, budget, seed, excluded, bool(keep_table))
            merged = part if merged is None else _core.merge_top_b(merged, part)
            if keep_table:
                tables.append(table)
            offset += block.shape[0]
        if merged is None:
            raise ValueError("X_pool has no blocks")
        best = PartialTopB._from_native(merged)
        if len(best) < budget:
            raise ValueError(f"budget must be between 1 and {len(best)} (the eligible pool rows), got {budget}")
        return self._finish(best, np.concatenate(tables) if keep_table else None)

    def _finish(self, best: PartialTopB, table) -> SalutaryQuery:
        return SalutaryQuery(best.indices, self.classes_[best.label_indices], best.scores, table)

    # -- state ---------------------------------------------------------------------------------

    def get_state(self) -> dict:
        """The fitted scorer as plain arrays and option values (no pickle needed).

        Returns
        -------
        dict
            ``coef``, ``classes``, ``val_direction`` (arrays) and ``fit_intercept``, ``C``,
            ``hessian_on``, ``damping``, ``solver``, ``solver_used``, ``cg_iterations``,
            ``cg_preconditioner``, ``cg_preconditioner_used``, ``device``, ``precision`` (plain
            values; the two preconditioner keys are optional in :meth:`from_state`, "jacobi" when
            absent, and so is ``precision``, "float64" when absent).
            :meth:`from_state` rebuilds an equal scorer from it.
        """
        native = self._fitted()
        fm = self._fm
        return {"coef": fm.coef.copy(), "classes": np.asarray(fm.classes).copy(),
                "val_direction": native.val_direction, "fit_intercept": bool(fm.fit_intercept), "C": float(fm.C),
                "hessian_on": native.hessian_on, "damping": float(native.damping), "solver": native.solver,
                "solver_used": native.solver_used, "cg_iterations": int(native.cg_iterations),
                "cg_preconditioner": native.cg_preconditioner, "cg_preconditioner_used": native.cg_preconditioner_used,
                "device": native.device, "precision": native.precision}

    @classmethod
    def from_state(cls, state: dict, *, device=None) -> "InfluenceScorer":
        """A fitted scorer from :meth:`get_state`'s dictionary.

        Parameters
        ----------
        state : dict
            As returned by :meth:`get_state` (for example, after a trip through ``np.savez``
            or a distributed engine's serialiser).
        device : {"auto", "cpu", "cuda"}, optional
            Where the rebuilt scorer runs; default: the state's device.

        Returns
        -------
        InfluenceScorer
        """
        missing = {"coef", "classes", "val_direction", "fit_intercept", "C", "hessian_on", "damping", "solver",
                   "solver_used", "cg_iterations", "device"} - set(state)
        if missing:
            raise ValueError(f"state is missing {sorted(missing)}")
        scorer = cls(None, hessian_on=str(state["hessian_on"]), damping=float(state["damping"]),
                     solver=str(state["solver"]), cg_preconditioner=str(state.get("cg_preconditioner", "jacobi")),
                     device=str(device if device is not None else state["device"]),
                     precision=str(state.get("precision", "float64")))
        hessian_on, damping, solver, preconditioner, resolved, precision = scorer._checked_options()
        classes = np.asarray(state["classes"])
        fm = FittedModel(np.ascontiguousarray(state["coef"], dtype=np.float64), classes, bool(state["fit_intercept"]),
                         float(state["C"]))
        val_direction = np.ascontiguousarray(state["val_direction"], dtype=np.float64)
        native = _core.Scorer(fm.native, val_direction, hessian_on, damping, solver, str(state["solver_used"]),
                              int(state["cg_iterations"]), resolved, cg_preconditioner=preconditioner,
                              cg_preconditioner_used=str(state.get("cg_preconditioner_used", "jacobi")),
                              precision=precision)
        scorer._set_fitted(fm, native)
        return scorer

    def __getstate__(self):
        state = {k: v for k, v in self.__dict__.items() if k not in ("_native", "_fm")}
        if getattr(self, "_native", None) is not None:
            state["_fitted_state"] = self.get_state()
        return state

    def __setstate__(self, state):
        fitted = state.pop("_fitted_state", None)
        self.__dict__.update(state)
        if fitted is not None:
            rebuilt = InfluenceScorer.from_state(fitted)
            self._set_fitted(rebuilt._fm, rebuilt._native)


def validation_gradient(model, X, y) -> np.ndarray:
    """The summed cross-entropy gradient of labeled rows at a fitted model, ``Σ ∇CE(x, y; θ̂)``.

    The validation gradient ``g_val`` of maths §3 when the rows are the validation set; shaped
    like the model's parameters (m × D, intercepts last), with no penalty term.

    Parameters
    ----------
    model : LogisticRegression
        A fitted ``salutary_native`` or scikit-learn L2 ``LogisticRegression``.
    X : array-like of shape (n, n_features)
    y : array-like of shape (n,)
        Labels, values from the model's ``classes_``.

    Returns
    -------
    ndarray of shape (m, D)

    Examples
    --------
    >>> import numpy as np
    >>> import salutary_native as sn
    >>> X, y = np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0, 0, 1, 1])
    >>> model = sn.LogisticRegression().fit(X, y)
    >>> sn.validation_gradient(model, X, y).shape
    (1, 2)
    """
    fm = fitted_model(model)
    X = as_rows(X, "X", n_features=fm.n_features, floats_only=True, allow_empty=True)
    y_idx = label_indices(y, fm.classes, "y", X.shape[0])
    if X.shape[0] == 0:
        return np.zeros_like(fm.coef)
    return _core.val_gradient(fm.native, X, y_idx)


def fit_scorer(model, X_train, X_val, y_val, X_pool=None, *, sample_weight=None, hessian_on="train", damping=0.0,
               solver="auto", device="auto", exclude=None, cg_preconditioner="jacobi",
               precision="float64") -> InfluenceScorer:
    """An :class:`InfluenceScorer` fitted on these rows; ``X_pool`` enters the fit only when
    ``hessian_on`` includes the pool (the one rule the free functions and the adapters share).

    Parameters
    ----------
    model, hessian_on, damping, solver, device, cg_preconditioner, precision
        As for :class:`InfluenceScorer`.
    X_train, X_val, y_val, sample_weight, X_pool, exclude
        As for :meth:`InfluenceScorer.fit`; ``X_pool`` may be given whatever ``hessian_on``.

    Returns
    -------
    InfluenceScorer
        Fitted.
    """
    scorer = InfluenceScorer(model, hessian_on=hessian_on, damping=damping, solver=solver,
                             cg_preconditioner=cg_preconditioner, device=device, precision=precision)
    pool = X_pool if uses_pool(check_parameter("hessian_on", hessian_on)) else None
    return scorer.fit(X_train, X_val, y_val, sample_weight=sample_weight, X_pool=pool, exclude=exclude)
