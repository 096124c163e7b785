/// @brief Top-b selection with a seeded tie-break (maths §3 "Selection").
#pragma once

#include <cstdint>
#include <vector>

#include "salutary/matrix_views.hpp"

namespace salutary {

/// Position of row i in the seeded tie-break permutation: a bijection of i, so equal
/// scores are ordered by a permutation drawn from `seed`.
std::uint64_t tie_break_key(std::uint64_t seed, std::uint64_t i);

/// Indices of the b highest scores, in descending order; equal scores ordered by
/// tie_break_key. O(n + b log b); the order is total, so any thread count agrees.
/// Throws std::invalid_argument for b outside [1, n] or a NaN score.
std::vector<std::int64_t> top_b(const VectorRef& scores, Index b, std::uint64_t seed);

}  // namespace salutary
