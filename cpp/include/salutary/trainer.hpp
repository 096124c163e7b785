/// @brief Native trainer reaching the SPEC §2 optimum: Newton–Cholesky when small, L-BFGS when wide.
#pragma once

#include "salutary/logistic_model.hpp"

namespace salutary {

enum class TrainSolver { automatic, newton, lbfgs };

struct TrainOptions {
  double C = 1.0;
  bool fit_intercept = true;
  /// Stop when max |∇L| / Σw <= tol (scikit-learn's scaling of the gradient).
  double tol = 1e-6;
  int max_iter = 100;
  TrainSolver solver = TrainSolver::automatic;
};

struct TrainResult {
  LogisticModel model;
  int n_iter = 0;
  bool converged = false;
  double objective = 0.0;
  TrainSolver solver = TrainSolver::newton;
};

/// Parameter count above which `automatic` switches from Newton to L-BFGS (measured:
/// see bench/trainer_threshold.py).
Index newton_max_params();

/// Minimises Σ w_i CE + ||W||²/(2C). Labels are class indices 0..n_classes-1.
/// warm_start, when non-null, is an m × D starting point (a previous round's coef).
template <typename T>
TrainResult fit_logistic(const RowsRef<T>& X, const LabelsRef& y, const VectorRef& weights,
                         int n_classes, const TrainOptions& options,
                         const RowMatrixXd* warm_start = nullptr);

}  // namespace salutary
