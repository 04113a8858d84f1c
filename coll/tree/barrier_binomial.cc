// Binomial-tree barrier: a zero-byte gather up a binomial tree to rank 0,
// then a zero-byte broadcast down it. 2 ceil(log2 n) hops, 2(n-1) messages.
#include "coll/builders.h"
#include "coll/tree/binomial.h"

namespace gyre::coll {

void build_barrier_binomial(const CollArgs& a, Schedule& s) {
  if (a.size == 1) return;
  BinomialNode node = BinomialNode::make(a.size, a.rank, 0);
  for (int child : node.children) s.recv(child, {kRecvBuf, 0}, 0);
  if (node.parent >= 0) {
    s.begin_round();
    s.send(node.parent, {kRecvBuf, 0}, 0);
    s.begin_round();
    s.recv(node.parent, {kRecvBuf, 0}, 0);
  }
  s.begin_round();
  for (int child : node.children) s.send(child, {kRecvBuf, 0}, 0);
}

}  // namespace gyre::coll
