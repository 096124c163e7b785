/// @brief Private: the core's one parallel pass over rows, and the two row layouts built on it.
///
/// Every pass over rows (reductions, probabilities, the influence table) runs through
/// for_each_chunk: one chunk size rule (reduction_chunk_rows, a function of the row count
/// alone), one non-finite flag and one interrupt poll.
#pragma once

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include "salutary/errors.hpp"
#include "salutary/logistic_model.hpp"
#include "salutary/parallel.hpp"
#include "parallel_for.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace salutary {

/// A NaN or Inf in a row makes every logit of the row non-finite (x·0 is NaN too), so the
/// logits check the rows on the way; finite rows can also overflow them. Either is refused.
inline void throw_non_finite_rows() {
  throw std::invalid_argument("X contains NaN or Inf, or its logits overflow float64 (rescale the features)");
}

/// Whether n contiguous values are all finite: x − x summed is zero unless some x is NaN or
/// Inf. Vectorised, where Eigen's allFinite tests one value at a time.
template <typename Scalar>
bool values_finite(const Scalar* values, Index n) {
  const Eigen::Map<const Eigen::Array<Scalar, Eigen::Dynamic, 1>> a(values, n);
  return (a - a).sum() == 0;
}

/// Whether every value of X's rows is finite: values_finite over the block when its rows are
/// contiguous, else row by row.
template <typename T>
bool rows_finite(const RowsRef<T>& X) {
  if (X.outerStride() == X.cols()) return values_finite(X.data(), X.size());
  for (Index i = 0; i < X.rows(); ++i)
    if (!values_finite(X.row(i).data(), X.cols())) return false;
  return true;
}

/// Chunks of a pass over n rows: reduction_chunk_rows(n) rows each.
inline Index row_chunk_count(Index n) {
  const Index chunk = reduction_chunk_rows(n);
  return (n + chunk - 1) / chunk;
}

/// Runs visit(c, scratch) for c in [0, n_chunks), chunks spread over the threads, with one
/// Scratch per thread. The calling thread polls for an interrupt after every poll_every of its
/// chunks: a short pass (a CG product over a few hundred rows) never pays for the poll.
/// visit returns false on non-finite data; the pass then stops and returns false. Exceptions
/// may not leave an OpenMP region, so both outcomes are reported after it.
template <typename Scratch, typename Visit>
bool for_each_chunk(Index n_chunks, double work, Visit&& visit) {
  constexpr Index poll_every = 8;
  std::atomic<bool> stop{false}, non_finite{false};
  struct Chunks {
    Scratch scratch;
    Index visited = 0;
  };
  parallel_for_each<Chunks>(n_chunks, threads_for(work), [&](Index c, Chunks& own) {
    if (stop.load(std::memory_order_relaxed) || non_finite.load(std::memory_order_relaxed)) return;
#ifdef _OPENMP
    const bool caller = omp_get_thread_num() == 0;  // 0 outside a region too
#else
    const bool caller = true;
#endif
    if (caller && ++own.visited % poll_every == 0 && interrupt_requested()) {
      stop = true;
      return;
    }
    if (!visit(c, own.scratch)) non_finite = true;
  });
  if (stop) throw Interrupted();
  return !non_finite;
}

/// Rows [r0, r1) of X in float64 for the thin products (thin_products.hpp): float64 rows in
/// place, float32 ones widened into scratch. Returns the first row and the row stride.
template <typename T>
std::pair<const double*, Index> rows_in_float64(const RowsRef<T>& X, Index r0, Index r1, RowMatrixXd& scratch) {
  if constexpr (std::is_same_v<T, double>) {
    return {X.row(r0).data(), X.outerStride()};
  } else {
    scratch = X.middleRows(r0, r1 - r0).template cast<double>();
    return {scratch.data(), X.cols()};
  }
}

/// Buffers of one thread's row blocks: x̃ in float64, logits, probabilities.
struct RowBlockScratch {
  RowMatrixXd Xc, Z, P;
};

/// The reduction layout: chunk c holds rows [c·chunk, (c+1)·chunk), visited as blocks of at
/// most 256 rows in order, as load(chunk, r0, r1, scratch) -> false on non-finite data, where
/// the caller fills what it needs of the scratch. Callers keep one partial per chunk and sum
/// them in chunk order afterwards: the same bits for any thread count.
template <typename Scratch, typename Load>
bool for_each_reduction_block(Index n, double work, Load&& load) {
  const Index chunk = reduction_chunk_rows(n);
  return for_each_chunk<Scratch>(row_chunk_count(n), work, [&](Index c, Scratch& s) {
    const Index c1 = std::min(n, (c + 1) * chunk);
    for (Index r0 = c * chunk; r0 < c1; r0 += 256)
      if (!load(c, r0, std::min(c1, r0 + 256), s)) return false;
    return true;
  });
}

/// The reduction layout with the rows' x̃, logits and probabilities, as visit(chunk, r0, Xc, Z, P).
template <typename T, typename Visit>
void for_each_row_block(const LogisticModel& model, const RowsRef<T>& X, Visit&& visit) {
  const Index n = X.rows();
  const double work = double(n) * model.dim() * (model.n_outputs() + 1);
  const bool finite = for_each_reduction_block<RowBlockScratch>(n, work, [&](Index c, Index r0, Index r1,
                                                                              RowBlockScratch& s) {
    load_rows(X, r0, r1, model.fit_intercept, s.Xc);
    s.Z.noalias() = s.Xc * model.coef.transpose();
    if (!values_finite(s.Z.data(), s.Z.size())) return false;
    probabilities_from_logits(s.Z, model.n_classes, s.P);
    visit(c, r0, s.Xc, s.Z, s.P);
    return true;
  });
  if (!finite) throw_non_finite_rows();
}

/// Σ over the rows of an m × D contribution: add(r0, Xc, P, part) adds one block's share to
/// its chunk's partial; partials are summed in chunk order (thread-count independent).
template <typename T, typename Add>
RowMatrixXd sum_row_blocks(const LogisticModel& model, const RowsRef<T>& X, Add&& add) {
  const RowMatrixXd zero = RowMatrixXd::Zero(model.n_outputs(), model.dim());
  std::vector<RowMatrixXd> parts(row_chunk_count(X.rows()), zero);
  for_each_row_block(model, X, [&](Index c, Index r0, const RowMatrixXd& Xc, const RowMatrixXd&,
                                   const RowMatrixXd& P) { add(r0, Xc, P, parts[c]); });
  RowMatrixXd total = zero;
  for (const auto& part : parts) total += part;
  return total;
}

/// The position-independent layout: windows of window_rows rows aligned to global row indices
/// (window w holds global rows [w·window_rows, (w+1)·window_rows)). A block starting at global
/// row `offset` is visited window by window as visit(window_start, r0, r1, scratch): its local
/// rows [r0, r1) sit at positions offset + r0 − window_start … of the window. Computing every
/// window at full width (padded) makes each row's arithmetic depend on its values and its global
/// position alone, so any cut of a pool gives the same bits (maths §7).
constexpr Index window_rows = 512;

template <typename Scratch, typename Visit>
bool for_each_window(Index n, Index offset, double work, Visit&& visit) {
  if (n == 0) return true;
  const Index first = offset / window_rows, last = (offset + n - 1) / window_rows + 1;
  const Index per_chunk = std::max<Index>(1, reduction_chunk_rows(n) / window_rows);
  const Index n_chunks = (last - first + per_chunk - 1) / per_chunk;
  return for_each_chunk<Scratch>(n_chunks, work, [&](Index c, Scratch& s) {
    for (Index w = first + c * per_chunk; w < std::min(last, first + (c + 1) * per_chunk); ++w) {
      const Index start = w * window_rows;
      const Index r0 = std::max<Index>(0, start - offset), r1 = std::min(n, start + window_rows - offset);
      if (!visit(start, r0, r1, s)) return false;
    }
    return true;
  });
}

}  // namespace salutary
