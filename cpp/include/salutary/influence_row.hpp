/// @brief The per-row influence formula of maths §3, written once for the CPU and the device:
/// a pool row's class probabilities p and z = S x̃ give its influence row, salutary label and score.
#pragma once
#include <cstdint>

#include "salutary/tie_break.hpp"  // SALUTARY_HOST_DEVICE

namespace salutary {

/// I(x, c) for every class c into I (K values), from p (K probabilities) and z (m = 1 for the
/// sigmoid, K for softmax): sigmoid I(x, 0) = p₁·z, I(x, 1) = (p₁ − 1)·z; softmax I(x, c) = pᵀz − z_c.
/// Returns the salutary label argmax_c I(x, c), the lowest class on ties; *score gets its value.
SALUTARY_HOST_DEVICE inline std::int64_t influence_row(const double* p, const double* z, int K, double* I,
                                                       double* score) {
  if (K == 2) {
    I[0] = p[1] * z[0];
    I[1] = I[0] - z[0];
  } else {
    double pz = 0.0;
    for (int k = 0; k < K; ++k) pz += p[k] * z[k];
    for (int c = 0; c < K; ++c) I[c] = pz - z[c];
  }
  std::int64_t best = 0;
  for (int c = 1; c < K; ++c)
    if (I[c] > I[best]) best = c;  // strict: ties keep the lowest class index
  *score = I[best];
  return best;
}

}  // namespace salutary
