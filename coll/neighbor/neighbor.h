// Shared by the neighborhood-collective builders: which buffer block goes to
// which neighbor, and the order receives are posted in.
//
// All sends and receives of a neighborhood collective are posted in one
// round, on one tag, so messages between the same pair of ranks match in
// posting order (the pml does not let them overtake). That pairs them right
// for graphs and distributed graphs (MPI orders parallel edges by list
// position). A Cartesian topology needs care where a rank is both the -1 and
// the +1 neighbor of another in one dimension (a periodic dimension of size
// 1 or 2): the block a rank sends in direction -1 lands in the receiver's
// +1 slot and vice versa (MPI-4.0 §8.6), so the receiver posts each
// dimension's +1 slot before its -1 slot, matching the sender's order.
#pragma once
#include <cstddef>
#include <vector>

#include "coll/args.h"

namespace gyre::coll {

// Indices into a.sources in the order their receives must be posted.
inline std::vector<size_t> neighbor_recv_order(const CollArgs& a) {
  std::vector<size_t> order(a.sources.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  if (a.cart)
    for (size_t k = 0; k + 1 < order.size(); k += 2) std::swap(order[k], order[k + 1]);
  return order;
}

}  // namespace gyre::coll
