// salutary_native._core: thin bindings of the core's objects. Casts, the GIL and errors only:
// arrays are checked while the GIL is held, mapped (never copied) and the GIL is released for
// all native work. The Python layer validates parameters first; these checks keep C++ safe.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>

#include "salutary/salutary.hpp"
#ifdef SALUTARY_WITH_CUDA
#include "salutary/cuda_scoring.hpp"
#endif

namespace py = pybind11;
using namespace salutary;

namespace {

using F64 = py::array_t<double, py::array::c_style>;
using I64 = py::array_t<std::int64_t, py::array::c_style>;
using U64 = py::array_t<std::uint64_t, py::array::c_style>;
using OptF64 = std::optional<F64>;

[[noreturn]] void bad(const std::string& name, const std::string& what) {
  throw std::invalid_argument(name + " " + what);
}

bool is_dtype(const py::array& a, const char* code) { return a.dtype().is(py::dtype(code)); }

// A 2-D float32/float64 C-contiguous array, with `cols` columns when cols >= 0, as a PoolRef.
PoolRef rows_of(const py::array& a, const std::string& name, Index cols) {
  if (a.ndim() != 2) bad(name, "must be 2-D, got " + std::to_string(a.ndim()) + "-D");
  const bool single = is_dtype(a, "float32");
  if (!single && !is_dtype(a, "float64")) bad(name, "must be float32 or float64");
  if (!(a.flags() & py::array::c_style)) bad(name, "must be C-contiguous (the Python layer copies other layouts)");
  if (cols >= 0 && a.shape(1) != cols)
    bad(name, "has " + std::to_string(a.shape(1)) + " features, expected " + std::to_string(cols));
  const Index n = a.shape(0), d = a.shape(1);
  if (single) return pool_rows(Eigen::Map<const RowMatrix<float>, 0, Eigen::OuterStride<>>(
                  static_cast<const float*>(a.data()), n, d, Eigen::OuterStride<>(d)));
  return pool_rows(Eigen::Map<const RowMatrix<double>, 0, Eigen::OuterStride<>>(static_cast<const double*>(a.data()),
                                                                                  n, d, Eigen::OuterStride<>(d)));
}

// Labeled rows are small: the Python layer hands them over as float64.
RowsRef<double> float64_rows(const py::array& a, const std::string& name, Index cols) {
  const PoolRef rows = rows_of(a, name, cols);
  if (rows.index() != 1) bad(name, "must be float64");
  return std::get<1>(rows);
}

Eigen::Map<const Eigen::VectorXd> vector_view(const F64& a) { return {a.data(), static_cast<Index>(a.size())}; }
Eigen::Map<const Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>> labels_view(const I64& a) {
  return {a.data(), static_cast<Index>(a.size())};
}

void check_labels(const I64& y, Index n, int n_classes, const std::string& name) {
  if (y.ndim() != 1 || y.shape(0) != n) bad(name, "must be 1-D with one label per row");
  const auto v = labels_view(y);
  if (n > 0 && (v.minCoeff() < 0 || v.maxCoeff() >= n_classes)) bad(name, "holds class indices outside 0..K-1");
}

VectorRef weights_of(const OptF64& w, Index n) {
  static const Eigen::VectorXd empty;
  if (!w) return VectorRef(empty);
  if (w->ndim() != 1 || w->shape(0) != n) bad("sample_weight", "must be 1-D with one weight per row");
  const auto v = vector_view(*w);
  if (!v.allFinite() || (n > 0 && v.minCoeff() < 0)) bad("sample_weight", "must be finite and non-negative");
  return VectorRef(v);
}

LogisticModel make_model(const F64& coef, int n_classes, bool fit_intercept, double C) {
  if (coef.ndim() != 2) bad("coef", "must be 2-D (outputs × D)");
  LogisticModel model;
  model.coef = Eigen::Map<const RowMatrixXd>(coef.data(), coef.shape(0), coef.shape(1));
  model.n_classes = n_classes;
  model.fit_intercept = fit_intercept;
  model.C = C;
  model.validate();
  return model;
}

TrainSolver parse_train_solver(const std::string& name) {
  if (name == "auto") return TrainSolver::automatic;
  if (name == "newton") return TrainSolver::newton;
  if (name == "lbfgs") return TrainSolver::lbfgs;
  if (name == "newton_cg") return TrainSolver::newton_cg;
  bad("solver", "must be 'auto', 'newton', 'lbfgs' or 'newton_cg', got '" + name + "'");
}

py::array_t<double> to_numpy(const RowMatrixXd& A) {
  py::array_t<double> out({A.rows(), A.cols()});
  std::copy(A.data(), A.data() + A.size(), out.mutable_data());
  return out;
}

template <typename T>
py::array_t<T> vector_to_numpy(const std::vector<T>& v) {
  return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
}

std::shared_ptr<const ScoringBackend> backend_named(const std::string& device) {
  if (device == "cpu") return cpu_backend();
#ifdef SALUTARY_WITH_CUDA
  if (device == "cuda") return salutary::cuda::backend();
#endif
  bad("device", "must be 'cpu'" + std::string(
#ifdef SALUTARY_WITH_CUDA
                                      " or 'cuda'"
#else
                                      " in this build (it has no CUDA path)"
#endif
                                      ) + ", got '" + device + "'");
}

RowExclusion exclusion_of(const std::optional<I64>& exclude) {
  if (!exclude) return {};
  if (exclude->ndim() != 1) bad("exclude", "must be 1-D");
  const auto v = labels_view(*exclude);
  RowExclusion rows(v.data(), v.data() + v.size());
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (!(rows[i - 1] < rows[i])) bad("exclude", "must be sorted and unique (the Python layer makes it so)");
  return rows;
}

using FortranF64 = py::array_t<double, py::array::f_style | py::array::forcecast>;
using OptFortranF64 = std::optional<FortranF64>;

// A p × p float64 matrix (entry (i, j) is a[i, j]), copied.
Eigen::MatrixXd square_matrix(const FortranF64& a, const std::string& name, Index p) {
  if (a.ndim() != 2 || a.shape(0) != p || a.shape(1) != p)
    bad(name, "must be n_params × n_params (" + std::to_string(p) + " × " + std::to_string(p) + ")");
  return Eigen::Map<const Eigen::MatrixXd>(a.data(), p, p);
}

FortranF64 matrix_to_numpy(const Eigen::MatrixXd& A) {
  FortranF64 out({A.rows(), A.cols()});
  std::copy(A.data(), A.data() + A.size(), out.mutable_data());
  return out;
}

// The pool curvature a fit with these options reads: required when hessian_on includes the pool.
Eigen::MatrixXd curvature_for(const ScorerOptions& options, const OptFortranF64& pool_curvature, Index p) {
  if (uses_pool(options.hessian_on) && !pool_curvature)
    bad("pool_curvature", "is required when hessian_on includes the pool");
  return pool_curvature ? square_matrix(*pool_curvature, "pool_curvature", p) : Eigen::MatrixXd();
}

// A curvature partial as a list of (level, index, raw sum) tuples: plain, picklable values.
py::list partial_to_py(const CurvaturePartial& partial) {
  py::list out;
  for (const auto& node : partial) out.append(py::make_tuple(node.level, node.index, matrix_to_numpy(node.sum)));
  return out;
}

CurvaturePartial partial_from_py(const py::list& nodes, const LogisticModel& model, const std::string& name) {
  CurvaturePartial partial;
  for (const auto& item : nodes) {
    const auto node = item.cast<py::tuple>();
    if (node.size() != 3) bad(name, "must hold (level, index, sum) tuples");
    partial.push_back(CurvatureNode{node[0].cast<int>(), node[1].cast<Index>(),
                                    square_matrix(node[2].cast<FortranF64>(), name, model.n_params())});
  }
  return partial;
}

PartialTopB partial_from_arrays(const F64& scores, const U64& keys, const I64& indices, const I64& labels, Index budget,
                                std::uint64_t seed) {
  if (scores.ndim() != 1 || keys.ndim() != 1 || indices.ndim() != 1 || labels.ndim() != 1)
    bad("PartialTopB", "arrays must be 1-D");
  PartialTopB p;
  p.budget = budget, p.seed = seed;
  p.scores.assign(scores.data(), scores.data() + scores.size());
  p.keys.assign(keys.data(), keys.data() + keys.size());
  p.indices.assign(indices.data(), indices.data() + indices.size());
  p.labels.assign(labels.data(), labels.data() + labels.size());
  validate_partial_top_b(p);
  return p;
}

// The native salutary loop with the arrays it views: the validation rows and the pool are read
// in place round after round, so the binding holds them as long as the loop lives.
// The GIL is released while a round runs, so a mutex keeps two Python threads from running
// rounds of one loop at once (the labeled set grows in place).
struct BoundRounds {
  py::array X_val, y_val, X_pool;
  std::unique_ptr<SalutaryRounds> rounds;
  std::mutex busy;
};

}  // namespace

#ifndef SALUTARY_MODULE_NAME
#define SALUTARY_MODULE_NAME _core_native
#define SALUTARY_VARIANT "native"
#endif

PYBIND11_MODULE(SALUTARY_MODULE_NAME, m) {
  m.doc() = "salutary-native core: L2 logistic model, fitted influence scorer, partial top-b and merge.";

  py::register_exception<FactorizationError>(m, "FactorizationError",
                                             py::module_::import("numpy.linalg").attr("LinAlgError").ptr());
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Interrupted&) {
      // PyErr_CheckSignals already set KeyboardInterrupt (or another handler's error).
      if (!PyErr_Occurred()) PyErr_SetString(PyExc_KeyboardInterrupt, "interrupted");
    }
  });
  // Long native loops poll this between chunks so Ctrl-C stops them.
  set_interrupt_check([] {
    py::gil_scoped_acquire gil;
    return PyErr_CheckSignals() != 0;
  });

  m.def("set_num_threads", &set_num_threads, py::arg("n"), "Threads for native work; n <= 0 restores the default.");
  m.def("get_num_threads", &get_num_threads);
  m.def("has_openmp", &has_openmp);
  m.def("build_info", [] {
    py::dict info;
    info["openmp"] = has_openmp();
    info["simd"] = eigen_simd();
    info["variant"] = std::string(SALUTARY_VARIANT);
    info["compiled_for"] = compiled_instruction_sets();
    info["eigen"] = eigen_version();
    info["newton_max_params"] = newton_max_params();
    info["newton_cg_min_params"] = newton_cg_min_params();
    return info;
  });

  m.def(
      "all_finite",
      [](const py::array& X, const std::string& name) {
        if (X.ndim() < 1) bad(name, "must be an array");
        const bool single = is_dtype(X, "float32");
        if (!single && !is_dtype(X, "float64")) bad(name, "must be float32 or float64");
        if (!(X.flags() & py::array::c_style)) bad(name, "must be C-contiguous");
        const Index n = X.size();
        const void* data = X.data();
        py::gil_scoped_release release;
        return single ? all_finite(static_cast<const float*>(data), n) : all_finite(static_cast<const double*>(data), n);
      },
      py::arg("X"), py::arg("name") = "X", "Whether every element is finite (one parallel pass).");

  py::class_<LogisticModel>(m, "Model", "A fitted L2 logistic model: coef (m × D, intercepts last), K, C.")
      .def(py::init(&make_model), py::arg("coef"), py::arg("n_classes"), py::arg("fit_intercept"), py::arg("C"))
      .def_property_readonly("coef", [](const LogisticModel& self) { return to_numpy(self.coef); })
      .def_readonly("n_classes", &LogisticModel::n_classes)
      .def_readonly("fit_intercept", &LogisticModel::fit_intercept)
      .def_readonly("C", &LogisticModel::C)
      .def_property_readonly("n_features", &LogisticModel::n_features);

  m.def(
      "fit_logistic",
      [](const py::array& X, const I64& y, const OptF64& sample_weight, int n_classes, double C, bool fit_intercept,
         double tol, int max_iter, const std::string& solver, const OptF64& warm_start,
         const std::string& curvature_precision) {
        if (curvature_precision != "auto" && curvature_precision != "float64")
          throw py::value_error("curvature_precision must be 'auto' or 'float64', got '" + curvature_precision + "'");
        const PoolRef rows = rows_of(X, "X", -1);
        check_labels(y, X.shape(0), n_classes, "y");
        const VectorRef w = weights_of(sample_weight, X.shape(0));
        TrainOptions options;
        options.C = C, options.fit_intercept = fit_intercept, options.tol = tol, options.max_iter = max_iter;
        options.solver = parse_train_solver(solver);
        options.single_precision_curvature = curvature_precision == "auto";
        std::optional<RowMatrixXd> start;
        if (warm_start) start = Eigen::Map<const RowMatrixXd>(warm_start->data(), warm_start->shape(0),
                                                              warm_start->ndim() == 2 ? warm_start->shape(1) : 1);
        const auto labels = labels_view(y);
        TrainResult result;
        {
          py::gil_scoped_release release;
          result = std::visit(
              [&](const auto& Xr) { return fit_logistic(Xr, labels, w, n_classes, options, start ? &*start : nullptr); },
              rows);
        }
        py::dict out;
        out["coef"] = to_numpy(result.model.coef);
        out["n_iter"] = result.n_iter;
        out["converged"] = result.converged;
        out["hessian_products"] = result.hessian_products;
        out["single_precision_products"] = result.single_precision_products;
        out["objective"] = result.objective;
        out["solver"] = result.solver == TrainSolver::newton      ? "newton"
                        : result.solver == TrainSolver::newton_cg ? "newton_cg"
                                                                  : "lbfgs";
        return out;
      },
      py::arg("X"), py::arg("y"), py::arg("sample_weight"), py::arg("n_classes"), py::arg("C"),
      py::arg("fit_intercept"), py::arg("tol"), py::arg("max_iter"), py::arg("solver") = "auto",
      py::arg("warm_start") = py::none(), py::arg("curvature_precision") = "auto");

  m.def(
      "predict_proba",
      [](const LogisticModel& model, const py::array& X) {
        const PoolRef rows = rows_of(X, "X", model.n_features());
        RowMatrixXd P;
        {
          py::gil_scoped_release release;
          P = std::visit([&](const auto& Xr) { return predict_proba(model, Xr); }, rows);
        }
        return to_numpy(P);
      },
      py::arg("model"), py::arg("X"));

  m.def(
      "objective",
      [](const LogisticModel& model, const py::array& X, const I64& y, const OptF64& sample_weight) {
        const PoolRef rows = rows_of(X, "X", model.n_features());
        check_labels(y, X.shape(0), model.n_classes, "y");
        const VectorRef w = weights_of(sample_weight, X.shape(0));
        const auto labels = labels_view(y);
        py::gil_scoped_release release;
        return std::visit([&](const auto& Xr) { return objective(model, Xr, labels, w, nullptr); }, rows);
      },
      py::arg("model"), py::arg("X"), py::arg("y"), py::arg("sample_weight") = py::none(),
      "The objective Σ w·CE + ||W||²/(2C) (maths §2).");

  m.def(
      "hessian",
      [](const LogisticModel& model, const py::array& X_train, const OptF64& sample_weight, const py::array& X_pool,
         const std::string& hessian_on, double damping) {
        const HessianOn on = parse_hessian_on(hessian_on);
        const PoolRef train = rows_of(X_train, "X_train", model.n_features());
        const PoolRef pool = rows_of(X_pool, "X_pool", model.n_features());
        if (uses_pool(on) && pool_size(pool) == 0) bad("X_pool", "is required when hessian_on includes the pool");
        const VectorRef w = weights_of(sample_weight, X_train.shape(0));
        if (!(damping >= 0)) bad("damping", "must be non-negative");
        const Index p = model.n_params();
        auto H = std::make_unique<Eigen::MatrixXd>();
        {
          py::gil_scoped_release release;
          const Eigen::MatrixXd curvature =
              uses_pool(on) ? std::visit([&](const auto& Xp) { return pool_curvature(model, Xp); }, pool)
                            : Eigen::MatrixXd();
          *H = std::visit([&](const auto& Xt) { return assemble_hessian(model, Xt, w, curvature, on, damping); }, train);
        }
        // Handed to numpy without a copy (119 MB at p = 3850): H is exactly symmetric, so its
        // column-major storage is also the row-major one; the capsule frees it with the array.
        double* data = H->data();
        const py::capsule owner(H.release(), [](void* m) { delete static_cast<Eigen::MatrixXd*>(m); });
        return py::array_t<double>({p, p}, {p * Index(sizeof(double)), Index(sizeof(double))}, data, owner);
      },
      py::arg("model"), py::arg("X_train"), py::arg("sample_weight"), py::arg("X_pool"), py::arg("hessian_on"),
      py::arg("damping"), "The maths §3 Hessian without the null-direction completion.");

  m.def(
      "hessian_product",
      [](const LogisticModel& model, const py::array& X_train, const OptF64& sample_weight, const F64& x,
         const std::string& precision) {
        if (precision != "float64" && precision != "float32")
          throw py::value_error("precision must be 'float64' or 'float32', got '" + precision + "'");
        const PoolRef train = rows_of(X_train, "X_train", model.n_features());
        const VectorRef w = weights_of(sample_weight, X_train.shape(0));
        const Index p = model.n_params();
        if (x.ndim() != 1 || x.shape(0) != p) bad("x", "must be a vector of n_params values");
        const Eigen::VectorXd v = Eigen::Map<const Eigen::VectorXd>(x.data(), p);
        if (!v.allFinite()) bad("x", "contains NaN or Inf");
        Eigen::VectorXd out;
        {
          py::gil_scoped_release release;
          const Eigen::MatrixXd no_pool;
          out = std::visit(
              [&](const auto& Xt) {
                using T = typename std::decay_t<decltype(Xt)>::Scalar;
                std::optional<RowMatrix<float>> copy;  // float32 rows for float64 ones
                HessianOperator<T> H(model, Xt, w, no_pool, HessianOn::train, 0.0);
                if (precision == "float32") H.use_single_products(single_precision_rows(Xt, copy));
                return H.apply(v);
              },
              train);
        }
        return vector_to_numpy(std::vector<double>(out.data(), out.data() + out.size()));
      },
      py::arg("model"), py::arg("X_train"), py::arg("sample_weight"), py::arg("x"), py::arg("precision") = "float64",
      "(H + vvᵀ) x for the training rows' Hessian H with its penalty (maths §3; v the softmax null direction "
      "when there are intercepts, else 0), its products in float64 or float32 (the trainer's, maths §5).");

  py::class_<PartialTopB>(m, "PartialTopB", "The best rows of part of a pool, best first, by global row index.")
      .def(py::init(&partial_from_arrays), py::arg("scores"), py::arg("keys"), py::arg("indices"), py::arg("labels"),
           py::arg("budget"), py::arg("seed"))
      .def_property_readonly("scores", [](const PartialTopB& p) { return vector_to_numpy(p.scores); })
      .def_property_readonly("keys", [](const PartialTopB& p) { return vector_to_numpy(p.keys); })
      .def_property_readonly("indices", [](const PartialTopB& p) { return vector_to_numpy(p.indices); })
      .def_property_readonly("labels", [](const PartialTopB& p) { return vector_to_numpy(p.labels); })
      .def_readonly("budget", &PartialTopB::budget)
      .def_readonly("seed", &PartialTopB::seed)
      .def("__len__", &PartialTopB::size);

  m.def(
      "merge_top_b",
      [](const PartialTopB& a, const PartialTopB& b) {
        py::gil_scoped_release release;
        return merge_top_b(a, b);
      },
      py::arg("a"), py::arg("b"));

  m.def(
      "val_gradient",
      [](const LogisticModel& model, const py::array& X, const I64& y) {
        const RowsRef<double> rows = float64_rows(X, "X_val", model.n_features());
        check_labels(y, X.shape(0), model.n_classes, "y_val");
        const auto labels = labels_view(y);
        RowMatrixXd g;
        {
          py::gil_scoped_release release;
          g = val_gradient(model, rows, labels);
        }
        return to_numpy(g);
      },
      py::arg("model"), py::arg("X"), py::arg("y"), "Σ ∇CE(x, y) over the rows at the model (maths §3), m × D.");
  m.attr("CURVATURE_WINDOW_ROWS") = curvature_window_rows;
  m.def(
      "curvature_partial",
      [](const LogisticModel& model, const py::array& X, Index offset, const std::optional<I64>& exclude) {
        const PoolRef rows = rows_of(X, "X_pool", model.n_features());
        const RowExclusion excluded = exclusion_of(exclude);
        CurvaturePartial partial;
        {
          py::gil_scoped_release release;
          partial = std::visit([&](const auto& r) { return curvature_partial(model, r, offset, excluded); }, rows);
        }
        return partial_to_py(partial);
      },
      py::arg("model"), py::arg("X"), py::arg("offset"), py::arg("exclude") = py::none(),
      "The pool-curvature tree nodes of a block whose first row is global row offset.");
  m.def(
      "merge_curvature",
      [](const LogisticModel& model, const py::list& a, const py::list& b) {
        CurvaturePartial left = partial_from_py(a, model, "a"), right = partial_from_py(b, model, "b"), merged;
        {
          py::gil_scoped_release release;
          merged = merge_curvature(std::move(left), std::move(right));
        }
        return partial_to_py(merged);
      },
      py::arg("model"), py::arg("a"), py::arg("b"), "The curvature partial of the union of two disjoint partials.");
  m.def(
      "finish_curvature",
      [](const LogisticModel& model, const py::list& partial, Index n_rows) {
        CurvaturePartial nodes = partial_from_py(partial, model, "partial");
        Eigen::MatrixXd C;
        {
          py::gil_scoped_release release;
          C = finish_curvature(model, std::move(nodes), n_rows);
        }
        return matrix_to_numpy(C);
      },
      py::arg("model"), py::arg("partial"), py::arg("n_rows"), "The pool curvature (p × p) from all its windows.");
  m.def(
      "pool_curvature",
      [](const LogisticModel& model, const py::array& X, const std::optional<I64>& exclude) {
        const PoolRef rows = rows_of(X, "X_pool", model.n_features());
        if (pool_size(rows) == 0) bad("X_pool", "must have at least one row");
        const RowExclusion excluded = exclusion_of(exclude);
        Eigen::MatrixXd C;
        {
          py::gil_scoped_release release;
          C = std::visit([&](const auto& r) { return pool_curvature(model, r, excluded); }, rows);
        }
        return matrix_to_numpy(C);
      },
      py::arg("model"), py::arg("X"), py::arg("exclude") = py::none(),
      "The pool curvature Σ ∇²CE(x) over the pool's rows (p × p, symmetric), in the fixed window tree.");

  py::class_<InfluenceScorer>(m, "Scorer", "A fitted influence scorer (maths §7).")
      .def_static(
          "fit",
          [](const LogisticModel& model, const py::array& X_train, const OptF64& sample_weight, const py::array& X_val,
             const I64& y_val, const OptFortranF64& pool_curvature, const std::string& hessian_on, double damping,
             const std::string& solver, const std::string& device, const std::string& cg_preconditioner,
             const std::string& precision) {
            const Index d = model.n_features();
            const RowsRef<double> train = float64_rows(X_train, "X_train", d), val = float64_rows(X_val, "X_val", d);
            check_labels(y_val, X_val.shape(0), model.n_classes, "y_val");
            const VectorRef w = weights_of(sample_weight, X_train.shape(0));
            const ScorerOptions options{parse_hessian_on(hessian_on), damping, parse_direction_solver(solver),
                                        parse_cg_preconditioner(cg_preconditioner), parse_pool_precision(precision)};
            const Eigen::MatrixXd curvature = curvature_for(options, pool_curvature, model.n_params());
            auto backend = backend_named(device);
            const auto labels = labels_view(y_val);
            py::gil_scoped_release release;
            return InfluenceScorer(model, train, w, val, labels, curvature, options, std::move(backend));
          },
          py::arg("model"), py::arg("X_train"), py::arg("sample_weight"), py::arg("X_val"), py::arg("y_val"),
          py::arg("pool_curvature"), py::arg("hessian_on"), py::arg("damping"), py::arg("solver"),
          py::arg("device"), py::arg("cg_preconditioner") = "jacobi", py::arg("precision") = "float64")
      .def_static(
          "fit_gradient",
          [](const LogisticModel& model, const py::array& X_train, const OptF64& sample_weight, const F64& val_gradient,
             const OptFortranF64& pool_curvature, const std::string& hessian_on, double damping,
             const std::string& solver, const std::string& device, const std::string& cg_preconditioner,
             const std::string& precision) {
            const RowsRef<double> train = float64_rows(X_train, "X_train", model.n_features());
            const VectorRef w = weights_of(sample_weight, X_train.shape(0));
            if (val_gradient.ndim() != 2 || val_gradient.shape(0) != model.n_outputs() ||
                val_gradient.shape(1) != model.dim())
              bad("val_gradient", "must have the shape of the model's coefficients (outputs × D)");
            const RowMatrixXd g =
                Eigen::Map<const RowMatrixXd>(val_gradient.data(), val_gradient.shape(0), val_gradient.shape(1));
            const ScorerOptions options{parse_hessian_on(hessian_on), damping, parse_direction_solver(solver),
                                        parse_cg_preconditioner(cg_preconditioner), parse_pool_precision(precision)};
            const Eigen::MatrixXd curvature = curvature_for(options, pool_curvature, model.n_params());
            auto backend = backend_named(device);
            py::gil_scoped_release release;
            return InfluenceScorer(model, train, w, g, curvature, options, std::move(backend));
          },
          py::arg("model"), py::arg("X_train"), py::arg("sample_weight"), py::arg("val_gradient"),
          py::arg("pool_curvature"), py::arg("hessian_on"), py::arg("damping"), py::arg("solver"),
          py::arg("device"), py::arg("cg_preconditioner") = "jacobi", py::arg("precision") = "float64")
      .def(py::init([](const LogisticModel& model, const F64& val_direction, const std::string& hessian_on,
                       double damping, const std::string& solver, const std::string& solver_used, Index cg_iterations,
                       const std::string& device, const std::string& cg_preconditioner,
                       const std::string& cg_preconditioner_used, const std::string& precision) {
             if (val_direction.ndim() != 2) bad("val_direction", "must be 2-D (outputs × D)");
             const RowMatrixXd s = Eigen::Map<const RowMatrixXd>(val_direction.data(), val_direction.shape(0),
                                                                 val_direction.shape(1));
             if (s.rows() != model.n_outputs() || s.cols() != model.dim())
               bad("val_direction", "must have the shape of the model's coefficients");
             const ScorerOptions options{parse_hessian_on(hessian_on), damping, parse_direction_solver(solver),
                                         parse_cg_preconditioner(cg_preconditioner), parse_pool_precision(precision)};
             const DirectionReport report{parse_direction_solver(solver_used), cg_iterations,
                                          parse_cg_preconditioner(cg_preconditioner_used)};
             return InfluenceScorer(model, s, options, report, backend_named(device));
           }),
           py::arg("model"), py::arg("val_direction"), py::arg("hessian_on"), py::arg("damping"), py::arg("solver"),
           py::arg("solver_used"), py::arg("cg_iterations"), py::arg("device"), py::arg("cg_preconditioner") = "jacobi",
           py::arg("cg_preconditioner_used") = "jacobi", py::arg("precision") = "float64")
      .def(
          "table",
          [](const InfluenceScorer& self, const py::array& block, Index offset) {
            const PoolRef rows = rows_of(block, "X_pool", self.model().n_features());
            py::array_t<double> table({static_cast<Index>(block.shape(0)), Index(self.model().n_classes)});
            double* out = table.mutable_data();
            py::gil_scoped_release release;
            self.table(rows, offset, InfluenceOutputs{out, nullptr, nullptr});
            return table;
          },
          py::arg("block"), py::arg("offset"))
      .def(
          "partial_top_b",
          [](const InfluenceScorer& self, const py::array& block, Index offset, Index budget, std::uint64_t seed,
             const std::optional<I64>& exclude, bool keep_table) {
            const PoolRef rows = rows_of(block, "X_pool", self.model().n_features());
            if (budget < 1) bad("budget", "must be at least 1");
            const RowExclusion excluded = exclusion_of(exclude);
            std::optional<py::array_t<double>> table;
            if (keep_table) table.emplace(std::vector<py::ssize_t>{block.shape(0), self.model().n_classes});
            double* table_out = table ? table->mutable_data() : nullptr;
            PartialTopB best;
            {
              py::gil_scoped_release release;
              best = self.partial_top_b(rows, offset, budget, seed, excluded, table_out);
            }
            return py::make_tuple(best, table ? py::object(*table) : py::object(py::none()));
          },
          py::arg("block"), py::arg("offset"), py::arg("budget"), py::arg("seed"), py::arg("exclude"),
          py::arg("keep_table"))
      .def_property_readonly("model", &InfluenceScorer::model)
      .def_property_readonly("val_direction", [](const InfluenceScorer& self) { return to_numpy(self.val_direction()); })
      .def_property_readonly("hessian_on",
                             [](const InfluenceScorer& self) { return hessian_on_name(self.options().hessian_on); })
      .def_property_readonly("damping", [](const InfluenceScorer& self) { return self.options().damping; })
      .def_property_readonly("solver",
                             [](const InfluenceScorer& self) { return direction_solver_name(self.options().solver); })
      .def_property_readonly("solver_used",
                             [](const InfluenceScorer& self) { return direction_solver_name(self.report().used); })
      .def_property_readonly("cg_iterations", [](const InfluenceScorer& self) { return self.report().cg_iterations; })
      .def_property_readonly("cg_preconditioner",
                             [](const InfluenceScorer& self) {
                               return cg_preconditioner_name(self.options().cg_preconditioner);
                             })
      .def_property_readonly("cg_preconditioner_used",
                             [](const InfluenceScorer& self) {
                               return cg_preconditioner_name(self.report().cg_preconditioner);
                             })
      .def_property_readonly("precision",
                             [](const InfluenceScorer& self) { return pool_precision_name(self.options().precision); })
      .def_property_readonly("cg_setup_seconds",
                             [](const InfluenceScorer& self) { return self.report().cg_setup_seconds; })
      .def_property_readonly("device", [](const InfluenceScorer& self) { return self.backend().name(); });

  m.def(
      "top_b",
      [](const F64& scores, Index budget, std::uint64_t seed, const std::optional<I64>& exclude) {
        if (scores.ndim() != 1) bad("scores", "must be 1-D");
        const RowExclusion excluded = exclusion_of(exclude);
        const Index n = scores.shape(0);
        const Index eligible =
            n - Index(std::lower_bound(excluded.begin(), excluded.end(), std::int64_t(n)) - excluded.begin());
        if (budget < 1 || budget > eligible)
          bad("budget", "must be between 1 and the number of scores not excluded");
        const auto values = vector_view(scores);
        std::vector<std::int64_t> idx;
        {
          py::gil_scoped_release release;
          idx = excluded.empty() ? top_b(values, budget, seed)
                                 : partial_top_b(values, nullptr, 0, budget, seed, excluded).indices;
        }
        return vector_to_numpy(idx);
      },
      py::arg("scores"), py::arg("budget"), py::arg("seed") = 0, py::arg("exclude") = py::none());

  m.def(
      "tie_break_keys",
      [](const I64& indices, std::uint64_t seed) {
        if (indices.ndim() != 1) bad("indices", "must be 1-D");
        py::array_t<std::uint64_t> keys(indices.size());
        for (py::ssize_t i = 0; i < indices.size(); ++i) keys.mutable_data()[i] = tie_break_key(seed, indices.data()[i]);
        return keys;
      },
      py::arg("indices"), py::arg("seed"), "The seeded tie-break key of each global row index.");

  py::class_<BoundRounds>(m, "SalutaryRounds", "The salutary loop of maths §4, one native call a round.")
      .def(py::init([](const py::array& X_train, const I64& y_train, const py::array& X_val, const I64& y_val,
                       const py::array& X_pool, int n_classes, double C, bool fit_intercept, double tol, int max_iter,
                       const std::string& precision) {
             const RowsRef<double> train = float64_rows(X_train, "X_train", -1);
             const Index d = X_train.shape(1);
             const RowsRef<double> val = float64_rows(X_val, "X_val", d);
             const PoolRef pool = rows_of(X_pool, "X_pool", d);
             check_labels(y_train, X_train.shape(0), n_classes, "y_train");
             check_labels(y_val, X_val.shape(0), n_classes, "y_val");
             TrainOptions options;
             options.C = C, options.fit_intercept = fit_intercept, options.tol = tol, options.max_iter = max_iter;
             auto bound = std::make_unique<BoundRounds>();
             bound->X_val = X_val, bound->y_val = y_val, bound->X_pool = X_pool;
             bound->rounds = std::make_unique<SalutaryRounds>(train, labels_view(y_train), val, labels_view(y_val),
                                                              pool, n_classes, options, parse_pool_precision(precision));
             return bound;
           }),
           py::arg("X_train"), py::arg("y_train"), py::arg("X_val"), py::arg("y_val"), py::arg("X_pool"),
           py::arg("n_classes"), py::arg("C"), py::arg("fit_intercept"), py::arg("tol"), py::arg("max_iter"),
           py::arg("precision") = "float64")
      .def(
          "next_round",
          [](BoundRounds& self, Index budget, std::uint64_t seed) {
            if (budget < 1) bad("budget", "must be at least 1");
            RoundOutcome r;
            {
              py::gil_scoped_release release;
              std::lock_guard<std::mutex> lock(self.busy);
              r = self.rounds->next_round(budget, seed);
            }
            py::dict out;
            out["indices"] = vector_to_numpy(r.picks.indices);
            out["labels"] = vector_to_numpy(r.picks.labels);
            out["scores"] = vector_to_numpy(r.picks.scores);
            out["n_iter"] = r.fit.n_iter;
            out["factorizations"] = r.fit.factorizations;
            out["converged"] = r.fit.converged;
            out["objective"] = r.fit.objective;
            out["fit_seconds"] = r.fit_seconds;
            out["direction_seconds"] = r.direction_seconds;
            out["selection_seconds"] = r.selection_seconds;
            return out;
          },
          py::arg("budget"), py::arg("seed"))
      .def_property_readonly("model", [](BoundRounds& self) {
        const std::lock_guard<std::mutex> lock(self.busy);
        return self.rounds->model();
      })
      .def_property_readonly("n_labeled", [](BoundRounds& self) {
        const std::lock_guard<std::mutex> lock(self.busy);
        return self.rounds->n_labeled();
      })
      .def_property_readonly("rows_left", [](BoundRounds& self) {
        const std::lock_guard<std::mutex> lock(self.busy);
        return self.rounds->rows_left();
      })
      .def_property_readonly("picked", [](BoundRounds& self) {
        const std::lock_guard<std::mutex> lock(self.busy);
        return vector_to_numpy(self.rounds->picked());
      });

#ifdef SALUTARY_WITH_CUDA
  m.def("cuda_device_count", &salutary::cuda::device_count, "Usable CUDA devices (0 without a driver or device).");
#endif
}
