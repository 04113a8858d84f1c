// Linear broadcast: the root sends the message to every other rank in one
// round. The reference; typed transfers, no staging.
#include "coll/builders.h"

namespace gyre::coll {

void build_bcast_linear(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  for (int p = 0; p < a.size; ++p) {
    if (p == a.rank) continue;
    if (a.rank == a.root)
      s.send_typed(p, {kRecvBuf, 0}, a.count, a.type);
    else if (p == a.root)
      s.recv_typed(p, {kRecvBuf, 0}, a.count, a.type);
  }
}

}  // namespace gyre::coll
