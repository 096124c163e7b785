/// @brief Private: a few columns of Z = X·Gᵀ in dot form, for float32 rows and a float32 stack:
/// the float32 pass's columns past its whole packets (maths §6), and split_product, which
/// joins them to the outer form of thin_products.hpp for the whole packets.
///
/// The outer-product kernel (thin_products.hpp) spends a whole packet of lanes on every feature
/// of every row for the stack's last, partial packet: the softmax pass's 2K − 2 = 18 products
/// fill 16 + 2 lanes, and the float32 pass is bound by those fused multiply-adds. Here the lanes
/// run over features instead, so a column costs 1/lanes of a packet per feature: each output is
/// a dot product summed in lanes, then over the lanes by one fixed tree. A register tile of
/// rows × stack rows shares its loads, and the tile's lane sums are reduced together, a
/// transposition at a time. Each output depends on its row and G alone: the same bits for any
/// cut of the rows, any thread count, and any address or stride of the rows. Builds differ in
/// lane width (AVX-512, AVX2, baseline) and so in their sums. A dot product reads a row packet
/// for each of a tile's few multiply-adds where the outer form broadcasts one value for a whole
/// packet, so it wins only for part of a packet (dot_form_max_columns).
#pragma once

#include <Eigen/Core>
#include <algorithm>

#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif

#include "salutary/logistic_model.hpp"
#include "thin_products.hpp"

namespace salutary {

namespace lane_dot {

using Packet = Eigen::internal::packet_traits<float>::type;
constexpr int lanes = Eigen::internal::packet_traits<float>::size;

// The register tile (rows × stack rows): as many accumulators as lanes, so that one lane-sum
// transposition reduces them all. 8 × 2 of the 32 AVX-512 registers; 4 × 2 of the 16 AVX2 ones.
#if defined(__AVX512F__) && defined(EIGEN_VECTORIZE_AVX512)
constexpr int tile_rows = 8, tile_cols = 2;

// out[i] = the sum of acc[i]'s 16 lanes, for i < 16, each by the same tree whatever the other
// accumulators hold. (GCC 12 warns that its own unpack intrinsics read an uninitialised
// register: a known false positive.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
EIGEN_ALWAYS_INLINE void lane_sums(const Packet* acc, float* out) {
  __m512 b[8], c[4];
  for (int i = 0; i < 8; ++i)
    b[i] = _mm512_add_ps(_mm512_unpacklo_ps(acc[2 * i], acc[2 * i + 1]), _mm512_unpackhi_ps(acc[2 * i], acc[2 * i + 1]));
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

// out[i] = the sum of acc[i]'s 8 lanes, for i < 8, each by the same tree.
EIGEN_ALWAYS_INLINE void lane_sums(const Packet* acc, float* out) {
  __m256 b[4], c[2];
  for (int i = 0; i < 4; ++i)
    b[i] = _mm256_add_ps(_mm256_unpacklo_ps(acc[2 * i], acc[2 * i + 1]), _mm256_unpackhi_ps(acc[2 * i], acc[2 * i + 1]));
  for (int i = 0; i < 2; ++i) {
    const __m256d lo = _mm256_unpacklo_pd(_mm256_castps_pd(b[2 * i]), _mm256_castps_pd(b[2 * i + 1]));
    const __m256d hi = _mm256_unpackhi_pd(_mm256_castps_pd(b[2 * i]), _mm256_castps_pd(b[2 * i + 1]));
    c[i] = _mm256_add_ps(_mm256_castpd_ps(lo), _mm256_castpd_ps(hi));
  }
  _mm256_storeu_ps(out, _mm256_add_ps(_mm256_permute2f128_ps(c[0], c[1], 0x20), _mm256_permute2f128_ps(c[0], c[1], 0x31)));
}
#else
constexpr int tile_rows = 2, tile_cols = 2;

EIGEN_ALWAYS_INLINE void lane_sums(const Packet* acc, float* out) {
  for (int i = 0; i < tile_rows * tile_cols; ++i) out[i] = Eigen::internal::predux(acc[i]);
}
#endif

// Keeps a loaded packet in its register: otherwise the compiler folds the load into each of
// the packet's fused multiply-adds, and a tile's step issues a load per multiply-add.
EIGEN_ALWAYS_INLINE void in_register(Packet& p) {
#if defined(__GNUC__) && (defined(__AVX2__) || defined(__AVX512F__))
  __asm__("" : "+v"(p));
#else
  (void)p;
#endif
}

/// One register tile: z[r·ldz + c] = x_r · g_c for the NR ≤ tile_rows rows x_r = x + r·ldx
/// and the tile_cols stack rows g_c = g + c·d (c < cols of them kept). Packets cover the first
/// d − d % lanes features; the rest are added after the lane sums, in order. Rows missing from
/// a short tile keep zero accumulators, so a row's arithmetic is that of a whole tile. Kept
/// out of line: inlined, its register allocation varied with the caller.
template <int NR>
EIGEN_DONT_INLINE void dot_tile(const float* x, Index ldx, const float* g, Index d, float* z, Index ldz, Index cols) {
  using namespace Eigen::internal;
  Packet acc[tile_rows * tile_cols];
  for (auto& a : acc) a = pset1<Packet>(0.f);
  const Index main = d / lanes * lanes;
  for (Index k = 0; k < main; k += lanes) {
    Packet gk[tile_cols];
    for (int c = 0; c < tile_cols; ++c) {
      gk[c] = ploadu<Packet>(g + c * d + k);
      in_register(gk[c]);
    }
    for (int r = 0; r < NR; ++r) {
      Packet xk = ploadu<Packet>(x + r * ldx + k);
      in_register(xk);
      for (int c = 0; c < tile_cols; ++c) acc[r * tile_cols + c] = pmadd(xk, gk[c], acc[r * tile_cols + c]);
    }
  }
  float sums[tile_rows * tile_cols];
  lane_sums(acc, sums);
  for (int r = 0; r < NR; ++r)
    for (Index c = 0; c < cols; ++c) {
      float s = sums[r * tile_cols + c];
      for (Index k = main; k < d; ++k) s += x[r * ldx + k] * g[c * d + k];
      z[r * ldz + c] = s;
    }
}

template <int NR>
void dot_row_tile(const float* x, Index ldx, const RowMatrix<float>& G, Index C, float* z, Index ldz) {
  for (Index c0 = 0; c0 < C; c0 += tile_cols)
    dot_tile<NR>(x, ldx, G.row(c0).data(), G.cols(), z + c0, ldz, std::min<Index>(tile_cols, C - c0));
}

}  // namespace lane_dot

/// Columns of a partial packet that go to the dot form: in the measured kernels a dot-form
/// column costs about 1.6/lanes of an outer-form packet per feature, so up to half a packet.
constexpr Index dot_form_max_columns = lane_dot::lanes / 2;

/// A stack G (C × d) for lane_dot_product: float32, rows padded with zeros to whole tiles.
template <typename Derived>
RowMatrix<float> lane_dot_stack(const Eigen::MatrixBase<Derived>& G) {
  constexpr Index T = lane_dot::tile_cols;
  RowMatrix<float> padded = RowMatrix<float>::Zero((G.rows() + T - 1) / T * T, G.cols());
  padded.topRows(G.rows()) = G.template cast<float>();
  return padded;
}

/// Z (rows × C, leading dimension ldz) = X·Gᵀ in float32 from G = lane_dot_stack(stack), X's
/// rows at stride ldx. The last rows go one at a time, with the same arithmetic a row as in a
/// whole tile.
inline void lane_dot_product(const float* X, Index ldx, Index rows, const RowMatrix<float>& G, Index C, float* Z,
                             Index ldz) {
  constexpr int R = lane_dot::tile_rows;
  Index r0 = 0;
  for (; r0 + R <= rows; r0 += R) lane_dot::dot_row_tile<R>(X + r0 * ldx, ldx, G, C, Z + r0 * ldz, ldz);
  for (; r0 < rows; ++r0) lane_dot::dot_row_tile<1>(X + r0 * ldx, ldx, G, C, Z + r0 * ldz, ldz);
}

/// Z (rows × (whole + n_rest), leading dimension ldz) = X·Gᵀ for float32 rows, a tile of rows
/// at a time: its first `whole` columns (whole packets) in outer form from Gt =
/// transposed_stack(G), then its last n_rest columns in dot form from rest =
/// lane_dot_stack(G's last n_rest rows), while the tile's rows are still in L1. The outer form
/// prefetches the next tile's rows, so the second read of a tile stays in cache.
inline void split_product(const float* X, Index ldx, Index rows, const RowMatrix<float>& Gt, Index whole,
                          const RowMatrix<float>& rest, Index n_rest, float* Z, Index ldz) {
  constexpr int R = thin::tile_rows;
  Index r0 = 0;
  for (; r0 + R <= rows; r0 += R) {
    thin::product_row_tile<R>(X + r0 * ldx, ldx, Gt, whole, Z + r0 * ldz, ldz);
    lane_dot_product(X + r0 * ldx, ldx, R, rest, n_rest, Z + r0 * ldz + whole, ldz);
  }
  for (; r0 < rows; ++r0) {
    thin::product_row_tile<1>(X + r0 * ldx, ldx, Gt, whole, Z + r0 * ldz, ldz);
    lane_dot_product(X + r0 * ldx, ldx, 1, rest, n_rest, Z + r0 * ldz + whole, ldz);
  }
}

}  // namespace salutary
