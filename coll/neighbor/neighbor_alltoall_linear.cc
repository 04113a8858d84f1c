// Neighborhood alltoall, alltoallv and alltoallw: send block k goes to
// destination k, receive block k comes from source k. One round, every
// transfer typed (no staging). Displacements are in elements of the type
// (alltoall, v) or in bytes (w).
#include "coll/builders.h"
#include "coll/neighbor/neighbor.h"
#include "runtime/datatype.h"

namespace gyre::coll {

namespace {

struct Block {
  std::ptrdiff_t offset;
  size_t count;
  const Datatype* type;
};

// Block k of one side: counts/displs/types are that side's arrays.
Block block(const CollArgs& a, size_t k, size_t count, const Datatype* type, std::span<const int> counts,
            std::span<const int> displs, std::span<const Datatype* const> types) {
  switch (a.op) {
    case CollOp::neighbor_alltoallv:
      return {displs[k] * type->extent(), static_cast<size_t>(counts[k]), type};
    case CollOp::neighbor_alltoallw:
      return {displs[k], static_cast<size_t>(counts[k]), types[k]};
    default:
      return {static_cast<std::ptrdiff_t>(k * count) * type->extent(), count, type};
  }
}

}  // namespace

void build_neighbor_alltoall_linear(const CollArgs& a, Schedule& s) {
  for (size_t k : neighbor_recv_order(a)) {
    if (a.sources[k] < 0) continue;
    Block b = block(a, k, a.rcount, a.rtype, a.rcounts, a.rdispls, a.rtypes);
    s.recv_typed(a.sources[k], {kRecvBuf, b.offset}, b.count, b.type);
  }
  for (size_t k = 0; k < a.destinations.size(); ++k) {
    if (a.destinations[k] < 0) continue;
    Block b = block(a, k, a.count, a.type, a.scounts, a.sdispls, a.stypes);
    s.send_typed(a.destinations[k], {kSendBuf, b.offset}, b.count, b.type);
  }
}

}  // namespace gyre::coll
