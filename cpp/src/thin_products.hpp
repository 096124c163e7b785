/// @brief Private: the two thin products over blocks of row-major rows with a stack of a few
/// rows G (C ≲ 20): Z = X·Gᵀ and out += Bᵀ·X.
///
/// A general GEMM packs (transposes) the row-major block before multiplying it by the thin
/// stack, and for these shapes that copy costs as much as the product (Eigen reached about
/// 40% of the GEMM rate). Both kernels here read the rows in place, a register tile of rows at
/// a time:
/// - Z = X·Gᵀ in outer-product form: each feature of each row is broadcast against Gᵀ's row of
///   C values held in packets, so z_ic = Σ_j x_ij·G_cj is summed over j in order. Each output
///   depends on its row and G alone: the same bits for any cut of the rows, any thread count,
///   and any address or stride of the rows. Packets round C up (10 classes fill 2 × 8 lanes),
///   which measured faster than dot products summed across lanes.
/// - out += Bᵀ·X adds the tile's rows to out in row order, one fused multiply-add a row.
/// Builds differ in lane width (AVX-512, AVX2, baseline) and so in their fused operations.
#pragma once

#include <Eigen/Core>
#include <algorithm>

#include "salutary/logistic_model.hpp"

namespace salutary {

namespace thin {

template <typename Scalar>
using Packet = typename Eigen::internal::packet_traits<Scalar>::type;
template <typename Scalar>
constexpr int lanes = Eigen::internal::packet_traits<Scalar>::size;

// Rows of a register tile: 8 rows × 2 packets of accumulators in 32 vector registers (AVX-512),
// 4 rows in 16.
constexpr int tile_rows = EIGEN_ARCH_DEFAULT_NUMBER_OF_REGISTERS >= 32 ? 8 : 4;
constexpr int tile_packets = 2;

/// z[r·ldz + c] = Σ_j x_r[j]·Gt[j·ldg + q0·lanes + c] over j < d in order, for the NR rows
/// x_r = x + r·ldx (of type T, each value converted to Scalar) and the NP packets of stack
/// columns from packet q0 (c < cols of them kept). Kept out of line: inlined, the compiler's
/// register allocation of a tile varied with its caller.
template <int NR, int NP, typename Scalar, typename T>
EIGEN_DONT_INLINE void product_tile(const T* x, Index ldx, const Scalar* Gt, Index ldg, Index d, Scalar* z,
                                    Index ldz, Index cols, bool whole) {
  using P = Packet<Scalar>;
  constexpr int L = lanes<Scalar>;
  P acc[NR][NP];
  for (int r = 0; r < NR; ++r)
    for (int q = 0; q < NP; ++q) acc[r][q] = Eigen::internal::pset1<P>(Scalar(0));
  const auto feature = [&](Index j) {
    P g[NP];
    for (int q = 0; q < NP; ++q) g[q] = Eigen::internal::ploadu<P>(Gt + j * ldg + q * L);
    for (int r = 0; r < NR; ++r) {
      const P xj = Eigen::internal::pset1<P>(static_cast<Scalar>(x[r * ldx + j]));
      for (int q = 0; q < NP; ++q) acc[r][q] = Eigen::internal::pmadd(xj, g[q], acc[r][q]);
    }
  };
  // The features a cache line at a time, each line starting with a prefetch of the same line of
  // the next tile's rows: the next tile's read is spread over this tile's arithmetic, which
  // the hardware prefetchers alone did not overlap (a pool pass 12–17% faster). A prefetch
  // never faults, past the last row included.
  constexpr Index line = 64 / sizeof(T) > 0 ? 64 / sizeof(T) : 1;
  const T* next = x + NR * ldx;
  Index j = 0;
  for (; j + line <= d; j += line) {
    for (int r = 0; r < NR; ++r) __builtin_prefetch(next + r * ldx + j, 0, 3);
    for (Index k = j; k < j + line; ++k) feature(k);
  }
  for (; j < d; ++j) feature(j);
  if (whole) {  // z's rows hold whole packets here (their padding takes the zero columns' products)
    for (int r = 0; r < NR; ++r)
      for (int q = 0; q < NP; ++q) Eigen::internal::pstoreu(z + r * ldz + q * L, acc[r][q]);
    return;
  }
  Scalar row[NP * L];
  for (int r = 0; r < NR; ++r) {
    for (int q = 0; q < NP; ++q) Eigen::internal::pstoreu(row + q * L, acc[r][q]);
    for (int c = 0; c < NP * L; ++c)  // a fixed trip count: a copy of `cols` values became a memmove call
      if (c < cols) z[r * ldz + c] = row[c];
  }
}

// The packets of one row tile, two at a time.
template <int NR, typename Scalar, typename T>
void product_row_tile(const T* x, Index ldx, const RowMatrix<Scalar>& Gt, Index C, Scalar* z, Index ldz) {
  constexpr int L = lanes<Scalar>;
  const Index packets = (C + L - 1) / L;  // Gt's packets that hold the first C columns
  const bool whole = ldz >= packets * L;   // z's rows have room for whole packets
  for (Index q0 = 0; q0 < packets; q0 += tile_packets) {
    const Index cols = std::min<Index>(C - q0 * L, tile_packets * L);
    const Scalar* g = Gt.data() + q0 * L;
    if (packets - q0 >= tile_packets)
      product_tile<NR, tile_packets>(x, ldx, g, Gt.cols(), Gt.rows(), z + q0 * L, ldz, cols, whole);
    else
      product_tile<NR, 1>(x, ldx, g, Gt.cols(), Gt.rows(), z + q0 * L, ldz, cols, whole);
  }
}

}  // namespace thin

/// Rows a caller hands to the two products at a time when it runs both over the same rows: a
/// multiple of every tile height, few enough (32 rows of up to ~1,000 features) to stay in L2.
constexpr Index thin_rows = 32;

/// A stack G (C × d) transposed for thin_product: d × C, columns rounded up to whole packets.
template <typename Scalar, typename Derived>
RowMatrix<Scalar> transposed_stack(const Eigen::MatrixBase<Derived>& G) {
  constexpr Index L = thin::lanes<Scalar>;
  RowMatrix<Scalar> Gt = RowMatrix<Scalar>::Zero(G.cols(), (G.rows() + L - 1) / L * L);
  Gt.leftCols(G.rows()) = G.transpose().template cast<Scalar>();
  return Gt;
}

/// Z (rows × C, leading dimension ldz) = X·Gᵀ in Scalar from Gt = transposed_stack(G), X's
/// rows (float or double) at stride ldx. The last rows go one at a time, with the same
/// arithmetic as in a whole tile. When ldz leaves room for C rounded up to whole packets, each
/// row's columns past C up to there are written too (the products of Gt's zero padding, ±0):
/// whole packets go straight to Z, without a copy a value at a time.
template <typename Scalar, typename T>
void thin_product(const T* X, Index ldx, Index rows, const RowMatrix<Scalar>& Gt, Index C, Scalar* Z, Index ldz) {
  constexpr int R = thin::tile_rows;
  Index r0 = 0;
  for (; r0 + R <= rows; r0 += R) thin::product_row_tile<R>(X + r0 * ldx, ldx, Gt, C, Z + r0 * ldz, ldz);
  for (; r0 < rows; ++r0) thin::product_row_tile<1>(X + r0 * ldx, ldx, Gt, C, Z + r0 * ldz, ldz);
}

namespace thin {

// add_row_products on NR rows (a compile-time count, so the row packets stay in registers),
// over the packets of features [j0, j1).
template <int NR, typename Scalar>
void row_update_tile(const Scalar* x, Index ldx, Index j0, Index j1, const Scalar* b, Index ldb, Index m,
                     Scalar* out, Index ldo) {
  using P = Packet<Scalar>;
  constexpr int L = lanes<Scalar>;
  for (Index j = j0; j < j1; j += L) {
    P xr[NR];
    for (int r = 0; r < NR; ++r) xr[r] = Eigen::internal::ploadu<P>(x + r * ldx + j);
    for (Index k = 0; k < m; ++k) {
      P o = Eigen::internal::ploadu<P>(out + k * ldo + j);
      for (int r = 0; r < NR; ++r) o = Eigen::internal::pmadd(Eigen::internal::pset1<P>(b[r * ldb + k]), xr[r], o);
      Eigen::internal::pstoreu(out + k * ldo + j, o);
    }
  }
}

// row_update_tail for TAIL features (a compile-time count, so that the accumulators stay in
// registers: with a run-time count they lived in memory, each row's multiply-add waiting on a
// store and a load).
template <int TAIL, typename Scalar>
void row_update_tail_of(const Scalar* X, Index ldx, Index rows, Index j0, const Scalar* B, Index ldb, Index m,
                        Scalar* out, Index ldo) {
  using P = Packet<Scalar>;
  constexpr int L = lanes<Scalar>;
  alignas(64) Scalar lane[L];
  for (Index k0 = 0; k0 < m; k0 += L) {
    const Index width = std::min<Index>(L, m - k0);
    P acc[TAIL];
    for (int j = 0; j < TAIL; ++j) {
      for (int k = 0; k < L; ++k) lane[k] = k < width ? out[(k0 + k) * ldo + j0 + j] : Scalar(0);
      acc[j] = Eigen::internal::pload<P>(lane);
    }
    // Rows whose packet B[r·ldb + k0 .. + L) lies inside B's rows·ldb values.
    const Index end = (rows - 1) * ldb + m;  // one past B's last value read by a scalar loop
    Index safe = rows;
    while (safe > 0 && (safe - 1) * ldb + k0 + L > end) --safe;
    const auto update = [&](const P& b, const Scalar* x) {
      for (int j = 0; j < TAIL; ++j) acc[j] = Eigen::internal::pmadd(Eigen::internal::pset1<P>(x[j]), b, acc[j]);
    };
    for (Index r = 0; r < safe; ++r) update(Eigen::internal::ploadu<P>(B + r * ldb + k0), X + r * ldx + j0);
    for (Index r = safe; r < rows; ++r) {
      for (int k = 0; k < L; ++k) lane[k] = k < width ? B[r * ldb + k0 + k] : Scalar(0);
      update(Eigen::internal::pload<P>(lane), X + r * ldx + j0);
    }
    for (int j = 0; j < TAIL; ++j) {
      Eigen::internal::pstore(lane, acc[j]);
      for (Index k = 0; k < width; ++k) out[(k0 + k) * ldo + j0 + j] = lane[k];
    }
  }
}

// add_row_products over the features [j0, d) past whole packets (fewer than a packet), with
// the classes in the lanes instead: out[k·ldo + j] takes x_r[j]·B[r·ldb + k] for r in row order
// by the same (fused, where the build has FMA) multiply-add as a scalar loop, so the bits are
// the scalar loop's, while the sums stay in registers instead of going through out every row
// (that loop took 18% of a 7-class objective pass at 11 features). A row's class packet reads
// lanes past m (the next row's, never stored); the last rows, whose packet would end past B,
// go through a padded copy.
template <typename Scalar, int N = 1>
void row_update_tail(const Scalar* X, Index ldx, Index rows, Index j0, Index d, const Scalar* B, Index ldb, Index m,
                     Scalar* out, Index ldo) {
  if constexpr (N < lanes<Scalar>) {  // the tail's width as a compile-time count
    if (d - j0 == N) return row_update_tail_of<N>(X, ldx, rows, j0, B, ldb, m, out, ldo);
    row_update_tail<Scalar, N + 1>(X, ldx, rows, j0, d, B, ldb, m, out, ldo);
  }
}

}  // namespace thin

/// out[k·ldo + j] += Σ_r B[r·ldb + k] · x_r[j] for k < m and j < d, over the rows
/// x_r = X + r·ldx (r < rows), each out value adding the rows in row order. Per tile of rows
/// each out packet is loaded once, takes one fused multiply-add a row, and is stored once;
/// the features go a few packets at a time through all the rows, so that the m × (those
/// features) block of out stays in L1. The last rows go one at a time, with the same
/// additions in the same order, and the features past whole packets by row_update_tail.
template <typename Scalar>
void add_row_products(const Scalar* X, Index ldx, Index rows, Index d, const Scalar* B, Index ldb, Index m,
                      Scalar* out, Index ldo) {
  constexpr int R = thin::tile_rows, L = thin::lanes<Scalar>;
  constexpr Index feature_block = 8 * L;
  const Index main = d / L * L;
  for (Index j0 = 0; j0 < main; j0 += feature_block) {
    const Index j1 = std::min(main, j0 + feature_block);
    Index r0 = 0;
    for (; r0 + R <= rows; r0 += R) thin::row_update_tile<R>(X + r0 * ldx, ldx, j0, j1, B + r0 * ldb, ldb, m, out, ldo);
    for (; r0 < rows; ++r0) thin::row_update_tile<1>(X + r0 * ldx, ldx, j0, j1, B + r0 * ldb, ldb, m, out, ldo);
  }
  if (main < d) thin::row_update_tail(X, ldx, rows, main, d, B, ldb, m, out, ldo);
}

}  // namespace salutary
