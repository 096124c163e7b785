#include "tiled_cholesky.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <utility>
#include <vector>

#include "salutary/parallel.hpp"

namespace salutary {

bool tiled_cholesky(Eigen::MatrixXd& A) {
  // Tiles large enough for Eigen's GEMM to run near peak, small enough to share out.
  constexpr Index nb = 256;
  const Index p = A.rows();
  for (Index k0 = 0; k0 < p; k0 += nb) {
    poll_interrupt();
    const Index kb = std::min(nb, p - k0), rest = p - k0 - kb;
    Eigen::Ref<Eigen::MatrixXd> Akk = A.block(k0, k0, kb, kb);
    Eigen::LLT<Eigen::Ref<Eigen::MatrixXd>, Eigen::Lower> llt(Akk);
    if (llt.info() != Eigen::Success) return false;
    if (rest == 0) break;
    const Index n_blocks = (rest + nb - 1) / nb;
    // Panel: A_ik ← A_ik L_kk⁻ᵀ for every row tile i below the diagonal tile.
#pragma omp parallel for schedule(dynamic) num_threads(threads_for(double(rest) * kb * kb))
    for (Index b = 0; b < n_blocks; ++b) {
      const Index i0 = k0 + kb + b * nb, ib = std::min(nb, p - i0);
      auto panel = A.block(i0, k0, ib, kb);
      A.block(k0, k0, kb, kb).triangularView<Eigen::Lower>().transpose().solveInPlace<Eigen::OnTheRight>(panel);
    }
    // Trailing update A_ij ← A_ij − A_ik A_jkᵀ over the lower tiles (i >= j).
    std::vector<std::pair<Index, Index>> tiles;
    for (Index i = 0; i < n_blocks; ++i)
      for (Index j = 0; j <= i; ++j) tiles.emplace_back(i, j);
#pragma omp parallel for schedule(dynamic) num_threads(threads_for(double(rest) * rest * kb / 2))
    for (Index t = 0; t < static_cast<Index>(tiles.size()); ++t) {
      const Index i0 = k0 + kb + tiles[t].first * nb, j0 = k0 + kb + tiles[t].second * nb;
      const Index ib = std::min(nb, p - i0), jb = std::min(nb, p - j0);
      const auto Aik = A.block(i0, k0, ib, kb);
      if (i0 == j0) {
        A.block(i0, i0, ib, ib).selfadjointView<Eigen::Lower>().rankUpdate(Aik, -1.0);
      } else {
        A.block(i0, j0, ib, jb).noalias() -= Aik * A.block(j0, k0, jb, kb).transpose();
      }
    }
  }
  return true;
}

}  // namespace salutary
