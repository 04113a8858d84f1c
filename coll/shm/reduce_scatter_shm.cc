#include <numeric>

#include "coll/shm/shm.h"
#include "coll/shm/shm_comm.h"
#include "coll/shm/shm_fold.h"

namespace gyre::coll::shm {

// Every rank publishes its whole vector, then folds its own block of all
// of them in rank order. Both forms: the block form's blocks are rcount
// elements, reduce_scatter's are rcounts[r].
Error reduce_scatter(ShmComm& c, const CollArgs& a, const RunBuffers& b) {
  uint64_t s = c.begin(slot_bytes(a));
  const Datatype& t = *a.type;
  size_t me = static_cast<size_t>(a.rank), first = 0, count = 0;
  if (a.op == CollOp::reduce_scatter_block) {
    first = me * a.rcount;
    count = a.rcount;
  } else {
    first = static_cast<size_t>(std::accumulate(a.rcounts.begin(), a.rcounts.begin() + a.rank, 0LL));
    count = static_cast<size_t>(a.rcounts[me]);
  }
  pack(c.acquire_own(s), a.in_place ? b.recvbuf : b.sendbuf, a.count, t);
  c.publish(s);
  c.wait_all(s);
  size_t offset = first * t.size();
  fold_in_rank_order(*b.op, t, count, a.size, [&](int r) { return c.slot(r, s) + offset; }, b.recvbuf);
  c.finish(s, true);
  return Error::ok();
}

}  // namespace gyre::coll::shm
