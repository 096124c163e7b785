#include "salutary/cg_direction.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <limits>
#include <vector>

#include "salutary/errors.hpp"
#include "salutary/parallel.hpp"
#include "row_blocks.hpp"

namespace salutary {

namespace {

// Σ_i w_i ∇²CE(x_i) x over the rows of X, accumulated into out (m × D): per row, a = X̃ x,
// b = curvature(p) a, out += b x̃ᵀ; fixed chunks summed in order (thread-count independent).
template <typename T>
void add_curvature_product(const LogisticModel& model, const RowsRef<T>& X, const VectorRef& weights,
                           const RowMatrixXd& V, RowMatrixXd& out) {
  if (X.rows() == 0) return;
  const Index m = model.n_outputs();
  const int K = model.n_classes;
  const bool weighted = weights.size() > 0;
  out += sum_row_blocks(model, X, [&](Index r0, const RowMatrixXd& Xc, const RowMatrixXd& P, RowMatrixXd& part) {
    RowMatrixXd B = Xc * V.transpose();  // a_i, then b_i in place
    for (Index i = 0; i < Xc.rows(); ++i) {
      const double w = weighted ? weights[r0 + i] : 1.0;
      if (K == 2) {
        B(i, 0) *= w * P(i, 0) * P(i, 1);
      } else {
        // maths §3 softmax curvature (diag(p) − ppᵀ) a.
        const double pa = P.row(i).dot(B.row(i));
        for (Index k = 0; k < m; ++k) B(i, k) = w * P(i, k) * (B(i, k) - pa);
      }
    }
    part.noalias() += B.transpose() * Xc;
  });
}

}  // namespace

template <typename TT>
HessianOperator<TT>::HessianOperator(const LogisticModel& model, const RowsRef<TT>& X_train,
                                     const VectorRef& train_weights, const Eigen::MatrixXd& pool_curvature,
                                     HessianOn hessian_on, double damping)
    : model_(model), train_(X_train), weights_(train_weights), pool_(pool_curvature), on_(hessian_on),
      damping_(damping) {
  if (!(damping >= 0)) throw std::invalid_argument("damping must be non-negative");
  const Index p = model.n_params();
  if (uses_pool(hessian_on) && (pool_curvature.rows() != p || pool_curvature.cols() != p))
    throw std::invalid_argument("pool_curvature must be n_params × n_params");
}

template <typename TT>
Eigen::VectorXd HessianOperator<TT>::apply(const Eigen::VectorXd& x) const {
  const Index m = model_.n_outputs(), D = model_.dim();
  const RowMatrixXd V = Eigen::Map<const RowMatrixXd>(x.data(), m, D);
  RowMatrixXd out = RowMatrixXd::Zero(m, D);
  if (uses_train(on_)) add_curvature_product(model_, train_, weights_, V, out);
  out.leftCols(model_.n_features()) += model_.penalty() * V.leftCols(model_.n_features());
  out += damping_ * V;
  Eigen::VectorXd y = Eigen::Map<const Eigen::VectorXd>(out.data(), out.size());
  if (uses_pool(on_)) y.noalias() += pool_ * x;
  const Eigen::VectorXd v = null_direction(model_);
  if (v.size() > 0) y += v * v.dot(x);
  return y;
}

template <typename TT>
Eigen::VectorXd HessianOperator<TT>::diagonal() const {
  const Index m = model_.n_outputs(), D = model_.dim();
  RowMatrixXd diag = RowMatrixXd::Zero(m, D);
  diag.leftCols(model_.n_features()).array() += model_.penalty();
  // hessian_diagonal adds the penalty itself, so take it back out of each pass.
  const auto curvature = [&](const RowMatrixXd& with_penalty) {
    RowMatrixXd d = with_penalty;
    d.leftCols(model_.n_features()).array() -= model_.penalty();
    return d;
  };
  if (uses_train(on_)) diag += curvature(hessian_diagonal(model_, train_, weights_));
  diag.array() += damping_;
  Eigen::VectorXd out = Eigen::Map<const Eigen::VectorXd>(diag.data(), diag.size());
  if (uses_pool(on_)) out += pool_.diagonal();
  const Eigen::VectorXd v = null_direction(model_);
  if (v.size() > 0) out += v.cwiseAbs2();
  return out;
}

template <typename TT>
double HessianOperator<TT>::work_per_apply() const {
  const double rows = uses_train(on_) ? double(train_.rows()) : 0.0;
  const double p = double(model_.n_params());
  // Three thin products per row block (logits, a = X̃ x and b x̃ᵀ), and the pool's p × p product.
  return 3.0 * rows * double(model_.dim()) * double(model_.n_outputs()) + (uses_pool(on_) ? p * p : 0.0);
}

namespace {

// κ of the Lanczos tridiagonal that CG builds from its step sizes α_j and ratios β_j: its
// extreme eigenvalues (Ritz values) approach those of the preconditioned operator from inside.
double ritz_condition(const std::vector<double>& alpha, const std::vector<double>& beta) {
  const Index k = static_cast<Index>(alpha.size());
  if (k == 0) return 1.0;
  Eigen::VectorXd diag(k), sub(std::max<Index>(k - 1, 1));
  for (Index j = 0; j < k; ++j) {
    diag[j] = 1.0 / alpha[j] + (j > 0 ? beta[j - 1] / alpha[j - 1] : 0.0);
    if (j + 1 < k) sub[j] = std::sqrt(beta[j]) / alpha[j];
  }
  if (k == 1) return 1.0;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig;
  eig.computeFromTridiagonal(diag, sub.head(k - 1), Eigen::EigenvaluesOnly);
  const Eigen::VectorXd& ritz = eig.eigenvalues();
  return ritz[0] > 0 ? ritz[k - 1] / ritz[0] : std::numeric_limits<double>::infinity();
}

}  // namespace

template <typename TT>
Eigen::VectorXd cg_solve(const HessianOperator<TT>& H, const Eigen::VectorXd& g, double error_target,
                         Index max_iter, CgReport* report) {
  const Eigen::VectorXd inv_diag = H.diagonal().cwiseInverse();
  Eigen::VectorXd s = Eigen::VectorXd::Zero(g.size()), r = g, z = inv_diag.cwiseProduct(r), d = z;
  double rz = r.dot(z);
  const double rz0 = rz;
  std::vector<double> alpha, beta;
  CgReport local;
  CgReport& out = report ? *report : local;
  out = CgReport{};
  // κ grows as CG explores the spectrum; refreshed every few steps and whenever the test passes.
  constexpr Index refresh = 8;
  while (true) {
    out.relative_residual = rz0 > 0 ? std::sqrt(std::max(rz, 0.0) / rz0) : 0.0;
    if (out.relative_residual * out.condition_estimate <= error_target) {
      out.condition_estimate = std::max(out.condition_estimate, ritz_condition(alpha, beta));
      if (out.relative_residual * out.condition_estimate <= error_target) {
        out.converged = true;
        break;
      }
    }
    if (out.iterations >= max_iter) break;
    poll_interrupt();
    const Eigen::VectorXd q = H.apply(d);
    const double curvature = d.dot(q);
    if (!(curvature > 0)) {
      throw FactorizationError("the Hessian is not positive definite along a conjugate-gradient direction: "
                               "pass damping > 0, use a smaller C, or compute the Hessian on more rows (hessian_on)");
    }
    const double a = rz / curvature;
    s += a * d;
    r -= a * q;
    z = inv_diag.cwiseProduct(r);
    const double rz_next = r.dot(z);
    const double b = rz_next / rz;
    d = z + b * d;
    rz = rz_next;
    alpha.push_back(a);
    beta.push_back(b);
    ++out.iterations;
    if (out.iterations % refresh == 0) out.condition_estimate = std::max(out.condition_estimate, ritz_condition(alpha, beta));
  }
  return s;
}

#define SALUTARY_INSTANTIATE_CG(TT)                                                                         \
  template class HessianOperator<TT>;                                                                      \
  template Eigen::VectorXd cg_solve<TT>(const HessianOperator<TT>&, const Eigen::VectorXd&, double, Index, \
                                        CgReport*);
SALUTARY_INSTANTIATE_CG(float)
SALUTARY_INSTANTIATE_CG(double)
#undef SALUTARY_INSTANTIATE_CG

}  // namespace salutary
