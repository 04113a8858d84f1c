#include "coll/shm/shm.h"
#include "coll/shm/shm_comm.h"
#include "coll/shm/shm_copy.h"

namespace gyre::coll::shm {

// The root packs the message into its slot and goes on (it may run up to
// kSlots broadcasts ahead); every other rank copies it out.
Error bcast(ShmComm& c, const CollArgs& a, const RunBuffers& b) {
  uint64_t s = c.begin(slot_bytes(a));
  if (a.rank == a.root) {
    pack(c.acquire_own(s), b.recvbuf, a.count, *a.type);
    c.publish(s);
  } else {
    unpack(b.recvbuf, a.count, *a.type, c.wait_slot(a.root, s));
  }
  c.finish(s, false);
  return Error::ok();
}

}  // namespace gyre::coll::shm
