// Linear barrier: everyone tells rank 0, rank 0 answers everyone. 2 hops,
// n-1 messages into one rank: the reference, and fine for a handful of ranks.
#include "coll/builders.h"

namespace gyre::coll {

void build_barrier_linear(const CollArgs& a, Schedule& s) {
  if (a.size == 1) return;
  if (a.rank == 0) {
    for (int p = 1; p < a.size; ++p) s.recv(p, {kRecvBuf, 0}, 0);
    s.begin_round();
    for (int p = 1; p < a.size; ++p) s.send(p, {kRecvBuf, 0}, 0);
  } else {
    s.send(0, {kRecvBuf, 0}, 0);
    s.begin_round();
    s.recv(0, {kRecvBuf, 0}, 0);
  }
}

}  // namespace gyre::coll
