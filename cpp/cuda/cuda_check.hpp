/// @brief Checked CUDA, cuBLAS and cuSOLVER calls: a failure throws with the call, file and line.
#pragma once

#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <cusolverDn.h>

#include <sstream>
#include <stdexcept>

namespace salutary::cuda_detail {

[[noreturn]] inline void fail(const char* library, const char* call, long code, const char* what, const char* file,
                              int line) {
  std::ostringstream msg;
  msg << library << " error " << code << " (" << what << ") in " << call << " at " << file << ":" << line;
  throw std::runtime_error(msg.str());
}

}  // namespace salutary::cuda_detail

#define CHECK_CUDA(call)                                                                                  \
  do {                                                                                                    \
    const cudaError_t status_ = (call);                                                                   \
    if (status_ != cudaSuccess)                                                                           \
      ::salutary::cuda_detail::fail("CUDA", #call, long(status_), cudaGetErrorString(status_), __FILE__, \
                                    __LINE__);                                                            \
  } while (0)

#define CHECK_CUBLAS(call)                                                                                \
  do {                                                                                                    \
    const cublasStatus_t status_ = (call);                                                                \
    if (status_ != CUBLAS_STATUS_SUCCESS)                                                                 \
      ::salutary::cuda_detail::fail("cuBLAS", #call, long(status_), cublasGetStatusString(status_),      \
                                    __FILE__, __LINE__);                                                  \
  } while (0)

#define CHECK_CUSOLVER(call)                                                                              \
  do {                                                                                                    \
    const cusolverStatus_t status_ = (call);                                                              \
    if (status_ != CUSOLVER_STATUS_SUCCESS)                                                               \
      ::salutary::cuda_detail::fail("cuSOLVER", #call, long(status_), "see cusolverStatus_t", __FILE__,  \
                                    __LINE__);                                                            \
  } while (0)
