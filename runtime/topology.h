// Process topologies attached to a communicator (MPI-4 §8): Cartesian,
// graph and distributed graph. The neighbor lists are what neighborhood
// collectives iterate over: in_neighbors() are the ranks a process receives
// from, out_neighbors() the ranks it sends to, in MPI's order (Cartesian:
// for each dimension, the -1 then the +1 neighbor, MPI_PROC_NULL at an
// open edge).
#pragma once
#include <memory>
#include <span>
#include <vector>

#include "runtime/error.h"

namespace gyre {

class Topology {
 public:
  enum class Kind { cart, graph, dist_graph };

  static std::unique_ptr<Topology> cart(std::vector<int> dims, std::vector<int> periods, int my_rank);
  static std::unique_ptr<Topology> graph(std::vector<int> index, std::vector<int> edges, int my_rank);
  static std::unique_ptr<Topology> dist_graph(std::vector<int> sources, std::vector<int> source_weights,
                                              std::vector<int> destinations, std::vector<int> dest_weights,
                                              bool weighted);
  std::unique_ptr<Topology> clone() const { return std::make_unique<Topology>(*this); }

  Kind kind() const { return kind_; }

  // Cartesian.
  int ndims() const { return static_cast<int>(dims_.size()); }
  const std::vector<int>& dims() const { return dims_; }
  const std::vector<int>& periods() const { return periods_; }
  void coords(int rank, std::span<int> out) const;
  // The rank at coords (wrapping periodic dimensions); MPI_ERR_RANK when a
  // coordinate leaves a non-periodic dimension.
  Error rank_of(std::span<const int> coords, int* rank) const;
  // MPI_Cart_shift from rank; PROC_NULL is -1 (MPI_PROC_NULL).
  void shift(int rank, int direction, int disp, int* source, int* dest) const;

  // Graph.
  const std::vector<int>& index() const { return index_; }
  const std::vector<int>& edges() const { return edges_; }
  std::span<const int> graph_neighbors(int rank) const;

  // Distributed graph (and the neighbor lists of every kind).
  const std::vector<int>& in_neighbors() const { return in_; }
  const std::vector<int>& out_neighbors() const { return out_; }
  const std::vector<int>& in_weights() const { return in_w_; }
  const std::vector<int>& out_weights() const { return out_w_; }
  bool weighted() const { return weighted_; }

  Topology() = default;

 private:
  Kind kind_ = Kind::cart;
  std::vector<int> dims_, periods_;
  std::vector<int> index_, edges_;
  std::vector<int> in_, out_, in_w_, out_w_;
  bool weighted_ = false;
};

// MPI_Dims_create: fill the zero entries of dims with a balanced
// factorisation of nnodes / (product of the fixed entries), non-increasing.
Error dims_create(int nnodes, std::span<int> dims);

}  // namespace gyre
