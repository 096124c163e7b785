#include "salutary/scorer.hpp"

#include <stdexcept>

namespace salutary {

namespace {

std::shared_ptr<const ScoringBackend> checked(std::shared_ptr<const ScoringBackend> backend) {
  if (!backend) throw std::invalid_argument("backend must not be null");
  return backend;
}

}  // namespace

InfluenceScorer::InfluenceScorer(const LogisticModel& model, const RowsRef<double>& X_train,
                                 const VectorRef& train_weights, const RowsRef<double>& X_val, const LabelsRef& y_val,
                                 const PoolRef& X_pool, const ScorerOptions& options,
                                 std::shared_ptr<const ScoringBackend> backend)
    : model_(model), options_(options), backend_(checked(std::move(backend))) {
  model_.validate();
  if (!(options.damping >= 0)) throw std::invalid_argument("damping must be non-negative");
  if (uses_pool(options.hessian_on) && pool_size(X_pool) == 0)
    throw std::invalid_argument("X_pool is required when hessian_on includes the pool");
  val_direction_ = backend_->val_direction(model_, X_train, train_weights, X_val, y_val, X_pool, options_, &report_);
  stacked_ = stack_directions(model_, val_direction_);
}

InfluenceScorer::InfluenceScorer(const LogisticModel& model, const RowMatrixXd& val_direction,
                                 const ScorerOptions& options, const DirectionReport& report,
                                 std::shared_ptr<const ScoringBackend> backend)
    : model_(model), options_(options), report_(report), val_direction_(val_direction),
      backend_(checked(std::move(backend))) {
  model_.validate();
  if (!val_direction_.allFinite()) throw std::invalid_argument("val_direction contains NaN or Inf");
  stacked_ = stack_directions(model_, val_direction_);
}

void InfluenceScorer::table(const PoolRef& block, Index offset, const InfluenceOutputs& out) const {
  if (offset < 0) throw std::invalid_argument("offset must be non-negative");
  backend_->table_pass(model_, stacked_, block, offset, out);
}

PartialTopB InfluenceScorer::partial_top_b(const PoolRef& block, Index offset, Index budget, std::uint64_t seed,
                                           const RowExclusion& exclude, double* table_out) const {
  if (budget < 1) throw std::invalid_argument("budget must be at least 1");
  const Index n = pool_size(block);
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> labels(n);
  Eigen::VectorXd scores(n);
  table(block, offset, InfluenceOutputs{table_out, labels.data(), scores.data()});
  return salutary::partial_top_b(scores, labels.data(), offset, budget, seed, exclude);
}

}  // namespace salutary
