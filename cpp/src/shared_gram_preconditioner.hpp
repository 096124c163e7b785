/// @brief Private: CG's shared-Gram preconditioner (the trainer's, and the validation direction's
/// cg_preconditioner="shared_gram"), one D × D factor shared by every class block.
#pragma once

#include <Eigen/Cholesky>

#include "salutary/logistic_model.hpp"
#include "weighted_gram.hpp"

namespace salutary {

/// The Hessian's class blocks are weighted Grams of the same rows, Σ_i w_i c_ik x̃_i x̃_iᵀ. One
/// factor of M = γ·X̃ᵀWX̃ + penalty, γ the rows' mean c_ik, stands in for all of them: one Gram
/// (kept), a D × D Cholesky per refactor, two triangular solves per CG step. Unlike the
/// diagonal it captures the features' correlations (pixels, embeddings).
class SharedGramPreconditioner {
 public:
  /// Multiply-adds of building it: what the trainer weighs against CG products saved.
  static double setup_work(Index n, Index D) { return double(n) * D * D / 2 + double(D) * D * D / 3; }

  template <typename T>
  SharedGramPreconditioner(const LogisticModel& model, const RowsRef<T>& X, const VectorRef& weights)
      : penalty_(model.penalty()), n_features_(model.n_features()), n_classes_(model.n_classes),
        fit_intercept_(model.fit_intercept) {
    const RowMatrixXd w = weights.size() ? RowMatrixXd(weights) : RowMatrixXd::Ones(X.rows(), 1);
    gram_ = weighted_grams(X, model.fit_intercept, w).front();
  }

  /// Factors γ·X̃ᵀWX̃ + penalty + damping for the curvature scale γ (the rows' mean c_ik at the model).
  void refactor(double gamma, double damping = 0.0) {
    const Index D = gram_.rows();
    Eigen::MatrixXd M = gamma * gram_;
    M.diagonal().head(n_features_).array() += penalty_;
    M.diagonal().array() += damping;
    // The null completion vvᵀ of the softmax Hessian puts 1/K at each intercept.
    if (n_classes_ > 2 && fit_intercept_) M(D - 1, D - 1) += 1.0 / n_classes_;
    factor_.compute(M);
    ok_ = factor_.info() == Eigen::Success && factor_.matrixLLT().diagonal().allFinite() &&
          factor_.matrixLLT().diagonal().minCoeff() > 0;
  }

  /// False before the first refactor and when the last factor failed: M not positive definite (an unpenalised fit on
  /// rank-deficient rows); the caller preconditions with the diagonal instead.
  bool usable() const { return ok_; }

  /// M⁻¹ applied to each class's D-segment of the flat (class-major) r.
  Eigen::VectorXd apply(const Eigen::VectorXd& r) const {
    const Index D = factor_.rows(), m = r.size() / D;
    Eigen::VectorXd z(r.size());
    Eigen::Map<Eigen::MatrixXd>(z.data(), D, m) = factor_.solve(Eigen::Map<const Eigen::MatrixXd>(r.data(), D, m));
    return z;
  }

 private:
  double penalty_;
  Index n_features_;
  int n_classes_;
  bool fit_intercept_;
  Eigen::MatrixXd gram_;  ///< X̃ᵀWX̃, lower triangle
  Eigen::LLT<Eigen::MatrixXd> factor_;
  bool ok_ = false;
};

}  // namespace salutary
