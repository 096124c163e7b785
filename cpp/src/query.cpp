#include "salutary/query.hpp"

namespace salutary {

template <typename TT, typename TP>
Eigen::MatrixXd assemble_hessian(const LogisticModel& model, const RowsRef<TT>& X_train,
                                 const VectorRef& train_weights, const RowsRef<TP>& X_pool,
                                 HessianOn hessian_on, double damping) {
  if (!(damping >= 0)) throw std::invalid_argument("damping must be non-negative");
  const Index p = model.n_params();
  Eigen::MatrixXd H = Eigen::MatrixXd::Zero(p, p);
  if (uses_train(hessian_on)) accumulate_hessian(model, X_train, train_weights, H);
  if (uses_pool(hessian_on)) accumulate_hessian(model, X_pool, VectorRef(Eigen::VectorXd()), H);
  finish_hessian(model, damping, H);
  return H;
}

template <typename TT, typename TP>
HessianFactor factor_hessian(const LogisticModel& model, const RowsRef<TT>& X_train,
                             const VectorRef& train_weights, const RowsRef<TP>& X_pool,
                             HessianOn hessian_on, double damping) {
  return HessianFactor(model, assemble_hessian(model, X_train, train_weights, X_pool, hessian_on, damping));
}

template <typename TT, typename TV, typename TP>
QueryResult salutary_query(const LogisticModel& model, const RowsRef<TT>& X_train,
                           const VectorRef& train_weights, const RowsRef<TV>& X_val,
                           const LabelsRef& y_val, const RowsRef<TP>& X_pool, Index budget,
                           const QueryOptions& options, double* table) {
  model.validate();
  const Index n = X_pool.rows();
  if (budget < 1 || budget > n) throw std::invalid_argument("budget must be between 1 and the number of pool rows");
  const HessianFactor factor = factor_hessian(model, X_train, train_weights, X_pool, options.hessian_on, options.damping);
  const RowMatrixXd s = val_direction(model, factor, X_val, y_val);
  QueryResult result;
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> labels(n);
  Eigen::VectorXd scores(n);
  influence_table(model, s, X_pool, InfluenceOutputs{table, labels.data(), scores.data()});
  result.indices = top_b(scores, budget, options.seed);
  for (const std::int64_t i : result.indices) {
    result.labels.push_back(labels[i]);
    result.scores.push_back(scores[i]);
  }
  return result;
}

#define SALUTARY_INSTANTIATE_FACTOR(TT, TP)                                                               \
  template Eigen::MatrixXd assemble_hessian<TT, TP>(const LogisticModel&, const RowsRef<TT>&,               \
                                                    const VectorRef&, const RowsRef<TP>&, HessianOn, double); \
  template HessianFactor factor_hessian<TT, TP>(const LogisticModel&, const RowsRef<TT>&, const VectorRef&, \
                                                const RowsRef<TP>&, HessianOn, double);
#define SALUTARY_INSTANTIATE_QUERY(TT, TV, TP)                                                             \
  template QueryResult salutary_query<TT, TV, TP>(const LogisticModel&, const RowsRef<TT>&, const VectorRef&, \
                                                  const RowsRef<TV>&, const LabelsRef&, const RowsRef<TP>&,   \
                                                  Index, const QueryOptions&, double*);
SALUTARY_INSTANTIATE_FACTOR(float, float)
SALUTARY_INSTANTIATE_FACTOR(float, double)
SALUTARY_INSTANTIATE_FACTOR(double, float)
SALUTARY_INSTANTIATE_FACTOR(double, double)
SALUTARY_INSTANTIATE_QUERY(double, double, double)
SALUTARY_INSTANTIATE_QUERY(double, double, float)
SALUTARY_INSTANTIATE_QUERY(float, float, float)
#undef SALUTARY_INSTANTIATE_FACTOR
#undef SALUTARY_INSTANTIATE_QUERY

}  // namespace salutary
