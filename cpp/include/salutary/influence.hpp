/// @brief Validation direction s = H⁺ g_val and the per-class influence table (maths §3).
#pragma once

#include <cstdint>

#include "salutary/hessian.hpp"

namespace salutary {

/// g_val = Σ_j ∇CE(x_j, y_j) over the validation rows (no penalty).
template <typename T>
RowMatrixXd val_gradient(const LogisticModel& model, const RowsRef<T>& X_val, const LabelsRef& y_val);

/// s = H⁺ g_val, shaped m × D like model.coef.
template <typename T>
RowMatrixXd val_direction(const LogisticModel& model, const HessianFactor& factor,
                          const RowsRef<T>& X_val, const LabelsRef& y_val);

/// Where the table pass writes. Any pointer may be null; non-null ones hold n_pool rows.
struct InfluenceOutputs {
  double* table = nullptr;          ///< n × K, row-major: I(x, c)
  std::int64_t* labels = nullptr;   ///< salutary label ĉ(x) = argmax_c I(x, c), lowest on ties
  double* scores = nullptr;         ///< max_c I(x, c)
};

/// Θ stacked over S without intercepts (2m × d) and their intercepts (2m): one product of a
/// pool row with the stack gives its logits and z = S x̃ (maths §3), on every device.
struct StackedDirections {
  RowMatrixXd G;
  Eigen::RowVectorXd offset;
  /// True asks the CPU table pass to take its products in float32 (maths §6): it builds its own
  /// float32 stack from G (a softmax stack less its last rows, then one rounding). The device
  /// pass is float64 whatever this says.
  bool single = false;
};
StackedDirections stack_directions(const LogisticModel& model, const RowMatrixXd& val_dir);

/// The table pass over a whole pool on the CPU (global rows 0..n-1): z = S x̃ and p(x) from one
/// thin product per window of rows, then influence_row. Extra memory is O(window · (D + K)) per thread.
template <typename T>
void influence_table(const LogisticModel& model, const RowMatrixXd& val_dir,
                     const RowsRef<T>& X_pool, const InfluenceOutputs& out);

}  // namespace salutary
