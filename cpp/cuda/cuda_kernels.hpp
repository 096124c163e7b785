/// @brief Launchers of the CUDA kernels (plain pointers, so the host code needs no nvcc).
/// Every buffer is on the device; matrices are column-major unless named otherwise.
#pragma once

#include <cstdint>

namespace salutary::cuda::kernels {

/// U (n × m·D): column k·D + j = root_c_i · p_ik · x̃_ij (p ≡ 1 for the sigmoid). P is n × K row-major.
void fill_u(const double* Xt, const double* P, const double* root_c, double* U, long n, long D, long m, int K);
/// V (n × D) = diag(w · p_k) X̃.
void fill_v(const double* Xt, const double* P, const double* w, double* V, long n, long D, int K, long k);
/// H (p × p) += penalty on weight diagonals, damping on the diagonal, and vvᵀ when complete.
void finish(double* H, long p, long D, long d, double penalty, double damping, bool complete, int K);
/// Per pool row of ZZ (rows × 2m, row-major: logits then z): the table row, label and score.
void table_rows(const double* ZZ, const double* offset, long rows, long m, int K, double* table,
                std::int64_t* labels, double* scores, int* non_finite);
/// float32 → float64.
void widen(const float* in, double* out, long n);
/// idx = 0..n-1 sorted by score descending, then the seeded tie-break key.
void sort_selection(std::int64_t* idx, const double* scores, long n, std::uint64_t seed);

}  // namespace salutary::cuda::kernels
