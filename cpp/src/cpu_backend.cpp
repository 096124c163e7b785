// The CPU scoring backend: the validation direction by solve_val_direction, and the table pass
// over position-aligned windows of pool rows (row_blocks.hpp), OpenMP across windows.
#include <algorithm>
#include <atomic>
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
  Eigen::VectorXd z_lanes, v_lanes, p_lanes, I_lanes;  // class-major groups (row_lanes.hpp)
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
  // One row's or one group's outputs: its influence row into the table (from class-major I
  // when `lanes` > 1), its salutary label and score.
  const auto emit = [&](Index row, Index lanes, Index l, const double* I, std::int64_t label, double score) {
    if (out.table)
      for (Index c = 0; c < K; ++c) out.table[row * K + c] = I[c * lanes + l];
    if (out.labels) out.labels[row] = label;
    if (out.scores) out.scores[row] = score;
  };
  // Intercepts, softmax and I for the block's local rows [r0, r0 + rows), whose products sit
  // in `products` from row `at` of a span of `span` rows aligned to global row indices. A
  // softmax row's bits do not depend on its position (every exp is the vectorised one); the
  // sigmoid's softmax runs over the whole span (zero logits outside the block) for the same
  // reason (maths §7). False on non-finite products.
  const auto finish = [&](const auto& stack, const auto& products, Index span, Index r0, Index rows, Index at,
                          WindowScratch& s) {
    // A NaN or Inf anywhere in a row makes all its products non-finite (x·0 is NaN too), so
    // checking the few products checks the pool on the way, instead of a separate pass.
    if (!values_finite(products.row(at).data(), rows * products.cols())) {
      for (Index i = 0; i < rows; ++i)
        if (!X.row(r0 + i).allFinite()) non_finite_rows = true;
      return false;
    }
    if (m > 1) {  // groups of lane_rows rows, class-major
      for (auto* lanes : {&s.z_lanes, &s.v_lanes, &s.p_lanes, &s.I_lanes}) lanes->resize(K * lane_rows);
      double label[lane_rows], score[lane_rows];
      for (Index g = 0; g < rows; g += lane_rows) {
        const Index group = std::min(lane_rows, rows - g);
        stack.lanes(products, at + g, group, s.z_lanes.data(), s.v_lanes.data());
        softmax_in_lanes(s.z_lanes.data(), s.p_lanes.data(), K);
        influence_in_lanes(s.p_lanes.data(), s.v_lanes.data(), K, s.I_lanes.data(), label, score);
        for (Index l = 0; l < group; ++l)
          emit(r0 + g + l, lane_rows, l, s.I_lanes.data(), static_cast<std::int64_t>(label[l]), score[l]);
      }
      return true;
    }
    stack.logits(products, at, rows, span, s.Z);
    probabilities_from_logits(s.Z, K, s.P);
    s.I.resize(K);
    s.v.resize(m);
    for (Index i = 0; i < rows; ++i) {
      double score;
      stack.projections(products, at + i, s.v.data());
      const std::int64_t label = influence_row(&s.P(at + i, 0), s.v.data(), K, s.I.data(), &score);
      emit(r0 + i, 1, 0, s.I.data(), label, score);
    }
    return true;
  };
  // Softmax and the float32 pass: the thin product of the rows, read in place in the pool's
  // dtype. Its rows do not depend on each other, so a window is taken in slices of `slice`
  // window positions whose scratch stays in L1, each finished whole.
  constexpr Index slice = 32;
  const auto visit_slices = [&](const auto& stack, auto& products, Index r0, Index rows, Index at,
                                WindowScratch& s) {
    for (Index p0 = at / slice * slice; p0 < at + rows; p0 += slice) {
      const Index q0 = std::max(p0, at), q1 = std::min(p0 + slice, at + rows), b0 = r0 + q0 - at;
      // Only the block's rows are written and read. float64 rows are padded to whole packets, for
      // ClassStack::lanes and the product's packet stores; the padding, zeroed when the buffer is
      // allocated, then holds only the products of the stack's zero padding (finite, for finish).
      using Scalar = typename std::decay_t<decltype(products)>::Scalar;
      const Index width = std::is_same_v<Scalar, double> ? stack.padded_products() : stack.products;
      if (products.rows() != slice || products.cols() != width) products.setZero(slice, width);
      stack.product(X.row(b0).data(), X.outerStride(), q1 - q0, products.row(q0 - p0).data(), width);
      if (!finish(stack, products, slice, b0, q1 - q0, q0 - p0, s)) return false;
    }
    return true;
  };
  const auto visit = [&](Index start, Index r0, Index r1, WindowScratch& s) {
    const Index rows = r1 - r0, at = offset + r0 - start;  // the block's rows sit at [at, at + rows)
    if (single) return visit_slices(*stack_single, s.products_single, r0, rows, at, s);
    if (m > 1) return visit_slices(*stack_double, s.products, r0, rows, at, s);
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
