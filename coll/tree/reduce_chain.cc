// Pipelined chain reduce: the reverse of the chain broadcast. The last rank
// of the line starts; each rank receives segment k from its successor,
// combines it with its own and passes it on toward the root while the next
// segment arrives. The line runs in rank order ending at rank 0 for
// non-commutative ops (then rank 0 forwards to the root), so order is kept.
#include <algorithm>

#include "coll/builders.h"
#include "coll/schedule/builder_util.h"
#include "coll/tree/chain.h"

namespace gyre::coll {

void build_reduce_chain(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  int n = a.size;
  int head = a.commutative ? a.root : 0;  // where the line ends
  int v = mod(a.rank - head, n);
  bool is_root = a.rank == a.root;
  Vec w = init_accumulator(s, a, is_root);
  size_t seg = segment_elems(w.stride);
  size_t nseg = (a.count + seg - 1) / seg;
  int from = v == n - 1 ? -1 : mod(a.rank + 1, n), to = v == 0 ? -1 : mod(a.rank - 1, n);
  auto piece = [&](size_t k) { return Range{k * seg, std::min(a.count, (k + 1) * seg)}; };
  Vec tmp{{from >= 0 ? s.temp(w.bytes(std::min(seg, a.count)) * 2) : kSendBuf, 0}, w.stride};
  for (size_t k = 0; k <= nseg; ++k) {
    s.begin_round();
    // Double buffer: segment k lands in half k%2 while k-1 is combined.
    if (from >= 0 && k < nseg)
      s.recv(from, tmp.at((k % 2) * std::min(seg, a.count)), w.bytes(piece(k).n()));
    if (to >= 0 && k > 0) s.send(to, w.at(piece(k - 1).lo), w.bytes(piece(k - 1).n()));
    if (from >= 0 && k < nseg)
      reduce_ordered(s, a, tmp.at((k % 2) * std::min(seg, a.count)), w.at(piece(k).lo), piece(k).n(),
                     w.bytes(piece(k).n()), false);
  }
  if (head != a.root) {
    s.begin_round();
    if (a.rank == head) s.send(a.root, w.base, w.bytes(a.count));
    if (is_root) s.recv(head, w.base, w.bytes(a.count));
  }
  if (is_root) finish_accumulator(s, a, w);
}

}  // namespace gyre::coll
