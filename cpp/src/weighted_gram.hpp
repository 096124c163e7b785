/// @brief Private: Σ_i c_iq x̃_i x̃_iᵀ for q weight columns, the D × D blocks behind CG's
/// block preconditioners (the Hessian's class blocks, the trainer's shared Gram).
#pragma once

#include <algorithm>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "salutary/logistic_model.hpp"
#include "row_blocks.hpp"

namespace salutary {

/// The lower triangles of Σ_i C(i, q) x̃_i x̃_iᵀ for every column q of C (n × q): about
/// n·D²/2 multiply-adds each. Work items are (q, column tile) pairs, each summing its rows in
/// order: no partials to combine, so the bits are those of one thread, and memory stays at the
/// q blocks themselves. In float64 (float32 rows widened), or with single (float32 rows only) in
/// float32, each tile summed over all rows in float32 and rounded once into its float64 block:
/// half the time, for preconditioners, which need no more digits.
template <typename T>
std::vector<Eigen::MatrixXd> weighted_grams(const RowsRef<T>& X, bool fit_intercept, const RowMatrixXd& C,
                                            bool single = false) {
  constexpr Index block_rows = 1024, tile_width = 128;
  const Index n = X.rows(), D = X.cols() + (fit_intercept ? 1 : 0), q = C.cols();
  std::vector<Eigen::MatrixXd> grams(q, Eigen::MatrixXd::Zero(D, D));
  if (n == 0) return grams;
  if (single && !std::is_same_v<T, float>) throw std::logic_error("float32 Grams read float32 rows");
  struct Tile {
    Index k, j0, j1;
  };
  const Index n_cols = (D + tile_width - 1) / tile_width;
  std::vector<Tile> tiles;  // widest first
  for (Index t = 0; t < n_cols; ++t)
    for (Index k = 0; k < q; ++k) tiles.push_back({k, t * D / n_cols, (t + 1) * D / n_cols});
  struct Scratch {
    RowMatrixXd X;
    Eigen::MatrixXd R;
    Eigen::MatrixXf R_single, G_single;
  };
  const Index d = X.cols();
  for_each_chunk<Scratch>(static_cast<Index>(tiles.size()), double(n) * D * D * q / 2 / (single ? 2 : 1),
                          [&](Index t, Scratch& s) {
    const Tile& tile = tiles[t];
    const Index a = tile.j0, features = std::max<Index>(0, std::min(tile.j1, d) - a);
    Eigen::MatrixXd& gram = grams[tile.k];
    if (single) s.G_single.setZero(d - a, features);
    for (Index r0 = 0; r0 < n; r0 += block_rows) {
      const Index rows = std::min(n, r0 + block_rows) - r0;
      const auto c = C.col(tile.k).segment(r0, rows);
      if (features > 0 && single) {
        if constexpr (std::is_same_v<T, float>) {
          // The rows in place in float32.
          const auto Xb = X.middleRows(r0, rows);
          s.R_single.noalias() = c.template cast<float>().asDiagonal() * Xb.middleCols(a, features);
          s.G_single.noalias() += Xb.middleCols(a, d - a).transpose() * s.R_single;
          if (fit_intercept) gram.block(d, a, 1, features) += s.R_single.colwise().sum().template cast<double>();
        }
      } else if (features > 0) {
        // The rows in place (float32 ones widened); the intercept's column of ones is added apart.
        const auto [x, stride] = rows_in_float64(X, r0, r0 + rows, s.X);
        const Eigen::Map<const RowMatrixXd, 0, Eigen::OuterStride<>> Xb(x, rows, d, Eigen::OuterStride<>(stride));
        s.R.noalias() = c.asDiagonal() * Xb.middleCols(a, features);
        gram.block(a, a, d - a, features).noalias() += Xb.middleCols(a, d - a).transpose() * s.R;
        if (fit_intercept) gram.block(d, a, 1, features) += s.R.colwise().sum();
      }
      if (fit_intercept && tile.j1 == D) gram(d, d) += c.sum();
    }
    if (single && features > 0) gram.block(a, a, d - a, features) += s.G_single.template cast<double>();
    return true;
  });
  return grams;
}

}  // namespace salutary
