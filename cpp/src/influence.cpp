#include "salutary/influence.hpp"

#include <algorithm>
#include <atomic>
#include <stdexcept>

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

template <typename T>
void influence_table(const LogisticModel& model, const RowMatrixXd& val_dir, const RowsRef<T>& X_pool,
                     const InfluenceOutputs& out) {
  const Index n = X_pool.rows(), m = model.n_outputs(), D = model.dim();
  const int K = model.n_classes;
  if (val_dir.rows() != m || val_dir.cols() != D) throw std::invalid_argument("val_dir must have the shape of coef");
  if (X_pool.cols() != model.n_features()) throw std::invalid_argument("X_pool has the wrong number of features");
  // Stacking Θ over S gives logits and z = S x̃ from one thin product per chunk.
  RowMatrixXd G(2 * m, D);
  G.topRows(m) = model.coef;
  G.bottomRows(m) = val_dir;
  constexpr Index chunk = 256;
  const Index n_chunks = (n + chunk - 1) / chunk;
  std::atomic<bool> stop{false};
#pragma omp parallel num_threads(get_num_threads())
  {
    RowMatrixXd Xc, ZZ, Z, P;
    Eigen::VectorXd row(K);
#pragma omp for schedule(static)
    for (Index c = 0; c < n_chunks; ++c) {
      if (stop.load(std::memory_order_relaxed)) continue;
#ifdef _OPENMP
      if (omp_get_thread_num() == 0 && c % 64 == 0 && interrupt_requested()) stop = true;
#else
      if (c % 64 == 0 && interrupt_requested()) stop = true;
#endif
      const Index r0 = c * chunk, r1 = std::min(n, r0 + chunk);
      load_rows(X_pool, r0, r1, model.fit_intercept, Xc);
      ZZ.noalias() = Xc * G.transpose();
      Z = ZZ.leftCols(m);
      probabilities_from_logits(Z, K, P);
      for (Index i = 0; i < r1 - r0; ++i) {
        const double* z = &ZZ(i, m);
        // SPEC §3: sigmoid I = (p − c)·z; softmax I(x, c) = pᵀz − z_c.
        if (K == 2) {
          row[0] = P(i, 1) * z[0];
          row[1] = (P(i, 1) - 1.0) * z[0];
        } else {
          double pz = 0.0;
          for (int k = 0; k < K; ++k) pz += P(i, k) * z[k];
          for (int k = 0; k < K; ++k) row[k] = pz - z[k];
        }
        const Index r = r0 + i;
        if (out.table) std::copy(row.data(), row.data() + K, out.table + r * K);
        if (out.labels || out.scores) {
          int best = 0;
          for (int k = 1; k < K; ++k)
            if (row[k] > row[best]) best = k;
          if (out.labels) out.labels[r] = best;
          if (out.scores) out.scores[r] = row[best];
        }
      }
    }
  }
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
