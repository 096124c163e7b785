/// @brief What this build of the core was compiled with: instruction sets, Eigen, a finite scan.
#pragma once
#include <string>

#include "salutary/matrix_views.hpp"

namespace salutary {

/// The compiler's target features, for example "SSE2 AVX2 FMA AVX512F AVX512DQ" (Eigen's own
/// string says "AVX" for AVX2 too).
std::string compiled_instruction_sets();
/// Eigen's version, "3.4.0".
std::string eigen_version();
/// The SIMD instruction sets Eigen uses in this build.
std::string eigen_simd();

/// Whether every one of n values is finite: one parallel pass, the same answer on any thread count.
bool all_finite(const float* values, Index n);
bool all_finite(const double* values, Index n);

}  // namespace salutary
