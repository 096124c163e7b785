/// @brief The pool's share of the maths §3 Hessian, Σ over pool rows of ∇²CE(x), summed in one
/// fixed order that does not depend on how the pool is cut, streamed or spread over machines.
///
/// The pool is cut into windows of curvature_window_rows rows aligned to global row indices
/// (window w holds rows [w·W, (w+1)·W)). Each window's p × p curvature is summed in row order;
/// windows are then summed over a fixed binary tree: node (level L, index j) covers windows
/// [j·2^L, (j+1)·2^L) and is the sum left child + right child, or the left child alone when the
/// right one lies past the pool's end. A block of windows yields the largest whole nodes inside it
/// (a CurvaturePartial); partials of any cut merge exactly, and finish_curvature completes the
/// tree. So the pool curvature, and the validation direction fitted with it, are the same bits
/// in memory, over streamed blocks, or on any number of workers (maths §7).
#pragma once

#include <vector>

#include "salutary/logistic_model.hpp"
#include "salutary/top_b.hpp"

namespace salutary {

/// Rows per curvature window; block offsets given to curvature_partial are multiples of it.
constexpr Index curvature_window_rows = 8192;

/// One node of the fixed summation tree: the raw curvature sum (lower trapezoid of each block, as
/// accumulated; see finish_curvature) of windows [index·2^level, (index+1)·2^level).
struct CurvatureNode {
  int level = 0;
  Index index = 0;
  Eigen::MatrixXd sum;
  Index first_window() const { return index << level; }
  Index end_window() const { return (index + 1) << level; }
};

/// The whole tree nodes of part of a pool, by first window ascending, no two of them siblings.
using CurvaturePartial = std::vector<CurvatureNode>;

/// The nodes of a block of pool rows whose first row is global row `offset` (a multiple of
/// curvature_window_rows). The block's last window may be short only when the block ends the
/// pool. Rows listed in `exclude` (global, sorted ascending) carry no curvature. Throws
/// invalid_argument for a misaligned offset and for NaN/Inf rows or overflowing logits.
template <typename T>
CurvaturePartial curvature_partial(const LogisticModel& model, const RowsRef<T>& block, Index offset,
                                   const RowExclusion& exclude = {});

/// The partial of the union of two disjoint partials: siblings present in both are summed (left +
/// right), nothing else changes. Exact, associative and commutative.
CurvaturePartial merge_curvature(CurvaturePartial a, CurvaturePartial b);

/// The pool curvature (p × p, symmetric) of a pool of n_rows rows from the partial of all its
/// windows. Throws invalid_argument when a window is missing or covered twice, or the shapes
/// do not match the model.
Eigen::MatrixXd finish_curvature(const LogisticModel& model, CurvaturePartial partial, Index n_rows);

/// curvature_partial of the whole pool at offset 0, finished.
template <typename T>
Eigen::MatrixXd pool_curvature(const LogisticModel& model, const RowsRef<T>& X, const RowExclusion& exclude = {});

}  // namespace salutary
