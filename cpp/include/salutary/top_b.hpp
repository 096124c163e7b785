/// @brief Top-b selection with the seeded tie-break (maths §3 "Selection"), by block (maths §7):
/// a block's partial top-b by global row index, and the associative merge of partials.
#pragma once
#include <cstdint>
#include <vector>

#include "salutary/matrix_views.hpp"
#include "salutary/tie_break.hpp"

namespace salutary {

/// The best rows of part of a pool, best first: score descending, then tie_break_key ascending.
/// Rows are named by global index, so partials of any cut of the pool merge into the one-call result.
struct PartialTopB {
  std::vector<double> scores;
  std::vector<std::uint64_t> keys;     ///< tie_break_key(seed, index)
  std::vector<std::int64_t> indices;   ///< global pool rows
  std::vector<std::int64_t> labels;    ///< salutary class indices (empty for a plain top_b)
  Index budget = 0;                    ///< at most this many rows are kept
  std::uint64_t seed = 0;
  Index size() const { return static_cast<Index>(indices.size()); }
};

/// Throws std::invalid_argument unless p is a well-formed partial: arrays of one length (labels
/// may be empty), at most budget rows, keys equal to tie_break_key(seed, index), rows in
/// selection order and no NaN score. For partials that arrive from outside (a state file, a worker).
void validate_partial_top_b(const PartialTopB& p);

/// Sorted, unique global row indices to leave out of a selection (rows already taken).
using RowExclusion = std::vector<std::int64_t>;

/// The best min(budget, eligible) rows of a block: scores[i] (and labels[i], when non-null) of
/// global row offset + i, leaving out the rows listed in `exclude`. O(n + b log b).
/// Throws std::invalid_argument for budget < 1, a NaN score or an unsorted exclusion list.
PartialTopB partial_top_b(const VectorRef& scores, const std::int64_t* labels, Index offset, Index budget,
                          std::uint64_t seed, const RowExclusion& exclude = {});

/// The best rows of the union of two partials, in the same order. Associative and commutative,
/// so any tree of merges over any cut of the pool gives the one-call result bit for bit.
/// Throws std::invalid_argument when their seeds or budgets differ or they share a row.
PartialTopB merge_top_b(const PartialTopB& a, const PartialTopB& b);

/// Indices of the b highest scores, in descending order, equal scores ordered by tie_break_key.
/// Throws std::invalid_argument for b outside [1, n] or a NaN score.
std::vector<std::int64_t> top_b(const VectorRef& scores, Index b, std::uint64_t seed);

}  // namespace salutary
