#include "coll/shm/shm.h"
#include "coll/shm/shm_comm.h"
#include "coll/shm/shm_fold.h"

namespace gyre::coll::shm {

// Every other rank packs its vector into its slot and goes on; the root
// folds them all, its own included, in rank order.
Error reduce(ShmComm& c, const CollArgs& a, const RunBuffers& b) {
  uint64_t s = c.begin(slot_bytes(a));
  const Datatype& t = *a.type;
  if (a.rank != a.root) {
    pack(c.acquire_own(s), b.sendbuf, a.count, t);
    c.publish(s);
    c.finish(s, false);
    return Error::ok();
  }
  // The root's own vector: its send buffer, or (in place) the receive
  // buffer, which the fold overwrites: then a copy, unless it is the last
  // vector, where the fold starts anyway.
  const std::byte* own = static_cast<const std::byte*>(a.in_place ? b.recvbuf : b.sendbuf) + t.true_lb();
  if (a.in_place && a.root != a.size - 1) {
    pack(c.scratch(), b.recvbuf, a.count, t);
    own = c.scratch();
  }
  c.wait_all(s);
  fold_in_rank_order(*b.op, t, a.count, a.size, [&](int r) { return r == a.root ? own : c.slot(r, s); },
                     b.recvbuf);
  c.finish(s, true);
  return Error::ok();
}

}  // namespace gyre::coll::shm
