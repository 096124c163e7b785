#include "salutary/query.hpp"

#include <stdexcept>

namespace salutary {

template <typename TP>
QueryResult salutary_query(const LogisticModel& model, const RowsRef<double>& X_train,
                           const VectorRef& train_weights, const RowsRef<double>& X_val,
                           const LabelsRef& y_val, const RowsRef<TP>& X_pool, Index budget,
                           const QueryOptions& options, double* table) {
  if (budget < 1 || budget > X_pool.rows())
    throw std::invalid_argument("budget must be between 1 and the number of pool rows");
  const InfluenceScorer scorer(model, X_train, train_weights, X_val, y_val, pool_rows(X_pool),
                               ScorerOptions{options.hessian_on, options.damping, options.solver});
  const PartialTopB best = scorer.partial_top_b(pool_rows(X_pool), 0, budget, options.seed, {}, table);
  return QueryResult{best.indices, best.labels, best.scores};
}

template QueryResult salutary_query<float>(const LogisticModel&, const RowsRef<double>&, const VectorRef&,
                                           const RowsRef<double>&, const LabelsRef&, const RowsRef<float>&, Index,
                                           const QueryOptions&, double*);
template QueryResult salutary_query<double>(const LogisticModel&, const RowsRef<double>&, const VectorRef&,
                                            const RowsRef<double>&, const LabelsRef&, const RowsRef<double>&, Index,
                                            const QueryOptions&, double*);

}  // namespace salutary
