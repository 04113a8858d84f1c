// Dissemination barrier: in round k every rank signals rank + 2^k and waits
// for rank - 2^k. ceil(log2 n) rounds for any n, no root, no fold.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"

namespace gyre::coll {

void build_barrier_dissemination(const CollArgs& a, Schedule& s) {
  for (int k = 1; k < a.size; k *= 2) {
    s.begin_round();
    s.send(mod(a.rank + k, a.size), {kRecvBuf, 0}, 0);
    s.recv(mod(a.rank - k, a.size), {kRecvBuf, 0}, 0);
  }
}

}  // namespace gyre::coll
