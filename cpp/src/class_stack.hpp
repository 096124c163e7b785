/// @brief Private: the softmax table pass's stack of directions, in float64 or float32 (maths §3, §6).
#pragma once

#include <algorithm>
#include <type_traits>

#include "lane_dot.hpp"
#include "row_lanes.hpp"
#include "thin_products.hpp"

namespace salutary {

/// The table pass's stack in the pass's arithmetic (Scalar: double, or float for the float32
/// pass). A softmax model's logits and projections enter I only through their differences
/// (the probabilities sum to one), so both halves of the stack are taken less their last row,
/// in float64 (then rounded once for float32): 2m − 2 products a row instead of 2m. The
/// sigmoid's two rows are kept as they are. Held transposed, for thin_product; in float32,
/// a last partial packet of at most dot_form_max_columns rows is also held for the dot form
/// (split_product, lane_dot.hpp), which float32 rows then take.
template <typename Scalar>
struct ClassStack {
  RowMatrix<Scalar> Gt;        ///< the products' rows, transposed (transposed_stack)
  Index products = 0;          ///< rows of G that matter: 2 (sigmoid) or 2m − 2
  Eigen::RowVectorXd offset;   ///< the 2m intercepts, shifted like the rows
  Index whole = 0;             ///< with `rest`: the products in whole packets
  RowMatrix<float> rest;       ///< the products past them (lane_dot_stack), or empty

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
    if constexpr (std::is_same_v<Scalar, float>) {
      whole = products / thin::lanes<float> * thin::lanes<float>;
      if (whole > 0 && products - whole > 0 && products - whole <= dot_form_max_columns)
        rest = lane_dot_stack(shifted.bottomRows(products - whole));
    }
  }

  /// The `products` products of rows [0, rows) of X (rows at stride ldx) into z (leading
  /// dimension ldz): thin_product, or split_product for float32 rows when `rest` is held.
  template <typename T>
  void product(const T* X, Index ldx, Index rows, Scalar* z, Index ldz) const {
    if constexpr (std::is_same_v<Scalar, float> && std::is_same_v<T, float>) {
      if (rest.size() > 0) return split_product(X, ldx, rows, Gt, whole, rest, products - whole, z, ldz);
    }
    thin_product(X, ldx, rows, Gt, products, z, ldz);
  }

  /// The sigmoid: the logit of rows [at, at + rows) of `single` (their two products) into rows
  /// [at, at + rows) of Z (span × 1, zero elsewhere), in float64 with its intercept.
  template <typename Products>
  void logits(const Products& single, Index at, Index rows, Index span, RowMatrixXd& Z) const {
    Z.setZero(span, 1);
    for (Index i = at; i < at + rows; ++i) Z(i, 0) = static_cast<double>(single(i, 0)) + offset[0];
  }

  /// Softmax: the logits and the projections of rows [i0, i0 + n) of `single`, n ≤ lane_rows,
  /// class-major into z and v (row_lanes.hpp), in float64 with their intercepts (a row's last
  /// logit and projection are the intercepts alone). The lanes past n repeat row i0 + n − 1,
  /// so that every lane holds finite values.
  template <typename Products>
  void lanes(const Products& single, Index i0, Index n, double* z, double* v) const {
    const Index m = offset.size() / 2, kept = products / 2;
    bool transposed = false;
    if constexpr (std::is_same_v<typename Products::Scalar, double>) {
      transposed = single.cols() >= padded_products();
      if (transposed) gather_by_transposes(single, i0, n, z, v);
    }
    if (!transposed) gather_by_values(single, i0, n, z, v);
    for (Index k = kept; k < m; ++k)
      for (Index l = 0; l < lane_rows; ++l) z[k * lane_rows + l] = offset[k], v[k * lane_rows + l] = offset[m + k];
  }

  /// Columns of a float64 products buffer that lanes() reads a packet at a time: `products`
  /// rounded up to whole packets (the caller keeps the padding finite; it is never used).
  Index padded_products() const {
    constexpr Index L = thin::lanes<double>;
    return (products + L - 1) / L * L;
  }

 private:
  /// lanes()' kept columns one value at a time (float32 products, or an unpadded buffer).
  template <typename Products>
  void gather_by_values(const Products& single, Index i0, Index n, double* z, double* v) const {
    const Index m = offset.size() / 2, kept = products / 2;
    for (Index l = 0; l < lane_rows; ++l) {
      const Index i = i0 + std::min(l, n - 1);
      for (Index k = 0; k < kept; ++k) {
        z[k * lane_rows + l] = static_cast<double>(single(i, k)) + offset[k];
        v[k * lane_rows + l] = static_cast<double>(single(i, kept + k)) + offset[m + k];
      }
    }
  }

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"  // a packet type as a template argument, as Eigen does
#endif
  /// lanes()' kept columns from a float64 buffer of padded_products() columns: a packet of
  /// columns of L rows at a time, transposed in registers, where the scalar gather took a third
  /// of the softmax pass's own time. The same sums (product plus intercept), so the same bits.
  template <typename Products>
  void gather_by_transposes(const Products& single, Index i0, Index n, double* z, double* v) const {
    using namespace Eigen::internal;
    using Packet = thin::Packet<double>;
    constexpr Index L = thin::lanes<double>;
    static_assert(lane_rows % L == 0, "a group is whole packets of rows");
    const Index m = offset.size() / 2, kept = products / 2;
    for (Index r0 = 0; r0 < lane_rows; r0 += L)
      for (Index c0 = 0; c0 < products; c0 += L) {
        PacketBlock<Packet, L> block;
        for (Index j = 0; j < L; ++j) block.packet[j] = ploadu<Packet>(&single(i0 + std::min(r0 + j, n - 1), c0));
        ptranspose(block);
        for (Index c = c0; c < std::min(products, c0 + L); ++c) {
          const bool logit = c < kept;
          double* out = logit ? z + c * lane_rows : v + (c - kept) * lane_rows;
          pstoreu(out + r0, padd(block.packet[c - c0], pset1<Packet>(offset[logit ? c : m + c - kept])));
        }
      }
  }
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

 public:
  /// The sigmoid: the projection of row i of `single` into v[0], likewise.
  template <typename Products>
  void projections(const Products& single, Index i, double* v) const {
    v[0] = static_cast<double>(single(i, 1)) + offset[1];
  }
};

}  // namespace salutary
