// Neighborhood allgather(v): this rank's one block goes to every
// destination; the block of source k lands in receive slot k. One round,
// every transfer typed (no staging).
#include "coll/builders.h"
#include "coll/neighbor/neighbor.h"
#include "runtime/datatype.h"

namespace gyre::coll {

void build_neighbor_allgather_linear(const CollArgs& a, Schedule& s) {
  bool v = a.op == CollOp::neighbor_allgatherv;
  for (size_t k : neighbor_recv_order(a)) {
    int peer = a.sources[k];
    if (peer < 0) continue;
    size_t count = v ? static_cast<size_t>(a.rcounts[k]) : a.rcount;
    std::ptrdiff_t at = (v ? a.rdispls[k] : static_cast<std::ptrdiff_t>(k * a.rcount)) * a.rtype->extent();
    s.recv_typed(peer, {kRecvBuf, at}, count, a.rtype);
  }
  for (int peer : a.destinations)
    if (peer >= 0) s.send_typed(peer, {kSendBuf, 0}, a.count, a.type);
}

}  // namespace gyre::coll
