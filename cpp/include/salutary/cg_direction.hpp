/// @brief The validation direction s = H⁺ g_val by preconditioned conjugate gradients on
/// Hessian-vector products: the p × p Hessian is never formed (maths §3).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "salutary/hessian.hpp"

namespace salutary {

/// CG's preconditioner M (maths §3): the diagonal of H + vvᵀ (Jacobi, the default), or its m
/// class blocks of D × D (block Jacobi), each factored once by Cholesky. For the sigmoid the one
/// block is the whole Hessian, so block-Jacobi CG takes a single step. shared_gram stands one
/// factor of γ·X̃ᵀWX̃ + penalty + damping (γ the training rows' mean curvature) in for every class
/// block: one Gram instead of m, for the training rows (the pool's curvature is left out of M).
enum class CgPreconditioner { jacobi, block_jacobi, shared_gram };

/// "jacobi", "block_jacobi" or "shared_gram"; anything else throws std::invalid_argument.
CgPreconditioner parse_cg_preconditioner(const std::string& name);
/// The name parse_cg_preconditioner reads.
const char* cg_preconditioner_name(CgPreconditioner preconditioner);

/// H x without H's training part: two thin passes over the training rows per product (their
/// probabilities are computed once, at construction), the
/// pool curvature (already p × p, see pool_curvature.hpp) as one symmetric product, plus the
/// penalty, damping and, for softmax with an intercept, the null completion v(vᵀx) of maths §3.
template <typename TT>
class HessianOperator {
 public:
  /// pool_curvature is read when hessian_on includes the pool (p × p, symmetric), else ignored.
  /// probabilities, when given, are the training rows' class probabilities at the model (n × K,
  /// as the trainer's objective pass leaves them), taken instead of computed again.
  HessianOperator(const LogisticModel& model, const RowsRef<TT>& X_train, const VectorRef& train_weights,
                  const Eigen::MatrixXd& pool_curvature, HessianOn hessian_on, double damping,
                  const RowMatrixXd* probabilities = nullptr);
  /// Runs the training rows' products in float32 from now on, over `rows` (the training rows
  /// in float32: X_train itself when it is float32; the caller keeps them alive). Each product
  /// then reads half the bytes with twice the lanes; its error is about √D·u₃₂ of ‖H‖‖x‖
  /// (maths §5). For the trainer's inexact Newton steps, never for the validation direction.
  void use_single_products(const RowsRef<float>& rows) { single_.emplace(rows); }
  /// (H + vvᵀ) x for a flat x of length p (class-major like coef).
  Eigen::VectorXd apply(const Eigen::VectorXd& x) const;
  /// The diagonal of H + vvᵀ, the Jacobi preconditioner.
  Eigen::VectorXd diagonal() const;
  /// The m diagonal blocks (D × D, class-major like coef) of H + vvᵀ, lower triangles filled:
  /// per block one pass over the training rows (about n·D²/2 multiply-adds), the pool
  /// curvature's block, penalty, damping and vvᵀ's 1/K at the intercept. Work items are
  /// (block, column tile) pairs, each summing its rows in order: the same bits for any thread count.
  std::vector<Eigen::MatrixXd> diagonal_blocks() const;
  /// The training rows' mean diagonal curvature, Σ_i w_i Σ_k c_ik / (Σ_i w_i · m), with c_ik the
  /// class blocks' weights (maths §3): the scale of a block relative to the rows' Gram.
  double mean_curvature() const;
  const LogisticModel& model() const { return model_; }
  const RowsRef<TT>& train_rows() const { return train_; }
  const VectorRef& train_weights() const { return weights_; }
  HessianOn hessian_on() const { return on_; }
  double damping() const { return damping_; }
  /// Multiply-adds of one apply(): what the solver's cost model counts.
  double work_per_apply() const { return work_per_apply(model_, uses_train(on_) ? train_.rows() : 0, on_); }
  /// The same for an operator not built yet, over train_rows training rows.
  static double work_per_apply(const LogisticModel& model, Index train_rows, HessianOn hessian_on);

 private:
  const LogisticModel& model_;
  RowsRef<TT> train_;
  VectorRef weights_;
  const Eigen::MatrixXd& pool_;
  HessianOn on_;
  double damping_;
  RowMatrixXd probabilities_;  ///< the training rows' p at the model, computed once
  std::optional<RowsRef<float>> single_;  ///< the rows of float32 products, when set
};

/// X's rows for HessianOperator::use_single_products: X itself when it is float32 (`copy` left
/// untouched), else X rounded to float32 once into `copy`, which the caller keeps alive.
template <typename TT>
RowsRef<float> single_precision_rows(const RowsRef<TT>& X, std::optional<RowMatrix<float>>& copy) {
  if constexpr (std::is_same_v<TT, float>) {
    return X;
  } else {
    copy.emplace(X.template cast<float>());
    return *copy;
  }
}

/// When CG stops: at the estimated relative forward error κ·‖r‖/‖g‖ (the validation direction,
/// held to maths §6), or at the relative residual ‖r‖/‖g‖ alone (an inexact Newton step of the
/// trainer, where the line search, not the solve, guarantees progress).
enum class CgStop { forward_error, residual };

struct CgReport {
  Index iterations = 0;
  bool converged = false;
  double relative_residual = 0.0;   ///< ‖r‖ / ‖g‖ in the preconditioner's norm, at the end
  double condition_estimate = 1.0;  ///< κ of the preconditioned Hessian from the Lanczos (Ritz) values
  /// The preconditioner CG ran with: jacobi also when block_jacobi or shared_gram was asked for and
  /// a factor was not positive definite (its Cholesky failed) or, for shared_gram, the Hessian has
  /// no training rows, so that solve fell back to the diagonal.
  CgPreconditioner preconditioner = CgPreconditioner::jacobi;
  double setup_seconds = 0.0;  ///< wall time spent building and factoring the preconditioner
};

/// Solves (H + vvᵀ) s = g by preconditioned CG from s = 0 (Jacobi, or block Jacobi over the
/// class blocks, see CgPreconditioner; a block that is not positive definite makes this solve
/// fall back to Jacobi, reported in report->preconditioner). It stops when the estimated
/// relative forward error, κ · ‖r‖/‖g‖ (κ from the Ritz values of CG's own tridiagonal, norms
/// in the preconditioner's metric), is at most error_target (stop = residual: ‖r‖/‖g‖ alone),
/// or after max_iter products.
/// Throws FactorizationError when a search direction has non-positive curvature (H not
/// positive definite). Deterministic: the same iterations for any thread count.
template <typename TT>
Eigen::VectorXd cg_solve(const HessianOperator<TT>& H, const Eigen::VectorXd& g, double error_target,
                         Index max_iter, CgReport* report = nullptr,
                         CgPreconditioner preconditioner = CgPreconditioner::jacobi,
                         CgStop stop = CgStop::forward_error);

/// z = M⁻¹ r for a preconditioner the caller builds (M symmetric positive definite).
using CgPreconditionerApply = std::function<Eigen::VectorXd(const Eigen::VectorXd&)>;

/// The same CG with the caller's preconditioner (the trainer's shared-Gram factor); the report's
/// preconditioner and setup_seconds are left at their defaults.
template <typename TT>
Eigen::VectorXd cg_solve(const HessianOperator<TT>& H, const Eigen::VectorXd& g, double error_target,
                         Index max_iter, CgReport* report, const CgPreconditionerApply& precondition,
                         CgStop stop = CgStop::forward_error);

}  // namespace salutary
