#include "coll/shm/shm.h"
#include "coll/shm/shm_comm.h"
#include "coll/shm/shm_copy.h"

namespace gyre::coll::shm {

// Every rank packs its n outgoing blocks into its slot (block r for rank
// r), then copies block `me` out of every rank's slot.
Error alltoall(ShmComm& c, const CollArgs& a, const RunBuffers& b) {
  uint64_t s = c.begin(slot_bytes(a));
  const Datatype& rt = *a.rtype;
  const Datatype& st = a.in_place ? rt : *a.type;  // in place: the blocks go out of the receive buffer
  size_t scount = a.in_place ? a.rcount : a.count;
  const auto* send = static_cast<const std::byte*>(a.in_place ? b.recvbuf : b.sendbuf);
  auto* recv = static_cast<std::byte*>(b.recvbuf);
  std::ptrdiff_t sstride = static_cast<std::ptrdiff_t>(scount) * st.extent();
  std::ptrdiff_t rstride = static_cast<std::ptrdiff_t>(a.rcount) * rt.extent();
  size_t packed = a.rcount * rt.size();
  std::byte* mine = c.acquire_own(s);
  for (int r = 0; r < a.size; ++r) pack(mine + static_cast<size_t>(r) * packed, send + r * sstride, scount, st);
  c.publish(s);
  c.wait_all(s);
  size_t me = static_cast<size_t>(a.rank) * packed;
  for (int r = 0; r < a.size; ++r) unpack(recv + r * rstride, a.rcount, rt, c.slot(r, s) + me);
  c.finish(s, true);
  return Error::ok();
}

}  // namespace gyre::coll::shm
