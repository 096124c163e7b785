#include "salutary/build_info.hpp"

#include <cmath>

#include "salutary/parallel.hpp"

namespace salutary {

std::string compiled_instruction_sets() {
  std::string isa = "SSE2";
#ifdef __AVX2__
  isa += " AVX2";
#endif
#ifdef __FMA__
  isa += " FMA";
#endif
#ifdef __AVX512F__
  isa += " AVX512F";
#endif
#ifdef __AVX512DQ__
  isa += " AVX512DQ";
#endif
  return isa;
}

std::string eigen_version() {
  return std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
         std::to_string(EIGEN_MINOR_VERSION);
}

std::string eigen_simd() { return Eigen::SimdInstructionSetsInUse(); }

namespace {

template <typename T>
bool scan_finite(const T* values, Index n) {
  bool ok = true;
#pragma omp parallel for reduction(&& : ok) num_threads(threads_for(double(n))) schedule(static)
  for (Index i = 0; i < n; ++i) ok = ok && std::isfinite(values[i]);
  return ok;
}

}  // namespace

bool all_finite(const float* values, Index n) { return scan_finite(values, n); }
bool all_finite(const double* values, Index n) { return scan_finite(values, n); }

}  // namespace salutary
