// Binomial-tree reduce: each rank combines its children's partial results
// (children cover higher virtual ranks, so combining as W (op) child keeps
// rank order) and sends the total to its parent. ceil(log2 n) hops. For a
// non-commutative op the tree is rooted at rank 0 (virtual = real order)
// and rank 0 forwards the result to the root: one more hop, order kept.
#include "coll/builders.h"
#include "coll/tree/binomial.h"

namespace gyre::coll {

namespace {

// The reduction up the tree into `w`; tree_root gets the result.
void reduce_up(const CollArgs& a, Schedule& s, const Vec& w, int tree_root) {
  BinomialNode node = BinomialNode::make(a.size, a.rank, tree_root);
  size_t bytes = w.bytes(a.count);
  if (!node.children.empty()) {
    BufRef tmp{s.temp(bytes), 0};
    // Smallest subtree first: its result arrives first.
    for (size_t i = node.children.size(); i-- > 0;) {
      s.begin_round();
      s.recv(node.children[i], tmp, bytes);
      reduce_ordered(s, a, tmp, w.base, a.count, bytes, false);
    }
  }
  if (node.parent >= 0) {
    s.begin_round();
    s.send(node.parent, w.base, bytes);
  }
}

}  // namespace

void build_reduce_binomial(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  bool is_root = a.rank == a.root;
  int tree_root = a.commutative ? a.root : 0;
  Vec w = init_accumulator(s, a, is_root);
  reduce_up(a, s, w, tree_root);
  if (tree_root != a.root) {
    s.begin_round();
    if (a.rank == tree_root) s.send(a.root, w.base, w.bytes(a.count));
    if (is_root) s.recv(tree_root, w.base, w.bytes(a.count));
  }
  if (is_root) finish_accumulator(s, a, w);
}

void build_allreduce_binomial(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  Vec w = init_accumulator(s, a, true);
  reduce_up(a, s, w, 0);
  // Broadcast the result down the same tree.
  BinomialNode node = BinomialNode::make(a.size, a.rank, 0);
  size_t bytes = w.bytes(a.count);
  if (node.parent >= 0) {
    s.begin_round();
    s.recv(node.parent, w.base, bytes);
  }
  s.begin_round();
  for (int child : node.children) s.send(child, w.base, bytes);
  finish_accumulator(s, a, w);
}

}  // namespace gyre::coll
