/// @brief The minimal check macro and problem generator shared by the C++ unit tests.
#pragma once

#include <cstdio>
#include <random>

#include "salutary/salutary.hpp"

namespace salutary_test {

inline int& failures() {
  static int count = 0;
  return count;
}

inline int report(const char* name) {
  std::printf("%s: %s (%d failures)\n", name, failures() ? "FAILED" : "ok", failures());
  return failures() ? 1 : 0;
}

/// Gaussian blobs: row i has class i % K and its first feature shifted by the class.
struct Blobs {
  salutary::RowMatrixXd X;
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> y;
};

inline Blobs blobs(salutary::Index n, salutary::Index d, int K, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> normal;
  Blobs b{salutary::RowMatrixXd(n, d), Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>(n)};
  for (salutary::Index i = 0; i < n; ++i) {
    b.y[i] = i % K;
    for (salutary::Index j = 0; j < d; ++j) b.X(i, j) = normal(gen) + (j == b.y[i] % d ? 1.5 : 0.0);
  }
  return b;
}

/// A model with small random coefficients (not fitted: derivative checks hold anywhere).
inline salutary::LogisticModel random_model(int K, salutary::Index d, bool fit_intercept, double C, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> normal;
  salutary::LogisticModel model;
  model.n_classes = K;
  model.fit_intercept = fit_intercept;
  model.C = C;
  model.coef = salutary::RowMatrixXd(model.n_outputs(), d + (fit_intercept ? 1 : 0));
  for (salutary::Index i = 0; i < model.coef.size(); ++i) model.coef.data()[i] = 0.4 * normal(gen);
  return model;
}

}  // namespace salutary_test

#define CHECK(cond)                                                                  \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
      ++salutary_test::failures();                                                   \
    }                                                                                \
  } while (0)
