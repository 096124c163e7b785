// The CPU scoring backend: the validation direction by solve_val_direction, and the table pass
// over position-aligned windows of pool rows (row_blocks.hpp), OpenMP across windows.
#include <algorithm>
#include <atomic>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <type_traits>

#include "salutary/influence_row.hpp"
#include "salutary/scoring_backend.hpp"
#include "row_blocks.hpp"
#include "class_stack.hpp"

namespace salutary {

namespace {

// x·g0 and x·g1 in float64 with a fixed order of additions: 32 lanes (enough independent
// chains to keep the FMA units busy), then a fixed pairwise tree. Read straight from the
// pool's dtype, with no converted copy and no dependence on x's alignment.
template <typename T>
void two_dots(const T* x, const double* g0, const double* g1, Index d, double& a0, double& a1) {
  constexpr int lanes = 32;
  double s0[lanes] = {}, s1[lanes] = {};
  Index k = 0;
  for (; k + lanes <= d; k += lanes)
    for (int l = 0; l < lanes; ++l) {
      const double xk = static_cast<double>(x[k + l]);
      s0[l] += xk * g0[k + l];
      s1[l] += xk * g1[k + l];
    }
  for (int l = 0; k < d; ++k, ++l) {
    const double xk = static_cast<double>(x[k]);
    s0[l] += xk * g0[k];
    s1[l] += xk * g1[k];
  }
  for (int width = lanes / 2; width > 0; width /= 2)
    for (int l = 0; l < width; ++l) s0[l] += s0[l + width], s1[l] += s1[l + width];
  a0 = s0[0], a1 = s1[0];
}

struct WindowScratch {
  RowMatrixXd Z, P, products;
  RowMatrix<float> products_single;
  Eigen::VectorXd I, v;
  // A pruned selection (InfluenceOutputs::prune_budget): the best scores of eligible rows this
  // thread has finished (a min-heap), and the rows waiting for their softmax, which runs on a
  // full slice of them at a time.
  std::vector<double> best;
  RowMatrixXd pending_z, pending_v;
  std::vector<Index> pending_row;
  std::vector<char> pending_eligible;
};

template <typename T>
void cpu_table_pass(const LogisticModel& model, const StackedDirections& st, const RowsRef<T>& X, Index offset,
                    const InfluenceOutputs& out) {
  const Index n = X.rows(), m = model.n_outputs(), d = model.n_features();
  const int K = model.n_classes;
  if (X.cols() != d) throw std::invalid_argument("X_pool has the wrong number of features");
  const bool single = st.single;  // the float32 pass (maths §6)
  // The stacks the thin products multiply by, built here from the float64 one (ClassStack:
  // differences first, then one rounding for float32). The float64 sigmoid pass multiplies by
  // st.G itself and takes only the intercepts from its stack.
  std::optional<ClassStack<float>> stack_single;
  std::optional<ClassStack<double>> stack_double;
  if (single) stack_single.emplace(st.G, st.offset);
  else stack_double.emplace(st.G, st.offset);
  std::atomic<bool> non_finite_rows{false};
  // Softmax and the float32 pass: the thin product of the rows, read in place in the pool's
  // dtype. Its rows do not depend on each other, so a window is taken in slices of `slice`
  // window positions whose scratch stays in L1, each finished whole.
  constexpr Index slice = 32;
  // A pruned selection skips the softmax of rows that cannot be selected. A softmax row's
  // score pᵀz − z_c is at most max z − min z, up to rounding: with the probabilities summing to
  // 1 within 2Kε and K-term sums, the computed score exceeds it by at most about (4K + 4)·ε·max|z|;
  // twice that is the margin. A row whose bound is below the lowest of the best prune_budget
  // eligible scores already finished on this thread is beaten by all of those rows, so it can be
  // in no selection of prune_budget rows: it gets score −inf and label 0. The others wait in
  // slices of `slice` rows (zero logits fill a last short one, as outside a block), so every
  // finished row has the softmax and the bits of the full pass.
  const bool prune = out.prune_budget > 0 && out.table == nullptr && K > 2;
  const std::size_t prune_budget = static_cast<std::size_t>(std::max<Index>(out.prune_budget, 0));
  const double margin = 8.0 * (K + 2) * std::numeric_limits<double>::epsilon();
  const auto eligible = [&](Index r) {
    return !out.exclude || !std::binary_search(out.exclude->begin(), out.exclude->end(), std::int64_t(offset + r));
  };
  const auto finish_pending = [&](WindowScratch& s) {
    const Index count = static_cast<Index>(s.pending_row.size());
    if (count == 0) return;
    s.pending_z.bottomRows(slice - count).setZero();
    probabilities_from_logits(s.pending_z, K, s.P);
    for (Index j = 0; j < count; ++j) {
      double score;
      const std::int64_t label = influence_row(&s.P(j, 0), &s.pending_v(j, 0), K, s.I.data(), &score);
      const Index r = s.pending_row[j];
      if (out.labels) out.labels[r] = label;
      if (out.scores) out.scores[r] = score;
      if (!s.pending_eligible[j]) continue;
      if (s.best.size() < prune_budget) {
        s.best.push_back(score);
        std::push_heap(s.best.begin(), s.best.end(), std::greater<double>());
      } else if (score > s.best.front()) {
        std::pop_heap(s.best.begin(), s.best.end(), std::greater<double>());
        s.best.back() = score;
        std::push_heap(s.best.begin(), s.best.end(), std::greater<double>());
      }
    }
    s.pending_row.clear();
    s.pending_eligible.clear();
  };
  const auto finish_pruned = [&](const auto& stack, const auto& products, Index r0, Index rows, Index at,
                                 WindowScratch& s) {
    s.pending_z.resize(slice, K);
    s.pending_v.resize(slice, m);
    s.I.resize(K);
    for (Index i = 0; i < rows; ++i) {
      const Index j = static_cast<Index>(s.pending_row.size());
      double* v = &s.pending_v(j, 0);
      stack.projections(products, at + i, v);
      const auto z = Eigen::Map<const Eigen::ArrayXd>(v, m);
      const double bound = (z.maxCoeff() - z.minCoeff()) + margin * z.abs().maxCoeff();
      if (s.best.size() == prune_budget && bound < s.best.front()) {
        if (out.labels) out.labels[r0 + i] = 0;
        if (out.scores) out.scores[r0 + i] = -std::numeric_limits<double>::infinity();
        continue;
      }
      stack.logits_row(products, at + i, &s.pending_z(j, 0));
      s.pending_row.push_back(r0 + i);
      s.pending_eligible.push_back(eligible(r0 + i));
      if (j + 1 == slice) finish_pending(s);
    }
  };
  // Intercepts, softmax and I for the block's local rows [r0, r0 + rows), whose products sit
  // in `products` from row `at` of a span of `span` rows aligned to global row indices. The
  // softmax runs over the whole span (zero logits outside the block), so that a row's bits
  // depend on its global position alone (maths §7). False on non-finite products.
  const auto finish = [&](const auto& stack, const auto& products, Index span, Index r0, Index rows, Index at,
                          WindowScratch& s) {
    // A NaN or Inf anywhere in a row makes all its products non-finite (x·0 is NaN too), so
    // checking the few products checks the pool on the way, instead of a separate pass.
    if (!values_finite(products.row(at).data(), rows * products.cols())) {
      for (Index i = 0; i < rows; ++i)
        if (!X.row(r0 + i).allFinite()) non_finite_rows = true;
      return false;
    }
    if (prune) {
      finish_pruned(stack, products, r0, rows, at, s);
      return true;
    }
    stack.logits(products, at, rows, span, s.Z);
    probabilities_from_logits(s.Z, K, s.P);
    s.I.resize(K);
    s.v.resize(m);
    for (Index i = 0; i < rows; ++i) {
      double* I = out.table ? out.table + (r0 + i) * K : s.I.data();
      double score;
      stack.projections(products, at + i, s.v.data());
      const std::int64_t label = influence_row(&s.P(at + i, 0), s.v.data(), K, I, &score);
      if (out.labels) out.labels[r0 + i] = label;
      if (out.scores) out.scores[r0 + i] = score;
    }
    return true;
  };
  const auto visit_slices = [&](const auto& stack, auto& products, Index r0, Index rows, Index at,
                                WindowScratch& s) {
    for (Index p0 = at / slice * slice; p0 < at + rows; p0 += slice) {
      const Index q0 = std::max(p0, at), q1 = std::min(p0 + slice, at + rows), b0 = r0 + q0 - at;
      products.resize(slice, stack.products);  // only the block's rows are written and read
      stack.product(X.row(b0).data(), X.outerStride(), q1 - q0, products.row(q0 - p0).data(), stack.products);
      if (!finish(stack, products, slice, b0, q1 - q0, q0 - p0, s)) return false;
    }
    return true;
  };
  const auto visit = [&](Index start, Index r0, Index r1, WindowScratch& s) {
    const Index rows = r1 - r0, at = offset + r0 - start;  // the block's rows sit at [at, at + rows)
    if (single || m > 1) {
      const bool finite = single ? visit_slices(*stack_single, s.products_single, r0, rows, at, s)
                                 : visit_slices(*stack_double, s.products, r0, rows, at, s);
      if (finite && prune) finish_pending(s);  // the window's waiting rows
      return finite;
    }
    // Sigmoid in float64: two dot products a row at memory speed, over the whole window.
    s.products.resize(window_rows, 2);
    for (Index i = 0; i < rows; ++i)
      two_dots(X.row(r0 + i).data(), st.G.row(0).data(), st.G.row(1).data(), d, s.products(at + i, 0),
               s.products(at + i, 1));
    return finish(*stack_double, s.products, window_rows, r0, rows, at, s);
  };
  if (!for_each_window<WindowScratch>(n, offset, double(n) * d * 2 * m, visit)) {
    if (non_finite_rows) throw std::invalid_argument("X_pool contains NaN or Inf");
    if (single)
      throw std::overflow_error(
          "the influence table overflows float32 on some pool rows; rescale X_pool or use precision 'float64'");
    throw std::overflow_error("the influence table overflows float64 on some pool rows; rescale X_pool");
  }
}

class CpuBackend final : public ScoringBackend {
 public:
  std::string name() const override { return "cpu"; }

  RowMatrixXd val_direction(const LogisticModel& model, const RowsRef<double>& X_train, const VectorRef& train_weights,
                            const RowMatrixXd& g_val, const Eigen::MatrixXd& pool_curvature,
                            const ScorerOptions& options, DirectionReport* report) const override {
    return solve_direction(model, X_train, train_weights, g_val, pool_curvature, options.hessian_on, options.damping,
                           options.solver, report, options.cg_preconditioner);
  }

  void table_pass(const LogisticModel& model, const StackedDirections& directions, const PoolRef& block, Index offset,
                  const InfluenceOutputs& out) const override {
    std::visit([&](const auto& rows) { cpu_table_pass(model, directions, rows, offset, out); }, block);
  }
};

}  // namespace

std::shared_ptr<const ScoringBackend> cpu_backend() {
  static const std::shared_ptr<const ScoringBackend> backend = std::make_shared<CpuBackend>();
  return backend;
}

}  // namespace salutary
