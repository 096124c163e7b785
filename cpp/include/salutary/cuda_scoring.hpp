/// @brief The optional CUDA path (SALUTARY_ENABLE_CUDA): the validation direction with the
/// Hessian assembled by cuBLAS and factored by cuSOLVER, the influence table over the pool in
/// row tiles on the device, and a device top-b with the same seeded tie-break as the CPU.
#pragma once

#include <cstdint>
#include <vector>

#include "salutary/influence.hpp"

namespace salutary::cuda {

/// Number of usable CUDA devices; 0 when there is no driver or device (never throws).
int device_count();

/// s = (H + vvᵀ)⁻¹ g_val on the device for the curvature of the training rows (maths §3):
/// H from one cuBLAS SYRK of U = [p_k x̃] plus the K diagonal-block GEMMs, penalty and damping,
/// then cuSOLVER potrf/potrs. Throws FactorizationError when H is not positive definite.
RowMatrixXd val_direction(const LogisticModel& model, const RowsRef<double>& X_train, const VectorRef& weights,
                          const RowsRef<double>& X_val, const LabelsRef& y_val, double damping);

/// The maths §3 table pass on the device, pool rows uploaded in tiles; any output may be null.
template <typename T>
void influence_table(const LogisticModel& model, const RowMatrixXd& val_dir, const RowsRef<T>& X_pool,
                     const InfluenceOutputs& out);

/// top_b on the device: score descending, then seeded_permutation_key ascending.
std::vector<std::int64_t> top_b(const VectorRef& scores, Index b, std::uint64_t seed);

}  // namespace salutary::cuda
