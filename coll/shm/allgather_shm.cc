#include "coll/shm/shm.h"
#include "coll/shm/shm_comm.h"
#include "coll/shm/shm_copy.h"

namespace gyre::coll::shm {

// Every rank publishes its block, then copies every block out.
Error allgather(ShmComm& c, const CollArgs& a, const RunBuffers& b) {
  uint64_t s = c.begin(slot_bytes(a));
  const Datatype& rt = *a.rtype;
  auto* recv = static_cast<std::byte*>(b.recvbuf);
  std::ptrdiff_t stride = static_cast<std::ptrdiff_t>(a.rcount) * rt.extent();
  std::byte* mine = c.acquire_own(s);
  if (a.in_place)
    pack(mine, recv + a.rank * stride, a.rcount, rt);
  else
    pack(mine, b.sendbuf, a.count, *a.type);
  c.publish(s);
  if (!a.in_place) unpack(recv + a.rank * stride, a.rcount, rt, mine);
  c.wait_all(s);
  for (int r = 0; r < a.size; ++r)
    if (r != a.rank) unpack(recv + r * stride, a.rcount, rt, c.slot(r, s));
  c.finish(s, true);
  return Error::ok();
}

}  // namespace gyre::coll::shm
