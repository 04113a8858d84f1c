// Node-aware reduce: binomial reduce inside each node to its head (the root
// on the root's node, the leader elsewhere), then binomial reduce among the
// heads to the root. Commutative ops only.
//
// The input is never copied up front: leaves send it as it is, and a rank
// with children folds their segments into its accumulator as they land
// (vector_fold.h); only the root and ranks with children have one.
#include "coll/builders.h"
#include "coll/hier/hier.h"

namespace gyre::coll {

void build_reduce_hier(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  bool is_root = a.rank == a.root;
  Vec mine = stage_in(s, a.in_place && is_root ? kRecvBuf : kSendBuf, a.count, *a.type, true);
  hier::Members node = hier::node_members(a, hier::my_head(a, a.root)), heads = hier::heads(a, a.root);
  Vec acc = mine;
  if (is_root)
    acc = output_view(s, kRecvBuf, a.count, *a.type, true);
  else if (hier::has_children(node) || hier::has_children(heads))
    acc = temp_vec(s, a.count, *a.type, true);
  Vec part = hier::reduce(s, a, node, mine, acc, a.count);
  part = hier::reduce(s, a, heads, part, acc, a.count);
  if (!is_root) return;
  s.begin_round();
  if (part.base.buf != acc.base.buf || part.base.offset != acc.base.offset)
    s.copy(acc.base, part.base, acc.bytes(a.count));  // one rank: its own vector
  s.begin_round();
  stage_out(s, acc, kRecvBuf, a.count, *a.type, true);
}

}  // namespace gyre::coll
