/// @brief The L2 logistic model of maths §2: parameters, probabilities, loss and gradient.
#pragma once

#include "salutary/matrix_views.hpp"

namespace salutary {

/// Sigmoid for K = 2 (one output row), softmax for K >= 3 (K output rows).
/// coef is m × D row-major: row k holds class k's weights, then its intercept when
/// fit_intercept. Its storage is the parameter vector in class-major order (maths §3).
struct LogisticModel {
  RowMatrixXd coef;
  int n_classes = 2;
  bool fit_intercept = true;
  double C = 1.0;  ///< inverse regularisation; +inf means no penalty

  Index n_outputs() const { return n_classes == 2 ? 1 : n_classes; }
  Index n_features() const { return coef.cols() - (fit_intercept ? 1 : 0); }
  Index dim() const { return coef.cols(); }  ///< D = len(x̃)
  Index n_params() const { return n_outputs() * dim(); }
  /// 1/C, zero when C is infinite.
  double penalty() const;
  /// Throws std::invalid_argument when the fields are inconsistent.
  void validate() const;
};

/// Rows [r0, r1) of X as x̃ = [x, 1] (or x) in float64: the one place float32 becomes float64.
template <typename T>
void load_rows(const RowsRef<T>& X, Index r0, Index r1, bool fit_intercept, RowMatrixXd& out);

/// Class probabilities from logits Z (R × m) into P (R × K), numerically stable.
void probabilities_from_logits(const RowMatrixXd& Z, int n_classes, RowMatrixXd& P);

/// n × K class probabilities.
template <typename T>
RowMatrixXd predict_proba(const LogisticModel& model, const RowsRef<T>& X);

/// Σ w_i CE(x_i, y_i) and, when grad is non-null, its gradient (m × D, no penalty); when
/// probabilities is non-null, the rows' class probabilities (n × K) on the way.
/// Labels are class indices 0..K-1. weights may be empty (all ones).
template <typename T>
double data_loss(const LogisticModel& model, const RowsRef<T>& X, const LabelsRef& y,
                 const VectorRef& weights, RowMatrixXd* grad, RowMatrixXd* probabilities = nullptr);

/// The gradient of data_loss alone (m × D, no penalty), without the losses' logs.
template <typename T>
RowMatrixXd data_gradient(const LogisticModel& model, const RowsRef<T>& X, const LabelsRef& y,
                          const VectorRef& weights);

/// maths §2 objective: data_loss + ||W||²/(2C), with its gradient when grad is non-null (and
/// the rows' probabilities when probabilities is non-null).
template <typename T>
double objective(const LogisticModel& model, const RowsRef<T>& X, const LabelsRef& y,
                 const VectorRef& weights, RowMatrixXd* grad, RowMatrixXd* probabilities = nullptr);

}  // namespace salutary
