/// @brief Private: the row-chunk accumulation behind the maths §3 Hessian, shared by the training
/// rows' Hessian (hessian.cpp) and the windows of the pool curvature (pool_curvature.cpp).
#pragma once

#include "salutary/hessian.hpp"

namespace salutary {

/// Adds the maths §3 curvature of rows [r0, r1) of X to H in the raw tile layout: every block's
/// lower trapezoid (the pair form of small softmax models: its lower triangle), which mirror_block_uppers
/// completes to H's lower triangle. Rows are taken in chunks of 1024 in order; with
/// parallel_tiles each chunk's tiles (or groups of blocks) are spread over the threads, and the
/// bits do not depend on it. Returns false, having stopped, on non-finite logits (the
/// caller raises: this may run in a parallel region). weights may be empty (ones).
template <typename T>
bool accumulate_curvature_rows(const LogisticModel& model, const RowsRef<T>& X, const VectorRef& weights, Index r0,
                               Index r1, bool parallel_tiles, Eigen::MatrixXd& H);

/// Off-diagonal blocks (k > l) lie wholly in H's lower triangle: copies each block's own lower
/// triangle onto its upper one (assignment, so it may follow any number of accumulations).
/// Blocks are spread over the threads; pure copies, so the result is the same for any count.
void mirror_block_uppers(Index m, Index D, Eigen::MatrixXd& H);

/// A's strict upper triangle copied from its strict lower one, in square tiles (a column of a
/// tile read, a row of it written, both in cache), the tiles spread over the threads when
/// `parallel`: the same matrix for any thread count.
void mirror_lower(Eigen::Ref<Eigen::MatrixXd> A, bool parallel);

/// A p × p matrix of zeros, its pages first touched by the threads in parallel (a Hessian of
/// p = 3850 is 119 MB, whose serial zeroing held up the second thread).
Eigen::MatrixXd zero_square(Index p);

}  // namespace salutary
