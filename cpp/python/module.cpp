// salutary_native._core: thin bindings. Validate while holding the GIL, then release it
// for all native work. Arrays arrive C-contiguous from the Python layer and are mapped,
// never copied; outputs are numpy arrays filled in place.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <Eigen/Core>
#include <optional>
#include <string>

#include "salutary/salutary.hpp"
#ifdef SALUTARY_WITH_CUDA
#include "salutary/cuda_scoring.hpp"
#endif

namespace py = pybind11;
using namespace salutary;

namespace {

using LabelsVector = Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>;

[[noreturn]] void bad(const std::string& name, const std::string& what) {
  throw std::invalid_argument(name + " " + what);
}

bool is_dtype(const py::array& a, const char* code) { return a.dtype().is(py::dtype(code)); }

void check_c_contiguous(const py::array& a, const std::string& name) {
  if (!(a.flags() & py::array::c_style)) bad(name, "must be C-contiguous (the Python layer copies other layouts)");
}

// A 2-D float32/float64 C-contiguous array, with `cols` columns when cols >= 0.
void check_rows(const py::array& a, const std::string& name, Index cols) {
  if (a.ndim() != 2) bad(name, "must be 2-D, got " + std::to_string(a.ndim()) + "-D");
  if (!is_dtype(a, "float32") && !is_dtype(a, "float64")) bad(name, "must be float32 or float64");
  check_c_contiguous(a, name);
  if (cols >= 0 && a.shape(1) != cols)
    bad(name, "has " + std::to_string(a.shape(1)) + " features, expected " + std::to_string(cols));
}

// A checked row array described without Python objects, usable with the GIL released.
struct Rows {
  const void* data;
  Index n, d;
  bool single;  // float32 rather than float64
};

Rows rows_of(const py::array& a) { return {a.data(), a.shape(0), a.shape(1), is_dtype(a, "float32")}; }

template <typename T>
RowsRef<T> rows_view(const Rows& r) {
  return Eigen::Map<const RowMatrix<T>, 0, Eigen::OuterStride<>>(static_cast<const T*>(r.data), r.n, r.d,
                                                                 Eigen::OuterStride<>(r.d));
}

// Calls f(RowsRef<float>) or f(RowsRef<double>) by the rows' dtype.
template <typename F>
decltype(auto) with_rows(const Rows& r, F&& f) {
  if (r.single) return f(rows_view<float>(r));
  return f(rows_view<double>(r));
}

Eigen::Map<const Eigen::VectorXd> vector_view(const py::array_t<double, py::array::c_style>& a) {
  return {a.data(), static_cast<Index>(a.size())};
}

Eigen::Map<const LabelsVector> labels_view(const py::array_t<std::int64_t, py::array::c_style>& a) {
  return {a.data(), static_cast<Index>(a.size())};
}

LogisticModel make_model(const py::array_t<double, py::array::c_style>& coef, int n_classes, bool fit_intercept,
                         double C) {
  if (coef.ndim() != 2) bad("coef", "must be 2-D (outputs × D)");
  LogisticModel model;
  model.coef = Eigen::Map<const RowMatrixXd>(coef.data(), coef.shape(0), coef.shape(1));
  model.n_classes = n_classes;
  model.fit_intercept = fit_intercept;
  model.C = C;
  model.validate();
  return model;
}

void check_labels(const py::array_t<std::int64_t, py::array::c_style>& y, Index n, int n_classes,
                  const std::string& name) {
  if (y.ndim() != 1 || y.shape(0) != n) bad(name, "must be 1-D with one label per row");
  const auto v = labels_view(y);
  if (n > 0 && (v.minCoeff() < 0 || v.maxCoeff() >= n_classes)) bad(name, "holds class indices outside 0..K-1");
}

void check_weights(const std::optional<py::array_t<double, py::array::c_style>>& w, Index n) {
  if (!w) return;
  if (w->ndim() != 1 || w->shape(0) != n) bad("sample_weight", "must be 1-D with one weight per row");
  const auto v = vector_view(*w);
  if (!v.allFinite() || (n > 0 && v.minCoeff() < 0)) bad("sample_weight", "must be finite and non-negative");
}

VectorRef weights_or_empty(const std::optional<py::array_t<double, py::array::c_style>>& w) {
  static const Eigen::VectorXd empty;
  if (!w) return VectorRef(empty);
  return VectorRef(vector_view(*w));
}

TrainSolver parse_solver(const std::string& name) {
  if (name == "auto") return TrainSolver::automatic;
  if (name == "newton") return TrainSolver::newton;
  if (name == "lbfgs") return TrainSolver::lbfgs;
  bad("solver", "must be 'auto', 'newton' or 'lbfgs', got '" + name + "'");
}

const char* solver_name(TrainSolver s) { return s == TrainSolver::newton ? "newton" : "lbfgs"; }

using F64 = py::array_t<double, py::array::c_style>;
using I64 = py::array_t<std::int64_t, py::array::c_style>;
using OptF64 = std::optional<F64>;

// Shared checks of a scoring call: the model, the row sets, the labels and hessian_on.
struct ScoringInputs {
  LogisticModel model;
  HessianOn hessian_on;
  Rows train, val, pool;
};

ScoringInputs check_scoring(const F64& coef, int n_classes, bool fit_intercept, double C, const py::array& X_train,
                            const OptF64& w_train, const py::array& X_val, const I64& y_val,
                            const py::array& X_pool, const std::string& hessian_on, double damping) {
  ScoringInputs in{make_model(coef, n_classes, fit_intercept, C), parse_hessian_on(hessian_on), {}, {}, {}};
  const Index d = in.model.n_features();
  check_rows(X_train, "X_train", d);
  check_rows(X_val, "X_val", d);
  // Labeled rows are small: the Python layer hands them over as float64; pools keep their dtype.
  if (!is_dtype(X_train, "float64")) bad("X_train", "must be float64");
  if (!is_dtype(X_val, "float64")) bad("X_val", "must be float64");
  check_rows(X_pool, "X_pool", d);
  check_labels(y_val, X_val.shape(0), n_classes, "y_val");
  check_weights(w_train, X_train.shape(0));
  if (!(damping >= 0)) bad("damping", "must be non-negative");
  in.train = rows_of(X_train), in.val = rows_of(X_val), in.pool = rows_of(X_pool);
  return in;
}

DirectionSolver parse_solver_arg(const std::string& name) {
  try {
    return parse_direction_solver(name);
  } catch (const std::invalid_argument&) {
    bad("solver", "must be 'auto', 'cholesky' or 'cg', got '" + name + "'");
  }
}

const char* direction_solver_name(DirectionSolver s) { return s == DirectionSolver::cg ? "cg" : "cholesky"; }

RowMatrixXd direction_for(const ScoringInputs& in, const VectorRef& w_train, double damping, const LabelsRef& y_val,
                          DirectionSolver solver, DirectionReport* report) {
  return with_rows(in.pool, [&](auto Xp) {
    return solve_val_direction(in.model, rows_view<double>(in.train), w_train, rows_view<double>(in.val), y_val, Xp,
                               in.hessian_on, damping, solver, report);
  });
}

// A query's budget check and its optional n_pool × K table output.
std::optional<py::array_t<double>> query_table(const py::array& X_pool, int n_classes, Index budget, bool keep_table) {
  if (budget < 1 || budget > X_pool.shape(0)) bad("budget", "must be between 1 and the number of pool rows");
  std::optional<py::array_t<double>> table;
  if (keep_table) table.emplace(std::vector<py::ssize_t>{X_pool.shape(0), n_classes});
  return table;
}

// (indices, label indices, scores, table or None), as both query bindings return it.
py::tuple query_tuple(const QueryResult& r, const std::optional<py::array_t<double>>& table) {
  py::object table_obj = table ? py::object(*table) : py::object(py::none());
  return py::make_tuple(py::array_t<std::int64_t>(r.indices.size(), r.indices.data()),
                        py::array_t<std::int64_t>(r.labels.size(), r.labels.data()),
                        py::array_t<double>(r.scores.size(), r.scores.data()), table_obj);
}

py::array_t<double> to_numpy(const RowMatrixXd& A) {
  py::array_t<double> out({A.rows(), A.cols()});
  std::copy(A.data(), A.data() + A.size(), out.mutable_data());
  return out;
}

}  // namespace

#ifndef SALUTARY_MODULE_NAME
#define SALUTARY_MODULE_NAME _core_native
#define SALUTARY_VARIANT "native"
#endif

PYBIND11_MODULE(SALUTARY_MODULE_NAME, m) {
  m.doc() = "salutary-native core: L2 logistic model, Cholesky-factored influence, influence table, top-b.";

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
    info["simd"] = std::string(Eigen::SimdInstructionSetsInUse());
    info["variant"] = std::string(SALUTARY_VARIANT);
    // Eigen's own string says "AVX" for AVX2 too: name the compiler's target features.
    std::string isa = "SSE2";
#ifdef __AVX2__
    isa += " AVX2";
#endif
#ifdef __FMA__
    isa += " FMA";
#endif
#ifdef __AVX512F__
    isa += " AVX512F";
#endif
#ifdef __AVX512DQ__
    isa += " AVX512DQ";
#endif
    info["compiled_for"] = isa;
    info["eigen"] = std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
                    std::to_string(EIGEN_MINOR_VERSION);
    info["newton_max_params"] = newton_max_params();
    return info;
  });

  m.def(
      "all_finite",
      [](const py::array& X, const std::string& name) {
        if (X.ndim() < 1) bad(name, "must be an array");
        if (!is_dtype(X, "float32") && !is_dtype(X, "float64")) bad(name, "must be float32 or float64");
        check_c_contiguous(X, name);
        const Index n = X.size();
        const bool single = is_dtype(X, "float32");
        const void* data = X.data();
        py::gil_scoped_release release;
        bool ok = true;
        const auto scan = [&](const auto* p) {
#pragma omp parallel for reduction(&& : ok) num_threads(threads_for(double(n))) schedule(static)
          for (Index i = 0; i < n; ++i) ok = ok && std::isfinite(p[i]);
        };
        if (single) scan(static_cast<const float*>(data));
        else scan(static_cast<const double*>(data));
        return ok;
      },
      py::arg("X"), py::arg("name") = "X", "Whether every element is finite (one parallel pass).");

  m.def(
      "fit_logistic",
      [](const py::array& X, const I64& y, const OptF64& sample_weight, int n_classes, double C, bool fit_intercept,
         double tol, int max_iter, const std::string& solver, const OptF64& warm_start) {
        check_rows(X, "X", -1);
        check_labels(y, X.shape(0), n_classes, "y");
        check_weights(sample_weight, X.shape(0));
        TrainOptions options;
        options.C = C, options.fit_intercept = fit_intercept, options.tol = tol, options.max_iter = max_iter;
        options.solver = parse_solver(solver);
        std::optional<RowMatrixXd> start;
        if (warm_start) start = Eigen::Map<const RowMatrixXd>(warm_start->data(), warm_start->shape(0),
                                                              warm_start->ndim() == 2 ? warm_start->shape(1) : 1);
        const Rows rows = rows_of(X);
        const auto labels = labels_view(y);
        const VectorRef w = weights_or_empty(sample_weight);
        TrainResult result;
        {
          py::gil_scoped_release release;
          result = with_rows(rows, [&](auto Xr) {
            return fit_logistic(Xr, labels, w, n_classes, options, start ? &*start : nullptr);
          });
        }
        py::dict out;
        out["coef"] = to_numpy(result.model.coef);
        out["n_iter"] = result.n_iter;
        out["converged"] = result.converged;
        out["objective"] = result.objective;
        out["solver"] = solver_name(result.solver);
        return out;
      },
      py::arg("X"), py::arg("y"), py::arg("sample_weight"), py::arg("n_classes"), py::arg("C"),
      py::arg("fit_intercept"), py::arg("tol"), py::arg("max_iter"), py::arg("solver") = "auto",
      py::arg("warm_start") = py::none());

  m.def(
      "predict_proba",
      [](const F64& coef, int n_classes, bool fit_intercept, const py::array& X) {
        const LogisticModel model = make_model(coef, n_classes, fit_intercept, 1.0);
        check_rows(X, "X", model.n_features());
        const Rows rows = rows_of(X);
        RowMatrixXd P;
        {
          py::gil_scoped_release release;
          P = with_rows(rows, [&](auto Xr) { return predict_proba(model, Xr); });
        }
        return to_numpy(P);
      },
      py::arg("coef"), py::arg("n_classes"), py::arg("fit_intercept"), py::arg("X"));

  m.def(
      "objective",
      [](const F64& coef, int n_classes, bool fit_intercept, double C, const py::array& X, const I64& y,
         const OptF64& sample_weight) {
        const LogisticModel model = make_model(coef, n_classes, fit_intercept, C);
        check_rows(X, "X", model.n_features());
        check_labels(y, X.shape(0), n_classes, "y");
        check_weights(sample_weight, X.shape(0));
        const Rows rows = rows_of(X);
        const auto labels = labels_view(y);
        const VectorRef w = weights_or_empty(sample_weight);
        py::gil_scoped_release release;
        return with_rows(rows, [&](auto Xr) { return objective(model, Xr, labels, w, nullptr); });
      },
      py::arg("coef"), py::arg("n_classes"), py::arg("fit_intercept"), py::arg("C"), py::arg("X"), py::arg("y"),
      py::arg("sample_weight") = py::none(), "maths §2 objective Σ w·CE + ||W||²/(2C).");

  m.def(
      "hessian",
      [](const F64& coef, int n_classes, bool fit_intercept, double C, const py::array& X_train,
         const OptF64& sample_weight, const py::array& X_pool, const std::string& hessian_on, double damping) {
        const LogisticModel model = make_model(coef, n_classes, fit_intercept, C);
        const HessianOn on = parse_hessian_on(hessian_on);
        check_rows(X_train, "X_train", model.n_features());
        check_rows(X_pool, "X_pool", model.n_features());
        check_weights(sample_weight, X_train.shape(0));
        if (!(damping >= 0)) bad("damping", "must be non-negative");
        const Index p = model.n_params();
        const Rows train = rows_of(X_train), pool = rows_of(X_pool);
        const VectorRef w = weights_or_empty(sample_weight);
        py::array_t<double> out({p, p});
        double* out_data = out.mutable_data();
        {
          py::gil_scoped_release release;
          // H is exactly symmetric, so its column-major storage is also the row-major one: a
          // plain copy instead of a strided transpose of p² elements.
          Eigen::Map<Eigen::MatrixXd>(out_data, p, p) = with_rows(train, [&](auto Xt) {
            return with_rows(pool, [&](auto Xp) { return assemble_hessian(model, Xt, w, Xp, on, damping); });
          });
        }
        return out;
      },
      py::arg("coef"), py::arg("n_classes"), py::arg("fit_intercept"), py::arg("C"), py::arg("X_train"),
      py::arg("sample_weight"), py::arg("X_pool"), py::arg("hessian_on"), py::arg("damping"),
      "maths §3 Hessian without the null-direction completion.");

  m.def(
      "val_direction",
      [](const F64& coef, int n_classes, bool fit_intercept, double C, const py::array& X_train,
         const OptF64& sample_weight, const py::array& X_val, const I64& y_val, const py::array& X_pool,
         const std::string& hessian_on, double damping, const std::string& solver) {
        const ScoringInputs in = check_scoring(coef, n_classes, fit_intercept, C, X_train, sample_weight, X_val,
                                               y_val, X_pool, hessian_on, damping);
        const DirectionSolver how = parse_solver_arg(solver);
        const VectorRef w = weights_or_empty(sample_weight);
        const auto labels = labels_view(y_val);
        RowMatrixXd s;
        DirectionReport report;
        {
          py::gil_scoped_release release;
          s = direction_for(in, w, damping, labels, how, &report);
        }
        return py::make_tuple(to_numpy(s), direction_solver_name(report.used), report.cg_iterations);
      },
      py::arg("coef"), py::arg("n_classes"), py::arg("fit_intercept"), py::arg("C"), py::arg("X_train"),
      py::arg("sample_weight"), py::arg("X_val"), py::arg("y_val"), py::arg("X_pool"), py::arg("hessian_on"),
      py::arg("damping"), py::arg("solver") = "auto",
      "(s, solver used, CG products): s = H⁺ g_val shaped like the coefficients with intercepts last.");

  m.def(
      "influence_table",
      [](const F64& coef, int n_classes, bool fit_intercept, double C, const py::array& X_train,
         const OptF64& sample_weight, const py::array& X_val, const I64& y_val, const py::array& X_pool,
         const std::string& hessian_on, double damping, const std::string& solver) {
        const ScoringInputs in = check_scoring(coef, n_classes, fit_intercept, C, X_train, sample_weight, X_val,
                                               y_val, X_pool, hessian_on, damping);
        const DirectionSolver how = parse_solver_arg(solver);
        py::array_t<double> table({static_cast<Index>(X_pool.shape(0)), static_cast<Index>(n_classes)});
        double* out = table.mutable_data();
        const VectorRef w = weights_or_empty(sample_weight);
        const auto labels = labels_view(y_val);
        {
          py::gil_scoped_release release;
          const RowMatrixXd s = direction_for(in, w, damping, labels, how, nullptr);
          with_rows(in.pool, [&](auto Xp) { influence_table(in.model, s, Xp, InfluenceOutputs{out, nullptr, nullptr}); });
        }
        return table;
      },
      py::arg("coef"), py::arg("n_classes"), py::arg("fit_intercept"), py::arg("C"), py::arg("X_train"),
      py::arg("sample_weight"), py::arg("X_val"), py::arg("y_val"), py::arg("X_pool"), py::arg("hessian_on"),
      py::arg("damping"), py::arg("solver") = "auto");

  m.def(
      "salutary_query",
      [](const F64& coef, int n_classes, bool fit_intercept, double C, const py::array& X_train,
         const OptF64& sample_weight, const py::array& X_val, const I64& y_val, const py::array& X_pool,
         Index budget, std::uint64_t seed, const std::string& hessian_on, double damping, bool keep_table,
         const std::string& solver) {
        const ScoringInputs in = check_scoring(coef, n_classes, fit_intercept, C, X_train, sample_weight, X_val,
                                               y_val, X_pool, hessian_on, damping);
        std::optional<py::array_t<double>> table = query_table(X_pool, n_classes, budget, keep_table);
        double* table_out = table ? table->mutable_data() : nullptr;
        QueryOptions options;
        options.hessian_on = in.hessian_on, options.damping = damping, options.seed = seed;
        options.solver = parse_solver_arg(solver);
        const VectorRef w = weights_or_empty(sample_weight);
        const auto labels = labels_view(y_val);
        QueryResult result;
        {
          py::gil_scoped_release release;
          result = with_rows(in.pool, [&](auto Xp) {
            return salutary::salutary_query(in.model, rows_view<double>(in.train), w, rows_view<double>(in.val),
                                            labels, Xp, budget, options, table_out);
          });
        }
        return query_tuple(result, table);
      },
      py::arg("coef"), py::arg("n_classes"), py::arg("fit_intercept"), py::arg("C"), py::arg("X_train"),
      py::arg("sample_weight"), py::arg("X_val"), py::arg("y_val"), py::arg("X_pool"), py::arg("budget"),
      py::arg("seed"), py::arg("hessian_on"), py::arg("damping"), py::arg("keep_table"), py::arg("solver") = "auto");

  m.def(
      "top_b",
      [](const F64& scores, Index budget, std::uint64_t seed) {
        if (scores.ndim() != 1) bad("scores", "must be 1-D");
        if (budget < 1 || budget > scores.shape(0)) bad("budget", "must be between 1 and the number of scores");
        const auto values = vector_view(scores);
        std::vector<std::int64_t> idx;
        {
          py::gil_scoped_release release;
          idx = top_b(values, budget, seed);
        }
        return py::array_t<std::int64_t>(idx.size(), idx.data());
      },
      py::arg("scores"), py::arg("budget"), py::arg("seed") = 0);

#ifdef SALUTARY_WITH_CUDA
  m.def("cuda_device_count", &salutary::cuda::device_count, "Usable CUDA devices (0 without a driver or device).");
  m.def(
      "salutary_query_cuda",
      [](const F64& coef, int n_classes, bool fit_intercept, double C, const py::array& X_train,
         const OptF64& sample_weight, const py::array& X_val, const I64& y_val, const py::array& X_pool,
         Index budget, std::uint64_t seed, const std::string& hessian_on, double damping, bool keep_table,
         const std::string& solver) {
        const ScoringInputs in = check_scoring(coef, n_classes, fit_intercept, C, X_train, sample_weight, X_val,
                                               y_val, X_pool, hessian_on, damping);
        const DirectionSolver how = parse_solver_arg(solver);
        std::optional<py::array_t<double>> table = query_table(X_pool, n_classes, budget, keep_table);
        double* table_out = table ? table->mutable_data() : nullptr;
        const VectorRef w = weights_or_empty(sample_weight);
        const auto labels = labels_view(y_val);
        const Index n = X_pool.shape(0);
        Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> row_labels(n);
        Eigen::VectorXd scores(n);
        QueryResult result;
        {
          py::gil_scoped_release release;
          // The device assembles and factors the training rows' Hessian; other curvature sets
          // (hessian_on with the pool) take the CPU direction, then the table runs on the device.
          const RowMatrixXd s = in.hessian_on == HessianOn::train
                                    ? salutary::cuda::val_direction(in.model, rows_view<double>(in.train), w,
                                                                    rows_view<double>(in.val), labels, damping)
                                    : direction_for(in, w, damping, labels, how, nullptr);
          with_rows(in.pool, [&](auto Xp) {
            salutary::cuda::influence_table(in.model, s, Xp, InfluenceOutputs{table_out, row_labels.data(), scores.data()});
          });
          result.indices = salutary::cuda::top_b(scores, budget, seed);
        }
        for (const std::int64_t i : result.indices) result.labels.push_back(row_labels[i]), result.scores.push_back(scores[i]);
        return query_tuple(result, table);
      },
      py::arg("coef"), py::arg("n_classes"), py::arg("fit_intercept"), py::arg("C"), py::arg("X_train"),
      py::arg("sample_weight"), py::arg("X_val"), py::arg("y_val"), py::arg("X_pool"), py::arg("budget"),
      py::arg("seed"), py::arg("hessian_on"), py::arg("damping"), py::arg("keep_table"), py::arg("solver") = "auto",
      "salutary_query on the CUDA device: (indices, label indices, scores, table or None).");
#endif
}
