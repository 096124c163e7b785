// maths §3's null-space completion: softmax with intercepts has H v = 0 for v = "shift every
// intercept alike"; the factor of H + vvᵀ solves as the pseudo-inverse on gradients (all
// orthogonal to v). Models without that direction factor H itself.
#include <cmath>

#include <Eigen/QR>

#include "check.hpp"

using namespace salutary;

namespace {

Eigen::MatrixXd hessian_of(const LogisticModel& model, const RowMatrixXd& X) {
  Eigen::MatrixXd H = Eigen::MatrixXd::Zero(model.n_params(), model.n_params());
  accumulate_hessian<double>(model, X, VectorRef(Eigen::VectorXd()), H);
  finish_hessian(model, 0.0, H);
  return H;
}

void check(int K, bool fit_intercept) {
  const salutary_test::Blobs data = salutary_test::blobs(200, 5, K, 3 + K);
  const LogisticModel model = salutary_test::random_model(K, 5, fit_intercept, 1.0, 9 + K);
  const Eigen::MatrixXd H = hessian_of(model, data.X);
  const Eigen::VectorXd v = null_direction(model);
  const bool has_null = K > 2 && fit_intercept;
  CHECK((v.size() > 0) == has_null);
  const RowMatrixXd g_rows = val_gradient<double>(model, data.X.topRows(60), data.y.head(60));
  const Eigen::VectorXd g = Eigen::Map<const Eigen::VectorXd>(g_rows.data(), g_rows.size());
  const HessianFactor factor(model, H);
  const Eigen::VectorXd s = factor.solve(g);
  if (has_null) {
    CHECK(std::abs(v.norm() - 1.0) <= 1e-15);
    CHECK((H * v).norm() <= 1e-12 * H.norm());         // v spans H's null space
    CHECK(std::abs(v.dot(g)) <= 1e-12 * g.norm());     // every CE gradient is orthogonal to v
    const Eigen::VectorXd pinv_s = H.completeOrthogonalDecomposition().pseudoInverse() * g;
    CHECK((s - pinv_s).norm() <= 1e-9 * pinv_s.norm());
    CHECK(std::abs(v.dot(s)) <= 1e-10 * s.norm());     // the solve stays in H's range
  } else {
    CHECK((s - H.llt().solve(g)).norm() <= 1e-12 * s.norm());
  }
  CHECK((H * s - g).norm() <= 1e-10 * g.norm());
}

}  // namespace

int main() {
  for (int K : {2, 3, 6})
    for (bool fit_intercept : {true, false}) check(K, fit_intercept);
  return salutary_test::report("test_null_completion");
}
