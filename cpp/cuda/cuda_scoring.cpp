#include "salutary/cuda_scoring.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <type_traits>

#include "cuda_check.hpp"
#include "cuda_kernels.hpp"
#include "salutary/errors.hpp"

namespace salutary::cuda {

namespace {

// Owns one device allocation of n elements.
template <typename T>
class DeviceBuffer {
 public:
  explicit DeviceBuffer(std::size_t n) : n_(n) {
    if (n_) CHECK_CUDA(cudaMalloc(&ptr_, n_ * sizeof(T)));
  }
  ~DeviceBuffer() {
    if (ptr_) cudaFree(ptr_);
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  T* get() const { return ptr_; }
  void upload(const T* host, std::size_t count) { CHECK_CUDA(cudaMemcpy(ptr_, host, count * sizeof(T), cudaMemcpyHostToDevice)); }
  void download(T* host, std::size_t count) const {
    CHECK_CUDA(cudaMemcpy(host, ptr_, count * sizeof(T), cudaMemcpyDeviceToHost));
  }

 private:
  T* ptr_ = nullptr;
  std::size_t n_;
};

struct Cublas {
  cublasHandle_t handle{};
  Cublas() { CHECK_CUBLAS(cublasCreate(&handle)); }
  ~Cublas() { cublasDestroy(handle); }
};

struct Cusolver {
  cusolverDnHandle_t handle{};
  Cusolver() { CHECK_CUSOLVER(cusolverDnCreate(&handle)); }
  ~Cusolver() { cusolverDnDestroy(handle); }
};

}  // namespace

int device_count() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky error: no driver or no device means no CUDA path
    return 0;
  }
  return count;
}

RowMatrixXd val_direction(const LogisticModel& model, const RowsRef<double>& X_train, const VectorRef& weights,
                          const RowsRef<double>& X_val, const LabelsRef& y_val, double damping) {
  const long n = X_train.rows(), D = model.dim(), d = model.n_features(), m = model.n_outputs(), p = m * D;
  const int K = model.n_classes;
  const RowMatrixXd g = val_gradient(model, X_val, y_val);
  const RowMatrixXd P = predict_proba(model, X_train);
  // X̃ column-major on the host, then everything else on the device.
  Eigen::MatrixXd Xt(n, D);
  Xt.leftCols(d) = X_train;
  if (model.fit_intercept) Xt.col(d).setOnes();
  const Eigen::VectorXd w = weights.size() ? Eigen::VectorXd(weights) : Eigen::VectorXd::Ones(n);
  Eigen::VectorXd root_c(n);
  for (long i = 0; i < n; ++i) root_c[i] = std::sqrt(K == 2 ? w[i] * P(i, 0) * P(i, 1) : w[i]);

  DeviceBuffer<double> dX(n * D), dP(n * K), dW(n), dRoot(n), dU(n * p), dH(p * p), dV(n * D);
  dX.upload(Xt.data(), n * D);
  dP.upload(P.data(), n * K);
  dW.upload(w.data(), n);
  dRoot.upload(root_c.data(), n);
  CHECK_CUDA(cudaMemset(dH.get(), 0, sizeof(double) * p * p));
  kernels::fill_u(dX.get(), dP.get(), dRoot.get(), dU.get(), n, D, m, K);
  CHECK_CUDA(cudaGetLastError());
  Cublas blas;
  // maths §3: sigmoid H = UᵀU; softmax H = blockdiag(X̃ᵀ diag(w p_k) X̃) − UᵀU (lower triangle).
  const double sign = K == 2 ? 1.0 : -1.0, zero = 0.0, one = 1.0;
  CHECK_CUBLAS(cublasDsyrk(blas.handle, CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_T, p, n, &sign, dU.get(), n, &zero,
                           dH.get(), p));
  if (K > 2) {
    for (long k = 0; k < m; ++k) {
      kernels::fill_v(dX.get(), dP.get(), dW.get(), dV.get(), n, D, K, k);
      CHECK_CUDA(cudaGetLastError());
      CHECK_CUBLAS(cublasDgemm(blas.handle, CUBLAS_OP_T, CUBLAS_OP_N, D, D, n, &one, dX.get(), n, dV.get(), n, &one,
                               dH.get() + k * D * p + k * D, p));
    }
  }
  kernels::finish(dH.get(), p, D, d, model.penalty(), damping, K > 2 && model.fit_intercept, K);
  CHECK_CUDA(cudaGetLastError());
  // Keep the diagonal for the same scale-free singularity test as the CPU factor.
  Eigen::VectorXd diagonal(p);
  CHECK_CUDA(cudaMemcpy2D(diagonal.data(), sizeof(double), dH.get(), (p + 1) * sizeof(double), sizeof(double), p,
                          cudaMemcpyDeviceToHost));

  Cusolver solver;
  int work_size = 0;
  CHECK_CUSOLVER(cusolverDnDpotrf_bufferSize(solver.handle, CUBLAS_FILL_MODE_LOWER, p, dH.get(), p, &work_size));
  DeviceBuffer<double> work(std::max(work_size, 1));
  DeviceBuffer<int> info(1);
  CHECK_CUSOLVER(cusolverDnDpotrf(solver.handle, CUBLAS_FILL_MODE_LOWER, p, dH.get(), p, work.get(), work_size,
                                  info.get()));
  int status = 0;
  info.download(&status, 1);
  Eigen::VectorXd pivots(p);
  CHECK_CUDA(cudaMemcpy2D(pivots.data(), sizeof(double), dH.get(), (p + 1) * sizeof(double), sizeof(double), p,
                          cudaMemcpyDeviceToHost));
  const double floor = double(p) * std::numeric_limits<double>::epsilon();
  if (status != 0 || !((pivots.array().square() / diagonal.array()).minCoeff() > floor)) {
    std::ostringstream msg;
    msg << "the Hessian (" << p << " x " << p << ") is not positive definite to working precision on the device: "
        << "pass damping > 0, use a smaller C, or compute the Hessian on more rows (hessian_on)";
    throw FactorizationError(msg.str());
  }
  DeviceBuffer<double> rhs(p);
  rhs.upload(g.data(), p);  // class-major, like U's columns
  CHECK_CUSOLVER(cusolverDnDpotrs(solver.handle, CUBLAS_FILL_MODE_LOWER, p, 1, dH.get(), p, rhs.get(), p, info.get()));
  RowMatrixXd s(m, D);
  rhs.download(s.data(), p);
  return s;
}

template <typename T>
void influence_table(const LogisticModel& model, const RowMatrixXd& val_dir, const RowsRef<T>& X_pool,
                     const InfluenceOutputs& out) {
  const long n = X_pool.rows(), d = model.n_features(), m = model.n_outputs();
  const int K = model.n_classes;
  const StackedDirections stacked = stack_directions(model, val_dir);
  const Eigen::MatrixXd G = stacked.G;  // column-major for cuBLAS
  const Eigen::RowVectorXd& offset = stacked.offset;
  // Row tiles of about 256 MB of float64.
  const long tile = std::max<long>(1, std::min<long>(n, (256L << 20) / (8 * std::max<long>(d, 1))));
  DeviceBuffer<double> dG(2 * m * d), dOffset(2 * m), dTile(tile * d), dZZ(tile * 2 * m), dTable(out.table ? tile * K : 0),
      dScores(out.scores ? tile : 0);
  DeviceBuffer<float> dRaw(std::is_same<T, float>::value ? tile * d : 0);
  DeviceBuffer<std::int64_t> dLabels(out.labels ? tile : 0);
  DeviceBuffer<int> dFlag(1);
  dG.upload(G.data(), 2 * m * d);
  dOffset.upload(offset.data(), 2 * m);
  Cublas blas;
  const double one = 1.0, zero = 0.0;
  for (long r0 = 0; r0 < n; r0 += tile) {
    const long rows = std::min(tile, n - r0);
    // Rows are contiguous in a C-ordered pool: one copy per tile (strided views copy row by row).
    for (long i = 0; i < rows; i += (X_pool.outerStride() == d ? rows : 1)) {
      const long count = X_pool.outerStride() == d ? rows : 1;
      if constexpr (std::is_same<T, float>::value) {
        CHECK_CUDA(cudaMemcpy(dRaw.get() + i * d, X_pool.row(r0 + i).data(), sizeof(float) * count * d,
                              cudaMemcpyHostToDevice));
      } else {
        CHECK_CUDA(cudaMemcpy(dTile.get() + i * d, X_pool.row(r0 + i).data(), sizeof(double) * count * d,
                              cudaMemcpyHostToDevice));
      }
    }
    if constexpr (std::is_same<T, float>::value) {
      kernels::widen(dRaw.get(), dTile.get(), rows * d);  // float64 accumulation
      CHECK_CUDA(cudaGetLastError());
    }
    // ZZᵀ (2m × rows) = G (2m × d) · tileᵀ (d × rows): the row-major tile is tileᵀ column-major.
    CHECK_CUBLAS(cublasDgemm(blas.handle, CUBLAS_OP_N, CUBLAS_OP_N, 2 * m, rows, d, &one, dG.get(), 2 * m, dTile.get(),
                             d, &zero, dZZ.get(), 2 * m));
    CHECK_CUDA(cudaMemset(dFlag.get(), 0, sizeof(int)));
    kernels::table_rows(dZZ.get(), dOffset.get(), rows, m, K, dTable.get(), dLabels.get(), dScores.get(),
                        dFlag.get());
    CHECK_CUDA(cudaGetLastError());
    int flag = 0;
    dFlag.download(&flag, 1);
    if (flag) {
      for (long i = 0; i < rows; ++i)
        if (!X_pool.row(r0 + i).allFinite()) throw std::invalid_argument("X_pool contains NaN or Inf");
      throw std::overflow_error("the influence table overflows float64 on some pool rows; rescale X_pool");
    }
    if (out.table) dTable.download(out.table + r0 * K, rows * K);
    if (out.labels) dLabels.download(out.labels + r0, rows);
    if (out.scores) dScores.download(out.scores + r0, rows);
  }
}

std::vector<std::int64_t> top_b(const VectorRef& scores, Index b, std::uint64_t seed) {
  const Index n = scores.size();
  if (b < 1 || b > n) throw std::invalid_argument("budget must be between 1 and the number of pool rows");
  for (Index i = 0; i < n; ++i)
    if (std::isnan(scores[i])) throw std::invalid_argument("scores contain NaN");
  DeviceBuffer<double> dScores(n);
  DeviceBuffer<std::int64_t> dIdx(n);
  dScores.upload(scores.data(), n);
  // The same strict total order as the CPU top_b, so the selection is identical.
  kernels::sort_selection(dIdx.get(), dScores.get(), n, seed);
  CHECK_CUDA(cudaGetLastError());
  std::vector<std::int64_t> out(static_cast<std::size_t>(b));
  dIdx.download(out.data(), b);
  return out;
}

template void influence_table<float>(const LogisticModel&, const RowMatrixXd&, const RowsRef<float>&,
                                     const InfluenceOutputs&);
template void influence_table<double>(const LogisticModel&, const RowMatrixXd&, const RowsRef<double>&,
                                      const InfluenceOutputs&);

}  // namespace salutary::cuda
