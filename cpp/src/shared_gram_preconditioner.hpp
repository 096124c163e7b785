/// @brief Private: CG's shared-Gram preconditioner (the trainer's, and the validation direction's
/// cg_preconditioner="shared_gram"), one D × D factor shared by every class block.
#pragma once

#include <Eigen/Cholesky>

#include "salutary/logistic_model.hpp"
#include "tiled_cholesky.hpp"
#include "weighted_gram.hpp"

namespace salutary {

/// The Hessian's class blocks are weighted Grams of the same rows, Σ_i w_i c_ik x̃_i x̃_iᵀ. One
/// factor of M = γ·X̃ᵀWX̃ + penalty, γ the rows' mean c_ik, stands in for all of them: one Gram
/// (kept), a D × D Cholesky per refactor, two triangular solves per CG step. Unlike the
/// diagonal it captures the features' correlations (pixels, embeddings).
class SharedGramPreconditioner {
 public:
  /// Work of building it, the Gram's multiply-adds plus D³/3 for the factor (a conservative
  /// count): what the trainer weighs against CG products saved.
  static double setup_work(Index n, Index D) { return double(n) * D * D / 2 + double(D) * D * D / 3; }

  /// single (float32 rows only): the Gram summed and the solves run in float32, for CG on
  /// float32 products (the trainer's, maths §5); the factor itself is float64.
  template <typename T>
  SharedGramPreconditioner(const LogisticModel& model, const RowsRef<T>& X, const VectorRef& weights,
                           bool single = false)
      : penalty_(model.penalty()), n_features_(model.n_features()), n_classes_(model.n_classes),
        fit_intercept_(model.fit_intercept), single_(single) {
    const RowMatrixXd w = weights.size() ? RowMatrixXd(weights) : RowMatrixXd::Ones(X.rows(), 1);
    gram_ = weighted_grams(X, model.fit_intercept, w, single).front();
  }

  /// Factors γ·X̃ᵀWX̃ + penalty + damping for the curvature scale γ (the rows' mean c_ik at the
  /// model). A factor of the same damping within 2× of γ is kept: a refactor costs D³/3 (as
  /// much as tens of products at D = 785), and CG barely notices the scale (~10% of products).
  void refactor(double gamma, double damping = 0.0) {
    if (ok_ && damping == damping_ && gamma <= 2 * gamma_ && gamma_ <= 2 * gamma) return;
    const Index D = gram_.rows();
    factor_ = gamma * gram_;
    factor_.diagonal().head(n_features_).array() += penalty_;
    factor_.diagonal().array() += damping;
    // The null completion vvᵀ of the softmax Hessian puts 1/K at each intercept.
    if (n_classes_ > 2 && fit_intercept_) factor_(D - 1, D - 1) += 1.0 / n_classes_;
    ok_ = tiled_cholesky(factor_) && factor_.diagonal().allFinite() && factor_.diagonal().minCoeff() > 0;
    if (single_) factor_single_ = factor_.triangularView<Eigen::Lower>().toDenseMatrix().cast<float>();
    gamma_ = gamma, damping_ = damping;
  }

  /// False before the first refactor and when the last factor failed: M not positive definite
  /// (an unpenalised fit on rank-deficient rows); the caller preconditions with the diagonal instead.
  bool usable() const { return ok_; }

  /// M⁻¹ applied to each class's D-segment of the flat (class-major) r.
  Eigen::VectorXd apply(const Eigen::VectorXd& r) const {
    const Index D = factor_.rows(), m = r.size() / D;
    if (single_) {
      Eigen::MatrixXf Z = Eigen::Map<const Eigen::MatrixXd>(r.data(), D, m).cast<float>();
      const auto L = factor_single_.triangularView<Eigen::Lower>();
      L.solveInPlace(Z);
      L.transpose().solveInPlace(Z);
      return Eigen::Map<const Eigen::VectorXf>(Z.data(), Z.size()).cast<double>();
    }
    Eigen::VectorXd z = r;
    Eigen::Map<Eigen::MatrixXd> Z(z.data(), D, m);
    const auto L = factor_.triangularView<Eigen::Lower>();
    L.solveInPlace(Z);
    L.transpose().solveInPlace(Z);
    return z;
  }

 private:
  double penalty_;
  Index n_features_;
  int n_classes_;
  bool fit_intercept_;
  bool single_;
  Eigen::MatrixXf factor_single_;  ///< factor_ rounded to float32, when single_
  Eigen::MatrixXd gram_;    ///< X̃ᵀWX̃, lower triangle
  Eigen::MatrixXd factor_;  ///< L of M = LLᵀ, lower triangle
  double gamma_ = 0.0, damping_ = 0.0;
  bool ok_ = false;
};

}  // namespace salutary
