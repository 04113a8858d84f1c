// Ring allgather (and allgatherv): n-1 rounds, each rank forwards to its
// right neighbour the block it received the round before. Bandwidth-optimal,
// latency n-1 steps.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"
#include "coll/schedule/gather_layout.h"

namespace gyre::coll {

void build_allgather_ring(const CollArgs& a, Schedule& s) {
  int n = a.size, r = a.rank;
  GatherLayout g = GatherLayout::make(s, a);
  g.stage_own_block(s, a);
  int right = mod(r + 1, n), left = mod(r - 1, n);
  for (int k = 0; k < n - 1; ++k) {
    int out = mod(r - k, n), in = mod(r - k - 1, n);
    s.begin_round();
    if (g.bytes(out) > 0) s.send(right, g.block(out), g.bytes(out));
    if (g.bytes(in) > 0) s.recv(left, g.block(in), g.bytes(in));
  }
  g.finish(s, a);
}

}  // namespace gyre::coll
