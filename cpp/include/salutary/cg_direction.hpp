/// @brief The validation direction s = H⁺ g_val by preconditioned conjugate gradients on
/// Hessian-vector products: the p × p Hessian is never formed (maths §3).
#pragma once

#include "salutary/hessian.hpp"

namespace salutary {

/// H x without H's training part: two thin passes over the training rows per product, the
/// pool curvature (already p × p, see pool_curvature.hpp) as one symmetric product, plus the
/// penalty, damping and, for softmax with an intercept, the null completion v(vᵀx) of maths §3.
template <typename TT>
class HessianOperator {
 public:
  /// pool_curvature is read when hessian_on includes the pool (p × p, symmetric), else ignored.
  HessianOperator(const LogisticModel& model, const RowsRef<TT>& X_train, const VectorRef& train_weights,
                  const Eigen::MatrixXd& pool_curvature, HessianOn hessian_on, double damping);
  /// (H + vvᵀ) x for a flat x of length p (class-major like coef).
  Eigen::VectorXd apply(const Eigen::VectorXd& x) const;
  /// The diagonal of H + vvᵀ, the Jacobi preconditioner.
  Eigen::VectorXd diagonal() const;
  /// Multiply-adds of one apply(): what the solver's cost model counts.
  double work_per_apply() const;

 private:
  const LogisticModel& model_;
  RowsRef<TT> train_;
  VectorRef weights_;
  const Eigen::MatrixXd& pool_;
  HessianOn on_;
  double damping_;
};

struct CgReport {
  Index iterations = 0;
  bool converged = false;
  double relative_residual = 0.0;   ///< ‖r‖ / ‖g‖ in the preconditioner's norm, at the end
  double condition_estimate = 1.0;  ///< κ of the preconditioned Hessian from the Lanczos (Ritz) values
};

/// Solves (H + vvᵀ) s = g by Jacobi-preconditioned CG from s = 0. It stops when the estimated
/// relative forward error, κ · ‖r‖/‖g‖ (κ from the Ritz values of CG's own tridiagonal, norms
/// in the preconditioner's metric), is at most error_target, or after max_iter products.
/// Throws FactorizationError when a search direction has non-positive curvature (H not
/// positive definite). Deterministic: the same iterations for any thread count.
template <typename TT>
Eigen::VectorXd cg_solve(const HessianOperator<TT>& H, const Eigen::VectorXd& g, double error_target,
                         Index max_iter, CgReport* report = nullptr);

}  // namespace salutary
