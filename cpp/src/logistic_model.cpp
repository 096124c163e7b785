#include "salutary/logistic_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "salutary/parallel.hpp"
#include "row_blocks.hpp"
#include "row_lanes.hpp"
#include "thin_products.hpp"

namespace salutary {

double LogisticModel::penalty() const { return std::isinf(C) ? 0.0 : 1.0 / C; }

void LogisticModel::validate() const {
  if (n_classes < 2) throw std::invalid_argument("n_classes must be at least 2");
  if (coef.rows() != n_outputs())
    throw std::invalid_argument("coef must have 1 row for 2 classes, else one row per class");
  if (coef.cols() < (fit_intercept ? 2 : 1)) throw std::invalid_argument("coef has no feature columns");
  if (!(C > 0)) throw std::invalid_argument("C must be positive");
  if (!coef.allFinite()) throw std::invalid_argument("coef contains NaN or Inf");
}

template <typename T>
void load_rows(const RowsRef<T>& X, Index r0, Index r1, bool fit_intercept, RowMatrixXd& out) {
  const Index rows = r1 - r0, d = X.cols();
  out.resize(rows, d + (fit_intercept ? 1 : 0));
  out.leftCols(d) = X.middleRows(r0, rows).template cast<double>();
  if (fit_intercept) out.col(d).setOnes();
}

void probabilities_from_logits(const RowMatrixXd& Z, int n_classes, RowMatrixXd& P) {
  const Index rows = Z.rows();
  P.resize(rows, n_classes);
  if (n_classes == 2) {
    // Stable sigmoid: only exp(−|z|) is ever formed.
    Eigen::ArrayXd e = -Z.col(0).array().abs();
    const Eigen::ArrayXd t = e;
    e = e.exp();
    for (Index i = 0; i < rows; ++i) {
      if (t[i] < exp_underflow) e[i] = 0.0;
      const double p_hi = 1.0 / (1.0 + e[i]), p_lo = e[i] * p_hi;
      const bool positive = Z(i, 0) >= 0;
      P(i, 1) = positive ? p_hi : p_lo;
      P(i, 0) = positive ? p_lo : p_hi;
    }
    return;
  }
  // Row by row over the plain storage, the exp alone over the whole block: rows of a few
  // classes are too short for Eigen's row-wise reductions and broadcasts, which ran them
  // element by element through its expression machinery (and exp() under a broadcast falls
  // back to scalar std::exp whenever K is below the SIMD width). The table pass takes the
  // same steps, in the same order, with rows in lanes (softmax_in_lanes).
  const Index K = n_classes;
  const double* z = Z.data();
  double* p = P.data();
  Eigen::VectorXd zmax(rows);
  for (Index i = 0; i < rows; ++i) {
    const double* zi = z + i * K;
    double top = zi[0];
    for (Index k = 1; k < K; ++k) top = std::max(top, zi[k]);
    zmax[i] = top;
    for (Index k = 0; k < K; ++k) p[i * K + k] = zi[k] - top;
  }
  P.array() = P.array().exp();
  for (Index i = 0; i < rows; ++i) {
    double* pi = p + i * K;
    double sum = 0.0;
    for (Index k = 0; k < K; ++k) {
      if (z[i * K + k] - zmax[i] < exp_underflow) pi[k] = 0.0;
      sum += pi[k];
    }
    for (Index k = 0; k < K; ++k) pi[k] /= sum;
  }
}

namespace {

// Softplus log(1 + e^z) without overflow.
double softplus(double z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

// The residuals p − e_y of a block's rows into R: the sigmoid's p_1 − y; a softmax row's p
// with 1 taken from its label's entry (p_k − 0 = p_k, so the bits of the per-entry form).
void residuals(const RowMatrixXd& P, const std::int64_t* y, int n_classes, RowMatrixXd& R) {
  const Index rows = P.rows();
  R.resize(rows, n_classes == 2 ? 1 : n_classes);
  if (n_classes == 2) {
    for (Index i = 0; i < rows; ++i) R(i, 0) = P(i, 1) - static_cast<double>(y[i]);
    return;
  }
  R = P;
  for (Index i = 0; i < rows; ++i) R(i, y[i]) -= 1.0;
}

// Each of `rows` rows of m logits gets its intercepts b added, one addition a value, as whole
// contiguous blocks of lane_rows rows against `repeated` (b repeated lane_rows times): a row of
// a few classes alone is too short for a vector.
void add_intercepts(const Eigen::ArrayXd& b, const Eigen::ArrayXd& repeated, Index rows, double* z) {
  const Index m = b.size(), block = repeated.size();
  Index i = 0;
  for (; i + lane_rows <= rows; i += lane_rows) Eigen::Map<Eigen::ArrayXd>(z + i * m, block) += repeated;
  for (; i < rows; ++i) Eigen::Map<Eigen::ArrayXd>(z + i * m, m) += b;
}

// out(k) += Σ_i R(i, k), each column summed in row order from its first row, as Eigen's
// colwise().sum() does, so with its bits; the classes ride in SIMD lanes, a row's packet a
// step, where Eigen's strided columns (and its rowwise +=) went one value through memory at a
// time. A row's packet reads past its classes into the next row (lanes never used); a last row
// whose packet would end past R goes through a copy.
template <typename Out>
void add_column_sums(const RowMatrixXd& R, Out&& out) {
  using namespace Eigen::internal;
  using Packet = thin::Packet<double>;
  constexpr Index L = thin::lanes<double>;
  const Index rows = R.rows(), m = R.cols();
  if (rows == 0) return;
  alignas(64) double lane[L];
  for (Index k0 = 0; k0 < m; k0 += L) {
    const Index width = std::min(L, m - k0);
    const auto row = [&](Index i) {
      const double* r = R.data() + i * m + k0;
      if (i * m + k0 + L <= rows * m) return ploadu<Packet>(r);
      std::fill(lane, lane + L, 0.0);
      std::copy(r, r + width, lane);
      return pload<Packet>(lane);
    };
    Packet sums = row(0);
    for (Index i = 1; i < rows; ++i) sums = padd(sums, row(i));
    pstore(lane, sums);
    for (Index k = 0; k < width; ++k) out(k0 + k) += lane[k];
  }
}

// The sigmoid's CE of one row from its logit z.
double sigmoid_row_loss(double z, std::int64_t y) { return softplus(z) - (y == 1 ? z : 0.0); }

// Softmax rows: Σ_i w_i·CE_i over a block's rows, in row order (w: weights, or null for ones).
// A row's CE is (z_top − log p_top) − z_y, z_top its first largest logit, p_top that class's
// probability, z_y its label's logit: p_top = 1 / Σ_k exp(z_k − z_top) ≥ 1/K never underflows,
// so log Σ exp(z) = z_top − log p_top, one log a row instead of K exps. The block's logs are
// taken together, vectorised, over whole packets (padded with ones) so that every row's is the
// vectorised one. Out of line, so that the gradient-only passes keep a small loop.
EIGEN_DONT_INLINE double softmax_block_loss(const RowMatrixXd& Z, const RowMatrixXd& P, const std::int64_t* y,
                                            const double* w, int n_classes, Eigen::ArrayXd& z_top,
                                            Eigen::ArrayXd& p_top, Eigen::ArrayXd& z_y) {
  const Index rows = Z.rows(), padded = (rows + lane_rows - 1) / lane_rows * lane_rows;
  for (auto* a : {&z_top, &p_top, &z_y}) a->resize(padded);
  p_top.tail(padded - rows).setOnes();
  for (Index i = 0; i < rows; ++i) {
    const double* z = &Z(i, 0);
    int top = 0;  // by selects (the winner varies from row to row)
    double best = z[0];
    for (int k = 1; k < n_classes; ++k) {
      const bool above = z[k] > best;
      top = above ? k : top;
      best = above ? z[k] : best;
    }
    z_top[i] = z[top], p_top[i] = P(i, top), z_y[i] = z[y[i]];
  }
  p_top = p_top.log();
  double loss = 0.0;
  for (Index i = 0; i < rows; ++i) loss += (w ? w[i] : 1.0) * ((z_top[i] - p_top[i]) - z_y[i]);
  return loss;
}

}  // namespace

template <typename T>
RowMatrixXd predict_proba(const LogisticModel& model, const RowsRef<T>& X) {
  RowMatrixXd P(X.rows(), model.n_classes);
  for_each_row_block(model, X, [&](Index, Index r0, const RowMatrixXd&, const RowMatrixXd&, const RowMatrixXd& Pc) {
    P.middleRows(r0, Pc.rows()) = Pc;
  });
  return P;
}

namespace {

struct LossScratch {
  RowMatrixXd X, Z, P, R;
  Eigen::ArrayXd z_top, p_top, z_y;  // softmax CE parts of a block's rows (softmax_block_loss)
};

}  // namespace

namespace {

// data_loss's pass. Per block: logits from the thin product of the rows in place, the rows'
// losses (with_loss; else no log a row) and residuals w·(p − e_y), and the gradient's share
// Rᵀx̃ as row updates (thin_products.hpp); fixed chunks summed in order (thread-count independent).
template <typename T>
double loss_pass(const LogisticModel& model, const RowsRef<T>& X, const LabelsRef& y, const VectorRef& weights,
                 RowMatrixXd* grad, RowMatrixXd* probabilities, bool with_loss) {
  const Index n = X.rows(), m = model.n_outputs(), D = model.dim(), d = model.n_features();
  const Index n_chunks = row_chunk_count(n);
  const int K = model.n_classes;
  const bool weighted = weights.size() > 0;
  const RowMatrixXd Wt = transposed_stack<double>(model.coef.leftCols(d));
  const Eigen::ArrayXd intercepts = model.fit_intercept ? Eigen::ArrayXd(model.coef.col(d)) : Eigen::ArrayXd();
  const Eigen::ArrayXd repeated = intercepts.replicate(lane_rows, 1);
  std::vector<double> loss_parts(n_chunks, 0.0);
  std::vector<RowMatrixXd> grad_parts(grad ? n_chunks : 0, RowMatrixXd::Zero(m, D));
  const double work = double(n) * D * m * (grad ? 2 : 1);
  if (probabilities) probabilities->resize(n, K);
  const bool finite = for_each_reduction_block<LossScratch>(n, work, [&](Index c, Index r0, Index r1,
                                                                         LossScratch& s) {
    const auto [x, stride] = rows_in_float64(X, r0, r1, s.X);
    // Sub-blocks of thin_rows rows, so that the gradient's product reads them again from L2.
    for (Index b0 = r0; b0 < r1; b0 += thin_rows) {
      const Index rows = std::min(thin_rows, r1 - b0);
      const double* xb = x + (b0 - r0) * stride;
      s.Z.resize(rows, m);
      thin_product(xb, stride, rows, Wt, m, s.Z.data(), m);
      if (model.fit_intercept) add_intercepts(intercepts, repeated, rows, s.Z.data());
      if (!values_finite(s.Z.data(), s.Z.size())) return false;
      probabilities_from_logits(s.Z, K, s.P);
      if (probabilities) probabilities->middleRows(b0, rows) = s.P;
      residuals(s.P, y.data() + b0, K, s.R);
      const double* w = weighted ? weights.data() + b0 : nullptr;
      if (with_loss && K > 2) {
        loss_parts[c] += softmax_block_loss(s.Z, s.P, y.data() + b0, w, K, s.z_top, s.p_top, s.z_y);
      } else if (with_loss) {
        for (Index i = 0; i < rows; ++i) loss_parts[c] += (w ? w[i] : 1.0) * sigmoid_row_loss(s.Z(i, 0), y[b0 + i]);
      }
      if (w)
        for (Index i = 0; i < rows; ++i) s.R.row(i) *= w[i];
      if (grad) {
        RowMatrixXd& part = grad_parts[c];
        add_row_products(xb, stride, rows, d, s.R.data(), m, m, part.data(), D);
        if (model.fit_intercept) add_column_sums(s.R, part.col(d));
      }
    }
    return true;
  });
  if (!finite) throw_non_finite_rows();
  double loss = 0.0;
  for (double part : loss_parts) loss += part;
  if (grad) {
    grad->setZero(m, D);
    for (const auto& part : grad_parts) *grad += part;
  }
  return loss;
}

}  // namespace

template <typename T>
double data_loss(const LogisticModel& model, const RowsRef<T>& X, const LabelsRef& y,
                 const VectorRef& weights, RowMatrixXd* grad, RowMatrixXd* probabilities) {
  return loss_pass(model, X, y, weights, grad, probabilities, true);
}

template <typename T>
RowMatrixXd data_gradient(const LogisticModel& model, const RowsRef<T>& X, const LabelsRef& y,
                          const VectorRef& weights) {
  RowMatrixXd grad;
  loss_pass(model, X, y, weights, &grad, nullptr, false);
  return grad;
}

template <typename T>
double objective(const LogisticModel& model, const RowsRef<T>& X, const LabelsRef& y,
                 const VectorRef& weights, RowMatrixXd* grad, RowMatrixXd* probabilities) {
  double value = data_loss(model, X, y, weights, grad, probabilities);
  const double lambda = model.penalty();
  const Index d = model.n_features();
  // Intercepts (the last column when fit_intercept) are not penalised (maths §2).
  value += 0.5 * lambda * model.coef.leftCols(d).squaredNorm();
  if (grad) grad->leftCols(d) += lambda * model.coef.leftCols(d);
  return value;
}

#define SALUTARY_INSTANTIATE(T)                                                                  \
  template void load_rows<T>(const RowsRef<T>&, Index, Index, bool, RowMatrixXd&);               \
  template RowMatrixXd predict_proba<T>(const LogisticModel&, const RowsRef<T>&);                \
  template double data_loss<T>(const LogisticModel&, const RowsRef<T>&, const LabelsRef&,        \
                               const VectorRef&, RowMatrixXd*, RowMatrixXd*);                    \
  template RowMatrixXd data_gradient<T>(const LogisticModel&, const RowsRef<T>&, const LabelsRef&, \
                                        const VectorRef&);                                         \
  template double objective<T>(const LogisticModel&, const RowsRef<T>&, const LabelsRef&,        \
                               const VectorRef&, RowMatrixXd*, RowMatrixXd*);
SALUTARY_INSTANTIATE(float)
SALUTARY_INSTANTIATE(double)
#undef SALUTARY_INSTANTIATE

}  // namespace salutary
