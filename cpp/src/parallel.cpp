#include "salutary/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "salutary/errors.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace salutary {
namespace {
std::atomic<int> g_num_threads{0};
std::mutex g_interrupt_mutex;
std::function<bool()> g_interrupt_check;
}  // namespace

void set_num_threads(int n) { g_num_threads.store(n > 0 ? n : 0); }

int get_num_threads() {
#ifdef _OPENMP
  const int n = g_num_threads.load();
  return n > 0 ? n : omp_get_max_threads();
#else
  return 1;
#endif
}

int threads_for(double work) {
  // 2·10⁶ multiply-adds take ~130 µs on one core (the p = 84 Hessian runs at 14 G/s), so a
  // second thread saves at most ~65 µs: about what waking it costs on an idle machine (20–50 µs),
  // far less than on a busy one (a 4 ms time slice per region, measured on the shared 2 cores).
  constexpr double serial_work = 2e6;
  return work < serial_work ? 1 : get_num_threads();
}

bool has_openmp() {
#ifdef _OPENMP
  return true;
#else
  return false;
#endif
}

void set_interrupt_check(std::function<bool()> check) {
  std::lock_guard<std::mutex> lock(g_interrupt_mutex);
  g_interrupt_check = std::move(check);
}

bool interrupt_requested() {
  std::function<bool()> check;
  {
    std::lock_guard<std::mutex> lock(g_interrupt_mutex);
    check = g_interrupt_check;
  }
  return check && check();
}

void poll_interrupt() {
  if (interrupt_requested()) throw Interrupted();
}

Index reduction_chunk_rows(Index n) {
  // At most ~256 partials, at least 256 rows each: a function of n alone.
  constexpr Index min_rows = 256;
  constexpr Index max_chunks = 256;
  return std::max(min_rows, (n + max_chunks - 1) / max_chunks);
}

}  // namespace salutary
