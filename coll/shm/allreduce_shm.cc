#include "coll/shm/shm.h"
#include "coll/shm/shm_comm.h"
#include "coll/shm/shm_fold.h"

namespace gyre::coll::shm {

// Every rank publishes its vector, then folds all of them in rank order
// itself: one step, and for small vectors a single cache-line transfer per
// pair of ranks (the flag and the data share a line).
Error allreduce(ShmComm& c, const CollArgs& a, const RunBuffers& b) {
  uint64_t s = c.begin(slot_bytes(a));
  const Datatype& t = *a.type;
  pack(c.acquire_own(s), a.in_place ? b.recvbuf : b.sendbuf, a.count, t);
  c.publish(s);
  c.wait_all(s);
  fold_in_rank_order(*b.op, t, a.count, a.size, [&](int r) { return c.slot(r, s); }, b.recvbuf);
  c.finish(s, true);
  return Error::ok();
}

}  // namespace gyre::coll::shm
