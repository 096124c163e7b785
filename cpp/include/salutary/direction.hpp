/// @brief The validation direction s = H⁺ g_val (maths §3): the Hessian over the chosen rows,
/// and the solver that finds s (the Cholesky factor, or conjugate gradients on Hessian-vector products).
#pragma once

#include <optional>
#include <string>

#include "salutary/cg_direction.hpp"
#include "salutary/influence.hpp"

namespace salutary {

/// How s = H⁺ g_val is found: the Cholesky factor of the assembled Hessian (the reference),
/// conjugate gradients on Hessian-vector products (no p × p matrix), or, automatically, CG for
/// as many products as a Cholesky solve would cost, then Cholesky if CG has not converged.
enum class DirectionSolver { cholesky, cg, automatic };

/// "auto", "cholesky" or "cg"; anything else throws std::invalid_argument.
DirectionSolver parse_direction_solver(const std::string& name);
/// The name parse_direction_solver reads.
const char* direction_solver_name(DirectionSolver solver);

/// Estimated relative forward error of s at which CG stops: 100× inside maths §6's 1e-8, since
/// κ from Ritz values can only underestimate (tested against the float64 reference).
constexpr double cg_error_target = 1e-10;

struct DirectionReport {
  DirectionSolver used = DirectionSolver::cholesky;  ///< the solver whose s was returned
  Index cg_iterations = 0;                           ///< products spent in CG (also when it gave way)
  /// CG's preconditioner as it ran (jacobi after a block_jacobi fallback; see CgPreconditioner).
  CgPreconditioner cg_preconditioner = CgPreconditioner::jacobi;
  double cg_setup_seconds = 0.0;  ///< wall time spent building CG's preconditioner
};

/// The maths §3 Hessian over the rows `hessian_on` names: the training rows weighted by
/// train_weights, and the pool as its pool curvature (p × p, see pool_curvature.hpp; read only
/// when hessian_on includes the pool), with penalty and damping, before the null completion.
template <typename TT>
Eigen::MatrixXd assemble_hessian(const LogisticModel& model, const RowsRef<TT>& X_train,
                                 const VectorRef& train_weights, const Eigen::MatrixXd& pool_curvature,
                                 HessianOn hessian_on, double damping);

/// assemble_hessian, factored in place.
template <typename TT>
HessianFactor factor_hessian(const LogisticModel& model, const RowsRef<TT>& X_train,
                             const VectorRef& train_weights, const Eigen::MatrixXd& pool_curvature,
                             HessianOn hessian_on, double damping);

/// s = H⁺ g (m × D, like coef) for a given validation gradient g (m × D), by the chosen solver;
/// see DirectionSolver; CG runs with `preconditioner`. Throws invalid_argument for a g of the
/// wrong shape or with NaN/Inf.
template <typename TT>
RowMatrixXd solve_direction(const LogisticModel& model, const RowsRef<TT>& X_train, const VectorRef& train_weights,
                            const RowMatrixXd& g, const Eigen::MatrixXd& pool_curvature, HessianOn hessian_on,
                            double damping, DirectionSolver solver, DirectionReport* report = nullptr,
                            CgPreconditioner preconditioner = CgPreconditioner::jacobi);

/// s = H⁺ g_val (m × D, like coef) by the chosen solver, g_val the validation rows' gradient.
template <typename TT, typename TV>
RowMatrixXd solve_val_direction(const LogisticModel& model, const RowsRef<TT>& X_train, const VectorRef& train_weights,
                                const RowsRef<TV>& X_val, const LabelsRef& y_val, const Eigen::MatrixXd& pool_curvature,
                                HessianOn hessian_on, double damping, DirectionSolver solver,
                                DirectionReport* report = nullptr);

}  // namespace salutary
