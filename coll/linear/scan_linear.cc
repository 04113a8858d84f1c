// Linear scan and exscan: a chain in rank order. Rank r waits for the prefix
// of ranks 0..r-1 from r-1, combines it with its own (prefix op mine, the
// order MPI defines) and passes it to r+1. n-1 hops; any op.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"

namespace gyre::coll {

void build_scan_linear(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  bool ex = a.op == CollOp::exscan;
  Vec acc = init_accumulator(s, a, !ex);  // scan: the result is the running total
  size_t bytes = acc.bytes(a.count);
  if (a.rank > 0) {
    Vec prefix = ex ? output_view(s, kRecvBuf, a.count, *a.type, true) : Vec{{s.temp(bytes), 0}, acc.stride};
    s.begin_round();
    s.recv(a.rank - 1, prefix.base, bytes);
    s.reduce(prefix.base, acc.base, a.count);  // acc = prefix op mine
    if (ex) finish_accumulator(s, a, prefix);
  }
  if (a.rank + 1 < a.size) {
    s.begin_round();
    s.send(a.rank + 1, acc.base, bytes);
  }
  if (!ex) finish_accumulator(s, a, acc);
}

}  // namespace gyre::coll
