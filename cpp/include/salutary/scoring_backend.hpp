/// @brief The interface a device implements for a fitted scorer: the validation direction and the
/// table pass over a block of pool rows. The CPU implements it here; the CUDA build adds another.
#pragma once
#include <memory>
#include <string>
#include <variant>

#include "salutary/direction.hpp"
#include "salutary/influence.hpp"

namespace salutary {

/// Pool rows in the dtype they arrived in: float32 or float64, read in place.
using PoolRef = std::variant<RowsRef<float>, RowsRef<double>>;
inline PoolRef pool_rows(const RowsRef<float>& X) { return PoolRef(std::in_place_index<0>, X); }
inline PoolRef pool_rows(const RowsRef<double>& X) { return PoolRef(std::in_place_index<1>, X); }
inline Index pool_size(const PoolRef& X) { return std::visit([](const auto& r) { return Index(r.rows()); }, X); }

/// The arithmetic of the table pass's product z = X·Gᵀ (maths §6). float64 (the default) reads
/// every pool value into float64; float32 multiplies in float32 (a float64 pool is rounded to
/// float32 window by window), then carries the products to float64 for everything after them.
/// The CPU pass honours it; the device pass is float64 whatever it says.
enum class PoolPrecision { float64, float32 };
/// "float64" or "float32"; anything else is invalid_argument naming precision.
PoolPrecision parse_pool_precision(const std::string& name);
/// The name parse_pool_precision reads.
const char* pool_precision_name(PoolPrecision precision);

/// What a scorer is fitted with besides the rows (maths §3, §6, §7).
struct ScorerOptions {
  HessianOn hessian_on = HessianOn::train;
  double damping = 0.0;
  DirectionSolver solver = DirectionSolver::automatic;
  CgPreconditioner cg_preconditioner = CgPreconditioner::jacobi;  ///< CG's preconditioner (maths §3)
  PoolPrecision precision = PoolPrecision::float64;                ///< the table pass's product (maths §6)
};

class ScoringBackend {
 public:
  virtual ~ScoringBackend() = default;
  /// "cpu" or "cuda".
  virtual std::string name() const = 0;
  /// s = H⁺ g_val (m × D) for the validation gradient g_val (m × D, maths §3), with the
  /// curvature options.hessian_on names: the training rows, and the pool as its pool curvature
  /// (p × p, pool_curvature.hpp; empty when the pool is not among them). Fills *report when non-null.
  virtual RowMatrixXd val_direction(const LogisticModel& model, const RowsRef<double>& X_train,
                                    const VectorRef& train_weights, const RowMatrixXd& g_val,
                                    const Eigen::MatrixXd& pool_curvature, const ScorerOptions& options,
                                    DirectionReport* report) const = 0;
  /// The maths §3 table pass over a block whose first row is global row `offset`: each row's
  /// result depends on its values and global index only. Any output may be null; non-null ones
  /// hold block rows. Throws invalid_argument for NaN/Inf rows, overflow_error on overflow.
  virtual void table_pass(const LogisticModel& model, const StackedDirections& directions, const PoolRef& block,
                          Index offset, const InfluenceOutputs& out) const = 0;
};

/// The CPU implementation (OpenMP across cores).
std::shared_ptr<const ScoringBackend> cpu_backend();

}  // namespace salutary
