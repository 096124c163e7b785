/// @brief Private: the chunked pass over rows that every reduction in the core shares.
#pragma once

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <vector>

#include "salutary/logistic_model.hpp"
#include "salutary/parallel.hpp"

namespace salutary {

/// A NaN or Inf in a row makes every logit of the row non-finite (x·0 is NaN too), so the
/// logits check the rows on the way; finite rows can also overflow them. Either is refused.
inline void throw_non_finite_rows() {
  throw std::invalid_argument("X contains NaN or Inf, or its logits overflow float64 (rescale the features)");
}

/// Chunk count for_each_row_block uses on n rows, to size per-chunk partials.
inline Index row_chunk_count(Index n) {
  const Index chunk = reduction_chunk_rows(n);
  return (n + chunk - 1) / chunk;
}

/// Splits X into row_chunk_count(n) reduction chunks, spread over threads, and calls
/// visit(chunk, r0, Xc, Z, P) for each block of at most 256 rows, in order within a
/// chunk: Xc holds x̃ in float64, Z the logits, P the class probabilities. Callers keep
/// one partial per chunk and sum them in chunk order afterwards, which makes the result
/// the same for any thread count.
template <typename T, typename Visit>
void for_each_row_block(const LogisticModel& model, const RowsRef<T>& X, Visit&& visit) {
  const Index n = X.rows(), chunk = reduction_chunk_rows(n), n_chunks = row_chunk_count(n);
  const double work = double(n) * model.dim() * (model.n_outputs() + 1);
  std::atomic<bool> non_finite{false};
#pragma omp parallel num_threads(threads_for(work))
  {
    RowMatrixXd Xc, Z, P;
#pragma omp for schedule(dynamic)
    for (Index c = 0; c < n_chunks; ++c) {
      const Index c1 = std::min(n, (c + 1) * chunk);
      for (Index r0 = c * chunk; r0 < c1 && !non_finite.load(std::memory_order_relaxed); r0 += 256) {
        load_rows(X, r0, std::min(c1, r0 + 256), model.fit_intercept, Xc);
        Z.noalias() = Xc * model.coef.transpose();
        if (!Z.allFinite()) {
          non_finite = true;  // an exception may not leave an OpenMP region: raised after it
          break;
        }
        probabilities_from_logits(Z, model.n_classes, P);
        visit(c, r0, Xc, Z, P);
      }
    }
  }
  if (non_finite) throw_non_finite_rows();
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

}  // namespace salutary
