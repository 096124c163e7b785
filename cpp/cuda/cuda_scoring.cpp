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
#include "salutary/parallel.hpp"

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

namespace {

// s = (H + vvᵀ)⁻¹ g_val on the device for the training rows' curvature (maths §3).
RowMatrixXd device_val_direction(const LogisticModel& model, const RowsRef<double>& X_train, const VectorRef& weights,
                                 const RowMatrixXd& g, double damping) {
  const long n = X_train.rows(), D = model.dim(), d = model.n_features(), m = model.n_outputs(), p = m * D;
  const int K = model.n_classes;
  if (g.rows() != m || g.cols() != D)
    throw std::invalid_argument("the validation gradient must have the shape of the model's coefficients");
  if (!g.allFinite()) throw std::invalid_argument("the validation gradient contains NaN or Inf");
  const RowMatrixXd P = predict_proba(model, X_train);
  // X̃ column-major on the host, then everything else on the device.
  Eigen::MatrixXd Xt(n, D);
  Xt.leftCols(d) = X_train;
  if (model.fit_intercept) Xt.col(d).setOnes();
  const Eigen::VectorXd w = weights.size() ? Eigen::VectorXd(weights) : Eigen::VectorXd::Ones(n);
  Eigen::VectorXd root_c(n);
  for (long i = 0; i < n; ++i) root_c[i] = std::sqrt(K == 2 ? w[i] * P(i, 0) * P(i, 1) : w[i]);
  const Eigen::VectorXd penalty = penalty_diagonal(model), v = null_direction(model);

  DeviceBuffer<double> dX(n * D), dP(n * K), dW(n), dRoot(n), dU(n * p), dH(p * p), dV(n * D), dPenalty(p),
      dNull(v.size());
  dX.upload(Xt.data(), n * D);
  dP.upload(P.data(), n * K);
  dW.upload(w.data(), n);
  dRoot.upload(root_c.data(), n);
  dPenalty.upload(penalty.data(), p);
  if (v.size()) dNull.upload(v.data(), v.size());
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
  poll_interrupt();
  // The same diagonal and completion as the CPU: penalty_diagonal, then damping, then vvᵀ.
  kernels::add_to_diagonal(dH.get(), p, dPenalty.get());
  kernels::add_constant_to_diagonal(dH.get(), p, damping);
  CHECK_CUDA(cudaGetLastError());
  if (v.size()) CHECK_CUBLAS(cublasDsyr(blas.handle, CUBLAS_FILL_MODE_LOWER, p, &one, dNull.get(), 1, dH.get(), p));
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
  check_cholesky_pivots(diagonal, pivots, status == 0);
  poll_interrupt();
  DeviceBuffer<double> rhs(p);
  rhs.upload(g.data(), p);  // class-major, like U's columns
  CHECK_CUSOLVER(cusolverDnDpotrs(solver.handle, CUBLAS_FILL_MODE_LOWER, p, 1, dH.get(), p, rhs.get(), p, info.get()));
  RowMatrixXd s(m, D);
  rhs.download(s.data(), p);
  return s;
}

// Pool rows in device tiles of about 256 MB; the host polls for an interrupt between tiles.
template <typename T>
void device_table_pass(const LogisticModel& model, const StackedDirections& st, const RowsRef<T>& X,
                       const InfluenceOutputs& out) {
  const long n = X.rows(), d = model.n_features(), m = model.n_outputs();
  const int K = model.n_classes;
  if (X.cols() != d) throw std::invalid_argument("X_pool has the wrong number of features");
  if (K > 64) throw std::invalid_argument("the CUDA table pass supports at most 64 classes; use device='cpu'");
  const long tile = std::max<long>(1, std::min<long>(n, (256L << 20) / (long(sizeof(T)) * std::max<long>(d, 1))));
  DeviceBuffer<double> dG(2 * m * d), dOffset(2 * m), dTable(out.table ? tile * K : 0), dScores(out.scores ? tile : 0);
  DeviceBuffer<T> dTile(tile * d);
  DeviceBuffer<std::int64_t> dLabels(out.labels ? tile : 0);
  DeviceBuffer<int> dFlag(1);
  dG.upload(st.G.data(), 2 * m * d);  // row-major 2m × d
  dOffset.upload(st.offset.data(), 2 * m);
  for (long r0 = 0; r0 < n; r0 += tile) {
    poll_interrupt();
    const long rows = std::min(tile, n - r0);
    // Rows are contiguous in a C-ordered pool: one copy per tile (strided views copy row by row).
    if (X.outerStride() == d) {
      dTile.upload(X.row(r0).data(), rows * d);
    } else {
      for (long i = 0; i < rows; ++i)
        CHECK_CUDA(cudaMemcpy(dTile.get() + i * d, X.row(r0 + i).data(), sizeof(T) * d, cudaMemcpyHostToDevice));
    }
    CHECK_CUDA(cudaMemset(dFlag.get(), 0, sizeof(int)));
    kernels::table_rows(dTile.get(), rows, d, dG.get(), dOffset.get(), m, K, dTable.get(), dLabels.get(),
                        dScores.get(), dFlag.get());
    CHECK_CUDA(cudaGetLastError());
    int flag = 0;
    dFlag.download(&flag, 1);
    if (flag) {
      for (long i = 0; i < rows; ++i)
        if (!X.row(r0 + i).allFinite()) throw std::invalid_argument("X_pool contains NaN or Inf");
      throw std::overflow_error("the influence table overflows float64 on some pool rows; rescale X_pool");
    }
    if (out.table) dTable.download(out.table + r0 * K, rows * K);
    if (out.labels) dLabels.download(out.labels + r0, rows);
    if (out.scores) dScores.download(out.scores + r0, rows);
  }
}

class CudaBackend final : public ScoringBackend {
 public:
  std::string name() const override { return "cuda"; }

  RowMatrixXd val_direction(const LogisticModel& model, const RowsRef<double>& X_train, const VectorRef& train_weights,
                            const RowMatrixXd& g_val, const Eigen::MatrixXd& pool_curvature,
                            const ScorerOptions& options, DirectionReport* report) const override {
    if (options.hessian_on != HessianOn::train || options.solver == DirectionSolver::cg)
      return cpu_backend()->val_direction(model, X_train, train_weights, g_val, pool_curvature, options, report);
    if (report) *report = DirectionReport{DirectionSolver::cholesky, 0};
    return device_val_direction(model, X_train, train_weights, g_val, options.damping);
  }

  // Rows are computed one warp each, independently of their tile, so `offset` needs no alignment.
  // The device pass is float64 whatever the scorer's precision: directions.single is not read.
  void table_pass(const LogisticModel& model, const StackedDirections& directions, const PoolRef& block, Index,
                  const InfluenceOutputs& out) const override {
    std::visit([&](const auto& rows) { device_table_pass(model, directions, rows, out); }, block);
  }
};

}  // namespace

std::shared_ptr<const ScoringBackend> backend() {
  static const std::shared_ptr<const ScoringBackend> instance = std::make_shared<CudaBackend>();
  return instance;
}

}  // namespace salutary::cuda
