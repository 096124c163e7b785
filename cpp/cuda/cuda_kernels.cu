#include "cuda_kernels.hpp"

#include "salutary/influence_row.hpp"

namespace salutary::cuda::kernels {

namespace {

constexpr int threads_per_block = 256;
constexpr int warp = 32;
constexpr int max_classes = 64;  // per-thread arrays of the table kernel; the host checks K
unsigned blocks_for(std::size_t n) { return static_cast<unsigned>((n + threads_per_block - 1) / threads_per_block); }

// U (n × m·D, column-major): column k·D + j holds sqrt(c_i)·p_ik·x̃_ij, so Σ_i u_i u_iᵀ is the
// rank-one part of maths §3's softmax curvature; for the sigmoid c_i = w_i p_i(1 − p_i), p ≡ 1.
__global__ void fill_u_kernel(const double* Xt, const double* P, const double* root_c, double* U, long n, long D,
                              long m, int K) {
  const long idx = long(blockIdx.x) * blockDim.x + threadIdx.x;
  if (idx >= n * D * m) return;
  const long i = idx % n, col = idx / n, k = col / D, j = col % D;
  const double pk = K == 2 ? 1.0 : P[i * K + k];
  U[idx] = root_c[i] * pk * Xt[j * n + i];
}

// V (n × D, column-major) = diag(w·p_k) X̃, the weights of diagonal block k.
__global__ void fill_v_kernel(const double* Xt, const double* P, const double* w, double* V, long n, long D, int K,
                              long k) {
  const long idx = long(blockIdx.x) * blockDim.x + threadIdx.x;
  if (idx >= n * D) return;
  const long i = idx % n;
  V[idx] = w[i] * P[i * K + k] * Xt[idx];
}

__global__ void add_to_diagonal_kernel(double* H, long p, const double* values) {
  const long i = long(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < p) H[i * p + i] += values[i];
}

__global__ void add_constant_to_diagonal_kernel(double* H, long p, double value) {
  const long i = long(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < p) H[i * p + i] += value;
}

// One warp a pool row. Lane l sums x_k·G_jk over k ≡ l (mod 32) in order, then a fixed shuffle
// tree adds the lanes: each row's bits depend on its values alone, not on its tile or position.
template <typename T>
__global__ void table_rows_kernel(const T* X, long rows, long d, const double* G, const double* offset, long m, int K,
                                  double* table, std::int64_t* labels, double* scores, int* non_finite) {
  const long row = (long(blockIdx.x) * blockDim.x + threadIdx.x) / warp;
  const int lane = threadIdx.x % warp;
  if (row >= rows) return;
  const T* x = X + row * d;
  double zz[2 * max_classes];
  for (long j = 0; j < 2 * m; ++j) {
    double partial = 0.0;
    for (long k = lane; k < d; k += warp) partial += static_cast<double>(x[k]) * G[j * d + k];
    for (int step = warp / 2; step > 0; step /= 2) partial += __shfl_down_sync(0xffffffffu, partial, step);
    zz[j] = partial + offset[j];
  }
  if (lane != 0) return;
  for (long j = 0; j < 2 * m; ++j)
    if (!isfinite(zz[j])) {
      atomicExch(non_finite, 1);
      return;
    }
  // Class probabilities from the logits zz[0..m), stable for large logits.
  double p[max_classes];
  if (K == 2) {
    const double t = zz[0];
    p[1] = t >= 0 ? 1.0 / (1.0 + exp(-t)) : exp(t) / (1.0 + exp(t));
    p[0] = 1.0 - p[1];
  } else {
    double top = zz[0], sum = 0.0;
    for (long k = 1; k < m; ++k) top = fmax(top, zz[k]);
    for (long k = 0; k < m; ++k) sum += (p[k] = exp(zz[k] - top));
    for (long k = 0; k < m; ++k) p[k] /= sum;
  }
  double I[max_classes], score;
  const std::int64_t label = influence_row(p, zz + m, K, I, &score);
  if (table)
    for (int c = 0; c < K; ++c) table[row * K + c] = I[c];
  if (labels) labels[row] = label;
  if (scores) scores[row] = score;
}

}  // namespace

void fill_u(const double* Xt, const double* P, const double* root_c, double* U, long n, long D, long m, int K) {
  fill_u_kernel<<<blocks_for(n * D * m), threads_per_block>>>(Xt, P, root_c, U, n, D, m, K);
}

void fill_v(const double* Xt, const double* P, const double* w, double* V, long n, long D, int K, long k) {
  fill_v_kernel<<<blocks_for(n * D), threads_per_block>>>(Xt, P, w, V, n, D, K, k);
}

void add_to_diagonal(double* H, long p, const double* values) {
  add_to_diagonal_kernel<<<blocks_for(p), threads_per_block>>>(H, p, values);
}

void add_constant_to_diagonal(double* H, long p, double value) {
  add_constant_to_diagonal_kernel<<<blocks_for(p), threads_per_block>>>(H, p, value);
}

template <typename T>
void table_rows(const T* X, long rows, long d, const double* G, const double* offset, long m, int K, double* table,
                std::int64_t* labels, double* scores, int* non_finite) {
  table_rows_kernel<T><<<blocks_for(rows * warp), threads_per_block>>>(X, rows, d, G, offset, m, K, table, labels,
                                                                       scores, non_finite);
}

template void table_rows<float>(const float*, long, long, const double*, const double*, long, int, double*,
                                std::int64_t*, double*, int*);
template void table_rows<double>(const double*, long, long, const double*, const double*, long, int, double*,
                                 std::int64_t*, double*, int*);

}  // namespace salutary::cuda::kernels
