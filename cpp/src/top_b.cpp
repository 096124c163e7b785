#include "salutary/top_b.hpp"

#include "salutary/tie_break.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace salutary {

std::uint64_t tie_break_key(std::uint64_t seed, std::uint64_t i) { return seeded_permutation_key(seed, i); }

std::vector<std::int64_t> top_b(const VectorRef& scores, Index b, std::uint64_t seed) {
  const Index n = scores.size();
  if (b < 1 || b > n) throw std::invalid_argument("budget must be between 1 and the number of pool rows");
  for (Index i = 0; i < n; ++i)
    if (std::isnan(scores[i])) throw std::invalid_argument("scores contain NaN");
  // A strict total order: score descending, then the seeded permutation.
  const auto before = [&](std::int64_t a, std::int64_t c) {
    if (scores[a] != scores[c]) return scores[a] > scores[c];
    return tie_break_key(seed, std::uint64_t(a)) < tie_break_key(seed, std::uint64_t(c));
  };
  std::vector<std::int64_t> idx(static_cast<std::size_t>(n));
  std::iota(idx.begin(), idx.end(), std::int64_t{0});
  if (b < n) std::nth_element(idx.begin(), idx.begin() + b, idx.end(), before);
  idx.resize(static_cast<std::size_t>(b));
  std::sort(idx.begin(), idx.end(), before);
  return idx;
}

}  // namespace salutary
