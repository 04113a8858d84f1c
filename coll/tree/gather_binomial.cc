// Binomial-tree gather: each rank collects its subtree's blocks (virtual
// ranks v..v+subtree-1, contiguous in a temporary) and sends them to its
// parent in one message. ceil(log2 n) hops and n-1 messages in all instead
// of n-1 into the root; the root unrotates the blocks into place.
//
// A leaf sends its block straight from its send buffer (contiguous type),
// and the root puts its own block in place from its input, not through the
// temporary: only blocks that travel further are copied.
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
  if (!root && node.children.empty() && a.type->contiguous()) {
    s.send(node.parent, {kSendBuf, a.type->true_lb()}, blk);
    return;
  }
  // The root's work holds virtual ranks 1..n-1 (its own block goes straight into place).
  std::ptrdiff_t skip = root ? static_cast<std::ptrdiff_t>(blk) : 0;
  uint16_t work = s.temp(blk * static_cast<size_t>(node.subtree) - static_cast<size_t>(skip));
  if (!root) {
    s.copy_typed({work, 0}, 0, nullptr, {kSendBuf, 0}, a.count, a.type);
    s.begin_round();
  }
  for (size_t i = 0; i < node.children.size(); ++i) {
    std::ptrdiff_t at = static_cast<std::ptrdiff_t>(blk) * (node.child_v[i] - node.vrank) - skip;
    s.recv(node.children[i], {work, at}, blk * static_cast<size_t>(node.child_subtree(i, n)));
  }
  if (!root) {
    s.begin_round();
    s.send(node.parent, {work, 0}, blk * static_cast<size_t>(node.subtree));
    return;
  }
  GatherLayout g = GatherLayout::make(s, a);
  g.stage_own_block(s, a);  // after the round's receives; ends the round
  for (int v = 1; v < n; ++v)
    s.copy(g.block(mod(v + a.root, n)), {work, static_cast<std::ptrdiff_t>(blk) * v - skip}, blk);
  g.finish(s, a);
}

}  // namespace gyre::coll
