// Binomial-tree scatter: the root packs the blocks in virtual-rank order and
// sends each child its whole subtree's blocks in one message; each rank
// keeps its first block and forwards the rest. ceil(log2 n) hops.
#include "coll/builders.h"
#include "coll/schedule/gather_layout.h"
#include "coll/tree/binomial.h"
#include "runtime/datatype.h"

namespace gyre::coll {

void build_scatter_binomial(const CollArgs& a, Schedule& s) {
  int n = a.size;
  bool root = a.rank == a.root;
  size_t blk = root ? a.count * a.type->size() : a.rcount * a.rtype->size();
  if (blk == 0) return;
  BinomialNode node = BinomialNode::make(n, a.rank, a.root);
  uint16_t work = s.temp(blk * static_cast<size_t>(node.subtree));
  if (root) {
    GatherLayout g = GatherLayout::make(s, a, kSendBuf);
    g.stage_all_in(s, a);
    for (int v = 0; v < n; ++v)
      s.copy({work, static_cast<std::ptrdiff_t>(blk) * v}, g.block(mod(v + a.root, n)), blk);
  } else {
    s.recv(node.parent, {work, 0}, blk * static_cast<size_t>(node.subtree));
  }
  s.begin_round();
  for (size_t i = 0; i < node.children.size(); ++i) {
    std::ptrdiff_t at = static_cast<std::ptrdiff_t>(blk) * (node.child_v[i] - node.vrank);
    s.send(node.children[i], {work, at}, blk * static_cast<size_t>(node.child_subtree(i, n)));
  }
  if (!(root && a.in_place)) s.copy_typed({kRecvBuf, 0}, a.rcount, a.rtype, {work, 0}, blk, nullptr);
}

}  // namespace gyre::coll
