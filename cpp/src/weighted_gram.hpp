/// @brief Private: Σ_i c_iq x̃_i x̃_iᵀ for q weight columns, the D × D blocks behind CG's
/// block preconditioners (the Hessian's class blocks, the trainer's shared Gram).
#pragma once

#include <algorithm>
#include <vector>

#include "salutary/logistic_model.hpp"
#include "row_blocks.hpp"

namespace salutary {

/// The lower triangles of Σ_i C(i, q) x̃_i x̃_iᵀ for every column q of C (n × q): about
/// n·D²/2 multiply-adds each. Work items are (q, column tile) pairs, each summing its rows in
/// order: no partials to combine, so the bits are those of one thread, and memory stays at the
/// q blocks themselves.
template <typename T>
std::vector<Eigen::MatrixXd> weighted_grams(const RowsRef<T>& X, bool fit_intercept, const RowMatrixXd& C) {
  constexpr Index block_rows = 1024, tile_width = 128;
  const Index n = X.rows(), D = X.cols() + (fit_intercept ? 1 : 0), q = C.cols();
  std::vector<Eigen::MatrixXd> grams(q, Eigen::MatrixXd::Zero(D, D));
  if (n == 0) return grams;
  struct Tile {
    Index k, j0, j1;
  };
  const Index n_cols = (D + tile_width - 1) / tile_width;
  std::vector<Tile> tiles;  // widest first
  for (Index t = 0; t < n_cols; ++t)
    for (Index k = 0; k < q; ++k) tiles.push_back({k, t * D / n_cols, (t + 1) * D / n_cols});
  struct Scratch {
    RowMatrixXd Xc;
    Eigen::MatrixXd R;
  };
  for_each_chunk<Scratch>(static_cast<Index>(tiles.size()), double(n) * D * D * q / 2, [&](Index t, Scratch& s) {
    const Tile& tile = tiles[t];
    const Index a = tile.j0, width = tile.j1 - tile.j0;
    for (Index r0 = 0; r0 < n; r0 += block_rows) {
      const Index r1 = std::min(n, r0 + block_rows);
      load_rows(X, r0, r1, fit_intercept, s.Xc);
      s.R.noalias() = C.col(tile.k).segment(r0, r1 - r0).asDiagonal() * s.Xc.middleCols(a, width);
      grams[tile.k].block(a, a, D - a, width).noalias() += s.Xc.middleCols(a, D - a).transpose() * s.R;
    }
    return true;
  });
  return grams;
}

}  // namespace salutary
