// C++-level checks of the core without Python: the factor solves as H⁺ on gradients, the
// table matches ∇CE(x, c)ᵀ s, and top_b orders by score then by the seeded permutation.
#include <cmath>
#include <cstdio>
#include <random>

#include <Eigen/Dense>

#include "check.hpp"

using namespace salutary;

int main() {
  std::mt19937 gen(7);
  std::normal_distribution<double> normal;
  const Index n = 300, d = 4;
  const int K = 3;
  RowMatrixXd X(n, d);
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> y(n);
  for (Index i = 0; i < n; ++i) {
    y[i] = i % K;
    for (Index j = 0; j < d; ++j) X(i, j) = normal(gen) + (j == y[i] ? 2.0 : 0.0);
  }
  const Eigen::VectorXd no_weights;
  TrainOptions options;
  options.C = 1.0;
  options.tol = 1e-10;
  const TrainResult fit = fit_logistic<double>(X, y, no_weights, K, options);
  CHECK(fit.converged);

  // Newton-CG (Hessian-vector products, shared-Gram preconditioner) reaches the same optimum.
  TrainOptions cg_options = options;
  cg_options.solver = TrainSolver::newton_cg;
  const TrainResult cg_fit = fit_logistic<double>(X, y, no_weights, K, cg_options);
  CHECK(cg_fit.converged && cg_fit.solver == TrainSolver::newton_cg && cg_fit.hessian_products > 0);
  CHECK((cg_fit.model.coef - fit.model.coef).cwiseAbs().maxCoeff() <= 1e-7);

  // The completed factor acts as the pseudo-inverse on gradients (maths §3).
  Eigen::MatrixXd H = Eigen::MatrixXd::Zero(fit.model.n_params(), fit.model.n_params());
  accumulate_hessian<double>(fit.model, X, no_weights, H);
  finish_hessian(fit.model, 0.0, H);
  const HessianFactor factor(fit.model, H);
  const RowMatrixXd g = val_gradient<double>(fit.model, X.topRows(50), y.head(50));
  const Eigen::VectorXd gv = Eigen::Map<const Eigen::VectorXd>(g.data(), g.size());
  const Eigen::VectorXd pinv_s = H.completeOrthogonalDecomposition().pseudoInverse() * gv;
  CHECK((factor.solve(gv) - pinv_s).norm() <= 1e-9 * pinv_s.norm());

  // Table against ∇CE(x, c)ᵀ s formed explicitly for one row.
  const RowMatrixXd s = val_direction<double>(fit.model, factor, X.topRows(50), y.head(50));
  RowMatrixXd table(n, K);
  influence_table<double>(fit.model, s, X, InfluenceOutputs{table.data(), nullptr, nullptr});
  const RowMatrixXd P = predict_proba<double>(fit.model, X.topRows(1));
  Eigen::VectorXd xt(d + 1);
  xt << X.row(0).transpose(), 1.0;
  for (int c = 0; c < K; ++c) {
    double expected = 0.0;
    for (int k = 0; k < K; ++k) expected += (P(0, k) - (k == c)) * s.row(k).dot(xt);
    CHECK(std::abs(table(0, c) - expected) <= 1e-12 * (1.0 + std::abs(expected)));
  }

  // top_b: descending scores, ties in the seeded order, same for the same seed.
  Eigen::VectorXd scores(6);
  scores << 1.0, 3.0, 2.0, 3.0, 3.0, 0.5;
  const auto a = top_b(scores, 4, 11), b = top_b(scores, 4, 11);
  CHECK(a == b);
  CHECK(a[3] == 2);
  for (int i = 0; i < 3; ++i) CHECK(scores[a[i]] == 3.0);

  return salutary_test::report("core_test");
}
