/// @brief One salutary query: Hessian, factor, validation direction, table and top-b together.
#pragma once

#include <optional>

#include "salutary/influence.hpp"
#include "salutary/top_b.hpp"

namespace salutary {

struct QueryOptions {
  HessianOn hessian_on = HessianOn::train;
  double damping = 0.0;
  std::uint64_t seed = 0;
};

struct QueryResult {
  std::vector<std::int64_t> indices;  ///< rows of X_pool, descending score
  std::vector<std::int64_t> labels;   ///< salutary class indices of those rows
  std::vector<double> scores;
};

/// The SPEC §3 Hessian over the rows `hessian_on` names (train rows weighted by
/// train_weights, pool rows by 1), with penalty and damping, before the null completion.
template <typename TT, typename TP>
Eigen::MatrixXd assemble_hessian(const LogisticModel& model, const RowsRef<TT>& X_train,
                                 const VectorRef& train_weights, const RowsRef<TP>& X_pool,
                                 HessianOn hessian_on, double damping);

/// assemble_hessian, factored in place.
template <typename TT, typename TP>
HessianFactor factor_hessian(const LogisticModel& model, const RowsRef<TT>& X_train,
                             const VectorRef& train_weights, const RowsRef<TP>& X_pool,
                             HessianOn hessian_on, double damping);

/// The salutary query of SPEC §3: the budget rows with the highest score and their salutary
/// labels. When `table` is non-null the n_pool × K influence table is written there (row-major).
template <typename TT, typename TV, typename TP>
QueryResult salutary_query(const LogisticModel& model, const RowsRef<TT>& X_train,
                           const VectorRef& train_weights, const RowsRef<TV>& X_val,
                           const LabelsRef& y_val, const RowsRef<TP>& X_pool, Index budget,
                           const QueryOptions& options, double* table = nullptr);

}  // namespace salutary
