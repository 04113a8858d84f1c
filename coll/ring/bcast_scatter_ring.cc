// Broadcast as binomial scatter + ring allgather (van de Geijn): the root
// scatters n chunks down a binomial tree, then a ring allgather completes
// every rank's copy. About 2 message-lengths moved per rank whatever n is:
// the large-message broadcast when a chain's n-hop startup is too long.
#include <algorithm>

#include "coll/builders.h"
#include "coll/schedule/builder_util.h"
#include "coll/tree/binomial.h"

namespace gyre::coll {

void build_bcast_scatter_ring(const CollArgs& a, Schedule& s) {
  if (a.count == 0 || a.size == 1) return;
  int n = a.size;
  bool root = a.rank == a.root;
  Vec buf = root ? stage_in(s, kRecvBuf, a.count, *a.type, false) : output_view(s, kRecvBuf, a.count, *a.type, false);
  BinomialNode node = BinomialNode::make(n, a.rank, a.root);
  // Chunks are indexed by virtual rank; a subtree's chunks are contiguous.
  auto span = [&](int v, int k) {
    Range lo = chunk(a.count, n, v), hi = chunk(a.count, n, std::min(n, v + k) - 1);
    return Range{lo.lo, hi.hi};
  };
  if (!root) {
    Range mine = span(node.vrank, node.subtree);
    s.begin_round();
    if (mine.n() > 0) s.recv(node.parent, buf.at(mine.lo), buf.bytes(mine.n()));
  }
  s.begin_round();
  for (size_t i = 0; i < node.children.size(); ++i) {
    Range part = span(node.child_v[i], node.child_subtree(i, n));
    if (part.n() > 0) s.send(node.children[i], buf.at(part.lo), buf.bytes(part.n()));
  }
  int v = node.vrank;
  int right = mod(a.rank + 1, n), left = mod(a.rank - 1, n);
  for (int k = 0; k < n - 1; ++k) {
    Range out = chunk(a.count, n, mod(v - k, n)), in = chunk(a.count, n, mod(v - k - 1, n));
    s.begin_round();
    if (out.n() > 0) s.send(right, buf.at(out.lo), buf.bytes(out.n()));
    if (in.n() > 0) s.recv(left, buf.at(in.lo), buf.bytes(in.n()));
  }
  if (!root) stage_out(s, buf, kRecvBuf, a.count, *a.type, false);
}

}  // namespace gyre::coll
