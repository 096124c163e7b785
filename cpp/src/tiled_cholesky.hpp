/// @brief Private: in-place Cholesky of a dense SPD matrix, parallel over tiles.
#pragma once

#include <Eigen/Core>

namespace salutary {

/// Overwrites the lower triangle of A (p × p) with L, A = L Lᵀ, by a right-looking tiled
/// algorithm: factor a diagonal tile, solve the panel below it, update the trailing tiles.
/// Each tile is written by one thread at each step, so the bits do not depend on the
/// thread count. Returns false when a diagonal tile is not positive definite.
bool tiled_cholesky(Eigen::MatrixXd& A);

}  // namespace salutary
