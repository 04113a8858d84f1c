// Recursive-doubling allgather (and allgatherv) for a power-of-two n: in
// round k each rank swaps everything it has (2^k blocks) with the partner at
// distance 2^k. log2 n rounds; the latency-optimal choice for small blocks.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"
#include "coll/schedule/gather_layout.h"

namespace gyre::coll {

void build_allgather_recursive_doubling(const CollArgs& a, Schedule& s) {
  int r = a.rank;
  GatherLayout g = GatherLayout::make(s, a);
  g.stage_own_block(s, a);
  for (int mask = 1; mask < a.size; mask *= 2) {
    int partner = r ^ mask;
    int mine = r & ~(mask - 1), theirs = partner & ~(mask - 1);  // first block of each side's range
    s.begin_round();
    for (int i = 0; i < mask; ++i) {
      if (g.bytes(mine + i) > 0) s.send(partner, g.block(mine + i), g.bytes(mine + i));
      if (g.bytes(theirs + i) > 0) s.recv(partner, g.block(theirs + i), g.bytes(theirs + i));
    }
  }
  g.finish(s, a);
}

}  // namespace gyre::coll
