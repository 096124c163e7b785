#include "salutary/direction.hpp"

#include <sstream>

#include "salutary/errors.hpp"
#include "hessian_rows.hpp"

namespace salutary {

template <typename TT>
Eigen::MatrixXd assemble_hessian(const LogisticModel& model, const RowsRef<TT>& X_train,
                                 const VectorRef& train_weights, const Eigen::MatrixXd& pool_curvature,
                                 HessianOn hessian_on, double damping) {
  if (!(damping >= 0)) throw std::invalid_argument("damping must be non-negative");
  const Index p = model.n_params();
  if (uses_pool(hessian_on) && (pool_curvature.rows() != p || pool_curvature.cols() != p))
    throw std::invalid_argument("pool_curvature must be n_params × n_params");
  Eigen::MatrixXd H = zero_square(p);
  if (uses_train(hessian_on)) accumulate_hessian(model, X_train, train_weights, H);
  if (uses_pool(hessian_on)) H.triangularView<Eigen::Lower>() += pool_curvature;
  finish_hessian(model, damping, H);
  return H;
}

template <typename TT>
HessianFactor factor_hessian(const LogisticModel& model, const RowsRef<TT>& X_train,
                             const VectorRef& train_weights, const Eigen::MatrixXd& pool_curvature,
                             HessianOn hessian_on, double damping) {
  return HessianFactor(model, assemble_hessian(model, X_train, train_weights, pool_curvature, hessian_on, damping));
}

DirectionSolver parse_direction_solver(const std::string& name) {
  if (name == "cholesky") return DirectionSolver::cholesky;
  if (name == "cg") return DirectionSolver::cg;
  if (name == "auto") return DirectionSolver::automatic;
  throw std::invalid_argument("solver must be 'auto', 'cholesky' or 'cg', got '" + name + "'");
}

const char* direction_solver_name(DirectionSolver solver) {
  return solver == DirectionSolver::cholesky ? "cholesky" : solver == DirectionSolver::cg ? "cg" : "auto";
}

namespace {

// Measured multiply-add rates (2 threads, AVX-512, n = 4000, d = 384, K = 10): Hessian tiles
// 28 G/s, tiled Cholesky 34 G/s, Hessian-vector products 12 G/s. Only their ratios matter.
constexpr double hessian_macs_per_s = 28e9, cholesky_macs_per_s = 34e9, product_macs_per_s = 12e9;
// Below this many affordable products CG cannot win: go straight to the factor.
constexpr Index cg_min_products = 8;

// Products of the Hessian operator that cost as much as assembling and factoring H.
template <typename TT>
Index cholesky_equivalent_products(const LogisticModel& model, Index n_rows, HessianOn hessian_on) {
  const double m = double(model.n_outputs()), D = double(model.dim()), p = m * D;
  const double seconds = m * (m + 1) / 2 * double(n_rows) * D * D / 2 / hessian_macs_per_s +
                         p * p * p / 6 / cholesky_macs_per_s;
  const double product = HessianOperator<TT>::work_per_apply(model, n_rows, hessian_on);
  return static_cast<Index>(seconds / (product / product_macs_per_s));
}

}  // namespace

template <typename TT>
RowMatrixXd solve_direction(const LogisticModel& model, const RowsRef<TT>& X_train, const VectorRef& train_weights,
                            const RowMatrixXd& g, const Eigen::MatrixXd& pool_curvature, HessianOn hessian_on,
                            double damping, DirectionSolver solver, DirectionReport* report,
                            CgPreconditioner preconditioner) {
  if (g.rows() != model.n_outputs() || g.cols() != model.dim())
    throw std::invalid_argument("the validation gradient must have the shape of the model's coefficients");
  if (!g.allFinite()) throw std::invalid_argument("the validation gradient contains NaN or Inf");
  DirectionReport local;
  DirectionReport& out = report ? *report : local;
  out = DirectionReport{};
  const Eigen::Map<const Eigen::VectorXd> g_flat(g.data(), g.size());
  RowMatrixXd s(g.rows(), g.cols());
  Eigen::Map<Eigen::VectorXd> s_flat(s.data(), s.size());
  if (solver != DirectionSolver::cholesky) {
    // The Hessian's rows still to assemble: the pool's curvature is already summed.
    const Index n_rows = uses_train(hessian_on) ? X_train.rows() : 0;
    // CG alone may take a few times p products; auto stops where the factor is cheaper.
    const Index budget = solver == DirectionSolver::cg ? 4 * model.n_params() + 100
                                                       : cholesky_equivalent_products<TT>(model, n_rows, hessian_on);
    if (solver == DirectionSolver::cg || budget >= cg_min_products) {
      // Built only when CG runs: its construction is a pass over the training rows.
      const HessianOperator<TT> op(model, X_train, train_weights, pool_curvature, hessian_on, damping);
      CgReport cg;
      s_flat = cg_solve(op, Eigen::VectorXd(g_flat), cg_error_target, budget, &cg, preconditioner);
      out.cg_iterations = cg.iterations;
      out.cg_preconditioner = cg.preconditioner;
      out.cg_setup_seconds = cg.setup_seconds;
      if (cg.converged) {
        out.used = DirectionSolver::cg;
        return s;
      }
      if (solver == DirectionSolver::cg) {
        std::ostringstream msg;
        msg << "conjugate gradients did not reach the accuracy target in " << cg.iterations
            << " Hessian products (estimated condition number " << cg.condition_estimate
            << "): use solver='cholesky', pass damping > 0 or use a smaller C";
        throw FactorizationError(msg.str());
      }
    }
  }
  const HessianFactor factor = factor_hessian(model, X_train, train_weights, pool_curvature, hessian_on, damping);
  s_flat = factor.solve(Eigen::VectorXd(g_flat));
  out.used = DirectionSolver::cholesky;
  return s;
}

template <typename TT, typename TV>
RowMatrixXd solve_val_direction(const LogisticModel& model, const RowsRef<TT>& X_train, const VectorRef& train_weights,
                                const RowsRef<TV>& X_val, const LabelsRef& y_val, const Eigen::MatrixXd& pool_curvature,
                                HessianOn hessian_on, double damping, DirectionSolver solver,
                                DirectionReport* report) {
  return solve_direction(model, X_train, train_weights, val_gradient(model, X_val, y_val), pool_curvature, hessian_on,
                         damping, solver, report);
}

#define SALUTARY_INSTANTIATE_FACTOR(TT)                                                                      \
  template Eigen::MatrixXd assemble_hessian<TT>(const LogisticModel&, const RowsRef<TT>&, const VectorRef&,      \
                                                const Eigen::MatrixXd&, HessianOn, double);                      \
  template HessianFactor factor_hessian<TT>(const LogisticModel&, const RowsRef<TT>&, const VectorRef&,          \
                                            const Eigen::MatrixXd&, HessianOn, double);
#define SALUTARY_INSTANTIATE_DIRECTION(TT, TV)                                                                     \
  template RowMatrixXd solve_val_direction<TT, TV>(const LogisticModel&, const RowsRef<TT>&, const VectorRef&,     \
                                                   const RowsRef<TV>&, const LabelsRef&, const Eigen::MatrixXd&,   \
                                                   HessianOn, double, DirectionSolver, DirectionReport*);
SALUTARY_INSTANTIATE_FACTOR(float)
SALUTARY_INSTANTIATE_FACTOR(double)
template RowMatrixXd solve_direction<double>(const LogisticModel&, const RowsRef<double>&, const VectorRef&,
                                             const RowMatrixXd&, const Eigen::MatrixXd&, HessianOn, double,
                                             DirectionSolver, DirectionReport*, CgPreconditioner);
template RowMatrixXd solve_direction<float>(const LogisticModel&, const RowsRef<float>&, const VectorRef&,
                                            const RowMatrixXd&, const Eigen::MatrixXd&, HessianOn, double,
                                            DirectionSolver, DirectionReport*, CgPreconditioner);
SALUTARY_INSTANTIATE_DIRECTION(double, double)
SALUTARY_INSTANTIATE_DIRECTION(float, float)
#undef SALUTARY_INSTANTIATE_FACTOR
#undef SALUTARY_INSTANTIATE_DIRECTION

}  // namespace salutary
