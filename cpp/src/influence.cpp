#include "salutary/influence.hpp"

#include <stdexcept>

#include "salutary/scoring_backend.hpp"

namespace salutary {

template <typename T>
RowMatrixXd val_gradient(const LogisticModel& model, const RowsRef<T>& X_val, const LabelsRef& y_val) {
  return data_gradient(model, X_val, y_val, VectorRef(Eigen::VectorXd()));
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
  StackedDirections st{RowMatrixXd(2 * m, d), Eigen::RowVectorXd::Zero(2 * m), false};
  st.G.topRows(m) = model.coef.leftCols(d);
  st.G.bottomRows(m) = val_dir.leftCols(d);
  if (model.fit_intercept) st.offset << model.coef.col(d).transpose(), val_dir.col(d).transpose();
  return st;
}

template <typename T>
void influence_table(const LogisticModel& model, const RowMatrixXd& val_dir, const RowsRef<T>& X_pool,
                     const InfluenceOutputs& out) {
  cpu_backend()->table_pass(model, stack_directions(model, val_dir), pool_rows(X_pool), 0, out);
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
