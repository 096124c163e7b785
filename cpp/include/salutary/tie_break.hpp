/// @brief The seeded tie-break key of maths §3 "Selection", shared by the CPU and the device.
#pragma once
#include <cstdint>

#if defined(__CUDACC__)
#define SALUTARY_HOST_DEVICE __host__ __device__
#else
#define SALUTARY_HOST_DEVICE
#endif

namespace salutary {

/// Position of global pool row i in the seeded tie-break order. splitmix64's finaliser is a
/// bijection, so equal scores are ordered by a permutation drawn from `seed`, and a row's key
/// depends only on (seed, i), never on how the pool is cut into blocks (maths §7).
SALUTARY_HOST_DEVICE inline std::uint64_t tie_break_key(std::uint64_t seed, std::uint64_t i) {
  std::uint64_t z = i + 0x9E3779B97F4A7C15ull * (seed + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace salutary
