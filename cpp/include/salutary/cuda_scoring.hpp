/// @brief The optional CUDA scoring backend (SALUTARY_ENABLE_CUDA): the validation direction with
/// the training rows' Hessian assembled by cuBLAS and factored by cuSOLVER, and the table pass over
/// pool rows in device tiles. Selection (top-b, merge) stays on the host, shared with the CPU.
#pragma once
#include <memory>

#include "salutary/scoring_backend.hpp"

namespace salutary::cuda {

/// Number of usable CUDA devices; 0 when there is no driver or device (never throws).
int device_count();

/// The CUDA backend. Its direction runs on the device for hessian_on = "train" with solver
/// "cholesky" or "auto" (the device factorisation); with the pool in the Hessian, or solver "cg",
/// the direction is the CPU's, with that solver. The table pass always runs on the device.
std::shared_ptr<const ScoringBackend> backend();

}  // namespace salutary::cuda
