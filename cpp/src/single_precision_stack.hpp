/// @brief Private: the float32 pass's stack of directions (maths §6).
#pragma once

#include "thin_products.hpp"

namespace salutary {

/// The float32 pass's stack (maths §6). A softmax model's logits and projections enter I only
/// through their differences (the probabilities sum to one), so both halves of the stack are
/// taken less their last row, in float64, and rounded once: 2m − 2 products a row instead of
/// 2m. It is kept transposed, for thin_product.
struct SingleStack {
  RowMatrix<float> Gt;         ///< the products' rows, transposed (transposed_stack)
  Index products = 0;          ///< rows of G that matter: 2 (sigmoid) or 2m − 2
  Eigen::RowVectorXd offset;   ///< the 2m intercepts, shifted like the rows

  SingleStack(const RowMatrixXd& stack, const Eigen::RowVectorXd& intercepts) : offset(intercepts) {
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
    Gt = transposed_stack<float>(shifted);
  }

  /// The 2m products of rows [at, at + rows) in float64 from their `products` float32 ones:
  /// the last logit and the last projection of a softmax row are zero.
  void expand(const RowMatrix<float>& single, Index at, Index rows, RowMatrixXd& ZZ) const {
    const Index m = offset.size() / 2, kept = products / 2;
    for (Index half = 0; half < 2; ++half) {
      ZZ.block(at, half * m, rows, kept) = single.block(at, half * kept, rows, kept).template cast<double>();
      if (m > 1) ZZ.block(at, half * m + m - 1, rows, 1).setZero();
    }
  }
};

}  // namespace salutary
