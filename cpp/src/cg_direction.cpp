#include "salutary/cg_direction.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <tuple>
#include <type_traits>
#include <vector>

#include "salutary/errors.hpp"
#include "salutary/parallel.hpp"
#include "parallel_for.hpp"
#include "row_blocks.hpp"
#include "shared_gram_preconditioner.hpp"
#include "thin_products.hpp"
#include "weighted_gram.hpp"

namespace salutary {

CgPreconditioner parse_cg_preconditioner(const std::string& name) {
  if (name == "jacobi") return CgPreconditioner::jacobi;
  if (name == "block_jacobi") return CgPreconditioner::block_jacobi;
  if (name == "shared_gram") return CgPreconditioner::shared_gram;
  throw std::invalid_argument("cg_preconditioner must be 'jacobi', 'block_jacobi' or 'shared_gram', got '" + name + "'");
}

const char* cg_preconditioner_name(CgPreconditioner preconditioner) {
  switch (preconditioner) {
    case CgPreconditioner::block_jacobi: return "block_jacobi";
    case CgPreconditioner::shared_gram: return "shared_gram";
    default: return "jacobi";
  }
}

namespace {

// The rows' probabilities at the model, n × K: fixed for the operator's life, so a product
// needs two thin passes instead of three. The same blocks as every reduction: the same bits.
template <typename T>
RowMatrixXd train_probabilities(const LogisticModel& model, const RowsRef<T>& X) {
  RowMatrixXd P(X.rows(), model.n_classes);
  if (X.rows() == 0) return P;
  for_each_row_block(model, X, [&](Index, Index r0, const RowMatrixXd&, const RowMatrixXd&, const RowMatrixXd& Pc) {
    P.middleRows(r0, Pc.rows()) = Pc;
  });
  return P;
}

struct ProductScratch {
  RowMatrixXd X, B;
  RowMatrix<float> B_single, part_single;
};

// Σ_i w_i ∇²CE(x_i) x over the rows of X, accumulated into out (m × D): per row, a = X̃ x,
// b = curvature(p) a, out += b x̃ᵀ. Both thin products read the block's rows in place
// (thin_products.hpp), in S: float64 (float32 rows widened first), or float32 on float32 rows,
// where a and b are rounded to float32 for the products, the curvature runs in float64, and
// each block of at most 256 rows is summed in float32 before it joins its chunk's float64
// partial. Fixed chunks summed in order (thread-count independent).
template <typename S, typename T>
void add_curvature_product(const LogisticModel& model, const RowsRef<T>& X, const VectorRef& weights,
                           const RowMatrixXd& P, const RowMatrixXd& V, RowMatrixXd& out) {
  constexpr bool single = std::is_same_v<S, float>;
  static_assert(!single || std::is_same_v<T, float>, "float32 products read float32 rows");
  const Index n = X.rows();
  if (n == 0) return;
  const Index m = model.n_outputs(), d = model.n_features();
  const int K = model.n_classes;
  const bool weighted = weights.size() > 0;
  const RowMatrix<S> Vt = transposed_stack<S>(V.leftCols(d));
  std::vector<RowMatrixXd> parts(row_chunk_count(n), RowMatrixXd::Zero(m, model.dim()));
  for_each_reduction_block<ProductScratch>(n, 2.0 * double(n) * model.dim() * m, [&](Index c, Index r0, Index r1,
                                                                                  ProductScratch& s) {
    const S* x;
    Index stride;
    if constexpr (single) x = X.row(r0).data(), stride = X.outerStride();
    else std::tie(x, stride) = rows_in_float64(X, r0, r1, s.X);
    RowMatrixXd& part = parts[c];
    if constexpr (single) s.part_single.setZero(m, d);
    // Sub-blocks of thin_rows rows, so that the second product reads them again from L2.
    for (Index b0 = r0; b0 < r1; b0 += thin_rows) {
      const Index rows = std::min(thin_rows, r1 - b0);
      const S* xb = x + (b0 - r0) * stride;
      s.B.resize(rows, m);
      if constexpr (single) {
        s.B_single.resize(rows, m);
        thin_product(xb, stride, rows, Vt, m, s.B_single.data(), m);
        s.B = s.B_single.template cast<double>();
      } else {
        thin_product(xb, stride, rows, Vt, m, s.B.data(), m);  // a_i, then b_i in place
      }
      if (model.fit_intercept) s.B.rowwise() += V.col(d).transpose();
      for (Index i = 0; i < rows; ++i) {
        const double w = weighted ? weights[b0 + i] : 1.0;
        const auto p = P.row(b0 + i);
        if (K == 2) {
          s.B(i, 0) *= w * p(0) * p(1);
        } else {
          // maths §3 softmax curvature (diag(p) − ppᵀ) a.
          const double pa = p.dot(s.B.row(i));
          for (Index k = 0; k < m; ++k) s.B(i, k) = w * p(k) * (s.B(i, k) - pa);
        }
      }
      if constexpr (single) {
        s.B_single = s.B.template cast<float>();
        add_row_products(xb, stride, rows, d, s.B_single.data(), m, m, s.part_single.data(), d);
      } else {
        add_row_products(xb, stride, rows, d, s.B.data(), m, m, part.data(), part.cols());
      }
      if (model.fit_intercept) part.col(d) += s.B.colwise().sum().transpose();
    }
    if constexpr (single) part.leftCols(d) += s.part_single.template cast<double>();
    return true;
  });
  for (const auto& part : parts) out += part;
}

}  // namespace

template <typename TT>
HessianOperator<TT>::HessianOperator(const LogisticModel& model, const RowsRef<TT>& X_train,
                                     const VectorRef& train_weights, const Eigen::MatrixXd& pool_curvature,
                                     HessianOn hessian_on, double damping, const RowMatrixXd* probabilities)
    : model_(model), train_(X_train), weights_(train_weights), pool_(pool_curvature), on_(hessian_on),
      damping_(damping),
      probabilities_(!uses_train(hessian_on) ? RowMatrixXd()
                     : probabilities         ? *probabilities
                                             : train_probabilities(model, X_train)) {
  if (!(damping >= 0)) throw std::invalid_argument("damping must be non-negative");
  if (uses_train(hessian_on) && (probabilities_.rows() != X_train.rows() || probabilities_.cols() != model.n_classes))
    throw std::invalid_argument("probabilities must be n_train × n_classes");
  const Index p = model.n_params();
  if (uses_pool(hessian_on) && (pool_curvature.rows() != p || pool_curvature.cols() != p))
    throw std::invalid_argument("pool_curvature must be n_params × n_params");
}

template <typename TT>
Eigen::VectorXd HessianOperator<TT>::apply(const Eigen::VectorXd& x) const {
  const Index m = model_.n_outputs(), D = model_.dim();
  const RowMatrixXd V = Eigen::Map<const RowMatrixXd>(x.data(), m, D);
  RowMatrixXd out = RowMatrixXd::Zero(m, D);
  if (uses_train(on_)) {
    if (single_) add_curvature_product<float>(model_, *single_, weights_, probabilities_, V, out);
    else add_curvature_product<double>(model_, train_, weights_, probabilities_, V, out);
  }
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
std::vector<Eigen::MatrixXd> HessianOperator<TT>::diagonal_blocks() const {
  const Index m = model_.n_outputs(), D = model_.dim(), d = model_.n_features();
  const int K = model_.n_classes;
  std::vector<Eigen::MatrixXd> blocks(m, Eigen::MatrixXd::Zero(D, D));
  if (uses_train(on_) && train_.rows() > 0) {
    const Index n = train_.rows();
    // maths §3 diagonal-block weights: w·p(1−p) for the sigmoid, w·p_k(1 − p_k) for softmax.
    RowMatrixXd C(n, m);
    const bool weighted = weights_.size() > 0;
    for (Index i = 0; i < n; ++i) {
      const double w = weighted ? weights_[i] : 1.0;
      const auto P = probabilities_.row(i);
      for (Index k = 0; k < m; ++k) C(i, k) = K == 2 ? w * P(0) * P(1) : w * P(k) * (1.0 - P(k));
    }
    blocks = weighted_grams(train_, model_.fit_intercept, C);
  }
  for (Index k = 0; k < m; ++k) {
    Eigen::MatrixXd& B = blocks[k];
    if (uses_pool(on_)) B.triangularView<Eigen::Lower>() += pool_.block(k * D, k * D, D, D);
    B.diagonal().head(d).array() += model_.penalty();
    B.diagonal().array() += damping_;
    // The null completion vvᵀ restricted to block k: v is 1/√K at every intercept.
    if (null_direction(model_).size() > 0) B(D - 1, D - 1) += 1.0 / double(K);
  }
  return blocks;
}

template <typename TT>
double HessianOperator<TT>::mean_curvature() const {
  const Index n = probabilities_.rows(), m = model_.n_outputs();
  if (n == 0) return 0.0;
  double total = 0.0, weight = 0.0;
  for (Index i = 0; i < n; ++i) {
    const double w = weights_.size() ? weights_[i] : 1.0;
    const auto P = probabilities_.row(i);
    double c = 0.0;
    for (Index k = 0; k < m; ++k) c += model_.n_classes == 2 ? P(0) * P(1) : P(k) * (1.0 - P(k));
    total += w * c;
    weight += w;
  }
  return weight > 0 ? total / (weight * double(m)) : 0.0;
}

template <typename TT>
double HessianOperator<TT>::work_per_apply(const LogisticModel& model, Index train_rows, HessianOn hessian_on) {
  const double p = double(model.n_params());
  // Two thin products per row block (a = X̃ x and b x̃ᵀ; the probabilities are kept), and the
  // pool's p × p product.
  return 2.0 * double(train_rows) * double(model.dim()) * double(model.n_outputs()) + (uses_pool(hessian_on) ? p * p : 0.0);
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

namespace {

// z = M⁻¹ r for either preconditioner: the inverse diagonal, or m pairs of triangular solves
// with the class blocks' Cholesky factors.
class Preconditioner {
 public:
  template <typename TT>
  Preconditioner(const HessianOperator<TT>& H, CgPreconditioner kind) {
    if (kind == CgPreconditioner::block_jacobi) {
      const std::vector<Eigen::MatrixXd> blocks = H.diagonal_blocks();
      factors_.reserve(blocks.size());
      for (const Eigen::MatrixXd& block : blocks) {
        Eigen::LLT<Eigen::MatrixXd> llt(block);
        // Not positive definite (or NaN): this solve falls back to Jacobi.
        if (llt.info() != Eigen::Success || !llt.matrixLLT().diagonal().allFinite() ||
            !(llt.matrixLLT().diagonal().minCoeff() > 0)) {
          factors_.clear();
          break;
        }
        factors_.push_back(std::move(llt));
      }
    }
    if (kind == CgPreconditioner::shared_gram && uses_train(H.hessian_on()) && H.train_rows().rows() > 0) {
      gram_.emplace(H.model(), H.train_rows(), H.train_weights());
      gram_->refactor(H.mean_curvature(), H.damping());
      if (!gram_->usable()) gram_.reset();
    }
    if (factors_.empty() && !gram_) inv_diag_ = H.diagonal().cwiseInverse();
  }

  CgPreconditioner kind() const {
    return gram_ ? CgPreconditioner::shared_gram
                 : factors_.empty() ? CgPreconditioner::jacobi : CgPreconditioner::block_jacobi;
  }

  Eigen::VectorXd apply(const Eigen::VectorXd& r) const {
    if (gram_) return gram_->apply(r);
    if (factors_.empty()) return inv_diag_.cwiseProduct(r);
    Eigen::VectorXd z(r.size());
    const Index D = factors_.front().rows(), m = static_cast<Index>(factors_.size());
    // Blocks are independent (each thread writes its own segments): the same bits on any thread count.
    parallel_for(m, threads_for(double(m) * D * D),
                 [&](Index k) { z.segment(k * D, D) = factors_[k].solve(r.segment(k * D, D)); });
    return z;
  }

 private:
  Eigen::VectorXd inv_diag_;
  std::vector<Eigen::LLT<Eigen::MatrixXd>> factors_;
  std::optional<SharedGramPreconditioner> gram_;
};

}  // namespace

template <typename TT>
Eigen::VectorXd cg_solve(const HessianOperator<TT>& H, const Eigen::VectorXd& g, double error_target,
                         Index max_iter, CgReport* report, CgPreconditioner preconditioner, CgStop stop) {
  const auto setup_start = std::chrono::steady_clock::now();
  const Preconditioner M(H, preconditioner);
  const double setup_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - setup_start).count();
  CgReport local;
  CgReport& out = report ? *report : local;
  Eigen::VectorXd s = cg_solve(
      H, g, error_target, max_iter, &out, [&M](const Eigen::VectorXd& r) { return M.apply(r); }, stop);
  out.preconditioner = M.kind();
  out.setup_seconds = setup_seconds;
  return s;
}

template <typename TT>
Eigen::VectorXd cg_solve(const HessianOperator<TT>& H, const Eigen::VectorXd& g, double error_target,
                         Index max_iter, CgReport* report, const CgPreconditionerApply& precondition, CgStop stop) {
  CgReport local;
  CgReport& out = report ? *report : local;
  out = CgReport{};
  const auto& M = precondition;
  Eigen::VectorXd s = Eigen::VectorXd::Zero(g.size()), r = g, z = M(r), d = z;
  double rz = r.dot(z);
  const double rz0 = rz;
  std::vector<double> alpha, beta;
  // κ grows as CG explores the spectrum; refreshed every few steps and whenever the test passes.
  constexpr Index refresh = 8;
  while (true) {
    out.relative_residual = rz0 > 0 ? std::sqrt(std::max(rz, 0.0) / rz0) : 0.0;
    if (stop == CgStop::residual && out.relative_residual <= error_target) {
      out.converged = true;
      break;
    }
    if (stop == CgStop::forward_error && out.relative_residual * out.condition_estimate <= error_target) {
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
    z = M(r);
    const double rz_next = r.dot(z);
    const double b = rz_next / rz;
    d = z + b * d;
    rz = rz_next;
    alpha.push_back(a);
    beta.push_back(b);
    ++out.iterations;
    if (stop == CgStop::forward_error && out.iterations % refresh == 0)
      out.condition_estimate = std::max(out.condition_estimate, ritz_condition(alpha, beta));
  }
  return s;
}

#define SALUTARY_INSTANTIATE_CG(TT)                                                                         \
  template class HessianOperator<TT>;                                                                      \
  template Eigen::VectorXd cg_solve<TT>(const HessianOperator<TT>&, const Eigen::VectorXd&, double, Index, \
                                        CgReport*, CgPreconditioner, CgStop);                               \
  template Eigen::VectorXd cg_solve<TT>(const HessianOperator<TT>&, const Eigen::VectorXd&, double, Index, \
                                        CgReport*, const CgPreconditionerApply&, CgStop);
SALUTARY_INSTANTIATE_CG(float)
SALUTARY_INSTANTIATE_CG(double)
#undef SALUTARY_INSTANTIATE_CG

}  // namespace salutary
