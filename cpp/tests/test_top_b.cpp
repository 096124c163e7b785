// top_b's seeded tie-break (maths §3 "Selection"): a total order that depends on the seed
// alone, not on the thread count or on repetition; the key is a bijection of the row.
#include <algorithm>
#include <numeric>
#include <set>
#include <vector>

#include "check.hpp"

using namespace salutary;

int main() {
  // All-equal scores: the order is the seed's permutation.
  const Eigen::VectorXd flat = Eigen::VectorXd::Constant(1000, 0.25);
  const auto a = top_b(flat, 1000, 42), b = top_b(flat, 1000, 42), c = top_b(flat, 1000, 43);
  CHECK(a == b);
  CHECK(a != c);
  std::vector<std::int64_t> sorted(a);
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::int64_t> all(1000);
  std::iota(all.begin(), all.end(), 0);
  CHECK(sorted == all);  // a permutation of every row
  for (std::size_t i = 1; i < a.size(); ++i) CHECK(tie_break_key(42, a[i - 1]) < tie_break_key(42, a[i]));

  // Mixed scores: descending, ties in key order, the same prefix for any budget.
  Eigen::VectorXd scores(12);
  scores << 3, 1, 3, 2, 5, 3, 2, 5, 0, 3, 1, 2;
  const auto full = top_b(scores, 12, 7);
  for (std::size_t i = 1; i < full.size(); ++i) {
    CHECK(scores[full[i - 1]] >= scores[full[i]]);
    if (scores[full[i - 1]] == scores[full[i]]) CHECK(tie_break_key(7, full[i - 1]) < tie_break_key(7, full[i]));
  }
  for (Index b_ = 1; b_ <= 12; ++b_) {
    const auto part = top_b(scores, b_, 7);
    CHECK(std::equal(part.begin(), part.end(), full.begin()));
  }

  // Thread count and repetition change nothing.
  Eigen::VectorXd noisy(50000);
  for (Index i = 0; i < noisy.size(); ++i) noisy[i] = double((i * 7919) % 97);  // many ties
  set_num_threads(1);
  const auto one = top_b(noisy, 5000, 3);
  set_num_threads(2);
  const auto two = top_b(noisy, 5000, 3);
  set_num_threads(0);
  CHECK(one == two);

  // The key is a bijection on row indices (no two rows collide for a seed).
  std::set<std::uint64_t> keys;
  for (std::uint64_t i = 0; i < 100000; ++i) keys.insert(tie_break_key(99, i));
  CHECK(keys.size() == 100000);

  // Bad input is refused.
  bool threw = false;
  try {
    top_b(scores, 13, 0);
  } catch (const std::invalid_argument&) {
    threw = true;
  }
  CHECK(threw);
  return salutary_test::report("test_top_b");
}
