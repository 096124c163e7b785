/// @brief Private: the softmax table pass's stack of directions, in float64 or float32 (maths §3, §6).
#pragma once

#include "thin_products.hpp"

namespace salutary {

/// The table pass's stack in the pass's arithmetic (Scalar: double, or float for the float32
/// pass). A softmax model's logits and projections enter I only through their differences
/// (the probabilities sum to one), so both halves of the stack are taken less their last row,
/// in float64 (then rounded once for float32): 2m − 2 products a row instead of 2m. The
/// sigmoid's two rows are kept as they are. Held transposed, for thin_product.
template <typename Scalar>
struct ClassStack {
  RowMatrix<Scalar> Gt;        ///< the products' rows, transposed (transposed_stack)
  Index products = 0;          ///< rows of G that matter: 2 (sigmoid) or 2m − 2
  Eigen::RowVectorXd offset;   ///< the 2m intercepts, shifted like the rows

  ClassStack(const RowMatrixXd& stack, const Eigen::RowVectorXd& intercepts) : offset(intercepts) {
    const Index m = stack.rows() / 2, kept = m == 1 ? 1 : m - 1;
    products = 2 * kept;
    RowMatrixXd shifted = RowMatrixXd::Zero(products, stack.cols());
    for (Index half = 0; half < 2; ++half) {
      shifted.middleRows(half * kept, kept) = stack.middleRows(half * m, kept);
      if (m > 1) {
        shifted.middleRows(half * kept, kept).rowwise() -= stack.row(half * m + m - 1);
        offset.segment(half * m, m).array() -= intercepts[half * m + m - 1];
      }
    }
    Gt = transposed_stack<Scalar>(shifted);
  }

  /// The logits of rows [at, at + rows) of `single` (their `products` products) into rows
  /// [at, at + rows) of Z (span × m, zero elsewhere), in float64 with their intercepts: a
  /// softmax row's last logit is its intercept alone.
  template <typename Products>
  void logits(const Products& single, Index at, Index rows, Index span, RowMatrixXd& Z) const {
    const Index m = offset.size() / 2, kept = products / 2;
    Z.setZero(span, m);
    for (Index i = at; i < at + rows; ++i) {
      for (Index k = 0; k < kept; ++k) Z(i, k) = static_cast<double>(single(i, k)) + offset[k];
      for (Index k = kept; k < m; ++k) Z(i, k) = offset[k];
    }
  }

  /// The m projections of row i of `single` into v, likewise.
  template <typename Products>
  void projections(const Products& single, Index i, double* v) const {
    const Index m = offset.size() / 2, kept = products / 2;
    for (Index k = 0; k < kept; ++k) v[k] = static_cast<double>(single(i, kept + k)) + offset[m + k];
    for (Index k = kept; k < m; ++k) v[k] = offset[m + k];
  }
};

}  // namespace salutary
