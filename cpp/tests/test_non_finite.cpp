// The C++ entry points refuse rows holding NaN or Inf with std::invalid_argument, whichever
// thread meets them (the check rides on the logits; it is raised after the parallel region).
#include <cmath>
#include <limits>
#include <stdexcept>

#include "check.hpp"

using namespace salutary;

namespace {

template <typename F>
bool refuses(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument&) {
    return true;
  }
  return false;
}

}  // namespace

int main() {
  for (int K : {2, 4})
    for (int threads : {1, 2}) {
      set_num_threads(threads);
      salutary_test::Blobs data = salutary_test::blobs(3000, 6, K, 1);
      const LogisticModel model = salutary_test::random_model(K, 6, true, 1.0, 2);
      const Eigen::VectorXd no_weights;
      for (const double bad : {std::nan(""), std::numeric_limits<double>::infinity()}) {
        RowMatrixXd X = data.X;
        X(2711, 3) = bad;
        Eigen::MatrixXd H = Eigen::MatrixXd::Zero(model.n_params(), model.n_params());
        CHECK(refuses([&] { predict_proba<double>(model, X); }));
        CHECK(refuses([&] { objective<double>(model, X, data.y, no_weights, nullptr); }));
        CHECK(refuses([&] { accumulate_hessian<double>(model, X, no_weights, H); }));
        CHECK(refuses([&] { hessian_diagonal<double>(model, X, no_weights); }));
        CHECK(refuses([&] { val_gradient<double>(model, X, data.y); }));
        TrainOptions options;
        CHECK(refuses([&] { fit_logistic<double>(X, data.y, no_weights, K, options); }));
        RowMatrixXd table(X.rows(), K);
        const RowMatrixXd s = RowMatrixXd::Ones(model.n_outputs(), model.dim());
        CHECK(refuses([&] { influence_table<double>(model, s, X, InfluenceOutputs{table.data(), nullptr, nullptr}); }));
      }
    }
  set_num_threads(0);
  return salutary_test::report("test_non_finite");
}
