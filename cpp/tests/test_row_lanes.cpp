// The table pass's class-major kernels (cpp/src/row_lanes.hpp) against the row forms they stand
// for: softmax_in_lanes gives probabilities_from_logits' bits, and influence_in_lanes gives
// influence_row's salutary labels and, up to the rounding of pᵀz's multiply-adds, its values;
// ClassStack::lanes gathers the same values by transposes as by its scalar loop.
#include <cmath>
#include <cstring>

#include "check.hpp"
#include "../src/class_stack.hpp"
#include "../src/row_lanes.hpp"
#include "salutary/influence_row.hpp"

using namespace salutary;

int main() {
  std::mt19937 gen(5);
  std::normal_distribution<double> normal;
  constexpr Index L = lane_rows;
  for (Index K : {3, 4, 7, 10, 33}) {
    // 64 rows (whole packets: Eigen's exp is vectorised for all of them), some saturated.
    const Index rows = 64;
    RowMatrixXd Z(rows, K), P;
    for (Index i = 0; i < rows; ++i)
      for (Index k = 0; k < K; ++k) Z(i, k) = (i % 5 == 0 && k == i % K) ? 900.0 : 4.0 * normal(gen);
    probabilities_from_logits(Z, int(K), P);
    Eigen::VectorXd z(K * L), p(K * L), v(K * L), I(K * L);
    double label[L], score[L];
    int saturated = 0;
    for (Index g = 0; g < rows; g += L) {
      for (Index l = 0; l < L; ++l)
        for (Index k = 0; k < K; ++k) z[k * L + l] = Z(g + l, k), v[k * L + l] = normal(gen);
      const Eigen::VectorXd projections = v;
      softmax_in_lanes(z.data(), p.data(), K);
      influence_in_lanes(p.data(), v.data(), K, I.data(), label, score);
      for (Index l = 0; l < L; ++l) {
        double row_p[64], row_v[64], row_I[64], row_score;
        for (Index k = 0; k < K; ++k) {
          CHECK(std::memcmp(&p[k * L + l], &P(g + l, k), sizeof(double)) == 0);
          saturated += P(g + l, k) == 0.0;
          row_p[k] = p[k * L + l], row_v[k] = projections[k * L + l];
        }
        const std::int64_t row_label = influence_row(row_p, row_v, int(K), row_I, &row_score);
        CHECK(static_cast<std::int64_t>(label[l]) == row_label);
        for (Index k = 0; k < K; ++k) CHECK(std::abs(I[k * L + l] - row_I[k]) <= 1e-15 * (1.0 + std::abs(row_I[k])));
        CHECK(score[l] == I[row_label * L + l]);
      }
    }
    CHECK(saturated > 0);  // the underflow rule was exercised
  }
  // Ties keep the lowest class: equal projections give equal influence everywhere.
  {
    const Index K = 5;
    Eigen::VectorXd p = Eigen::VectorXd::Constant(K * L, 0.2), v = Eigen::VectorXd::Constant(K * L, 0.5), I(K * L);
    double label[L], score[L];
    influence_in_lanes(p.data(), v.data(), K, I.data(), label, score);
    for (Index l = 0; l < L; ++l) CHECK(label[l] == 0.0);
  }
  // ClassStack::lanes: the transposed gather from a padded float64 buffer gives the scalar
  // gather's values (from an unpadded one), whole groups and partial ones alike.
  for (Index K : {3, 4, 7, 10, 33}) {
    const Index d = 5, rows = 19;
    RowMatrixXd G(2 * K, d);
    Eigen::RowVectorXd intercepts(2 * K);
    for (Index i = 0; i < G.size(); ++i) G.data()[i] = normal(gen);
    for (Index i = 0; i < intercepts.size(); ++i) intercepts[i] = normal(gen);
    const ClassStack<double> stack(G, intercepts);
    RowMatrixXd plain(rows, stack.products), padded = RowMatrixXd::Zero(rows, stack.padded_products());
    for (Index i = 0; i < plain.size(); ++i) plain.data()[i] = normal(gen);
    padded.leftCols(stack.products) = plain;
    CHECK(padded.cols() > plain.cols() || stack.products % thin::lanes<double> == 0);
    Eigen::VectorXd z0(K * L), v0(K * L), z1(K * L), v1(K * L);
    for (Index i0 = 0; i0 < rows; i0 += L) {
      const Index n = std::min(L, rows - i0);
      stack.lanes(plain, i0, n, z0.data(), v0.data());
      stack.lanes(padded, i0, n, z1.data(), v1.data());
      CHECK(std::memcmp(z0.data(), z1.data(), sizeof(double) * K * L) == 0);
      CHECK(std::memcmp(v0.data(), v1.data(), sizeof(double) * K * L) == 0);
    }
  }
  return salutary_test::report("test_row_lanes");
}
