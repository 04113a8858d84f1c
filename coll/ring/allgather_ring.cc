// Ring allgather (and allgatherv): n-1 rounds, each rank forwards to its
// right neighbour the block it received the round before. Bandwidth-optimal,
// latency n-1 steps. The first round sends this rank's block straight from
// the send buffer when it can, and copies it into place after that round.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"
#include "coll/schedule/gather_layout.h"

namespace gyre::coll {

void build_allgather_ring(const CollArgs& a, Schedule& s) {
  int n = a.size, r = a.rank;
  GatherLayout g = GatherLayout::make(s, a);
  BufRef own = g.block(r);
  bool from_input = n > 1 && g.own_block_in_input(a, &own);
  if (!from_input) g.stage_own_block(s, a);
  int right = mod(r + 1, n), left = mod(r - 1, n);
  for (int k = 0; k < n - 1; ++k) {
    int out = mod(r - k, n), in = mod(r - k - 1, n);
    s.begin_round();
    if (g.bytes(out) > 0) s.send(right, k == 0 ? own : g.block(out), g.bytes(out));
    if (g.bytes(in) > 0) s.recv(left, g.block(in), g.bytes(in));
    if (k == 0 && from_input) g.stage_own_block(s, a);  // after the round's transfers
  }
  g.finish(s, a);
}

}  // namespace gyre::coll
