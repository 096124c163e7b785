#include "salutary/influence.hpp"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <type_traits>

#include "salutary/errors.hpp"
#include "salutary/parallel.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace salutary {

template <typename T>
RowMatrixXd val_gradient(const LogisticModel& model, const RowsRef<T>& X_val, const LabelsRef& y_val) {
  RowMatrixXd g;
  data_loss(model, X_val, y_val, VectorRef(Eigen::VectorXd()), &g);
  return g;
}

template <typename T>
RowMatrixXd val_direction(const LogisticModel& model, const HessianFactor& factor,
                          const RowsRef<T>& X_val, const LabelsRef& y_val) {
  const RowMatrixXd g = val_gradient(model, X_val, y_val);
  RowMatrixXd s(g.rows(), g.cols());
  Eigen::Map<Eigen::VectorXd>(s.data(), s.size()) = factor.solve(Eigen::Map<const Eigen::VectorXd>(g.data(), g.size()));
  return s;
}

StackedDirections stack_directions(const LogisticModel& model, const RowMatrixXd& val_dir) {
  const Index m = model.n_outputs(), d = model.n_features();
  if (val_dir.rows() != m || val_dir.cols() != model.dim()) throw std::invalid_argument("val_dir must have the shape of coef");
  StackedDirections st{RowMatrixXd(2 * m, d), Eigen::RowVectorXd::Zero(2 * m)};
  st.G.topRows(m) = model.coef.leftCols(d);
  st.G.bottomRows(m) = val_dir.leftCols(d);
  if (model.fit_intercept) st.offset << model.coef.col(d).transpose(), val_dir.col(d).transpose();
  return st;
}

template <typename T>
void influence_table(const LogisticModel& model, const RowMatrixXd& val_dir, const RowsRef<T>& X_pool,
                     const InfluenceOutputs& out) {
  const Index n = X_pool.rows(), m = model.n_outputs(), d = model.n_features();
  const int K = model.n_classes;
  if (X_pool.cols() != d) throw std::invalid_argument("X_pool has the wrong number of features");
  // Intercepts are added after the product, so it runs over the pool's own d columns.
  const auto [G, offset] = stack_directions(model, val_dir);
  constexpr Index chunk = 512;
  const Index n_chunks = (n + chunk - 1) / chunk;
  std::atomic<bool> stop{false}, non_finite{false}, overflow{false};
#pragma omp parallel num_threads(threads_for(double(n) * d * 2 * m))
  {
    RowMatrix<double> Xc, ZZ, Z, P, I;
#pragma omp for schedule(static)
    for (Index c = 0; c < n_chunks; ++c) {
      if (stop.load(std::memory_order_relaxed)) continue;
#ifdef _OPENMP
      if (omp_get_thread_num() == 0 && c % 64 == 0 && interrupt_requested()) stop = true;
#else
      if (c % 64 == 0 && interrupt_requested()) stop = true;
#endif
      const Index r0 = c * chunk, rows = std::min(n, r0 + chunk) - r0;
      if (m == 1) {
        // Sigmoid: two dot products a row, read straight from the pool's dtype (no converted
        // copy), so the pass runs at memory speed; float64 accumulation.
        ZZ.resize(rows, 2);
        const double* g0 = G.row(0).data();
        const double* g1 = G.row(1).data();
        for (Index i = 0; i < rows; ++i) {
          const T* x = X_pool.row(r0 + i).data();
          double a0 = 0.0, a1 = 0.0;
#pragma omp simd reduction(+ : a0, a1)
          for (Index k = 0; k < d; ++k) {
            const double xk = static_cast<double>(x[k]);
            a0 += xk * g0[k];
            a1 += xk * g1[k];
          }
          ZZ(i, 0) = a0, ZZ(i, 1) = a1;
        }
      } else if constexpr (std::is_same_v<T, double>) {
        ZZ.noalias() = X_pool.middleRows(r0, rows) * G.transpose();
      } else {
        Xc = X_pool.middleRows(r0, rows).template cast<double>();  // float64 accumulation
        ZZ.noalias() = Xc * G.transpose();
      }
      // A NaN or Inf anywhere in a row makes all its products non-finite (x·0 is NaN too), so
      // checking the few products checks the pool on the way, instead of a separate pass.
      if (!ZZ.allFinite()) {
        for (Index i = 0; i < rows; ++i)
          if (!ZZ.row(i).allFinite()) (X_pool.row(r0 + i).allFinite() ? overflow : non_finite) = true;
        stop = true;
        continue;
      }
      ZZ.rowwise() += offset;
      Z = ZZ.leftCols(m);
      probabilities_from_logits(Z, K, P);
      const auto zs = ZZ.rightCols(m);
      // maths §3: sigmoid I = (p − c)·z; softmax I(x, c) = pᵀz − z_c.
      I.resize(rows, K);
      if (K == 2) {
        I.col(0) = P.col(1).cwiseProduct(zs.col(0));
        I.col(1) = I.col(0) - zs.col(0);
      } else {
        const Eigen::VectorXd pz = P.cwiseProduct(zs).rowwise().sum();
        I = (-zs).colwise() + pz;
      }
      if (out.table) Eigen::Map<RowMatrixXd>(out.table + r0 * K, rows, K) = I;
      if (out.labels || out.scores) {
        for (Index i = 0; i < rows; ++i) {
          Index best = 0;
          for (Index k = 1; k < K; ++k)
            if (I(i, k) > I(i, best)) best = k;  // ties keep the lowest class index
          if (out.labels) out.labels[r0 + i] = best;
          if (out.scores) out.scores[r0 + i] = I(i, best);
        }
      }
    }
  }
  if (non_finite) throw std::invalid_argument("X_pool contains NaN or Inf");
  if (overflow) throw std::overflow_error("the influence table overflows float64 on some pool rows; rescale X_pool");
  if (stop) throw Interrupted();
}

#define SALUTARY_INSTANTIATE(T)                                                                        \
  template RowMatrixXd val_gradient<T>(const LogisticModel&, const RowsRef<T>&, const LabelsRef&);     \
  template RowMatrixXd val_direction<T>(const LogisticModel&, const HessianFactor&, const RowsRef<T>&, \
                                        const LabelsRef&);                                             \
  template void influence_table<T>(const LogisticModel&, const RowMatrixXd&, const RowsRef<T>&,        \
                                    const InfluenceOutputs&);
SALUTARY_INSTANTIATE(float)
SALUTARY_INSTANTIATE(double)
#undef SALUTARY_INSTANTIATE

}  // namespace salutary
