#include <algorithm>

#include "coll/shm/shm.h"
#include "coll/shm/shm_comm.h"
#include "coll/shm/shm_copy.h"
#include "coll/shm/shm_stage.h"

namespace gyre::coll::shm {

namespace {

// Where the ring could not be made: the message crosses the slots a slot
// at a time (the shm bcast, repeated), the root running ahead of its
// readers by up to the number of slots.
void bcast_through_slots(ShmComm& c, const CollArgs& a, const RunBuffers& b, size_t bytes) {
  const size_t part = c.max_slot_bytes();
  for (size_t off = 0; off < bytes; off += part) {
    size_t len = std::min(part, bytes - off);
    uint64_t s = c.begin(len);
    if (a.rank == a.root) {
      pack_part(c.acquire_own(s), b.recvbuf, a.count, *a.type, off, len);
      c.publish(s);
    } else {
      unpack_part(b.recvbuf, a.count, *a.type, off, c.wait_slot(a.root, s), len);
    }
    c.finish(s, false);
  }
}

}  // namespace

// Large messages on one node: the root streams the message through the
// communicator's chunk ring (shm_stage.h) and returns once it has written
// the last chunk; every other rank copies each chunk out as soon as it is
// there. No rank waits for any rank but the root, and the root waits only
// for room in the ring (messages over its 1 MiB, or readers still behind
// with earlier ones). A tree or a line through the pml instead makes each
// hop wait for a rank that may not hold a core when ranks share them, and
// its single-copy reads (process_vm_readv, ~83 us a MiB here) cost more
// CPU than two plain copies through shared memory (~22 us a MiB each).
Error bcast_stream(ShmComm& c, const CollArgs& a, const RunBuffers& b) {
  size_t bytes = a.count * a.type->size();
  if (bytes == 0 || a.size == 1) return Error::ok();
  if (c.stage().usable(c))
    c.stage().bcast(c, a, b.recvbuf, bytes);
  else
    bcast_through_slots(c, a, b, bytes);
  return Error::ok();
}

}  // namespace gyre::coll::shm
