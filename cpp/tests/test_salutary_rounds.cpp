// SalutaryRounds (maths §4) from C++: each round picks what a hand-written loop of a warm fit,
// a fitted scorer and its partial top-b picks at that round's model, the refit reaches tol, the
// labeled set grows by the picked rows with their salutary labels, and a float32 pool is read
// in place. For a softmax model in the Newton–Cholesky range (the shared curvature and chord
// steps) and a binary one.
#include <algorithm>
#include <cmath>
#include <vector>

#include "check.hpp"

using namespace salutary;

int main() {
  for (const int K : {2, 5}) {
    const auto train = salutary_test::blobs(120, 6, K, 11), val = salutary_test::blobs(200, 6, K, 12);
    const auto pool = salutary_test::blobs(1500, 6, K, 13);
    TrainOptions options;
    options.C = 0.5;
    options.tol = 1e-9;
    const RowMatrix<float> pool32 = pool.X.cast<float>();
    SalutaryRounds rounds(train.X, train.y, val.X, val.y, pool_rows(RowsRef<float>(pool32)), K, options);
    RowMatrixXd X_lab = train.X;
    Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> y_lab = train.y;
    RowExclusion taken;
    const Eigen::VectorXd none;
    Index factorizations = 0, steps = 0;
    for (int r = 1; r <= 5; ++r) {
      const RoundOutcome out = rounds.next_round(8, 100 + r);
      CHECK(out.fit.converged);
      CHECK(Index(out.picks.indices.size()) == 8);
      if (r > 1) factorizations += out.fit.factorizations, steps += out.fit.n_iter;
      // The round's model is at the optimum of the labeled set as it stood: its gradient ≤ tol.
      RowMatrixXd grad;
      objective(rounds.model(), RowsRef<double>(X_lab), y_lab, VectorRef(none), &grad);
      CHECK(grad.cwiseAbs().maxCoeff() / double(X_lab.rows()) <= options.tol);
      // The same picks as a scorer fitted at that model, over the same float32 pool.
      const InfluenceScorer scorer(rounds.model(), X_lab, none, val.X, val.y,
                                   pool_rows(RowsRef<float>(pool32.topRows(0))), ScorerOptions{});
      const PartialTopB want = scorer.partial_top_b(pool_rows(RowsRef<float>(pool32)), 0, 8, 100 + r, taken);
      CHECK(out.picks.indices == want.indices);
      CHECK(out.picks.labels == want.labels);
      CHECK(out.picks.scores == want.scores);
      for (std::size_t k = 0; k < want.indices.size(); ++k)
        CHECK(std::find(taken.begin(), taken.end(), want.indices[k]) == taken.end());
      // Move the rows by hand, as the loop does.
      const Index n = X_lab.rows();
      X_lab.conservativeResize(n + 8, Eigen::NoChange);
      y_lab.conservativeResize(n + 8);
      for (Index k = 0; k < 8; ++k) {
        X_lab.row(n + k) = pool32.row(want.indices[k]).cast<double>();
        y_lab[n + k] = want.labels[k];
      }
      taken.insert(taken.end(), want.indices.begin(), want.indices.end());
      std::sort(taken.begin(), taken.end());
      CHECK(rounds.n_labeled() == X_lab.rows());
      CHECK(rounds.picked() == taken);
    }
    // The refits reused factors: fewer factorisations than Newton steps after the first round.
    CHECK(factorizations < steps);
  }
  bool refused = false;
  try {
    const auto b = salutary_test::blobs(50, 3, 2, 1);
    SalutaryRounds bad(b.X, b.y, b.X, b.y, pool_rows(RowsRef<double>(b.X)), 2, TrainOptions{});
    bad.next_round(0, 0);
  } catch (const std::invalid_argument&) {
    refused = true;
  }
  CHECK(refused);
  return salutary_test::report("test_salutary_rounds");
}
