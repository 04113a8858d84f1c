#include "coll/shm/shm.h"
#include "coll/shm/shm_comm.h"
#include "coll/shm/shm_copy.h"

namespace gyre::coll::shm {

// The root packs every rank's block into its slot (block r at r times the
// packed block size) and goes on; every other rank copies its block out.
Error scatter(ShmComm& c, const CollArgs& a, const RunBuffers& b) {
  uint64_t s = c.begin(slot_bytes(a));
  if (a.rank == a.root) {
    const Datatype& st = *a.type;
    const auto* send = static_cast<const std::byte*>(b.sendbuf);
    std::ptrdiff_t stride = static_cast<std::ptrdiff_t>(a.count) * st.extent();
    size_t packed = a.count * st.size();
    std::byte* mine = c.acquire_own(s);
    for (int r = 0; r < a.size; ++r)
      if (r != a.root) pack(mine + static_cast<size_t>(r) * packed, send + r * stride, a.count, st);
    c.publish(s);
    if (!a.in_place) copy_typed(b.recvbuf, a.rcount, *a.rtype, send + a.root * stride, a.count, st, c.scratch());
  } else {
    size_t packed = a.rcount * a.rtype->size();
    unpack(b.recvbuf, a.rcount, *a.rtype, c.wait_slot(a.root, s) + static_cast<size_t>(a.rank) * packed);
  }
  c.finish(s, false);
  return Error::ok();
}

}  // namespace gyre::coll::shm
