/// @brief Matrix aliases shared by the core: row-major views over caller-owned rows.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <stdexcept>

namespace salutary {

using Index = Eigen::Index;

/// Global row indices of a pool stay below 2⁶², so that every window computation on them
/// (offset + rows, window · width + width) fits a signed 64-bit index.
constexpr Index max_global_rows = Index(1) << 62;

/// A block's global rows [offset, offset + n_rows): refused unless 0 ≤ offset and
/// offset + n_rows ≤ max_global_rows (found by the sanitized fuzzer: an offset near 2⁶³ overflowed).
inline void check_block_offset(Index offset, Index n_rows) {
  if (offset < 0 || n_rows < 0 || offset > max_global_rows - n_rows)
    throw std::invalid_argument("offset must be non-negative, and offset plus the block's rows at most 2^62");
}

template <typename T>
using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

using RowMatrixXd = RowMatrix<double>;

/// Read-only view of n rows × d features, rows contiguous (a C-ordered numpy array).
template <typename T>
using RowsRef = Eigen::Ref<const RowMatrix<T>, 0, Eigen::OuterStride<>>;

using VectorRef = Eigen::Ref<const Eigen::VectorXd>;
using LabelsRef = Eigen::Ref<const Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>>;

}  // namespace salutary
