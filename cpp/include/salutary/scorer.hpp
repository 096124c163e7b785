/// @brief The fitted scorer of maths §7: fitted once (the validation direction), then it scores
/// any number of pool blocks, each named by its global row offset, on the CPU or a device.
#pragma once
#include <memory>

#include "salutary/scoring_backend.hpp"
#include "salutary/top_b.hpp"

namespace salutary {

class InfluenceScorer {
 public:
  /// Fits: s = H⁺ g_val on `backend`. X_pool carries curvature only when options.hessian_on
  /// includes the pool (the scorer is then fitted on that pool, its pool curvature summed on the
  /// CPU by pool_curvature); otherwise it may have no rows.
  InfluenceScorer(const LogisticModel& model, const RowsRef<double>& X_train, const VectorRef& train_weights,
                  const RowsRef<double>& X_val, const LabelsRef& y_val, const PoolRef& X_pool,
                  const ScorerOptions& options, std::shared_ptr<const ScoringBackend> backend = cpu_backend());

  /// Fits with the pool's curvature already summed (pool_curvature.hpp: in memory, over streamed
  /// blocks, or across workers); read only when options.hessian_on includes the pool.
  InfluenceScorer(const LogisticModel& model, const RowsRef<double>& X_train, const VectorRef& train_weights,
                  const RowsRef<double>& X_val, const LabelsRef& y_val, const Eigen::MatrixXd& pool_curvature,
                  const ScorerOptions& options, std::shared_ptr<const ScoringBackend> backend = cpu_backend());

  /// Fits s = H⁺ g for a validation gradient g (m × D) given directly: for example the
  /// validation rows' gradient plus held-out gradients of labeled rows (cross-fitting).
  InfluenceScorer(const LogisticModel& model, const RowsRef<double>& X_train, const VectorRef& train_weights,
                  const RowMatrixXd& g_val, const Eigen::MatrixXd& pool_curvature, const ScorerOptions& options,
                  std::shared_ptr<const ScoringBackend> backend = cpu_backend());

  /// A scorer from its fitted state (for example, shipped to another process as plain arrays).
  InfluenceScorer(const LogisticModel& model, const RowMatrixXd& val_direction, const ScorerOptions& options,
                  const DirectionReport& report = {}, std::shared_ptr<const ScoringBackend> backend = cpu_backend());

  /// The table pass over a block whose first row is global row `offset`; outputs as in
  /// InfluenceOutputs. Bitwise the same rows whatever the cut of the pool.
  void table(const PoolRef& block, Index offset, const InfluenceOutputs& out) const;

  /// The block's best min(budget, eligible) rows by global index, leaving out `exclude`;
  /// with `table` non-null the block's rows × K influence table is written there too.
  PartialTopB partial_top_b(const PoolRef& block, Index offset, Index budget, std::uint64_t seed,
                            const RowExclusion& exclude = {}, double* table = nullptr) const;

  const LogisticModel& model() const { return model_; }
  const RowMatrixXd& val_direction() const { return val_direction_; }
  const ScorerOptions& options() const { return options_; }
  const DirectionReport& report() const { return report_; }
  const ScoringBackend& backend() const { return *backend_; }

 private:
  LogisticModel model_;
  ScorerOptions options_;
  DirectionReport report_;
  RowMatrixXd val_direction_;
  StackedDirections stacked_;
  std::shared_ptr<const ScoringBackend> backend_;
};

}  // namespace salutary
