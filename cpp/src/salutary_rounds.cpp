#include "salutary/salutary_rounds.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "hessian_rows.hpp"

namespace salutary {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

SalutaryRounds::SalutaryRounds(const RowsRef<double>& X_train, const LabelsRef& y_train, const RowsRef<double>& X_val,
                               const LabelsRef& y_val, const PoolRef& X_pool, int n_classes, const TrainOptions& train,
                               PoolPrecision precision)
    : X_lab_(X_train),
      y_lab_(y_train),
      n_labeled_(X_train.rows()),
      X_val_(X_val),
      y_val_(y_val),
      pool_(X_pool),
      n_classes_(n_classes),
      train_(train),
      precision_(precision) {
  if (X_train.rows() == 0) throw std::invalid_argument("X_train has no rows");
  if (y_train.size() != X_train.rows()) throw std::invalid_argument("y_train must have one label per row of X_train");
  if (y_val.size() != X_val.rows()) throw std::invalid_argument("y_val must have one label per row of X_val");
  if (n_classes < 2) throw std::invalid_argument("n_classes must be at least 2");
  const auto bad = [&](const LabelsRef& y) { return y.size() && (y.minCoeff() < 0 || y.maxCoeff() >= n_classes); };
  if (bad(y_train) || bad(y_val)) throw std::invalid_argument("labels must be class indices 0..n_classes-1");
  const Index d = X_train.cols();
  if (X_val.cols() != d) throw std::invalid_argument("X_val must have the features of X_train");
  std::visit([&](const auto& rows) {
    if (rows.cols() != d) throw std::invalid_argument("X_pool must have the features of X_train");
  }, pool_);
}

RowMatrixXd SalutaryRounds::prior_start(Index m, Index D) const {
  // Zero weights and, with an intercept, intercepts at the labels' log-frequencies (near the
  // intercept-only optimum, as the penalty spares intercepts): the cold fit starts nearer.
  RowMatrixXd start = RowMatrixXd::Zero(m, D);
  if (!train_.fit_intercept) return start;
  Eigen::VectorXd count = Eigen::VectorXd::Constant(n_classes_, 0.5);  // a half count keeps log finite
  for (Index i = 0; i < n_labeled_; ++i) count[y_lab_[i]] += 1.0;
  const Eigen::VectorXd log_count = count.array().log();
  if (m == 1) start(0, D - 1) = log_count[1] - log_count[0];
  else start.col(D - 1) = (log_count.array() - log_count.mean()).matrix();
  return start;
}

void SalutaryRounds::append(const QueryResult& picks) {
  const Index b = Index(picks.indices.size()), need = n_labeled_ + b;
  if (need > X_lab_.rows()) {  // geometric growth: appending a round copies b rows, not the set
    RowMatrixXd grown(std::max(need, 2 * X_lab_.rows()), X_lab_.cols());
    grown.topRows(n_labeled_) = X_lab_.topRows(n_labeled_);
    X_lab_.swap(grown);
    Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> labels(X_lab_.rows());
    labels.head(n_labeled_) = y_lab_.head(n_labeled_);
    y_lab_.swap(labels);
  }
  std::visit([&](const auto& rows) {
    for (Index k = 0; k < b; ++k)
      X_lab_.row(n_labeled_ + k) = rows.row(picks.indices[k]).template cast<double>();
  }, pool_);
  for (Index k = 0; k < b; ++k) y_lab_[n_labeled_ + k] = picks.labels[k];
  if (curvature_) {  // the labeled curvature at model_ gains the new rows'
    const RowsRef<double> added = X_lab_.middleRows(n_labeled_, b);
    accumulate_hessian(model_, added, VectorRef(Eigen::VectorXd()), *curvature_);
  }
  n_labeled_ = need;
  picked_.insert(picked_.end(), picks.indices.begin(), picks.indices.end());
  std::sort(picked_.begin(), picked_.end());
}

RoundOutcome SalutaryRounds::next_round(Index budget, std::uint64_t seed) {
  if (budget < 1) throw std::invalid_argument("budget must be at least 1");
  if (rows_left() == 0) throw std::invalid_argument("no rows are left in the pool");
  RoundOutcome out;
  const auto t0 = std::chrono::steady_clock::now();
  const VectorRef no_weights(Eigen::VectorXd{});
  const Index m = n_classes_ == 2 ? 1 : n_classes_, D = X_lab_.cols() + (train_.fit_intercept ? 1 : 0);
  if (m * D <= newton_max_params()) {
    // The first round starts from prior_start with its curvature summed there; later ones from
    // the last model with the curvature the direction left.
    const RowMatrixXd start = model_.coef.size() ? model_.coef : prior_start(m, D);
    out.fit = refit_logistic(labeled_rows(), labeled_labels(), no_weights, n_classes_, train_, start,
                             curvature_ ? *curvature_ : Eigen::MatrixXd());
  } else {
    const RowMatrixXd* warm = model_.coef.size() ? &model_.coef : nullptr;
    out.fit = fit_logistic(labeled_rows(), labeled_labels(), no_weights, n_classes_, train_, warm);
  }
  model_ = out.fit.model;
  curvature_.reset();
  out.fit_seconds = seconds_since(t0);
  const auto t1 = std::chrono::steady_clock::now();

  // The validation direction. In the Newton–Cholesky range its curvature is kept for the next refit.
  const ScorerOptions options{HessianOn::train, 0.0, DirectionSolver::automatic, CgPreconditioner::jacobi, precision_};
  RowMatrixXd direction;
  DirectionReport report;
  const Eigen::MatrixXd no_pool;
  if (model_.n_params() <= newton_max_params()) {
    Eigen::MatrixXd curvature = zero_square(model_.n_params());
    accumulate_hessian(model_, labeled_rows(), no_weights, curvature);
    Eigen::MatrixXd H = curvature;
    finish_hessian(model_, 0.0, H);
    direction = val_direction(model_, HessianFactor(model_, std::move(H)), X_val_, y_val_);
    curvature_.emplace(std::move(curvature));
  } else {
    direction = solve_val_direction(model_, labeled_rows(), no_weights, X_val_, y_val_, no_pool, HessianOn::train, 0.0,
                                    DirectionSolver::automatic, &report);
  }
  const InfluenceScorer scorer(model_, direction, options, report);
  out.direction_seconds = seconds_since(t1);
  const auto t2 = std::chrono::steady_clock::now();

  const PartialTopB best = scorer.partial_top_b(pool_, 0, std::min(budget, rows_left()), seed, picked_);
  out.picks = QueryResult{best.indices, best.labels, best.scores};
  append(out.picks);
  out.selection_seconds = seconds_since(t2);
  return out;
}

}  // namespace salutary
