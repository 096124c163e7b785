/// @brief The maths §3 Hessian: weighted Gram assembly, penalty and damping, Cholesky factor.
#pragma once

#include <Eigen/Cholesky>
#include <string>

#include "salutary/logistic_model.hpp"

namespace salutary {

/// Which rows carry the curvature (maths §3).
enum class HessianOn { train, pool, train_and_pool };

/// "train", "pool" or "train+pool"; anything else throws std::invalid_argument.
HessianOn parse_hessian_on(const std::string& name);
/// The name parse_hessian_on reads.
const char* hessian_on_name(HessianOn on);
bool uses_train(HessianOn on);
bool uses_pool(HessianOn on);

/// Adds Σ_i w_i ∇²CE(x_i) to the lower triangle of H (p × p, p = model.n_params()).
/// Built from weighted Gram products tile by tile, parallel over tiles: every tile sums
/// its rows in the same order whatever the thread count. weights may be empty (ones).
template <typename T>
void accumulate_hessian(const LogisticModel& model, const RowsRef<T>& X, const VectorRef& weights,
                        Eigen::MatrixXd& H);

/// The diagonal of Σ_i w_i ∇²CE(x_i) + (1/C)·I_W, shaped m × D like coef: one pass,
/// a cheap preconditioner for first-order solvers.
template <typename T>
RowMatrixXd hessian_diagonal(const LogisticModel& model, const RowsRef<T>& X, const VectorRef& weights);

/// The penalty's share of the maths §3 diagonal: 1/C on weight entries, 0 on intercepts.
/// Length n_params, class-major like coef. Every device adds it first, then the damping.
Eigen::VectorXd penalty_diagonal(const LogisticModel& model);

/// Adds penalty_diagonal, then damping, to H's diagonal and mirrors the lower triangle, so H
/// is the full symmetric maths §3 Hessian.
void finish_hessian(const LogisticModel& model, double damping, Eigen::MatrixXd& H);

/// Unit vector along "shift every intercept by the same amount", the softmax-with-intercept
/// null direction; empty for models without one.
Eigen::VectorXd null_direction(const LogisticModel& model);

/// The singularity test of a Cholesky factor, the same on every device: throws
/// FactorizationError (suggesting damping) unless every squared pivot keeps more than p·eps of
/// its diagonal entry before factoring (a scale-free test) and the factorisation succeeded.
void check_cholesky_pivots(const Eigen::VectorXd& diagonal, const Eigen::VectorXd& pivots, bool factored);

/// Cholesky factor of H + vvᵀ (v the null direction, if any). Its solves equal H⁺ on every
/// vector orthogonal to v, which every CE gradient is (maths §3).
class HessianFactor {
 public:
  /// Consumes H and factors it in place (no second p × p copy). Throws FactorizationError
  /// (suggesting damping) when H is not positive definite to working precision.
  HessianFactor(const LogisticModel& model, Eigen::MatrixXd H);
  Eigen::VectorXd solve(const Eigen::VectorXd& g) const;
  Index size() const { return factor_.rows(); }

 private:
  Eigen::MatrixXd factor_;  ///< H's storage, factored in place: L in the lower triangle
};

}  // namespace salutary
