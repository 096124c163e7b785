/// @brief Native trainer reaching the maths §2 optimum: Newton–Cholesky when small, Newton-CG
/// (or, for mid-sized binary models, L-BFGS) when wide.
#pragma once

#include "salutary/logistic_model.hpp"

namespace salutary {

enum class TrainSolver { automatic, newton, lbfgs, newton_cg };

struct TrainOptions {
  double C = 1.0;
  bool fit_intercept = true;
  /// Stop when max |∇L| / Σw <= tol (scikit-learn's scaling of the gradient).
  double tol = 1e-8;
  int max_iter = 1000;  ///< per solver phase
  TrainSolver solver = TrainSolver::automatic;
  /// Newton-CG may run its Hessian-vector products in float32 (maths §5) when the penalty
  /// bounds the Hessian's condition well enough; the gradient, the objective and the
  /// convergence test stay float64, so the optimum and tol are those of the float64 fit.
  /// False: every product in float64.
  bool single_precision_curvature = true;
};

struct TrainResult {
  LogisticModel model;
  int n_iter = 0;
  bool converged = false;
  double objective = 0.0;
  TrainSolver solver = TrainSolver::newton;
  Index hessian_products = 0;  ///< Hessian-vector products of newton_cg's inner CG solves
  Index single_precision_products = 0;  ///< how many of them ran in float32
  Index factorizations = 0;  ///< Cholesky factors of Newton–Cholesky (fewer than n_iter after chord steps)
};

/// `automatic` uses Newton–Cholesky up to this many parameters. Beyond it, below Newton-CG's range, L-BFGS
/// (preconditioned by the Hessian's diagonal) runs for lbfgs_iteration_budget(n, p)
/// iterations, the work of one Newton solve, and Newton finishes an unconverged run while
/// p <= newton_fallback_max_params(). Measured with bench/trainer_threshold.py.
Index newton_max_params();
/// `automatic` uses Newton-CG (truncated Newton on Hessian-vector products) from this many
/// parameters, and for softmax models (K ≥ 3) from newton_max_params() + 1.
Index newton_cg_min_params();
Index newton_fallback_max_params();
Index lbfgs_iteration_budget(Index n, Index p);

/// Minimises Σ w_i CE + ||W||²/(2C). Labels are class indices 0..n_classes-1.
/// warm_start, when non-null, is an m × D starting point (a previous round's coef).
template <typename T>
TrainResult fit_logistic(const RowsRef<T>& X, const LabelsRef& y, const VectorRef& weights,
                         int n_classes, const TrainOptions& options,
                         const RowMatrixXd* warm_start = nullptr);

/// A warm refit by Newton–Cholesky (n_params ≤ newton_max_params()) from `start` (m × D), given
/// `start_curvature`: the lower triangle of Σ_i w_i ∇²CE(x_i) over X at `start`, without the
/// penalty (a salutary round holds it from its validation direction, maths §4), or empty to sum
/// it here. Its first step is the Newton step at `start`; each later step reuses the last factor
/// while the step before at least halved max |∇L| (one objective pass, no Hessian, no factor),
/// corrected by the BFGS pairs of the steps since that factor, and factors afresh otherwise. It
/// stops by fit_logistic's test, at the same tol.
template <typename T>
TrainResult refit_logistic(const RowsRef<T>& X, const LabelsRef& y, const VectorRef& weights, int n_classes,
                           const TrainOptions& options, const RowMatrixXd& start, const Eigen::MatrixXd& start_curvature);

}  // namespace salutary
