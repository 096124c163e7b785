#include "salutary/top_b.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace salutary {

namespace {

// The selection order of maths §3: score descending, then the seeded key ascending. Total,
// because keys are a bijection of the global index.
struct Candidate {
  double score;
  std::uint64_t key;
  std::int64_t index;
  std::int64_t label;
};

bool before(const Candidate& a, const Candidate& b) {
  if (a.score != b.score) return a.score > b.score;
  return a.key < b.key;
}

PartialTopB to_partial(const std::vector<Candidate>& best, Index budget, std::uint64_t seed, bool with_labels) {
  PartialTopB out;
  out.budget = budget, out.seed = seed;
  for (const Candidate& c : best) {
    out.scores.push_back(c.score);
    out.keys.push_back(c.key);
    out.indices.push_back(c.index);
    if (with_labels) out.labels.push_back(c.label);
  }
  return out;
}

void check_budget(Index budget) {
  if (budget < 1) throw std::invalid_argument("budget must be at least 1");
}

}  // namespace

PartialTopB partial_top_b(const VectorRef& scores, const std::int64_t* labels, Index offset, Index budget,
                          std::uint64_t seed, const RowExclusion& exclude) {
  check_budget(budget);
  check_block_offset(offset, scores.size());
  if (!std::is_sorted(exclude.begin(), exclude.end()))
    throw std::invalid_argument("exclude must be sorted (the Python layer sorts it)");
  const Index n = scores.size();
  const auto order = [&](std::int64_t a, std::int64_t c) {
    if (scores[a] != scores[c]) return scores[a] > scores[c];
    return tie_break_key(seed, std::uint64_t(offset + a)) < tie_break_key(seed, std::uint64_t(offset + c));
  };
  // One pass with the best rows so far in a heap, worst on top: a row scoring below the worst
  // is passed over by one comparison (keys are computed only on ties), so the pass costs about
  // n comparisons plus a few b·log(n/b) heap updates, where sorting the eligible rows' positions
  // took 14 ms at n = 2·10⁶, b = 1000.
  const std::size_t limit = static_cast<std::size_t>(budget);
  std::vector<std::int64_t> rows;
  rows.reserve(std::min<std::size_t>(limit, static_cast<std::size_t>(n)));
  auto skip = std::lower_bound(exclude.begin(), exclude.end(), offset);
  for (Index i = 0; i < n; ++i) {
    const double score = scores[i];
    if (std::isnan(score)) throw std::invalid_argument("scores contain NaN");
    if (rows.size() == limit && score < scores[rows.front()]) continue;
    // Excluded rows of this block form one sorted run, walked beside the rows.
    while (skip != exclude.end() && *skip < offset + i) ++skip;
    if (skip != exclude.end() && *skip == offset + i) continue;
    if (rows.size() < limit) {
      rows.push_back(i);
      std::push_heap(rows.begin(), rows.end(), order);
    } else if (order(i, rows.front())) {
      std::pop_heap(rows.begin(), rows.end(), order);
      rows.back() = i;
      std::push_heap(rows.begin(), rows.end(), order);
    }
  }
  const std::size_t keep = rows.size();
  std::sort(rows.begin(), rows.end(), order);
  std::vector<Candidate> best;
  best.reserve(keep);
  for (const std::int64_t i : rows)
    best.push_back({scores[i], tie_break_key(seed, std::uint64_t(offset + i)), offset + i, labels ? labels[i] : 0});
  return to_partial(best, budget, seed, labels != nullptr);
}

void validate_partial_top_b(const PartialTopB& p) {
  const std::size_t n = p.indices.size();
  if (p.scores.size() != n || p.keys.size() != n || (p.labels.size() != n && !p.labels.empty()))
    throw std::invalid_argument("PartialTopB arrays must have one length (labels may be empty)");
  check_budget(p.budget);
  if (static_cast<Index>(n) > p.budget) throw std::invalid_argument("PartialTopB holds more rows than its budget");
  for (std::size_t i = 0; i < n; ++i) {
    if (p.indices[i] < 0 || p.keys[i] != tie_break_key(p.seed, std::uint64_t(p.indices[i])))
      throw std::invalid_argument("PartialTopB keys do not match the indices and the seed");
    if (std::isnan(p.scores[i])) throw std::invalid_argument("PartialTopB scores contain NaN");
    if (i > 0 && !before(Candidate{p.scores[i - 1], p.keys[i - 1], 0, 0}, Candidate{p.scores[i], p.keys[i], 0, 0}))
      throw std::invalid_argument("PartialTopB rows are not in selection order (score descending, then key)");
  }
}

PartialTopB merge_top_b(const PartialTopB& a, const PartialTopB& b) {
  if (a.seed != b.seed) throw std::invalid_argument("partial top-b results with different seeds cannot be merged");
  if (a.budget != b.budget)
    throw std::invalid_argument("partial top-b results with different budgets cannot be merged");
  // An empty partial (a block whose rows were all excluded) is the merge's identity.
  if (a.size() == 0) return b;
  if (b.size() == 0) return a;
  if (a.labels.empty() != b.labels.empty())
    throw std::invalid_argument("partial top-b results with and without labels cannot be merged");
  const bool with_labels = !a.labels.empty();
  std::vector<Candidate> best;
  best.reserve(static_cast<std::size_t>(std::min(a.budget, a.size() + b.size())));
  std::size_t i = 0, j = 0;
  const auto at = [with_labels](const PartialTopB& p, std::size_t k) {
    return Candidate{p.scores[k], p.keys[k], p.indices[k], with_labels ? p.labels[k] : 0};
  };
  while (static_cast<Index>(best.size()) < a.budget && (i < a.indices.size() || j < b.indices.size())) {
    if (j == b.indices.size()) {
      best.push_back(at(a, i++));
    } else if (i == a.indices.size()) {
      best.push_back(at(b, j++));
    } else {
      const Candidate x = at(a, i), y = at(b, j);
      if (x.index == y.index) throw std::invalid_argument("partial top-b results overlap: row " +
                                                          std::to_string(x.index) + " is in both");
      if (before(x, y)) best.push_back(x), ++i;
      else best.push_back(y), ++j;
    }
  }
  return to_partial(best, a.budget, a.seed, with_labels);
}

std::vector<std::int64_t> top_b(const VectorRef& scores, Index b, std::uint64_t seed) {
  if (b < 1 || b > scores.size()) throw std::invalid_argument("budget must be between 1 and the number of pool rows");
  return partial_top_b(scores, nullptr, 0, b, seed).indices;
}

}  // namespace salutary
