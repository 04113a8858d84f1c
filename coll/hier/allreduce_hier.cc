// Node-aware allreduce: binomial reduce to each node's leader, recursive
// doubling among the leaders, binomial bcast inside each node. Only the
// leaders' step crosses nodes (log2 nodes exchanges instead of log2 n).
// Combines out of rank order: commutative ops only.
//
// The input is never copied up front: leaves send it as it is, and every
// fold lands a peer's segment in the result buffer and folds into it there
// (vector_fold.h).
#include "coll/builders.h"
#include "coll/hier/hier.h"

namespace gyre::coll {

void build_allreduce_hier(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  Vec mine = stage_in(s, a.in_place ? kRecvBuf : kSendBuf, a.count, *a.type, true);
  Vec out = output_view(s, kRecvBuf, a.count, *a.type, true);
  hier::Members node = hier::node_members(a, hier::my_head(a, -1)), heads = hier::heads(a, -1);
  Vec part = hier::reduce(s, a, node, mine, out, a.count);
  if (heads.me >= 0) {
    part = hier::allreduce(s, a, heads, part, out, a.count);
    s.begin_round();
    if (part.base.buf != out.base.buf || part.base.offset != out.base.offset)
      s.copy(out.base, part.base, out.bytes(a.count));  // alone: its own vector
  }
  hier::bcast(s, node, out.base, out.bytes(a.count));
  s.begin_round();
  stage_out(s, out, kRecvBuf, a.count, *a.type, true);
}

}  // namespace gyre::coll
