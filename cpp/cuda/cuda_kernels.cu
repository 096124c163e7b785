#include "cuda_kernels.hpp"

#include <thrust/device_ptr.h>
#include <thrust/execution_policy.h>
#include <thrust/sequence.h>
#include <thrust/sort.h>

#include "salutary/tie_break.hpp"

namespace salutary::cuda::kernels {

namespace {

constexpr int threads_per_block = 256;
unsigned blocks_for(std::size_t n) { return static_cast<unsigned>((n + threads_per_block - 1) / threads_per_block); }

// U (n × m·D, column-major): column k·D + j holds sqrt(c_i)·p_ik·x̃_ij, so Σ_i u_i u_iᵀ is the
// rank-one part of maths §3's softmax curvature; for the sigmoid c_i = w_i p_i(1 − p_i), p ≡ 1.
__global__ void fill_u_kernel(const double* Xt, const double* P, const double* root_c, double* U, long n, long D, long m,
                       int K) {
  const long idx = long(blockIdx.x) * blockDim.x + threadIdx.x;
  if (idx >= n * D * m) return;
  const long i = idx % n, col = idx / n, k = col / D, j = col % D;
  const double pk = K == 2 ? 1.0 : P[i * K + k];
  U[idx] = root_c[i] * pk * Xt[j * n + i];
}

// V (n × D, column-major) = diag(w·p_k) X̃, the weights of diagonal block k.
__global__ void fill_v_kernel(const double* Xt, const double* P, const double* w, double* V, long n, long D, int K, long k) {
  const long idx = long(blockIdx.x) * blockDim.x + threadIdx.x;
  if (idx >= n * D) return;
  const long i = idx % n;
  V[idx] = w[i] * P[i * K + k] * Xt[idx];
}

// Penalty (1/C on weights, none on intercepts), damping, and the null completion vvᵀ of maths §3.
__global__ void finish_kernel(double* H, long p, long D, long d, double penalty, double damping, bool complete,
                              int K) {
  const long idx = long(blockIdx.x) * blockDim.x + threadIdx.x;
  if (idx >= p * p) return;
  const long r = idx % p, c = idx / p;
  double add = 0.0;
  if (r == c) add += damping + (r % D < d ? penalty : 0.0);
  if (complete && r % D == D - 1 && c % D == D - 1) add += 1.0 / K;
  H[idx] += add;
}

// One pool row per thread: logits and z from ZZ, probabilities, I(x, c), salutary label and score.
__global__ void table_rows_kernel(const double* ZZ, const double* offset, long rows, long m, int K, double* table,
                           std::int64_t* labels, double* scores, int* non_finite) {
  const long i = long(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= rows) return;
  const double* zz = ZZ + i * 2 * m;
  for (long k = 0; k < 2 * m; ++k)
    if (!isfinite(zz[k])) {
      atomicExch(non_finite, 1);
      return;
    }
  double best = -INFINITY;
  long best_c = 0;
  if (K == 2) {
    const double logit = zz[0] + offset[0], z = zz[1] + offset[1];
    const double p1 = logit >= 0 ? 1.0 / (1.0 + exp(-logit)) : exp(logit) / (1.0 + exp(logit));
    const double I0 = p1 * z, I1 = (p1 - 1.0) * z;  // maths §3 sigmoid
    if (table) table[i * 2] = I0, table[i * 2 + 1] = I1;
    best = I0, best_c = 0;
    if (I1 > best) best = I1, best_c = 1;
  } else {
    double zmax = -INFINITY;
    for (long k = 0; k < m; ++k) zmax = fmax(zmax, zz[k] + offset[k]);
    double sum = 0.0, pz = 0.0;
    for (long k = 0; k < m; ++k) sum += exp(zz[k] + offset[k] - zmax);
    for (long k = 0; k < m; ++k) pz += exp(zz[k] + offset[k] - zmax) / sum * (zz[m + k] + offset[m + k]);
    for (long c = 0; c < K; ++c) {
      const double I = pz - (zz[m + c] + offset[m + c]);  // maths §3 softmax
      if (table) table[i * K + c] = I;
      if (I > best) best = I, best_c = c;  // ties keep the lowest class
    }
  }
  if (labels) labels[i] = best_c;
  if (scores) scores[i] = best;
}

__global__ void widen_kernel(const float* in, double* out, long n) {
  const long idx = long(blockIdx.x) * blockDim.x + threadIdx.x;
  if (idx < n) out[idx] = static_cast<double>(in[idx]);
}

struct SelectionOrder {
  const double* scores;
  std::uint64_t seed;
  __device__ bool operator()(std::int64_t a, std::int64_t c) const {
    if (scores[a] != scores[c]) return scores[a] > scores[c];
    return seeded_permutation_key(seed, std::uint64_t(a)) < seeded_permutation_key(seed, std::uint64_t(c));
  }
};

}  // namespace

void fill_u(const double* Xt, const double* P, const double* root_c, double* U, long n, long D, long m, int K) {
  fill_u_kernel<<<blocks_for(n * D * m), threads_per_block>>>(Xt, P, root_c, U, n, D, m, K);
}

void fill_v(const double* Xt, const double* P, const double* w, double* V, long n, long D, int K, long k) {
  fill_v_kernel<<<blocks_for(n * D), threads_per_block>>>(Xt, P, w, V, n, D, K, k);
}

void finish(double* H, long p, long D, long d, double penalty, double damping, bool complete, int K) {
  finish_kernel<<<blocks_for(p * p), threads_per_block>>>(H, p, D, d, penalty, damping, complete, K);
}

void table_rows(const double* ZZ, const double* offset, long rows, long m, int K, double* table,
                std::int64_t* labels, double* scores, int* non_finite) {
  table_rows_kernel<<<blocks_for(rows), threads_per_block>>>(ZZ, offset, rows, m, K, table, labels, scores,
                                                             non_finite);
}

void widen(const float* in, double* out, long n) { widen_kernel<<<blocks_for(n), threads_per_block>>>(in, out, n); }

void sort_selection(std::int64_t* idx, const double* scores, long n, std::uint64_t seed) {
  thrust::device_ptr<std::int64_t> first(idx);
  thrust::sequence(thrust::device, first, first + n);
  thrust::sort(thrust::device, first, first + n, SelectionOrder{scores, seed});
}

}  // namespace salutary::cuda::kernels
