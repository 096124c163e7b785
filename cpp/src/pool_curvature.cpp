#include "salutary/pool_curvature.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include "hessian_rows.hpp"
#include "row_blocks.hpp"

namespace salutary {

namespace {

// Models up to this many parameters get one window per thread; larger ones spread each
// window's tiles over the threads (and hold fewer p × p sums at once).
constexpr Index window_parallel_max_params = 256;
constexpr Index window_batch = 8;

bool siblings(const CurvatureNode& left, const CurvatureNode& right) {
  return left.level == right.level && left.index % 2 == 0 && right.index == left.index + 1;
}

// Pushes a node onto nodes held in ascending window order, summing siblings upward (left +
// right): the tree's one order, whatever order the partials arrive in.
void push_node(CurvaturePartial& stack, CurvatureNode node) {
  while (!stack.empty() && siblings(stack.back(), node)) {
    CurvatureNode parent = std::move(stack.back());
    stack.pop_back();
    parent.sum += node.sum;
    parent.index /= 2;
    parent.level += 1;
    node = std::move(parent);
  }
  stack.push_back(std::move(node));
}

// Unit weights with zeros at the excluded global rows in [g0, g1); empty when none are there.
Eigen::VectorXd window_weights(const RowExclusion& exclude, Index g0, Index g1) {
  auto first = std::lower_bound(exclude.begin(), exclude.end(), g0);
  auto last = std::lower_bound(first, exclude.end(), g1);
  if (first == last) return {};
  Eigen::VectorXd w = Eigen::VectorXd::Ones(g1 - g0);
  for (auto it = first; it != last; ++it) w[*it - g0] = 0.0;
  return w;
}

// Window w of the block (local rows [w·W, min(n, (w+1)·W))) summed into a zeroed p × p matrix.
template <typename T>
bool window_sum(const LogisticModel& model, const RowsRef<T>& block, Index offset, const RowExclusion& exclude,
                Index w, bool parallel_tiles, Eigen::MatrixXd& sum) {
  const Index r0 = w * curvature_window_rows, r1 = std::min<Index>(block.rows(), r0 + curvature_window_rows);
  const RowsRef<T> rows = block.middleRows(r0, r1 - r0);
  const Eigen::VectorXd weights = window_weights(exclude, offset + r0, offset + r1);
  sum = Eigen::MatrixXd::Zero(model.n_params(), model.n_params());
  return accumulate_curvature_rows(model, rows, VectorRef(weights), 0, r1 - r0, parallel_tiles, sum);
}

Eigen::MatrixXd take_node(std::map<std::pair<int, Index>, Eigen::MatrixXd>& nodes, int level, Index index,
                          Index n_windows) {
  const auto found = nodes.find({level, index});
  if (found != nodes.end()) return std::move(found->second);
  if (level == 0) throw std::invalid_argument("the pool curvature lacks window " + std::to_string(index));
  Eigen::MatrixXd left = take_node(nodes, level - 1, 2 * index, n_windows);
  if (((2 * index + 1) << (level - 1)) >= n_windows) return left;  // the right child lies past the pool
  left += take_node(nodes, level - 1, 2 * index + 1, n_windows);
  return left;
}

}  // namespace

template <typename T>
CurvaturePartial curvature_partial(const LogisticModel& model, const RowsRef<T>& block, Index offset,
                                   const RowExclusion& exclude) {
  check_block_offset(offset, block.rows());
  if (offset % curvature_window_rows != 0)
    throw std::invalid_argument("offset must be a multiple of " + std::to_string(curvature_window_rows) +
                                " (the curvature window), got " + std::to_string(offset));
  if (block.cols() != model.n_features()) throw std::invalid_argument("X_pool has the wrong number of features");
  if (!std::is_sorted(exclude.begin(), exclude.end()))
    throw std::invalid_argument("exclude must be sorted ascending");
  const Index n = block.rows(), p = model.n_params();
  const Index n_windows = (n + curvature_window_rows - 1) / curvature_window_rows;
  const Index first = offset / curvature_window_rows;
  CurvaturePartial stack;
  if (p > window_parallel_max_params) {
    for (Index w = 0; w < n_windows; ++w) {
      CurvatureNode node{0, first + w, {}};
      if (!window_sum(model, block, offset, exclude, w, true, node.sum)) throw_non_finite_rows();
      push_node(stack, std::move(node));
    }
    return stack;
  }
  struct NoScratch {};
  for (Index b0 = 0; b0 < n_windows; b0 += window_batch) {
    const Index count = std::min(window_batch, n_windows - b0);
    std::vector<Eigen::MatrixXd> sums(count);
    const bool finite = for_each_chunk<NoScratch>(count, double(count) * curvature_window_rows * p * p / 2,
                                                  [&](Index c, NoScratch&) {
                                                    return window_sum(model, block, offset, exclude, b0 + c, false,
                                                                      sums[c]);
                                                  });
    if (!finite) throw_non_finite_rows();
    for (Index c = 0; c < count; ++c) push_node(stack, CurvatureNode{0, first + b0 + c, std::move(sums[c])});
  }
  return stack;
}

CurvaturePartial merge_curvature(CurvaturePartial a, CurvaturePartial b) {
  CurvaturePartial all = std::move(a);
  for (auto& node : b) all.push_back(std::move(node));
  std::sort(all.begin(), all.end(),
            [](const CurvatureNode& x, const CurvatureNode& y) { return x.first_window() < y.first_window(); });
  for (std::size_t i = 1; i < all.size(); ++i)
    if (all[i].first_window() < all[i - 1].end_window())
      throw std::invalid_argument("the curvature partials overlap at window " + std::to_string(all[i].first_window()));
  CurvaturePartial stack;
  for (auto& node : all) push_node(stack, std::move(node));
  return stack;
}

Eigen::MatrixXd finish_curvature(const LogisticModel& model, CurvaturePartial partial, Index n_rows) {
  const Index p = model.n_params();
  if (n_rows < 1) throw std::invalid_argument("the pool curvature needs at least one pool row");
  const Index n_windows = (n_rows + curvature_window_rows - 1) / curvature_window_rows;
  std::map<std::pair<int, Index>, Eigen::MatrixXd> nodes;
  for (auto& node : partial) {
    if (node.level < 0 || node.index < 0 || node.level > 62) throw std::invalid_argument("bad curvature node");
    if (node.sum.rows() != p || node.sum.cols() != p)
      throw std::invalid_argument("a curvature node is not n_params × n_params");
    if (node.end_window() > n_windows)
      throw std::invalid_argument("a curvature node covers windows past the pool's " + std::to_string(n_rows) + " rows");
    if (!nodes.emplace(std::make_pair(node.level, node.index), std::move(node.sum)).second)
      throw std::invalid_argument("a curvature node is given twice");
  }
  // Coverage: the nodes' windows must tile [0, n_windows) exactly once.
  Index covered = 0;
  for (const auto& [key, sum] : nodes) covered += Index(1) << key.first;
  int root = 0;
  while ((Index(1) << root) < n_windows) ++root;
  Eigen::MatrixXd C = take_node(nodes, root, 0, n_windows);
  for (const auto& [key, sum] : nodes)
    if (sum.size() != 0) throw std::invalid_argument("the curvature partials cover some windows twice");
  if (covered != n_windows) throw std::invalid_argument("the curvature partials cover some windows twice");
  mirror_block_uppers(model.n_outputs(), model.dim(), C);
  for (Index j = 1; j < p; ++j) C.col(j).head(j) = C.row(j).head(j).transpose();
  return C;
}

template <typename T>
Eigen::MatrixXd pool_curvature(const LogisticModel& model, const RowsRef<T>& X, const RowExclusion& exclude) {
  return finish_curvature(model, curvature_partial(model, X, 0, exclude), X.rows());
}

template CurvaturePartial curvature_partial<float>(const LogisticModel&, const RowsRef<float>&, Index,
                                                   const RowExclusion&);
template CurvaturePartial curvature_partial<double>(const LogisticModel&, const RowsRef<double>&, Index,
                                                    const RowExclusion&);
template Eigen::MatrixXd pool_curvature<float>(const LogisticModel&, const RowsRef<float>&, const RowExclusion&);
template Eigen::MatrixXd pool_curvature<double>(const LogisticModel&, const RowsRef<double>&, const RowExclusion&);

}  // namespace salutary
