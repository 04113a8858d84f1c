// Binomial-tree gather: each rank collects its subtree's blocks (virtual
// ranks v..v+subtree-1, contiguous in a temporary) and sends them to its
// parent in one message. ceil(log2 n) hops and n-1 messages in all instead
// of n-1 into the root; the root unrotates the blocks into place.
#include "coll/builders.h"
#include "coll/schedule/gather_layout.h"
#include "coll/tree/binomial.h"
#include "runtime/datatype.h"

namespace gyre::coll {

void build_gather_binomial(const CollArgs& a, Schedule& s) {
  int n = a.size;
  bool root = a.rank == a.root;
  size_t blk = root ? a.rcount * a.rtype->size() : a.count * a.type->size();
  if (blk == 0) return;
  BinomialNode node = BinomialNode::make(n, a.rank, a.root);
  uint16_t work = s.temp(blk * static_cast<size_t>(node.subtree));
  if (root && a.in_place)
    s.copy_typed({work, 0}, 0, nullptr, {kRecvBuf, static_cast<std::ptrdiff_t>(a.rcount) * a.rank * a.rtype->extent()},
                 a.rcount, a.rtype);
  else
    s.copy_typed({work, 0}, 0, nullptr, {kSendBuf, 0}, a.count, a.type);
  s.begin_round();
  for (size_t i = 0; i < node.children.size(); ++i) {
    std::ptrdiff_t at = static_cast<std::ptrdiff_t>(blk) * (node.child_v[i] - node.vrank);
    s.recv(node.children[i], {work, at}, blk * static_cast<size_t>(node.child_subtree(i, n)));
  }
  if (!root) {
    s.begin_round();
    s.send(node.parent, {work, 0}, blk * static_cast<size_t>(node.subtree));
    return;
  }
  GatherLayout g = GatherLayout::make(s, a);
  for (int v = 0; v < n; ++v)
    s.copy(g.block(mod(v + a.root, n)), {work, static_cast<std::ptrdiff_t>(blk) * v}, blk);
  g.finish(s, a);
}

}  // namespace gyre::coll
