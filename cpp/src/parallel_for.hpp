/// @brief Private: the core's one way into an OpenMP loop, skipped altogether on one thread.
///
/// Entering an OpenMP region costs about 0.3 µs even for a team of one (libgomp builds the
/// team all the same). Small models run every region on one thread (threads_for), and a paper
/// round at p = 84 entered about 65 of them, 30 µs of its ~370: so a loop of one thread runs
/// as a plain loop here. The iterations and their order per thread are unchanged, so are the bits.
#pragma once

#include "salutary/parallel.hpp"

namespace salutary {

/// Runs body(i, scratch) for every i in [0, n), on `threads` threads (dynamic schedule, one
/// Scratch per thread), or on the calling thread as a plain loop when threads ≤ 1 or n ≤ 1.
template <typename Scratch, typename Body>
void parallel_for_each(Index n, int threads, Body&& body) {
  if (threads > 1 && n > 1) {
#pragma omp parallel num_threads(threads)
    {
      Scratch scratch;
#pragma omp for schedule(dynamic)
      for (Index i = 0; i < n; ++i) body(i, scratch);
    }
    return;
  }
  Scratch scratch;
  for (Index i = 0; i < n; ++i) body(i, scratch);
}

/// parallel_for_each without scratch: body(i).
template <typename Body>
void parallel_for(Index n, int threads, Body&& body) {
  struct NoScratch {};
  parallel_for_each<NoScratch>(n, threads, [&](Index i, NoScratch&) { body(i); });
}

}  // namespace salutary
