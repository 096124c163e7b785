/// @brief Private: the softmax of maths §2 and the influence rows of maths §3 with rows in SIMD lanes.
///
/// A row of a few classes is too short for a vector: its maximum, its sum, its K divisions and
/// its salutary label's selects ran one value at a time. Held class-major instead (class k of
/// row l at [k·lane_rows + l]), a group of lane_rows rows takes each step as one vector
/// operation across its rows. A row's bits do not depend on its lane.
#pragma once

#include <algorithm>

#include "salutary/matrix_views.hpp"

namespace salutary {

/// Rows per group: one AVX-512 packet of doubles, two AVX2 ones.
constexpr Index lane_rows = 8;

/// Eigen's vectorised exp clamps its argument near −708, where std::exp underflows to 0; past
/// that point the probability is exactly 0, so saturated rows carry exactly zero curvature.
/// (Eigen 3.4's select() is not vectorised: the exp runs first, the fix after.)
constexpr double exp_underflow = -708.0;

/// The class probabilities of a group of lane_rows rows with K ≥ 3 classes: z holds their
/// logits class-major and is left holding them less each row's maximum; p (K·lane_rows values)
/// gets the probabilities. The steps of probabilities_from_logits in its order, so with its
/// bits wherever its exp is Eigen's vectorised one: both buffers are aligned to Eigen's maximum
/// alignment, so every exp here is.
inline void softmax_in_lanes(double* z, double* p, Index K) {
  constexpr Index L = lane_rows;
  double top[L];
  std::copy(z, z + L, top);
  for (Index k = 1; k < K; ++k)
    for (Index l = 0; l < L; ++l) top[l] = std::max(top[l], z[k * L + l]);
  for (Index k = 0; k < K; ++k)
    for (Index l = 0; l < L; ++l) z[k * L + l] -= top[l];
  Eigen::Map<Eigen::ArrayXd, Eigen::AlignedMax>(p, K * L) =
      Eigen::Map<const Eigen::ArrayXd, Eigen::AlignedMax>(z, K * L).exp();
  double sum[L] = {};
  for (Index k = 0; k < K; ++k)
    for (Index l = 0; l < L; ++l) {
      p[k * L + l] = z[k * L + l] < exp_underflow ? 0.0 : p[k * L + l];
      sum[l] += p[k * L + l];
    }
  for (Index k = 0; k < K; ++k)
    for (Index l = 0; l < L; ++l) p[k * L + l] /= sum[l];
}

/// influence_row (salutary/influence_row.hpp) for a group of softmax rows, class-major: p their
/// probabilities and z their projections (K each), I their influence rows. pᵀz is summed in
/// class order by multiply-adds, then I(x, c) = pᵀz − z_c and the salutary label, the lowest
/// class on ties, into label (as a double) with its value in score (lane_rows each).
inline void influence_in_lanes(const double* p, const double* z, Index K, double* I, double* label, double* score) {
  using namespace Eigen::internal;
  using Packet = packet_traits<double>::type;
  constexpr Index width = packet_traits<double>::size, L = lane_rows;
  for (Index q = 0; q < L; q += width) {
    Packet pz = pset1<Packet>(0.0);
    for (Index k = 0; k < K; ++k) pz = pmadd(ploadu<Packet>(p + k * L + q), ploadu<Packet>(z + k * L + q), pz);
    for (Index c = 0; c < K; ++c) pstoreu(I + c * L + q, psub(pz, ploadu<Packet>(z + c * L + q)));
    Packet top = ploadu<Packet>(I + q), best = pset1<Packet>(0.0);
    for (Index c = 1; c < K; ++c) {
      const Packet value = ploadu<Packet>(I + c * L + q);
#if defined(EIGEN_VECTORIZE_AVX512)
      // The compare's mask register drives the blends directly (Eigen's pcmp_lt/pselect take
      // it through a vector register and back, a sixth of the softmax pass's own time).
      const __mmask8 above = _mm512_cmp_pd_mask(top, value, _CMP_LT_OQ);  // strict: ties keep the lower class
      best = _mm512_mask_blend_pd(above, best, pset1<Packet>(double(c)));
      top = _mm512_mask_blend_pd(above, top, value);
#else
      const Packet above = pcmp_lt(top, value);  // strict: ties keep the lower class
      best = pselect(above, pset1<Packet>(double(c)), best);
      top = pselect(above, value, top);
#endif
    }
    pstoreu(label + q, best);
    pstoreu(score + q, top);
  }
}

}  // namespace salutary
