// The model's gradient and Hessian (maths §2, §3) against central finite differences of the
// objective and of the gradient, for sigmoid and softmax, with and without intercepts and
// weights; and the Hessian-vector product of the CG solver against the assembled Hessian.
#include <cmath>

#include "check.hpp"

using namespace salutary;

namespace {

void check_model(int K, bool fit_intercept, bool weighted) {
  const int failures_before = salutary_test::failures();
  const Index n = 120, d = 4;
  const salutary_test::Blobs data = salutary_test::blobs(n, d, K, 11 + K);
  const LogisticModel model = salutary_test::random_model(K, d, fit_intercept, 0.7, 5 + K);
  Eigen::VectorXd w;
  if (weighted) w = Eigen::VectorXd::LinSpaced(n, 0.5, 2.0);
  const VectorRef weights(w);
  RowMatrixXd grad;
  objective<double>(model, data.X, data.y, weights, &grad);
  const Index p = model.n_params();
  const double h = 1e-5;

  // Gradient: (L(θ + h e_j) − L(θ − h e_j)) / 2h for every coordinate.
  double grad_err = 0.0;
  for (Index j = 0; j < p; ++j) {
    LogisticModel plus = model, minus = model;
    plus.coef.data()[j] += h;
    minus.coef.data()[j] -= h;
    const double fd = (objective<double>(plus, data.X, data.y, weights, nullptr) -
                       objective<double>(minus, data.X, data.y, weights, nullptr)) / (2 * h);
    grad_err = std::max(grad_err, std::abs(fd - grad.data()[j]));
  }
  CHECK(grad_err <= 1e-6 * (1.0 + grad.cwiseAbs().maxCoeff()));

  // Hessian, column by column: (∇L(θ + h e_j) − ∇L(θ − h e_j)) / 2h.
  Eigen::MatrixXd H = Eigen::MatrixXd::Zero(p, p);
  accumulate_hessian<double>(model, data.X, weights, H);
  finish_hessian(model, 0.0, H);
  double hess_err = 0.0;
  for (Index j = 0; j < p; ++j) {
    LogisticModel plus = model, minus = model;
    plus.coef.data()[j] += h;
    minus.coef.data()[j] -= h;
    RowMatrixXd g_plus, g_minus;
    objective<double>(plus, data.X, data.y, weights, &g_plus);
    objective<double>(minus, data.X, data.y, weights, &g_minus);
    for (Index i = 0; i < p; ++i)
      hess_err = std::max(hess_err, std::abs((g_plus.data()[i] - g_minus.data()[i]) / (2 * h) - H(i, j)));
  }
  CHECK(hess_err <= 1e-5 * (1.0 + H.cwiseAbs().maxCoeff()));
  CHECK((H - H.transpose()).cwiseAbs().maxCoeff() == 0.0);

  // The CG solver's operator is the same matrix (plus vvᵀ where the null direction exists).
  const Eigen::MatrixXd no_pool_curvature;
  const HessianOperator<double> op(model, data.X, weights, no_pool_curvature, HessianOn::train, 0.0);
  const Eigen::VectorXd v = null_direction(model);
  Eigen::MatrixXd completed = H;
  if (v.size() > 0) completed += v * v.transpose();
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(p, -1.0, 2.0);
  CHECK((op.apply(x) - completed * x).cwiseAbs().maxCoeff() <= 1e-12 * (completed * x).cwiseAbs().maxCoeff());
  CHECK((op.diagonal() - completed.diagonal()).cwiseAbs().maxCoeff() <= 1e-12 * completed.diagonal().maxCoeff());
  if (failures_before != salutary_test::failures())
    std::fprintf(stderr, "  in K=%d intercept=%d weighted=%d\n", K, int(fit_intercept), int(weighted));
}

}  // namespace

int main() {
  for (int K : {2, 3, 5})
    for (bool fit_intercept : {true, false})
      for (bool weighted : {false, true}) check_model(K, fit_intercept, weighted);
  return salutary_test::report("test_derivatives");
}
