// Binomial-tree reduce: each rank combines its children's partial results
// (children cover higher virtual ranks, so combining as W (op) child keeps
// rank order) and sends the total to its parent. ceil(log2 n) hops. For a
// non-commutative op the tree is rooted at rank 0 (virtual = real order)
// and rank 0 forwards the result to the root: one more hop, order kept.
//
// Vectors move in segments (vector_fold.h): a leaf sends straight from its
// send buffer, and a parent folds each arriving segment into its result
// while the segment is in cache, the first child's straight into the result.
#include "coll/builders.h"
#include "coll/schedule/vector_fold.h"
#include "coll/tree/binomial.h"

namespace gyre::coll {

namespace {

// Fold the children's partial results into this rank's; returns where this
// rank's partial result ends up: `mine` for a leaf, else `acc`.
Vec fold_children(const CollArgs& a, Schedule& s, const BinomialNode& node, const Vec& mine, const Vec& acc) {
  if (node.children.empty()) return mine;
  uint16_t tmp = 0;
  Vec from = mine;
  // Smallest subtree first: its result arrives first.
  for (size_t i = node.children.size(); i-- > 0;) {
    recv_fold(s, a, node.children[i], from, acc, a.count, false, &tmp);
    from = acc;
  }
  return acc;
}

// Up the tree rooted at tree_root; returns this rank's partial result.
// `out`: where the root assembles (any vector for the others).
Vec reduce_up(const CollArgs& a, Schedule& s, const Vec& mine, const Vec& out, bool has_out, int tree_root) {
  BinomialNode node = BinomialNode::make(a.size, a.rank, tree_root);
  Vec acc = node.children.empty() ? mine : has_out ? out : temp_vec(s, a.count, *a.type, true);
  Vec partial = fold_children(a, s, node, mine, acc);
  if (node.parent >= 0) {
    s.begin_round();
    send_vector(s, node.parent, partial, a.count, false);
    s.begin_round();
  }
  return partial;
}

bool same(const Vec& x, const Vec& y) { return x.base.buf == y.base.buf && x.base.offset == y.base.offset; }

}  // namespace

void build_reduce_binomial(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  bool is_root = a.rank == a.root;
  int tree_root = a.commutative ? a.root : 0;
  Vec mine = stage_in(s, a.in_place && is_root ? kRecvBuf : kSendBuf, a.count, *a.type, true);
  Vec out = is_root ? output_view(s, kRecvBuf, a.count, *a.type, true) : mine;
  Vec partial = reduce_up(a, s, mine, out, is_root, tree_root);
  if (tree_root != a.root) {
    s.begin_round();
    if (a.rank == tree_root) send_vector(s, a.root, partial, a.count, false);
    if (is_root) recv_vector(s, tree_root, out, a.count);
    partial = out;
  }
  if (!is_root) return;
  s.begin_round();
  if (!same(partial, out)) s.copy(out.base, partial.base, out.bytes(a.count));  // one rank: its own vector
  s.begin_round();
  stage_out(s, out, kRecvBuf, a.count, *a.type, true);
}

void build_allreduce_binomial(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  Vec mine = stage_in(s, a.in_place ? kRecvBuf : kSendBuf, a.count, *a.type, true);
  Vec out = output_view(s, kRecvBuf, a.count, *a.type, true);
  Vec partial = reduce_up(a, s, mine, out, true, 0);
  // Broadcast the result down the same tree.
  BinomialNode node = BinomialNode::make(a.size, a.rank, 0);
  size_t bytes = out.bytes(a.count);
  s.begin_round();
  if (node.parent >= 0)
    s.recv(node.parent, out.base, bytes);
  else if (!same(partial, out))
    s.copy(out.base, partial.base, bytes);  // one rank: its own vector
  s.begin_round();
  for (int child : node.children) s.send(child, out.base, bytes);
  s.begin_round();
  stage_out(s, out, kRecvBuf, a.count, *a.type, true);
}

}  // namespace gyre::coll
