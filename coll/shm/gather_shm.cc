#include "coll/shm/shm.h"
#include "coll/shm/shm_comm.h"
#include "coll/shm/shm_copy.h"

namespace gyre::coll::shm {

// Every other rank packs its block into its slot and goes on; the root
// copies the blocks out in rank order.
Error gather(ShmComm& c, const CollArgs& a, const RunBuffers& b) {
  uint64_t s = c.begin(slot_bytes(a));
  if (a.rank != a.root) {
    pack(c.acquire_own(s), b.sendbuf, a.count, *a.type);
    c.publish(s);
    c.finish(s, false);
    return Error::ok();
  }
  const Datatype& rt = *a.rtype;
  auto* recv = static_cast<std::byte*>(b.recvbuf);
  std::ptrdiff_t stride = static_cast<std::ptrdiff_t>(a.rcount) * rt.extent();
  if (!a.in_place) copy_typed(recv + a.root * stride, a.rcount, rt, b.sendbuf, a.count, *a.type, c.scratch());
  for (int r = 0; r < a.size; ++r)
    if (r != a.root) unpack(recv + r * stride, a.rcount, rt, c.wait_slot(r, s));
  c.finish(s, true);
  return Error::ok();
}

}  // namespace gyre::coll::shm
