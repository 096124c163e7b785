#include "salutary/hessian.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "salutary/errors.hpp"
#include "salutary/parallel.hpp"
#include "hessian_rows.hpp"
#include "parallel_for.hpp"
#include "row_blocks.hpp"
#include "tiled_cholesky.hpp"


namespace salutary {

HessianOn parse_hessian_on(const std::string& name) {
  if (name == "train") return HessianOn::train;
  if (name == "pool") return HessianOn::pool;
  if (name == "train+pool") return HessianOn::train_and_pool;
  throw std::invalid_argument("hessian_on must be 'train', 'pool' or 'train+pool', got '" + name + "'");
}

const char* hessian_on_name(HessianOn on) {
  return on == HessianOn::train ? "train" : on == HessianOn::pool ? "pool" : "train+pool";
}

bool uses_train(HessianOn on) { return on != HessianOn::pool; }
bool uses_pool(HessianOn on) { return on != HessianOn::train; }

namespace {

// One work item of the lower triangle: columns [j0, j1) of blocks (k, 0) … (k, k).
struct Tile {
  Index k, j0, j1;
};

// Column tiles of near-equal width (D = 129 gives 3 × 43, not 64 + 64 + 1), widest
// block rows first so that dynamic scheduling ends with the small items.
std::vector<Tile> lower_tiles(Index m, Index D, Index max_width) {
  const Index n_cols = (D + max_width - 1) / max_width;
  std::vector<Tile> tiles;
  for (Index k = m - 1; k >= 0; --k)
    for (Index t = 0; t < n_cols; ++t) tiles.push_back({k, t * D / n_cols, (t + 1) * D / n_cols});
  return tiles;
}

}  // namespace

// Rows per chunk set the inner dimension of every tile product; tiles set the parallelism.
constexpr Index hessian_chunk_rows = 1024;
constexpr Index hessian_tile_width = 128;

namespace {

// Row groups for small models, where a few tiles cannot occupy the threads: each group
// sums its rows into its own p × p partial. A function of n and p alone, never of threads.
Index hessian_row_groups(Index n, Index p) {
  if (p > 256) return 1;
  return std::clamp<Index>(n / (4 * hessian_chunk_rows), 1, 8);
}

}  // namespace

// Small models: the pair form below for up to 32 columns of X̃ (D(D+1)/2 = 528 products a row)
// and at least 4 softmax outputs, the block tiles otherwise. Measured on one thread, n = 2000:
// at D = 12 the pair form took 167 against 195 µs for K = 4 and 424 against 847 µs for K = 10;
// at D = 32, 755 against 745 µs for K = 4 and 2205 against 3568 µs for K = 10; for K ≤ 3 its
// product has too few rows of blocks and it lost (K = 2, D = 32: 318 against 150 µs).
constexpr Index pair_form_max_dim = 32;
constexpr Index pair_form_min_outputs = 4;
// Block pairs per product of the pair form: a function of the model alone, so that the bits
// do not depend on how many threads share the groups.
constexpr Index pair_group = 32;
// Rows per product of the pair form: its scratch (at most 256 × (528 + 528) values) is kept
// by each thread, since fresh pages for it cost as much as the product.
constexpr Index pair_form_rows = 256;

namespace {

// The maths §3 weight of block (k, l) on each row into c: w·p(1−p) for the sigmoid, w·p_k(δ_kl − p_l)
// for softmax, evaluated as (w·p_k)·(δ_kl − p_l) (the sigmoid's p_k is p_0, its (δ − p_l) is p_1).
// wp = w·p_k is formed at l = 0 and reused for the block row's later l, so callers go l = 0, 1, ….
void block_weights(const Eigen::Ref<const Eigen::MatrixXd>& P_cols, const VectorRef& weights, Index c0, int K,
                   Index k, Index l, Eigen::VectorXd& wp, Eigen::Ref<Eigen::VectorXd> c) {
  if (l == 0) {
    if (weights.size() > 0) wp = weights.segment(c0, P_cols.rows()).cwiseProduct(P_cols.col(K == 2 ? 0 : k));
    else wp = P_cols.col(K == 2 ? 0 : k);
  }
  if (K == 2) c = wp.cwiseProduct(P_cols.col(1));
  else c = wp.array() * ((k == l ? 1.0 : 0.0) - P_cols.col(l).array());
}

// Small softmax models (above). Every block X̃ᵀ diag(c_kl) X̃ is symmetric and all blocks
// share X̃, so a chunk adds Cᵀ·Q to S (pairs × D(D+1)/2): C holds each row's m(m+1)/2 block
// weights (l ≤ k), Q its products x_a·x_b (b ≤ a). That is half the block tiles' multiply-adds,
// in products whose inner dimension is the rows: the tiles' products of D = 12 columns ran at a
// fraction of the GEMM rate and set a small model's Newton step.
void add_pair_form(const Eigen::Ref<const Eigen::MatrixXd>& X_cols, const Eigen::Ref<const Eigen::MatrixXd>& P_cols,
                   const VectorRef& weights, Index c0, int K, Index m, bool parallel, Eigen::MatrixXd& S) {
  const Index rows = X_cols.rows(), D = X_cols.cols(), pairs = m * (m + 1) / 2;
  thread_local std::vector<double> q_store, c_store;
  q_store.resize(std::max<std::size_t>(q_store.size(), rows * D * (D + 1) / 2));
  c_store.resize(std::max<std::size_t>(c_store.size(), rows * pairs));
  Eigen::Map<Eigen::MatrixXd> Q(q_store.data(), rows, D * (D + 1) / 2), C(c_store.data(), rows, pairs);
  for (Index b = 0, t = 0; b < D; ++b)
    for (Index a = b; a < D; ++a, ++t) Q.col(t) = X_cols.col(a).cwiseProduct(X_cols.col(b));
  Eigen::VectorXd wp;
  for (Index k = 0, q = 0; k < m; ++k)
    for (Index l = 0; l <= k; ++l, ++q) block_weights(P_cols, weights, c0, K, k, l, wp, C.col(q));
  const Index groups = (pairs + pair_group - 1) / pair_group;
  parallel_for(groups, parallel ? threads_for(double(rows) * pairs * Q.cols()) : 1, [&](Index g) {
    const Index q0 = g * pair_group, width = std::min(pair_group, pairs - q0);
    S.middleRows(q0, width).noalias() += C.middleCols(q0, width).transpose() * Q;
  });
}

// Adds S's products to the lower triangle of each block (k, l ≤ k) of H: the raw tile layout.
void scatter_pair_form(const Eigen::MatrixXd& S, Index m, Index D, Eigen::MatrixXd& H) {
  for (Index k = 0, q = 0; k < m; ++k)
    for (Index l = 0; l <= k; ++l, ++q)
      for (Index b = 0, t = 0; b < D; ++b)
        for (Index a = b; a < D; ++a, ++t) H(k * D + a, l * D + b) += S(q, t);
}

}  // namespace

template <typename T>
bool accumulate_curvature_rows(const LogisticModel& model, const RowsRef<T>& X, const VectorRef& weights, Index r0,
                               Index r1, bool parallel_tiles, Eigen::MatrixXd& H) {
  const Index D = model.dim(), m = model.n_outputs();
  const bool pair_form = D <= pair_form_max_dim && m >= pair_form_min_outputs && m <= pair_form_max_dim;
  const std::vector<Tile> tiles = pair_form ? std::vector<Tile>{} : lower_tiles(m, D, hessian_tile_width);
  const int K = model.n_classes;
  const Index n_tiles = static_cast<Index>(tiles.size());
  RowMatrixXd Xc, Z, P;
  // Column-major copies: the curvature weights and the scaled columns of R below run down
  // contiguous columns (row-major rows of D = 12 left that loop a third of the Hessian's time).
  Eigen::MatrixXd X_cols, P_cols;
  Eigen::MatrixXd S = pair_form ? Eigen::MatrixXd::Zero(m * (m + 1) / 2, D * (D + 1) / 2) : Eigen::MatrixXd();
  for (Index c0 = r0; c0 < r1; c0 += hessian_chunk_rows) {
    if (parallel_tiles) poll_interrupt();
    const Index c1 = std::min(r1, c0 + hessian_chunk_rows), rows = c1 - c0;
    load_rows(X, c0, c1, model.fit_intercept, Xc);
    Z.noalias() = Xc * model.coef.transpose();
    if (!values_finite(Z.data(), Z.size())) return false;
    probabilities_from_logits(Z, K, P);
    X_cols = Xc;
    P_cols = P;
    if (pair_form) {
      for (Index b0 = 0; b0 < rows; b0 += pair_form_rows) {
        const Index b = std::min(pair_form_rows, rows - b0);
        add_pair_form(X_cols.middleRows(b0, b), P_cols.middleRows(b0, b), weights, c0 + b0, K, m, parallel_tiles, S);
      }
      continue;
    }
    struct TileScratch {
      Eigen::VectorXd c, wp;
      Eigen::MatrixXd R, B;
    };
    const int threads = parallel_tiles ? threads_for(double(rows) * model.n_params() * model.n_params() / 2) : 1;
    parallel_for_each<TileScratch>(n_tiles, threads, [&](Index t, TileScratch& s) {
      const Tile& tile = tiles[t];
      const Index k = tile.k, width = tile.j1 - tile.j0, a = tile.j0;
      s.c.resize(rows);
      // R = [diag(c_k0) X̃_t, …, diag(c_kk) X̃_t], so one product serves the whole block row
      // and X̃'s columns [a, D) are packed once for k + 1 blocks.
      s.R.resize(rows, (k + 1) * width);
      for (Index l = 0; l <= k; ++l) {
        block_weights(P_cols, weights, c0, K, k, l, s.wp, s.c);
        for (Index j = 0; j < width; ++j) s.R.col(l * width + j) = s.c.cwiseProduct(X_cols.col(tile.j0 + j));
      }
      // Every block X̃ᵀ diag(c) X̃ is itself symmetric: its lower trapezoid (rows from a) is
      // enough, mirror_block_uppers fills the rest; that halves the off-diagonal work.
      s.B.noalias() = Xc.middleCols(a, D - a).transpose() * s.R;
      for (Index l = 0; l <= k; ++l) H.block(k * D + a, l * D + tile.j0, D - a, width) += s.B.middleCols(l * width, width);
    });
  }
  if (pair_form) scatter_pair_form(S, m, D, H);
  return true;
}

namespace {

constexpr Index mirror_tile = 64;

// One tile of mirror_lower: A(c, r) = A(r, c) for r > c within rows [r0, r1) × columns [c0, c1).
void mirror_tile_at(Eigen::Ref<Eigen::MatrixXd>& A, Index r0, Index r1, Index c0, Index c1) {
  for (Index c = c0; c < c1; ++c)
    for (Index r = std::max(r0, c + 1); r < r1; ++r) A(c, r) = A(r, c);
}

}  // namespace

void mirror_lower(Eigen::Ref<Eigen::MatrixXd> A, bool parallel) {
  const Index n = A.rows(), tiles = (n + mirror_tile - 1) / mirror_tile;
  if (tiles == 1) {  // a class block of a small model: no work items to share
    mirror_tile_at(A, 0, n, 0, n);
    return;
  }
  // Tile pairs (i ≥ j) of the lower triangle, one work item each.
  std::vector<std::pair<Index, Index>> pairs;
  for (Index j = 0; j < tiles; ++j)
    for (Index i = j; i < tiles; ++i) pairs.emplace_back(i, j);
  parallel_for(static_cast<Index>(pairs.size()), parallel ? threads_for(double(n) * n) : 1, [&](Index t) {
    const auto [i, j] = pairs[t];
    mirror_tile_at(A, i * mirror_tile, std::min(n, (i + 1) * mirror_tile), j * mirror_tile,
                   std::min(n, (j + 1) * mirror_tile));
  });
}

// Off-diagonal blocks (k > l) lie wholly in H's lower triangle: copy each block's own
// lower triangle onto its upper one (assignment, so repeated accumulation stays right).
void mirror_block_uppers(Index m, Index D, Eigen::MatrixXd& H) {
  const Index blocks = m * (m - 1) / 2;
  parallel_for(blocks, threads_for(double(blocks) * D * D), [&](Index b) {
    // Block b is (k, l), l < k, in the order (1, 0), (2, 0), (2, 1), …
    Index k = 1;
    while (k * (k + 1) / 2 <= b) ++k;
    const Index l = b - k * (k - 1) / 2;
    mirror_lower(H.block(k * D, l * D, D, D), false);
  });
}

Eigen::MatrixXd zero_square(Index p) {
  Eigen::MatrixXd A(p, p);
  parallel_for(p, threads_for(double(p) * p), [&](Index j) { A.col(j).setZero(); });
  return A;
}

template <typename T>
void accumulate_hessian(const LogisticModel& model, const RowsRef<T>& X, const VectorRef& weights,
                        Eigen::MatrixXd& H) {
  const Index n = X.rows(), p = model.n_params();
  if (H.rows() != p || H.cols() != p) throw std::invalid_argument("H must be n_params × n_params");
  const Index groups = hessian_row_groups(n, p);
  if (groups == 1) {
    if (!accumulate_curvature_rows(model, X, weights, 0, n, true, H)) throw_non_finite_rows();
    mirror_block_uppers(model.n_outputs(), model.dim(), H);
    return;
  }
  const Index group_rows = (n + groups - 1) / groups;
  std::vector<Eigen::MatrixXd> parts(groups);
  struct NoScratch {};
  const bool finite = for_each_chunk<NoScratch>(groups, double(n) * p * p / 2, [&](Index g, NoScratch&) {
    parts[g] = Eigen::MatrixXd::Zero(p, p);
    return accumulate_curvature_rows(model, X, weights, g * group_rows, std::min(n, (g + 1) * group_rows), false,
                                     parts[g]);
  });
  if (!finite) throw_non_finite_rows();
  // Summed in group order: the same bits for any thread count.
  for (const auto& part : parts) H.triangularView<Eigen::Lower>() += part;
  mirror_block_uppers(model.n_outputs(), model.dim(), H);
}

template <typename T>
RowMatrixXd hessian_diagonal(const LogisticModel& model, const RowsRef<T>& X, const VectorRef& weights) {
  const Index m = model.n_outputs();
  const int K = model.n_classes;
  const bool weighted = weights.size() > 0;
  RowMatrixXd diag = sum_row_blocks(model, X, [&](Index r0, const RowMatrixXd& Xc, const RowMatrixXd& P,
                                                  RowMatrixXd& part) {
    RowMatrixXd curvature(Xc.rows(), m);  // maths §3 diagonal-block weights w·p_k(1 − p_k)
    for (Index i = 0; i < Xc.rows(); ++i) {
      const double w = weighted ? weights[r0 + i] : 1.0;
      for (Index k = 0; k < m; ++k) curvature(i, k) = K == 2 ? w * P(i, 0) * P(i, 1) : w * P(i, k) * (1.0 - P(i, k));
    }
    part.noalias() += curvature.transpose() * Xc.cwiseAbs2();
  });
  diag.leftCols(model.n_features()).array() += model.penalty();
  return diag;
}

Eigen::VectorXd penalty_diagonal(const LogisticModel& model) {
  const Index D = model.dim(), d = model.n_features();
  Eigen::VectorXd penalty = Eigen::VectorXd::Zero(model.n_params());
  for (Index k = 0; k < model.n_outputs(); ++k) penalty.segment(k * D, d).setConstant(model.penalty());
  return penalty;
}

void finish_hessian(const LogisticModel& model, double damping, Eigen::MatrixXd& H) {
  H.diagonal() += penalty_diagonal(model);
  H.diagonal().array() += damping;
  mirror_lower(H, true);
}

Eigen::VectorXd null_direction(const LogisticModel& model) {
  if (model.n_classes == 2 || !model.fit_intercept) return {};
  const Index D = model.dim();
  Eigen::VectorXd v = Eigen::VectorXd::Zero(model.n_params());
  for (Index k = 0; k < model.n_classes; ++k) v[k * D + D - 1] = 1.0 / std::sqrt(double(model.n_classes));
  return v;
}

void check_cholesky_pivots(const Eigen::VectorXd& diagonal, const Eigen::VectorXd& pivots, bool factored) {
  const Index p = diagonal.size();
  const char* advice = ": pass damping > 0 (for example damping=1e-6 * trace(H)/p), use a smaller C, "
                       "standardise features of very different scales, or compute the Hessian on more rows (hessian_on)";
  if (!factored) {
    std::ostringstream msg;
    msg << "the Hessian (" << p << " x " << p << ") is not positive definite" << advice;
    throw FactorizationError(msg.str());
  }
  // A pivot that lost all but p·eps of its diagonal is cancellation noise, not curvature:
  // the matrix is singular to working precision (a scale-free test, so feature scaling is fine).
  const Eigen::ArrayXd relative_pivot = pivots.array().square() / diagonal.array();
  const double floor = double(p) * std::numeric_limits<double>::epsilon();
  if (!(relative_pivot.minCoeff() > floor)) {
    std::ostringstream msg;
    msg << "the Hessian (" << p << " x " << p << ") is singular to working precision (relative pivot "
        << relative_pivot.minCoeff() << ")" << advice;
    throw FactorizationError(msg.str());
  }
}

HessianFactor::HessianFactor(const LogisticModel& model, Eigen::MatrixXd H) : factor_(std::move(H)) {
  // maths §3: factor H + vvᵀ so solves act as H⁺ on gradients (all orthogonal to v).
  const Eigen::VectorXd v = null_direction(model);
  if (v.size() > 0) factor_.selfadjointView<Eigen::Lower>().rankUpdate(v);
  if (!values_finite(factor_.data(), factor_.size())) throw FactorizationError("the Hessian contains NaN or Inf; check the inputs and the model's coefficients");
  const Eigen::VectorXd diagonal = factor_.diagonal();
  const bool factored = tiled_cholesky(factor_);
  check_cholesky_pivots(diagonal, factor_.diagonal(), factored);
}

Eigen::VectorXd HessianFactor::solve(const Eigen::VectorXd& g) const {
  if (g.size() != size()) throw std::invalid_argument("gradient length does not match the Hessian");
  const auto L = factor_.triangularView<Eigen::Lower>();
  return L.transpose().solve(L.solve(g));
}

template RowMatrixXd hessian_diagonal<float>(const LogisticModel&, const RowsRef<float>&, const VectorRef&);
template RowMatrixXd hessian_diagonal<double>(const LogisticModel&, const RowsRef<double>&, const VectorRef&);
template bool accumulate_curvature_rows<float>(const LogisticModel&, const RowsRef<float>&, const VectorRef&, Index,
                                               Index, bool, Eigen::MatrixXd&);
template bool accumulate_curvature_rows<double>(const LogisticModel&, const RowsRef<double>&, const VectorRef&, Index,
                                                Index, bool, Eigen::MatrixXd&);
template void accumulate_hessian<float>(const LogisticModel&, const RowsRef<float>&, const VectorRef&, Eigen::MatrixXd&);
template void accumulate_hessian<double>(const LogisticModel&, const RowsRef<double>&, const VectorRef&, Eigen::MatrixXd&);

}  // namespace salutary
