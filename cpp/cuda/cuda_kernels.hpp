/// @brief Launchers of the CUDA kernels (plain pointers, so the host code needs no nvcc).
/// Every buffer is on the device; matrices are column-major unless named otherwise.
#pragma once

#include <cstdint>

namespace salutary::cuda::kernels {

/// U (n × m·D): column k·D + j = root_c_i · p_ik · x̃_ij (p ≡ 1 for the sigmoid). P is n × K row-major.
void fill_u(const double* Xt, const double* P, const double* root_c, double* U, long n, long D, long m, int K);
/// V (n × D) = diag(w · p_k) X̃.
void fill_v(const double* Xt, const double* P, const double* w, double* V, long n, long D, int K, long k);
/// H (p × p) diagonal += values (p of them).
void add_to_diagonal(double* H, long p, const double* values);
/// H (p × p) diagonal += value.
void add_constant_to_diagonal(double* H, long p, double value);
/// The table pass over `rows` pool rows (row-major, d columns): one warp a row computes the 2m
/// products with G (2m × d, row-major) in a fixed order, then influence_row. Any output may be null.
template <typename T>
void table_rows(const T* X, long rows, long d, const double* G, const double* offset, long m, int K, double* table,
                std::int64_t* labels, double* scores, int* non_finite);

}  // namespace salutary::cuda::kernels
