#include "salutary/trainer.hpp"

#include <cmath>
#include <deque>
#include <limits>
#include <optional>
#include <stdexcept>

#include "salutary/cg_direction.hpp"
#include "salutary/errors.hpp"
#include "salutary/hessian.hpp"
#include "salutary/parallel.hpp"
#include "row_blocks.hpp"
#include "shared_gram_preconditioner.hpp"

namespace salutary {

Index newton_max_params() { return 128; }

Index newton_fallback_max_params() { return 4096; }

Index newton_cg_min_params() { return 1000; }

Index lbfgs_iteration_budget(Index n, Index p) {
  // A Newton solve costs ~8 iterations of n·p² (Hessian) + p³/3 (factor) flops; an L-BFGS
  // iteration ~12·n·p (logits, gradient, a line-search evaluation). Measured with
  // bench/trainer_threshold.py; the budget is the L-BFGS work that equals one Newton solve.
  const double newton = 8.0 * (double(n) * p * p + double(p) * p * p / 3.0);
  return std::max<Index>(50, static_cast<Index>(newton / (12.0 * double(n) * p)));
}

namespace {

// Maps the m × D coefficient matrix as the flat class-major parameter vector.
Eigen::Map<Eigen::VectorXd> flat(RowMatrixXd& A) { return {A.data(), A.size()}; }
Eigen::Map<const Eigen::VectorXd> flat(const RowMatrixXd& A) { return {A.data(), A.size()}; }

template <typename T>
struct Problem {
  const RowsRef<T>& X;
  const LabelsRef& y;
  const VectorRef& w;
  double weight_sum;

  double eval(const LogisticModel& model, RowMatrixXd& grad, RowMatrixXd* probabilities = nullptr) const {
    return objective(model, X, y, w, &grad, probabilities);
  }
  bool converged(const RowMatrixXd& grad, double tol) const { return grad.cwiseAbs().maxCoeff() / weight_sum <= tol; }
};

// The trial point of a line search and its gradient, kept across iterations so that a step
// allocates nothing: an accepted trial swaps storage with the model.
struct LineSearchScratch {
  LogisticModel trial;
  RowMatrixXd g_trial, P_trial;
};

// Backtracking Armijo search along `step` from model (value f, gradient g). On success
// updates model, f and g (and the rows' probabilities P, when asked for) and returns true.
template <typename T>
bool armijo(const Problem<T>& problem, LogisticModel& model, const RowMatrixXd& step, double& f, RowMatrixXd& g,
            LineSearchScratch& scratch, RowMatrixXd* P = nullptr) {
  const double slope = flat(g).dot(flat(step));
  if (!(slope < 0)) return false;
  LogisticModel& trial = scratch.trial;
  RowMatrixXd& g_trial = scratch.g_trial;
  trial.n_classes = model.n_classes, trial.fit_intercept = model.fit_intercept, trial.C = model.C;
  // Near the optimum the predicted decrease drops below the rounding of f, where Armijo
  // cannot see progress: take the full step then, as long as f does not visibly rise.
  const double rounding = 8 * std::numeric_limits<double>::epsilon() * (1.0 + std::abs(f));
  const bool below_rounding = -slope <= rounding;
  for (double t = 1.0; t > 1e-12; t *= 0.5) {
    trial.coef = model.coef + t * step;
    const double f_trial = problem.eval(trial, g_trial, P ? &scratch.P_trial : nullptr);
    const bool accepted = below_rounding ? f_trial <= f + rounding : f_trial <= f + 1e-4 * t * slope;
    if (std::isfinite(f_trial) && accepted) {
      model.coef.swap(trial.coef);
      f = f_trial;
      g.swap(g_trial);
      if (P) P->swap(scratch.P_trial);
      return true;
    }
  }
  return false;
}

// The same search with buffers of its own.
template <typename T>
bool armijo(const Problem<T>& problem, LogisticModel& model, const RowMatrixXd& step, double& f, RowMatrixXd& g) {
  LineSearchScratch scratch;
  return armijo(problem, model, step, f, g, scratch);
}

// Runs solve(damping) at damping 0, then at the least damping that succeeds: a separable,
// unpenalised fit can leave H singular. NaN-safe: a non-finite damping ends the search
// instead of looping forever.
template <typename Solve>
void with_least_damping(double scale, Solve&& solve) {
  for (double damping = 0.0;; damping = damping == 0.0 ? 1e-10 * (1.0 + scale) : 10 * damping) {
    try {
      solve(damping);
      return;
    } catch (const FactorizationError&) {
      if (!(damping <= 1e6 * (1.0 + scale)) || !std::isfinite(damping)) throw;
    }
  }
}

// Newton's outer loop, shared by the Cholesky and the CG step: newton_step(g, P, step) writes
// the step at the model, given its gradient g and the rows' probabilities P there (kept from
// the objective's pass when keep_probabilities, else empty); the loop stops at tol, when the
// line search fails, or when f stalls.
// more_exact() switches newton_step to a more exact step when one is left (returns false
// otherwise): a search or a run of stalls that fails after an inexact step retries with it.
template <typename T, typename Step, typename MoreExact>
void newton_iterations(const Problem<T>& problem, const TrainOptions& options, TrainResult& result,
                       bool keep_probabilities, Step&& newton_step, MoreExact&& more_exact) {
  LogisticModel& model = result.model;
  RowMatrixXd g, P;
  RowMatrixXd* kept = keep_probabilities ? &P : nullptr;
  double f = problem.eval(model, g, kept);
  RowMatrixXd step(model.coef.rows(), model.coef.cols());
  LineSearchScratch line_search;
  int stalled = 0;
  for (int it = 0; it < options.max_iter; ++it, ++result.n_iter) {
    if (problem.converged(g, options.tol)) {
      result.converged = true;
      break;
    }
    poll_interrupt();
    newton_step(g, P, step);
    const double f_old = f;
    bool moved = armijo(problem, model, step, f, g, line_search, kept);
    while (!moved && more_exact()) {
      newton_step(g, P, step);
      moved = armijo(problem, model, step, f, g, line_search, kept);
    }
    if (!moved) break;
    // Floating point allows no further progress once f stops falling.
    if ((stalled = f < f_old ? 0 : stalled + 1) >= 3) {
      if (!more_exact()) break;
      stalled = 0;
    }
  }
  if (!result.converged) result.converged = problem.converged(g, options.tol);
  result.objective = f;
}

// The L-BFGS two-loop recursion: q = ∇L through the inverse Hessian that the pairs (S, Y), with
// rho = 1/(sᵀy), build on `initial`, which applies an initial inverse to q in place.
template <typename Pairs, typename Rhos, typename Initial>
Eigen::VectorXd two_loop(const Pairs& S, const Pairs& Y, const Rhos& rho, Eigen::VectorXd q, Initial&& initial) {
  std::vector<double> alpha(S.size());
  for (std::size_t i = S.size(); i-- > 0;) {
    alpha[i] = rho[i] * S[i].dot(q);
    q -= alpha[i] * Y[i];
  }
  initial(q);
  for (std::size_t i = 0; i < S.size(); ++i) q += S[i] * (alpha[i] - rho[i] * Y[i].dot(q));
  return q;
}

// How a Newton–Cholesky run gets its factors. By default each step factors the Hessian at its
// own point. A refit (refit_logistic) is handed the unpenalised curvature at its start for the
// first step, and with `chord` each later step reuses the last factor while the step before
// at least halved max|∇L|: such a step costs one objective pass instead of a Hessian and a
// factor. The reused factor is corrected by the BFGS pairs (step, change of gradient) of the
// steps since it was made (the two-loop recursion with the factor as the initial inverse), so
// the steps converge superlinearly instead of at the factor's fixed rate. A slower step, or a
// failed search after a reused factor, factors afresh and drops the pairs.
struct NewtonFactoring {
  const Eigen::MatrixXd* start_curvature = nullptr;  ///< lower triangle, without the penalty
  bool chord = false;
};

template <typename T>
void newton(const Problem<T>& problem, const TrainOptions& options, TrainResult& result,
            const NewtonFactoring& how = {}) {
  const LogisticModel& model = result.model;
  Eigen::MatrixXd H(model.n_params(), model.n_params());  // allocated once
  std::optional<HessianFactor> factor;
  const Eigen::MatrixXd* given = how.start_curvature;
  double last_g_max = std::numeric_limits<double>::infinity();
  bool reused = false, refresh = false;
  // The BFGS pairs of the factor in use, and the point and gradient of the last step.
  constexpr std::size_t max_pairs = 10;
  std::vector<Eigen::VectorXd> S, Y;
  std::vector<double> rho;
  Eigen::VectorXd last_coef, last_g;
  newton_iterations(problem, options, result, false, [&](const RowMatrixXd& g, const RowMatrixXd&, RowMatrixXd& step) {
    const double g_max = flat(g).cwiseAbs().maxCoeff();
    if (how.chord && last_coef.size()) {
      Eigen::VectorXd s = flat(model.coef) - last_coef, y = flat(g) - last_g;
      const double sy = s.dot(y);
      if (sy > 1e-12 * y.squaredNorm() && S.size() < max_pairs)
        S.push_back(std::move(s)), Y.push_back(std::move(y)), rho.push_back(1.0 / sy);
    }
    // ½, measured on paper rounds (wine quality, p = 84): ¼ and 1/10 factored more often for
    // a slower fit (10 rounds' fits 1.96–2.09 ms against 1.81–1.88 ms), ¾ and 0.9 were as fast.
    reused = how.chord && factor && !refresh && g_max <= 0.5 * last_g_max;
    last_g_max = g_max;
    if (!reused) {
      if (given) {
        H = *given;
        given = nullptr;
      } else {
        H.setZero();
        accumulate_hessian(model, problem.X, problem.w, H);
      }
      finish_hessian(model, 0.0, H);
      if (!values_finite(H.data(), H.size()))
        throw FactorizationError("the Hessian overflows float64 during the fit: rescale the features (standardise X)");
      with_least_damping(H.diagonal().mean(), [&](double damping) {
        Eigen::MatrixXd Hd = H;
        Hd.diagonal().array() += damping;
        factor.emplace(model, std::move(Hd));
      });
      ++result.factorizations;
      refresh = false;
      S.clear(), Y.clear(), rho.clear();
    }
    flat(step) = -two_loop(S, Y, rho, flat(g), [&](Eigen::VectorXd& q) { q = factor->solve(q); });
    if (how.chord) last_coef = flat(model.coef), last_g = flat(g);
  }, [&] {
    if (!reused) return false;
    refresh = true;
    return true;
  });
}

template <typename T>
void lbfgs(const Problem<T>& problem, const TrainOptions& options, Index max_iter, TrainResult& result) {
  constexpr std::size_t history = 10;
  LogisticModel& model = result.model;
  RowMatrixXd g, g_old, step(model.coef.rows(), model.coef.cols());
  double f = problem.eval(model, g);
  // The Hessian's diagonal at the start preconditions every step: raw feature scales
  // (pixels, currencies) otherwise cost L-BFGS thousands of iterations.
  RowMatrixXd diag = hessian_diagonal(model, problem.X, problem.w);
  const Eigen::VectorXd inv_diag = flat(diag).array().max(1e-12 * flat(diag).maxCoeff()).inverse();
  std::deque<Eigen::VectorXd> S, Y;
  std::deque<double> rho;
  int stalled = 0;
  for (Index it = 0; it < max_iter; ++it, ++result.n_iter) {
    if (problem.converged(g, options.tol)) {
      result.converged = true;
      break;
    }
    poll_interrupt();
    // The scaled diagonal is the initial inverse Hessian.
    flat(step) = -two_loop(S, Y, rho, flat(g), [&](Eigen::VectorXd& q) {
      q.array() *= inv_diag.array();
      if (!S.empty()) q *= S.back().dot(Y.back()) / Y.back().dot(inv_diag.cwiseProduct(Y.back()));
    });
    const RowMatrixXd coef_old = model.coef;
    const double f_old = f;
    g_old = g;
    if (!armijo(problem, model, step, f, g)) {
      if (S.empty()) break;
      S.clear(), Y.clear(), rho.clear();  // restart from the preconditioned gradient once
      continue;
    }
    if ((stalled = f < f_old ? 0 : stalled + 1) >= 3) break;
    Eigen::VectorXd s = flat(model.coef) - flat(coef_old), yv = flat(g) - flat(g_old);
    const double sy = s.dot(yv);
    if (sy > 1e-12 * yv.squaredNorm()) {
      S.push_back(std::move(s)), Y.push_back(std::move(yv)), rho.push_back(1.0 / sy);
      if (S.size() > history) S.pop_front(), Y.pop_front(), rho.pop_front();
    }
  }
  if (!result.converged) result.converged = problem.converged(g, options.tol);
  result.objective = f;
}

// float32 Hessian-vector products (maths §5) err by about √D·u₃₂·‖H‖ along any direction, and a
// Newton step can afford that relative to H's least eigenvalue, at least the penalty for the
// coefficients, while ‖H‖ ≤ ½·Σ_i w_i‖x̃_i‖² (the curvature diag(p) − ppᵀ has norm ≤ ½) keeps
// u₃₂·‖H‖/penalty ≤ 1/64. Newton then still converges, a little more slowly at worst, to the
// float64 optimum: the gradient and the stopping test are float64.
template <typename T>
bool single_products_suit(const LogisticModel& model, const RowsRef<T>& X, const VectorRef& w) {
  const double penalty = model.penalty();
  if (!(penalty > 0) || X.rows() == 0) return false;
  double norms = 0.0;
  for (Index i = 0; i < X.rows(); ++i)
    norms += (w.size() ? w[i] : 1.0) * (X.row(i).template cast<double>().squaredNorm() + (model.fit_intercept ? 1.0 : 0.0));
  constexpr double u32 = 0.5 * std::numeric_limits<float>::epsilon();
  return u32 * 0.5 * norms <= penalty / 64.0;
}

// Truncated Newton for wide models: each step solves H s = −g by preconditioned CG on
// Hessian-vector products (the p × p Hessian is never formed) only as far as the forcing term
// asks, loose far from the optimum and tighter as the gradient falls (η = min(½, √(max|∇L|/Σw))), so
// Newton's few outer steps cost tens of products each instead of a p³ factorisation.
template <typename T>
void newton_cg(const Problem<T>& problem, const TrainOptions& options, TrainResult& result) {
  const LogisticModel& model = result.model;
  const Eigen::MatrixXd no_pool;
  const Index n = problem.X.rows(), D = model.dim();
  const Index max_products = std::max<Index>(50, model.n_params());
  // The shared-Gram factor pays for itself when it costs at most ~50 products (it cut the
  // products 2–3× on pixels and embeddings, bench/trainer_at_scale.py); else Jacobi.
  const double product_work = 2.0 * double(n) * D * model.n_outputs();
  // The rows of float32 products while they suit (a float32 copy of float64 rows, kept for the
  // fit); dropped for good when a step with them fails.
  std::optional<RowMatrix<float>> single_copy;
  std::optional<RowsRef<float>> single_rows;
  if (options.single_precision_curvature && single_products_suit(model, problem.X, problem.w))
    single_rows.emplace(single_precision_rows(problem.X, single_copy));
  std::optional<SharedGramPreconditioner> gram;
  if (SharedGramPreconditioner::setup_work(n, D) <= 50 * product_work) {
    // Summed and applied in float32 along with float32 products.
    if (single_rows) gram.emplace(model, *single_rows, problem.w, true);
    else gram.emplace(model, problem.X, problem.w);
  }
  // The objective's pass leaves the rows' probabilities for the next step's products.
  newton_iterations(problem, options, result, true, [&](const RowMatrixXd& g, const RowMatrixXd& P, RowMatrixXd& step) {
    // Scaled like tol (max|∇L|/Σw), so that a warm start near the optimum solves tightly at once.
    const double forcing = std::min(0.5, std::sqrt(flat(g).cwiseAbs().maxCoeff() / problem.weight_sum));
    const Eigen::VectorXd minus_g = -flat(g);
    // The penalised Hessian is positive definite; a saturated unpenalised intercept can make
    // it singular, where CG meets non-positive curvature.
    with_least_damping(model.penalty(), [&](double damping) {
      HessianOperator<T> H(model, problem.X, problem.w, no_pool, HessianOn::train, damping, &P);
      if (single_rows) H.use_single_products(*single_rows);
      // The blocks' scale moves as the fit sharpens: follow the rows' mean curvature.
      if (gram) gram->refactor(H.mean_curvature());
      CgReport report;
      flat(step) = gram && gram->usable()
                       ? cg_solve(H, minus_g, forcing, max_products, &report,
                                  [&](const Eigen::VectorXd& r) { return gram->apply(r); }, CgStop::residual)
                       : cg_solve(H, minus_g, forcing, max_products, &report, CgPreconditioner::jacobi,
                                  CgStop::residual);
      result.hessian_products += report.iterations;
      if (single_rows) result.single_precision_products += report.iterations;
    });
  }, [&] {
    if (!single_rows) return false;
    single_rows.reset();
    return true;
  });
}

template <typename T>
double weight_sum_of(const RowsRef<T>& X, const VectorRef& weights) {
  return weights.size() ? weights.sum() : double(X.rows());
}

// The checks every fit makes, and the model it starts from: warm_start (m × D) or zeros.
template <typename T>
TrainResult starting_point(const RowsRef<T>& X, const LabelsRef& y, const VectorRef& weights, int n_classes,
                           const TrainOptions& options, const RowMatrixXd* warm_start) {
  const Index n = X.rows();
  if (n == 0) throw std::invalid_argument("X has no rows");
  if (y.size() != n) throw std::invalid_argument("y must have one label per row of X");
  if (weights.size() != 0 && weights.size() != n) throw std::invalid_argument("sample_weight must have one weight per row of X");
  if (n_classes < 2) throw std::invalid_argument("n_classes must be at least 2");
  if (y.minCoeff() < 0 || y.maxCoeff() >= n_classes) throw std::invalid_argument("y holds class indices outside 0..n_classes-1");
  if (!(options.C > 0)) throw std::invalid_argument("C must be positive");
  if (!(options.tol >= 0)) throw std::invalid_argument("tol must be non-negative");
  if (options.max_iter < 0) throw std::invalid_argument("max_iter must be non-negative");
  // Non-finite rows or weights would make every step NaN (found by the binding fuzzer: the
  // Newton damping search then never ended), so they are refused up front.
  if (!rows_finite(X)) throw std::invalid_argument("X contains NaN or Inf");
  if (weights.size() != 0 && !(weights.allFinite() && (weights.array() >= 0).all()))
    throw std::invalid_argument("sample_weight must be finite and non-negative");
  if (!(weight_sum_of(X, weights) > 0)) throw std::invalid_argument("sample_weight must not sum to zero");

  TrainResult result;
  LogisticModel& model = result.model;
  model.n_classes = n_classes;
  model.fit_intercept = options.fit_intercept;
  model.C = options.C;
  const Index m = model.n_outputs(), D = X.cols() + (options.fit_intercept ? 1 : 0);
  if (warm_start) {
    if (warm_start->rows() != m || warm_start->cols() != D) throw std::invalid_argument("warm_start has the wrong shape");
    model.coef = *warm_start;
  } else {
    model.coef = RowMatrixXd::Zero(m, D);
  }
  return result;
}

}  // namespace

template <typename T>
TrainResult fit_logistic(const RowsRef<T>& X, const LabelsRef& y, const VectorRef& weights,
                         int n_classes, const TrainOptions& options, const RowMatrixXd* warm_start) {
  TrainResult result = starting_point(X, y, weights, n_classes, options, warm_start);
  const LogisticModel& model = result.model;
  const Index n = X.rows();
  const Problem<T> problem{X, y, weights, weight_sum_of(X, weights)};
  const Index p = model.n_params();
  if (options.solver == TrainSolver::newton || (options.solver == TrainSolver::automatic && p <= newton_max_params())) {
    result.solver = TrainSolver::newton;
    newton(problem, options, result);
    return result;
  }
  // Softmax models past the Cholesky range, and every model from newton_cg_min_params(): there
  // Newton-CG beat L-BFGS 2–4× (K = 10, p = 170..7850); for the sigmoid below it, L-BFGS is as fast.
  const bool wide = p >= newton_cg_min_params() || (model.n_outputs() > 1 && p > newton_max_params());
  if (options.solver == TrainSolver::newton_cg || (options.solver == TrainSolver::automatic && wide)) {
    result.solver = TrainSolver::newton_cg;
    newton_cg(problem, options, result);
    return result;
  }
  result.solver = TrainSolver::lbfgs;
  if (options.solver == TrainSolver::lbfgs) {
    lbfgs(problem, options, options.max_iter, result);
    return result;
  }
  // automatic, wide model: L-BFGS for as long as it is cheaper than Newton, then Newton
  // finishes from there while the dense Hessian is affordable (ill-conditioned problems).
  lbfgs(problem, options, std::min<Index>(options.max_iter, lbfgs_iteration_budget(n, p)), result);
  if (!result.converged && p <= newton_fallback_max_params()) {
    result.solver = TrainSolver::newton;
    newton(problem, options, result);
  }
  return result;
}

template <typename T>
TrainResult refit_logistic(const RowsRef<T>& X, const LabelsRef& y, const VectorRef& weights, int n_classes,
                           const TrainOptions& options, const RowMatrixXd& start, const Eigen::MatrixXd& start_curvature) {
  TrainResult result = starting_point(X, y, weights, n_classes, options, &start);
  const Index p = result.model.n_params();
  if (p > newton_max_params())
    throw std::invalid_argument("refit_logistic is Newton-Cholesky: at most newton_max_params() parameters");
  const bool given = start_curvature.size() > 0;
  if (given && (start_curvature.rows() != p || start_curvature.cols() != p))
    throw std::invalid_argument("start_curvature must be n_params × n_params (or empty)");
  const Problem<T> problem{X, y, weights, weight_sum_of(X, weights)};
  result.solver = TrainSolver::newton;
  newton(problem, options, result, NewtonFactoring{given ? &start_curvature : nullptr, true});
  return result;
}

template TrainResult fit_logistic<float>(const RowsRef<float>&, const LabelsRef&, const VectorRef&, int, const TrainOptions&, const RowMatrixXd*);
template TrainResult fit_logistic<double>(const RowsRef<double>&, const LabelsRef&, const VectorRef&, int, const TrainOptions&, const RowMatrixXd*);
template TrainResult refit_logistic<double>(const RowsRef<double>&, const LabelsRef&, const VectorRef&, int, const TrainOptions&, const RowMatrixXd&, const Eigen::MatrixXd&);

}  // namespace salutary
