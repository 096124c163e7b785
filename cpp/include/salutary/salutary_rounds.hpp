/// @brief The salutary loop of maths §4 run natively, round after round: fit (warm), validation
/// direction, table pass and top-b over the rows left in the pool, then the picked rows join the
/// labeled set with their salutary labels. The pool is read in place and never copied.
#pragma once
#include <memory>
#include <optional>
#include <vector>

#include "salutary/query.hpp"
#include "salutary/trainer.hpp"

namespace salutary {

/// What one round did: the rows picked, the fit it scored with, and where its time went.
struct RoundOutcome {
  QueryResult picks;  ///< pool rows (global indices), their salutary class indices and scores
  TrainResult fit;    ///< the fit on the labeled set at the round's start
  double fit_seconds = 0.0, direction_seconds = 0.0, selection_seconds = 0.0;
};

/// Holds the labeled set (the initial rows, then copies of the picked pool rows: budget rows a
/// round), views of the validation rows and the pool (the caller keeps them alive and unchanged),
/// the model and, for Newton–Cholesky-sized models (n_params ≤ newton_max_params()), the
/// curvature of the labeled rows at the last fitted model. That curvature is summed once a round,
/// for the validation direction, and the next round's refit starts from it plus the picked rows'
/// curvature (refit_logistic, whose later steps reuse that factor with BFGS corrections; the
/// first round's fit is a refit from zero): a round assembles about one Hessian where a fit and
/// a query of their own assemble one per Newton step and one more. Larger models take
/// fit_logistic (warm) and the automatic direction solver.
class SalutaryRounds {
 public:
  /// Labels are class indices 0..n_classes-1; every class need not occur in y_train.
  SalutaryRounds(const RowsRef<double>& X_train, const LabelsRef& y_train, const RowsRef<double>& X_val,
                 const LabelsRef& y_val, const PoolRef& X_pool, int n_classes, const TrainOptions& train,
                 PoolPrecision precision = PoolPrecision::float64);

  /// One round: fit, score the rows left, pick min(budget, rows left) of them (ties by `seed`),
  /// move them with their salutary labels. Throws invalid_argument for budget < 1.
  RoundOutcome next_round(Index budget, std::uint64_t seed);

  /// The model of the last round's fit (empty coef before the first round).
  const LogisticModel& model() const { return model_; }
  Index n_labeled() const { return n_labeled_; }
  /// Pool rows picked so far, sorted.
  const RowExclusion& picked() const { return picked_; }
  Index rows_left() const { return pool_size(pool_) - Index(picked_.size()); }

 private:
  RowsRef<double> labeled_rows() const { return X_lab_.topRows(n_labeled_); }
  LabelsRef labeled_labels() const { return y_lab_.head(n_labeled_); }
  void append(const QueryResult& picks);
  RowMatrixXd prior_start(Index m, Index D) const;

  RowMatrixXd X_lab_;                                  ///< capacity grows geometrically
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> y_lab_;
  Index n_labeled_ = 0;
  RowsRef<double> X_val_;
  LabelsRef y_val_;
  PoolRef pool_;
  int n_classes_;
  TrainOptions train_;
  PoolPrecision precision_;
  LogisticModel model_;
  RowExclusion picked_;
  /// Σ ∇²CE over the labeled rows at model_ (lower triangle, no penalty) while it is current.
  std::optional<Eigen::MatrixXd> curvature_;
};

}  // namespace salutary
