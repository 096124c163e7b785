/// @brief Matrix aliases shared by the core: row-major views over caller-owned rows.
#pragma once

#include <Eigen/Core>
#include <cstdint>

namespace salutary {

using Index = Eigen::Index;

template <typename T>
using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

using RowMatrixXd = RowMatrix<double>;

/// Read-only view of n rows × d features, rows contiguous (a C-ordered numpy array).
template <typename T>
using RowsRef = Eigen::Ref<const RowMatrix<T>, 0, Eigen::OuterStride<>>;

using VectorRef = Eigen::Ref<const Eigen::VectorXd>;
using LabelsRef = Eigen::Ref<const Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>>;

}  // namespace salutary
