// Binomial-tree scatter: the root packs the blocks in virtual-rank order and
// sends each child its whole subtree's blocks in one message; each rank
// keeps its first block and forwards the rest. ceil(log2 n) hops.
//
// Nothing is copied that need not be: the root sends a subtree's blocks
// straight from its send buffer where they lie there in order (every child
// when the root is rank 0), and a leaf receives its block straight into its
// receive buffer (contiguous types).
#include "coll/builders.h"
#include "coll/schedule/gather_layout.h"
#include "coll/tree/binomial.h"
#include "runtime/datatype.h"

namespace gyre::coll {

namespace {

// Whether child i's subtree blocks lie in order in the root's send buffer
// (no wrap past rank n-1), so that they can be sent as they are.
bool span_in_input(const CollArgs& a, const GatherLayout& g, const BinomialNode& node, size_t i) {
  int k = node.child_subtree(i, a.size), first = mod(node.child_v[i] + a.root, a.size);
  return g.adjacent() && g.block(0).buf == kSendBuf && first + k <= a.size;
}

void scatter_from_root(const CollArgs& a, Schedule& s, const BinomialNode& node, size_t blk) {
  int n = a.size;
  GatherLayout g = GatherLayout::make(s, a, kSendBuf);
  bool staged = g.block(0).buf != kSendBuf;
  bool pack = staged;
  for (size_t i = 0; i < node.children.size(); ++i) pack = pack || !span_in_input(a, g, node, i);
  uint16_t work = 0;
  if (pack) {  // the blocks of the subtrees that need it, in virtual order
    work = s.temp(blk * static_cast<size_t>(n));
    g.stage_all_in(s, a);
    for (size_t i = 0; i < node.children.size(); ++i) {
      if (span_in_input(a, g, node, i)) continue;
      for (int v = node.child_v[i], end = v + node.child_subtree(i, n); v < end; ++v)
        s.copy({work, static_cast<std::ptrdiff_t>(blk) * v}, g.block(mod(v + a.root, n)), blk);
    }
  }
  s.begin_round();
  for (size_t i = 0; i < node.children.size(); ++i) {
    int v = node.child_v[i];
    BufRef from = span_in_input(a, g, node, i) ? g.block(mod(v + a.root, n)) : BufRef{work, static_cast<std::ptrdiff_t>(blk) * v};
    s.send(node.children[i], from, blk * static_cast<size_t>(node.child_subtree(i, n)));
  }
  if (!a.in_place) s.copy_typed({kRecvBuf, 0}, a.rcount, a.rtype, g.block(a.root), blk, nullptr);
}

}  // namespace

void build_scatter_binomial(const CollArgs& a, Schedule& s) {
  int n = a.size;
  bool root = a.rank == a.root;
  size_t blk = root ? a.count * a.type->size() : a.rcount * a.rtype->size();
  if (blk == 0) return;
  BinomialNode node = BinomialNode::make(n, a.rank, a.root);
  if (!root && node.children.empty() && a.rtype->contiguous()) {
    s.recv(node.parent, {kRecvBuf, a.rtype->true_lb()}, blk);
    return;
  }
  if (root) {
    scatter_from_root(a, s, node, blk);
    return;
  }
  uint16_t work = s.temp(blk * static_cast<size_t>(node.subtree));
  s.recv(node.parent, {work, 0}, blk * static_cast<size_t>(node.subtree));
  s.begin_round();
  for (size_t i = 0; i < node.children.size(); ++i) {
    std::ptrdiff_t at = static_cast<std::ptrdiff_t>(blk) * (node.child_v[i] - node.vrank);
    s.send(node.children[i], {work, at}, blk * static_cast<size_t>(node.child_subtree(i, n)));
  }
  s.copy_typed({kRecvBuf, 0}, a.rcount, a.rtype, {work, 0}, blk, nullptr);
}

}  // namespace gyre::coll
