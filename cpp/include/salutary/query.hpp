/// @brief One salutary query over a whole pool (maths §3): a scorer fitted and applied at once.
#pragma once
#include <vector>

#include "salutary/scorer.hpp"

namespace salutary {

struct QueryOptions {
  HessianOn hessian_on = HessianOn::train;
  double damping = 0.0;
  std::uint64_t seed = 0;
  DirectionSolver solver = DirectionSolver::automatic;
};

struct QueryResult {
  std::vector<std::int64_t> indices;  ///< rows of X_pool, descending score
  std::vector<std::int64_t> labels;   ///< salutary class indices of those rows
  std::vector<double> scores;
};

/// The budget rows with the highest salutary score and their salutary labels. When `table` is
/// non-null the n_pool × K influence table is written there (row-major). The same as fitting an
/// InfluenceScorer and taking partial_top_b of the whole pool at offset 0.
template <typename TP>
QueryResult salutary_query(const LogisticModel& model, const RowsRef<double>& X_train,
                           const VectorRef& train_weights, const RowsRef<double>& X_val,
                           const LabelsRef& y_val, const RowsRef<TP>& X_pool, Index budget,
                           const QueryOptions& options, double* table = nullptr);

}  // namespace salutary
