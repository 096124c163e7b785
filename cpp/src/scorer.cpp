#include "salutary/scorer.hpp"

#include <algorithm>
#include <stdexcept>

#include "salutary/pool_curvature.hpp"

namespace salutary {

namespace {

// The pool's curvature when the options use it; empty otherwise.
Eigen::MatrixXd curvature_of(const LogisticModel& model, const PoolRef& X_pool, const ScorerOptions& options) {
  if (!uses_pool(options.hessian_on)) return {};
  if (pool_size(X_pool) == 0) throw std::invalid_argument("X_pool is required when hessian_on includes the pool");
  model.validate();
  return std::visit([&](const auto& rows) { return pool_curvature(model, rows); }, X_pool);
}

// The validation rows' gradient, after the model is checked (the rows are checked as they are read).
RowMatrixXd validated_gradient(const LogisticModel& model, const RowsRef<double>& X_val, const LabelsRef& y_val) {
  model.validate();
  return val_gradient(model, X_val, y_val);
}

// The directions the table pass multiplies by, marked for the float32 pass when the options ask for it.
StackedDirections stacked_for(const LogisticModel& model, const RowMatrixXd& val_direction,
                              const ScorerOptions& options) {
  StackedDirections stacked = stack_directions(model, val_direction);
  stacked.single = options.precision == PoolPrecision::float32;
  return stacked;
}

std::shared_ptr<const ScoringBackend> checked(std::shared_ptr<const ScoringBackend> backend) {
  if (!backend) throw std::invalid_argument("backend must not be null");
  return backend;
}

}  // namespace

PoolPrecision parse_pool_precision(const std::string& name) {
  if (name == "float64") return PoolPrecision::float64;
  if (name == "float32") return PoolPrecision::float32;
  throw std::invalid_argument("precision must be 'float64' or 'float32', got '" + name + "'");
}

const char* pool_precision_name(PoolPrecision precision) {
  return precision == PoolPrecision::float32 ? "float32" : "float64";
}

InfluenceScorer::InfluenceScorer(const LogisticModel& model, const RowsRef<double>& X_train,
                                 const VectorRef& train_weights, const RowsRef<double>& X_val, const LabelsRef& y_val,
                                 const PoolRef& X_pool, const ScorerOptions& options,
                                 std::shared_ptr<const ScoringBackend> backend)
    : InfluenceScorer(model, X_train, train_weights, X_val, y_val, curvature_of(model, X_pool, options), options,
                      std::move(backend)) {}

InfluenceScorer::InfluenceScorer(const LogisticModel& model, const RowsRef<double>& X_train,
                                 const VectorRef& train_weights, const RowsRef<double>& X_val, const LabelsRef& y_val,
                                 const Eigen::MatrixXd& pool_curvature, const ScorerOptions& options,
                                 std::shared_ptr<const ScoringBackend> backend)
    : InfluenceScorer(model, X_train, train_weights, validated_gradient(model, X_val, y_val), pool_curvature, options,
                      std::move(backend)) {}

InfluenceScorer::InfluenceScorer(const LogisticModel& model, const RowsRef<double>& X_train,
                                 const VectorRef& train_weights, const RowMatrixXd& g_val,
                                 const Eigen::MatrixXd& pool_curvature, const ScorerOptions& options,
                                 std::shared_ptr<const ScoringBackend> backend)
    : model_(model), options_(options), backend_(checked(std::move(backend))) {
  model_.validate();
  if (!(options.damping >= 0)) throw std::invalid_argument("damping must be non-negative");
  const Index p = model_.n_params();
  if (uses_pool(options.hessian_on) && (pool_curvature.rows() != p || pool_curvature.cols() != p))
    throw std::invalid_argument("pool_curvature must be n_params × n_params when hessian_on includes the pool");
  if (uses_pool(options.hessian_on) && !pool_curvature.allFinite())
    throw std::invalid_argument("pool_curvature contains NaN or Inf");
  val_direction_ = backend_->val_direction(model_, X_train, train_weights, g_val, pool_curvature, options_, &report_);
  stacked_ = stacked_for(model_, val_direction_, options_);
}

InfluenceScorer::InfluenceScorer(const LogisticModel& model, const RowMatrixXd& val_direction,
                                 const ScorerOptions& options, const DirectionReport& report,
                                 std::shared_ptr<const ScoringBackend> backend)
    : model_(model), options_(options), report_(report), val_direction_(val_direction),
      backend_(checked(std::move(backend))) {
  model_.validate();
  if (!val_direction_.allFinite()) throw std::invalid_argument("val_direction contains NaN or Inf");
  stacked_ = stacked_for(model_, val_direction_, options_);
}

void InfluenceScorer::table(const PoolRef& block, Index offset, const InfluenceOutputs& out) const {
  check_block_offset(offset, pool_size(block));
  backend_->table_pass(model_, stacked_, block, offset, out);
}

PartialTopB InfluenceScorer::partial_top_b(const PoolRef& block, Index offset, Index budget, std::uint64_t seed,
                                           const RowExclusion& exclude, double* table_out) const {
  if (budget < 1) throw std::invalid_argument("budget must be at least 1");
  check_block_offset(offset, pool_size(block));
  // Slices of the block are scored and reduced to their best rows one at a time, then merged
  // (exactly): the scores and labels held at once are a slice's, not the block's.
  constexpr Index slice_rows = Index(1) << 17;
  const Index n = pool_size(block), K = model_.n_classes;
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> labels(std::min(n, slice_rows));
  Eigen::VectorXd scores(std::min(n, slice_rows));
  PartialTopB best = salutary::partial_top_b(scores.head(0), labels.data(), offset, budget, seed, exclude);
  for (Index s0 = 0; s0 < n; s0 += slice_rows) {
    const Index rows = std::min(slice_rows, n - s0);
    const PoolRef slice = std::visit([&](const auto& X) { return pool_rows(X.middleRows(s0, rows)); }, block);
    auto slice_labels = labels.head(rows);
    auto slice_scores = scores.head(rows);
    table(slice, offset + s0, InfluenceOutputs{table_out ? table_out + s0 * K : nullptr, slice_labels.data(),
                                               slice_scores.data()});
    best = merge_top_b(best, salutary::partial_top_b(slice_scores, slice_labels.data(), offset + s0, budget, seed,
                                                     exclude));
  }
  return best;
}

}  // namespace salutary
