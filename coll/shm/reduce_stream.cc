#include <algorithm>

#include "coll/shm/shm.h"
#include "coll/shm/shm_comm.h"
#include "coll/shm/shm_copy.h"
#include "coll/shm/shm_stage.h"

namespace gyre::coll::shm {

namespace {

// Where the ring could not be made: the shm reduce on slot-sized parts of
// the vectors (an element fits a slot: large_unsupported_reason).
Error reduce_through_slots(ShmComm& c, const CollArgs& a, const RunBuffers& b) {
  const size_t size = a.type->size();
  const size_t part = std::max<size_t>(1, c.max_slot_bytes() / size);
  for (size_t first = 0; first < a.count; first += part) {
    CollArgs pa = a;
    pa.count = std::min(part, a.count - first);
    RunBuffers pb = b;
    if (!a.in_place) pb.sendbuf = static_cast<const std::byte*>(b.sendbuf) + first * size;
    if (a.rank == a.root) pb.recvbuf = static_cast<std::byte*>(b.recvbuf) + first * size;
    GYRE_TRY(reduce(c, pa, pb));
  }
  return Error::ok();
}

}  // namespace

// Large vectors on one node: the vectors stream through the ranks' chunk
// rings (shm_stage.h), chunk j folded by rank j % n in rank order, so every
// rank folds 1/n of the result and copies its vector once; the root copies
// the others' folded chunks out. A tree through the pml makes the root
// fold every vector after the ranks below it have folded theirs, each hop
// a single-copy read that costs ~4x a plain copy here.
Error reduce_stream(ShmComm& c, const CollArgs& a, const RunBuffers& b) {
  const Datatype& t = *a.type;
  if (a.count == 0) return Error::ok();
  if (a.size == 1) {
    if (!a.in_place) unpack(b.recvbuf, a.count, t, static_cast<const std::byte*>(b.sendbuf) + t.true_lb());
    return Error::ok();
  }
  if (!c.stage().usable(c)) return reduce_through_slots(c, a, b);
  c.stage().reduce(c, a, b);
  return Error::ok();
}

}  // namespace gyre::coll::shm
