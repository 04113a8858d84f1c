// Binomial-tree broadcast: ceil(log2 n) hops from the root to the farthest
// rank; each rank receives once and forwards to its children (posted
// together, largest subtree first). The choice for small messages.
#include "coll/builders.h"
#include "coll/tree/binomial.h"

namespace gyre::coll {

void build_bcast_binomial(const CollArgs& a, Schedule& s) {
  if (a.count == 0 || a.size == 1) return;
  BinomialNode node = BinomialNode::make(a.size, a.rank, a.root);
  bool root = a.rank == a.root;
  Vec buf = root ? stage_in(s, kRecvBuf, a.count, *a.type, false) : output_view(s, kRecvBuf, a.count, *a.type, false);
  size_t bytes = buf.bytes(a.count);
  if (!root) {
    s.begin_round();
    s.recv(node.parent, buf.base, bytes);
  }
  s.begin_round();
  for (int child : node.children) s.send(child, buf.base, bytes);
  if (!root) stage_out(s, buf, kRecvBuf, a.count, *a.type, false);
}

}  // namespace gyre::coll
