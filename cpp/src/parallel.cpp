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
  // Below 2·10⁶ multiply-adds (~130 µs on one core) a second thread saves at most ~65 µs on an
  // idle machine (measured: the p = 84 Hessian of 400 rows 105 → 79 µs, a 2,638-row K = 7 table
  // pass 125 → 69 µs), while with the other cores busy every region waits 4–12 ms for a
  // descheduled worker's time slice. One thread bounds the first loss and removes the second.
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
