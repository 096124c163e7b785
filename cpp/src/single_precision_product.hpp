/// @brief Private: the float32 pass's product Z = X·Gᵀ for a block of float32 rows (maths §6).
///
/// A general GEMM packs (transposes) the row-major pool block before multiplying it by the
/// thin stack G, and that copy costs as much as the product: the pass ran at 43% of the
/// float32 GEMM rate. Here each output is a dot product of a pool row with a row of G, summed
/// in SIMD lanes and then over the lanes by one fixed tree, so the rows are read once, in
/// place, and every output depends on its row and G alone (the same bits for any cut of the
/// pool, any window position and any thread count). Register tiles of rows × stack rows share
/// their loads; the next tile's rows are prefetched while this one is multiplied, which is
/// what keeps the pass near the read bandwidth.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <vector>

#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif

#include "salutary/logistic_model.hpp"

namespace salutary {

namespace single_product {

using Packet = Eigen::internal::packet_traits<float>::type;
constexpr int lanes = Eigen::internal::packet_traits<float>::size;

// The register tile (rows × stack rows) and the lane sums of its accumulators, per ISA: 16
// accumulators in the 32 AVX-512 registers, 8 in the 16 AVX2 ones, 4 otherwise. Two stack
// rows a tile waste at most one row of work on an odd stack.
#if defined(__AVX512F__) && defined(EIGEN_VECTORIZE_AVX512)
constexpr int tile_rows = 8, tile_cols = 2;

// out[i] = the sum of acc[i]'s 16 lanes, each by the same tree. (GCC 12 warns that its own
// unpack intrinsics read an uninitialised register: a known false positive.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
inline void lane_sums(const Packet* acc, float* out) {
  __m512 b[8], c[4];
  for (int i = 0; i < 8; ++i)
    b[i] = _mm512_add_ps(_mm512_unpacklo_ps(acc[2 * i], acc[2 * i + 1]),
                         _mm512_unpackhi_ps(acc[2 * i], acc[2 * i + 1]));
  for (int i = 0; i < 4; ++i) {
    const __m512d lo = _mm512_unpacklo_pd(_mm512_castps_pd(b[2 * i]), _mm512_castps_pd(b[2 * i + 1]));
    const __m512d hi = _mm512_unpackhi_pd(_mm512_castps_pd(b[2 * i]), _mm512_castps_pd(b[2 * i + 1]));
    c[i] = _mm512_add_ps(_mm512_castpd_ps(lo), _mm512_castpd_ps(hi));
  }
  const __m512 d0 = _mm512_add_ps(_mm512_shuffle_f32x4(c[0], c[1], 0x88), _mm512_shuffle_f32x4(c[0], c[1], 0xdd));
  const __m512 d1 = _mm512_add_ps(_mm512_shuffle_f32x4(c[2], c[3], 0x88), _mm512_shuffle_f32x4(c[2], c[3], 0xdd));
  _mm512_storeu_ps(out, _mm512_add_ps(_mm512_shuffle_f32x4(d0, d1, 0x88), _mm512_shuffle_f32x4(d0, d1, 0xdd)));
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#elif defined(__AVX2__) && defined(EIGEN_VECTORIZE_AVX) && !defined(EIGEN_VECTORIZE_AVX512)
constexpr int tile_rows = 4, tile_cols = 2;

// out[i] = the sum of acc[i]'s 8 lanes, each by the same tree.
inline void lane_sums(const Packet* acc, float* out) {
  __m256 b[4], c[2];
  for (int i = 0; i < 4; ++i)
    b[i] = _mm256_add_ps(_mm256_unpacklo_ps(acc[2 * i], acc[2 * i + 1]),
                         _mm256_unpackhi_ps(acc[2 * i], acc[2 * i + 1]));
  for (int i = 0; i < 2; ++i) {
    const __m256d lo = _mm256_unpacklo_pd(_mm256_castps_pd(b[2 * i]), _mm256_castps_pd(b[2 * i + 1]));
    const __m256d hi = _mm256_unpackhi_pd(_mm256_castps_pd(b[2 * i]), _mm256_castps_pd(b[2 * i + 1]));
    c[i] = _mm256_add_ps(_mm256_castpd_ps(lo), _mm256_castpd_ps(hi));
  }
  _mm256_storeu_ps(out, _mm256_add_ps(_mm256_permute2f128_ps(c[0], c[1], 0x20), _mm256_permute2f128_ps(c[0], c[1], 0x31)));
}
#else
constexpr int tile_rows = 2, tile_cols = 2;

inline void lane_sums(const Packet* acc, float* out) {
  for (int i = 0; i < tile_rows * tile_cols; ++i) out[i] = Eigen::internal::predux(acc[i]);
}
#endif

constexpr Index line_floats = 64 / sizeof(float);

inline void prefetch(const float* p) {
#if defined(__GNUC__)
  __builtin_prefetch(p, 0, 3);
#else
  (void)p;
#endif
}

/// One register tile: z[r·ldz + c] = x_r · g_c over d features, for the tile's rows
/// x_r = x + r·ldx and stack rows g_c = g + c·d. Packets cover the first d − d % lanes
/// features; the rest are added after the lane sums, in order. While it runs, the tile
/// prefetches its share (`slot` of `slots` column tiles) of the next rows' cache lines.
/// Kept out of line: inlined, its register allocation varied with the caller and cost up to 20%.
EIGEN_DONT_INLINE inline void dot_tile(const float* x, Index ldx, const float* g, Index d, float* z, Index ldz,
                                       const float* next,
                                       Index next_rows, Index slot, Index slots) {
  Packet acc[tile_rows * tile_cols];
  for (auto& a : acc) a = Eigen::internal::pset1<Packet>(0.f);
  const Index steps = d / lanes, lines_per_row = (d + line_floats - 1) / line_floats;
  const Index lines = next ? next_rows * lines_per_row : 0;
  // Line slot + step·slots of the next rows at each step (slots · steps ≥ lines covers them
  // all when there are at least as many steps as rows in a tile).
  Index line_row = 0, line_col = slot;
  for (; line_col >= lines_per_row; line_col -= lines_per_row) ++line_row;
  for (Index step = 0, line = slot; step < steps; ++step, line += slots) {
    const Index k = step * lanes;
    if (line < lines) {
      prefetch(next + line_row * ldx + line_col * line_floats);
      for (line_col += slots; line_col >= lines_per_row; line_col -= lines_per_row) ++line_row;
    }
    Packet gk[tile_cols];
    for (int c = 0; c < tile_cols; ++c) gk[c] = Eigen::internal::ploadu<Packet>(g + c * d + k);
    for (int r = 0; r < tile_rows; ++r) {
      const Packet xk = Eigen::internal::ploadu<Packet>(x + r * ldx + k);
      for (int c = 0; c < tile_cols; ++c) acc[r * tile_cols + c] = Eigen::internal::pmadd(xk, gk[c], acc[r * tile_cols + c]);
    }
  }
  float sums[tile_rows * tile_cols];
  lane_sums(acc, sums);
  for (int r = 0; r < tile_rows; ++r)
    for (int c = 0; c < tile_cols; ++c) {
      float s = sums[r * tile_cols + c];
      for (Index k = steps * lanes; k < d; ++k) s += x[r * ldx + k] * g[c * d + k];
      z[r * ldz + c] = s;
    }
}

}  // namespace single_product

/// The float32 pass's stack (maths §6). A softmax model's logits and projections enter I only
/// through their differences (the probabilities sum to one), so both halves of the stack are
/// taken less their last row, in float64, and rounded once: 2m − 2 products a row instead of
/// 2m. Zero rows pad the stack to whole column tiles.
struct SingleStack {
  RowMatrix<float> G;          ///< the products' rows, padded
  Index products = 0;          ///< rows of G that matter: 2 (sigmoid) or 2m − 2
  Eigen::RowVectorXd offset;   ///< the 2m intercepts, shifted like the rows

  SingleStack(const RowMatrixXd& stack, const Eigen::RowVectorXd& intercepts) : offset(intercepts) {
    const Index m = stack.rows() / 2, kept = m == 1 ? 1 : m - 1;
    products = 2 * kept;
    const Index tiles = (products + single_product::tile_cols - 1) / single_product::tile_cols;
    RowMatrixXd shifted = RowMatrixXd::Zero(tiles * single_product::tile_cols, stack.cols());
    for (Index half = 0; half < 2; ++half) {
      shifted.middleRows(half * kept, kept) = stack.middleRows(half * m, kept);
      if (m > 1) {
        shifted.middleRows(half * kept, kept).rowwise() -= stack.row(half * m + m - 1);
        offset.segment(half * m, m).array() -= intercepts[half * m + m - 1];
      }
    }
    G = shifted.cast<float>();
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

/// Z (rows × C, leading dimension ldz) = X·Gᵀ in float32 for the first C rows of a padded
/// stack (SingleStack::G), X's rows at stride ldx; `readable` ≥ rows rows may be read
/// (prefetched) from X. Tiles whose rows do not start on cache lines (numpy's large arrays
/// start 16 bytes past one) are first copied to an aligned tile: a load across two lines costs
/// more than the copy. The last rows are copied into a zero-padded tile. Either way each row
/// takes exactly the arithmetic of a whole aligned tile, so the bits do not depend on where
/// the pool lies in memory.
inline void single_precision_product(const float* X, Index ldx, Index rows, Index readable,
                                     const RowMatrix<float>& G_padded, Index C, float* Z, Index ldz) {
  using namespace single_product;
  const Index d = G_padded.cols(), slots = G_padded.rows() / tile_cols;
  const Index copy_stride = (d + line_floats - 1) / line_floats * line_floats;
  const bool in_place = reinterpret_cast<std::uintptr_t>(X) % 64 == 0 && ldx % line_floats == 0;
  float out[tile_rows * tile_cols];
  RowMatrix<float> copy;  // Eigen aligns its heap storage to at least 64 bytes with AVX-512
  for (Index r0 = 0; r0 < rows; r0 += tile_rows) {
    const Index real_rows = std::min<Index>(tile_rows, rows - r0);
    const float* x = X + r0 * ldx;
    Index stride = ldx;
    if (real_rows < tile_rows || !in_place) {
      if (copy.size() == 0) copy = RowMatrix<float>::Zero(tile_rows, copy_stride);
      if (real_rows < tile_rows) copy.setZero();
      for (Index r = 0; r < real_rows; ++r)
        copy.row(r).head(d) = Eigen::Map<const Eigen::RowVectorXf>(x + r * ldx, d);
      x = copy.data(), stride = copy_stride;
    }
    const Index next_rows = std::min<Index>(tile_rows, std::max<Index>(0, readable - r0 - tile_rows));
    const float* next = next_rows > 0 ? X + (r0 + tile_rows) * ldx : nullptr;
    for (Index slot = 0; slot < slots; ++slot) {
      const Index c0 = slot * tile_cols;
      dot_tile(x, stride, G_padded.row(c0).data(), d, out, tile_cols, next, next_rows, slot, slots);
      for (Index r = 0; r < real_rows; ++r)
        for (Index c = c0; c < std::min(C, c0 + tile_cols); ++c) Z[(r0 + r) * ldz + c] = out[r * tile_cols + c - c0];
    }
  }
}

}  // namespace salutary
