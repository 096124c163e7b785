// The fitted scorer (maths §7) from C++: blocks at global offsets give the whole pool's table
// bit for bit, merged partial top-b equals one call (ties included, any merge order), and the
// exclusion list leaves rows out without copying the pool. The pool curvature is the same bits
// from aligned blocks merged in any order as from the whole pool. The float32 pass (maths §6)
// keeps the cut independence and stays close to the float64 table.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "check.hpp"

using namespace salutary;

int main() {
  using Case = std::pair<int, PoolPrecision>;
  for (const auto& [K, precision] : {Case{2, PoolPrecision::float64}, Case{2, PoolPrecision::float32},
                                     Case{5, PoolPrecision::float64}, Case{5, PoolPrecision::float32}}) {
    const auto train = salutary_test::blobs(300, 11, K, 1), val = salutary_test::blobs(80, 11, K, 2);
    auto pool = salutary_test::blobs(2000, 11, K, 3);
    for (Index i = 600; i < 640; ++i) pool.X.row(i) = pool.X.row(5);  // ties
    TrainOptions options;
    options.C = 0.5;
    const Eigen::VectorXd none;
    const LogisticModel model = fit_logistic<double>(train.X, train.y, none, K, options).model;
    ScorerOptions scorer_options;
    scorer_options.precision = precision;
    const InfluenceScorer scorer(model, train.X, none, val.X, val.y, pool_rows(RowsRef<double>(pool.X.topRows(0))),
                                 scorer_options);
    const Index n = pool.X.rows();
    RowMatrixXd whole(n, K), blocks(n, K);
    scorer.table(pool_rows(RowsRef<double>(pool.X)), 0, InfluenceOutputs{whole.data(), nullptr, nullptr});
    const std::vector<Index> cuts = {0, 1, 257, 700, 1999, 2000};
    std::vector<PartialTopB> parts;
    for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
      const RowsRef<double> block = pool.X.middleRows(cuts[c], cuts[c + 1] - cuts[c]);
      scorer.table(pool_rows(block), cuts[c], InfluenceOutputs{blocks.data() + cuts[c] * K, nullptr, nullptr});
      parts.push_back(scorer.partial_top_b(pool_rows(block), cuts[c], 50, 7));
    }
    CHECK(whole == blocks);
    if (precision == PoolPrecision::float32) {
      const InfluenceScorer exact(model, scorer.val_direction(), ScorerOptions{});
      RowMatrixXd reference(n, K);
      exact.table(pool_rows(RowsRef<double>(pool.X)), 0, InfluenceOutputs{reference.data(), nullptr, nullptr});
      CHECK(whole != reference);
      CHECK((whole - reference).cwiseAbs().maxCoeff() <= 1e-4 * reference.cwiseAbs().maxCoeff());
    }
    const PartialTopB one = scorer.partial_top_b(pool_rows(RowsRef<double>(pool.X)), 0, 50, 7);
    PartialTopB forward = parts[0], backward = parts.back();
    for (std::size_t i = 1; i < parts.size(); ++i) forward = merge_top_b(forward, parts[i]);
    for (std::size_t i = parts.size() - 1; i-- > 0;) backward = merge_top_b(parts[i], backward);
    for (const PartialTopB* merged : {&forward, &backward}) {
      CHECK(merged->indices == one.indices);
      CHECK(merged->scores == one.scores);
      CHECK(merged->labels == one.labels);
    }
    // Excluding the first selection's rows gives the next best rows, none of the excluded ones.
    RowExclusion taken(one.indices.begin(), one.indices.end());
    std::sort(taken.begin(), taken.end());
    const PartialTopB next = scorer.partial_top_b(pool_rows(RowsRef<double>(pool.X)), 0, 50, 7, taken);
    for (const std::int64_t i : next.indices) CHECK(!std::binary_search(taken.begin(), taken.end(), i));
    CHECK(next.scores.front() <= one.scores.back());
  }
  {
    const int K = 3;
    const auto train = salutary_test::blobs(200, 4, K, 4);
    const auto pool = salutary_test::blobs(3 * curvature_window_rows + 5, 4, K, 5);
    TrainOptions options;
    options.C = 0.5;
    const Eigen::VectorXd none;
    const LogisticModel model = fit_logistic<double>(train.X, train.y, none, K, options).model;
    const RowsRef<double> X(pool.X);
    const Eigen::MatrixXd whole = pool_curvature(model, X);
    const Index W = curvature_window_rows, n = X.rows();
    std::vector<CurvaturePartial> parts;
    for (Index o = 0; o < n; o += W)
      parts.push_back(curvature_partial(model, RowsRef<double>(X.middleRows(o, std::min(W, n - o))), o));
    const CurvaturePartial merged =
        merge_curvature(merge_curvature(parts[3], parts[0]), merge_curvature(parts[2], parts[1]));
    CHECK(finish_curvature(model, merged, n) == whole);
    CHECK(whole == whole.transpose());
    bool refused = false;
    try {
      curvature_partial(model, RowsRef<double>(X.middleRows(1, 10)), 1);
    } catch (const std::invalid_argument&) {
      refused = true;
    }
    CHECK(refused);
  }
  CHECK(parse_pool_precision("float32") == PoolPrecision::float32);
  CHECK(std::string(pool_precision_name(PoolPrecision::float64)) == "float64");
  {
    bool refused = false;
    try {
      parse_pool_precision("float16");
    } catch (const std::invalid_argument&) {
      refused = true;
    }
    CHECK(refused);
  }
  return salutary_test::report("test_scorer");
}
