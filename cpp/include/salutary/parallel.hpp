/// @brief Thread count, fixed row chunking and interrupt polling for the core's parallel loops.
///
/// Every parallel reduction in the core splits rows into chunks whose size depends only
/// on the problem size, never on the thread count, and sums partials in chunk order.
/// That is what makes results bitwise identical for any number of threads.
#pragma once

#include <functional>

#include "salutary/matrix_views.hpp"

namespace salutary {

/// Threads used by the core's parallel regions (1 without OpenMP). n <= 0 restores the default.
void set_num_threads(int n);
int get_num_threads();
bool has_openmp();

/// Threads for a parallel region of about `work` multiply-adds: one below about a hundred
/// microseconds of work, where a second thread saves little on an idle machine and, on a busy
/// one, stalls the region for a whole scheduler time slice; else all.
int threads_for(double work);

/// A host callback polled between chunks on the calling thread; returning true aborts
/// the call with salutary::Interrupted. Pass an empty function to remove it.
void set_interrupt_check(std::function<bool()> check);
/// Whether the installed check asks to stop. Call from the calling (OpenMP master) thread only.
bool interrupt_requested();
/// Throws Interrupted when interrupt_requested().
void poll_interrupt();

/// Rows per reduction chunk: chosen from n alone, so partial sums are thread-count independent.
Index reduction_chunk_rows(Index n);

}  // namespace salutary
