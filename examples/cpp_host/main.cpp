// Embeds the salutary-native core: reads a CSV (features, then an integer class per row),
// uses rows 0–199 as the labeled set, 200–299 as validation and the rest as the pool, fits
// the L2 logistic model, and prints the influence table's first rows and the top-10
// salutary selection. compare_with_python.py checks this output against the Python API.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <salutary/salutary.hpp>

using namespace salutary;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s data.csv\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1]);
  std::vector<std::vector<double>> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    std::vector<double> values;
    std::stringstream fields(line);
    for (std::string field; std::getline(fields, field, ',');) values.push_back(std::stod(field));
    rows.push_back(values);
  }
  if (rows.size() < 400) {
    std::fprintf(stderr, "%s: need at least 400 rows, got %zu\n", argv[1], rows.size());
    return 2;
  }
  const Index n = static_cast<Index>(rows.size()), d = static_cast<Index>(rows[0].size()) - 1;
  RowMatrixXd X(n, d);
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> y(n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < d; ++j) X(i, j) = rows[i][j];
    y[i] = static_cast<std::int64_t>(rows[i][d]);
  }
  const int K = static_cast<int>(y.maxCoeff()) + 1;
  const RowMatrixXd X_train = X.topRows(200), X_val = X.middleRows(200, 100), X_pool = X.bottomRows(n - 300);
  const Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> y_train = y.head(200), y_val = y.segment(200, 100);

  TrainOptions options;
  options.C = 1.0;
  options.tol = 1e-10;
  const Eigen::VectorXd no_weights;
  const LogisticModel model = fit_logistic<double>(X_train, y_train, no_weights, K, options).model;

  // The training rows carry the curvature here, so no pool curvature is needed.
  const Eigen::MatrixXd no_pool_curvature;
  const RowMatrixXd s = solve_val_direction<double, double>(model, X_train, no_weights, X_val, y_val, no_pool_curvature,
                                                            HessianOn::train, 0.0, DirectionSolver::cholesky);
  RowMatrixXd table(X_pool.rows(), K);
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> labels(X_pool.rows());
  Eigen::VectorXd scores(X_pool.rows());
  influence_table<double>(model, s, X_pool, InfluenceOutputs{table.data(), labels.data(), scores.data()});
  const std::vector<std::int64_t> top = top_b(scores, 10, 0);

  std::printf("classes %d features %ld pool %ld\n", K, static_cast<long>(d), static_cast<long>(X_pool.rows()));
  for (Index i = 0; i < 5; ++i) {
    std::printf("table %ld", static_cast<long>(i));
    for (int c = 0; c < K; ++c) std::printf(" %.17g", table(i, c));
    std::printf("\n");
  }
  for (const std::int64_t i : top)
    std::printf("top %ld %ld %.17g\n", static_cast<long>(i), static_cast<long>(labels[i]), scores[i]);
  return 0;
}
