#include "runtime/topology.h"

#include <algorithm>
#include <functional>
#include <string>

namespace gyre {

constexpr int kProcNull = -1;

std::unique_ptr<Topology> Topology::cart(std::vector<int> dims, std::vector<int> periods, int my_rank) {
  auto t = std::make_unique<Topology>();
  t->kind_ = Kind::cart;
  t->dims_ = std::move(dims);
  t->periods_ = std::move(periods);
  if (my_rank >= 0) {
    for (int d = 0; d < t->ndims(); ++d) {
      int src = kProcNull, dst = kProcNull;
      t->shift(my_rank, d, 1, &src, &dst);
      t->in_.push_back(src);
      t->in_.push_back(dst);
    }
    t->out_ = t->in_;
  }
  return t;
}

std::unique_ptr<Topology> Topology::graph(std::vector<int> index, std::vector<int> edges, int my_rank) {
  auto t = std::make_unique<Topology>();
  t->kind_ = Kind::graph;
  t->index_ = std::move(index);
  t->edges_ = std::move(edges);
  if (my_rank >= 0 && my_rank < static_cast<int>(t->index_.size())) {
    auto n = t->graph_neighbors(my_rank);
    t->in_.assign(n.begin(), n.end());
    t->out_ = t->in_;
  }
  return t;
}

std::unique_ptr<Topology> Topology::dist_graph(std::vector<int> sources, std::vector<int> source_weights,
                                               std::vector<int> destinations, std::vector<int> dest_weights,
                                               bool weighted) {
  auto t = std::make_unique<Topology>();
  t->kind_ = Kind::dist_graph;
  t->in_ = std::move(sources);
  t->in_w_ = std::move(source_weights);
  t->out_ = std::move(destinations);
  t->out_w_ = std::move(dest_weights);
  t->weighted_ = weighted;
  return t;
}

void Topology::coords(int rank, std::span<int> out) const {
  int rem = rank;
  for (int d = ndims() - 1; d >= 0; --d) {
    out[static_cast<size_t>(d)] = rem % dims_[static_cast<size_t>(d)];
    rem /= dims_[static_cast<size_t>(d)];
  }
}

Error Topology::rank_of(std::span<const int> coords, int* rank) const {
  int r = 0;
  for (int d = 0; d < ndims(); ++d) {
    int n = dims_[static_cast<size_t>(d)];
    int c = coords[static_cast<size_t>(d)];
    if (c < 0 || c >= n) {
      if (!periods_[static_cast<size_t>(d)])
        return Error(ErrClass::rank, "coords[" + std::to_string(d) + "] = " + std::to_string(c) +
                                         " is outside the non-periodic dimension of size " + std::to_string(n));
      c = ((c % n) + n) % n;
    }
    r = r * n + c;
  }
  *rank = r;
  return Error::ok();
}

void Topology::shift(int rank, int direction, int disp, int* source, int* dest) const {
  std::vector<int> c(dims_.size());
  coords(rank, c);
  auto neighbor = [&](int delta) {
    std::vector<int> x = c;
    x[static_cast<size_t>(direction)] += delta;
    int r = kProcNull;
    if (rank_of(x, &r)) return kProcNull;
    return r;
  };
  *dest = neighbor(disp);
  *source = neighbor(-disp);
}

std::span<const int> Topology::graph_neighbors(int rank) const {
  int begin = rank == 0 ? 0 : index_[static_cast<size_t>(rank - 1)];
  int end = index_[static_cast<size_t>(rank)];
  return std::span<const int>(edges_).subspan(static_cast<size_t>(begin), static_cast<size_t>(end - begin));
}

Error dims_create(int nnodes, std::span<int> dims) {
  if (nnodes < 0) return Error(ErrClass::arg, "nnodes = " + std::to_string(nnodes) + " is negative");
  // Every dimension of a grid is positive (MPI-4 §8.5.2: dims[i] = 0 on
  // input means "free", and the product of the result must be nnodes), so no
  // grid has 0 nodes.
  if (nnodes == 0)
    return Error(ErrClass::dims, "nnodes = 0: no grid of positive dimensions has 0 nodes");
  long long fixed = 1;
  int free_dims = 0;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] < 0)
      return Error(ErrClass::dims, "dims[" + std::to_string(i) + "] = " + std::to_string(dims[i]) + " is negative");
    if (dims[i] == 0) ++free_dims;
    else fixed *= dims[i];
  }
  if (fixed == 0 || nnodes % fixed != 0)
    return Error(ErrClass::dims, "nnodes = " + std::to_string(nnodes) +
                                     " is not a multiple of the product of the fixed dims (" + std::to_string(fixed) +
                                     ")");
  long long rest = nnodes / fixed;
  if (free_dims == 0) {
    if (rest != 1)
      return Error(ErrClass::dims, "all dims are fixed and their product " + std::to_string(fixed) +
                                       " differs from nnodes = " + std::to_string(nnodes));
    return Error::ok();
  }
  // Search non-increasing factorisations of rest into free_dims factors for
  // the one with the smallest spread (largest - smallest factor).
  std::vector<int> best, cur;
  long long best_spread = -1;
  std::function<void(long long, int, long long)> search = [&](long long n, int left, long long cap) {
    if (left == 1) {
      if (n > cap) return;
      cur.push_back(static_cast<int>(n));
      long long spread = cur.front() - cur.back();
      if (best_spread < 0 || spread < best_spread) {
        best_spread = spread;
        best = cur;
      }
      cur.pop_back();
      return;
    }
    for (long long d = std::min(n, cap); d >= 1; --d) {
      if (n % d != 0) continue;
      // d is the largest remaining factor: the others are <= d, so d^left >= n.
      long long p = 1;
      for (int i = 0; i < left && p < n; ++i) p *= d;
      if (p < n) break;
      if (best_spread >= 0 && !cur.empty() && cur.front() - d > best_spread) break;
      cur.push_back(static_cast<int>(d));
      search(n / d, left - 1, d);
      cur.pop_back();
    }
  };
  search(rest, free_dims, rest);
  size_t k = 0;
  for (int& d : dims)
    if (d == 0) d = best[k++];
  return Error::ok();
}

}  // namespace gyre

