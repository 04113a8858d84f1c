// Pipelined chain reduce: the reverse of the chain broadcast. The last rank
// of the line starts; each rank receives segment k from its successor,
// combines it with its own and passes it on toward the root while the next
// segment arrives. The line runs in rank order ending at rank 0 for
// non-commutative ops (then rank 0 forwards to the root), so order is kept.
//
// The input is never copied up front: the last rank sends straight from
// it, and every other rank receives a segment where its partial result
// goes and folds its own input in there (partial = mine op successor's).
// A rank in the middle of the line keeps only two segments: the one it is
// receiving and the one it is passing on.
#include <algorithm>

#include "coll/builders.h"
#include "coll/schedule/builder_util.h"
#include "coll/tree/chain.h"

namespace gyre::coll {

namespace {

// Where a rank's partial result lives, segment by segment.
struct Partials {
  Vec v;
  size_t ring = 0;  // elements per half of a two-segment ring buffer; 0: v is the whole vector
  BufRef at(size_t k, size_t lo) const { return ring > 0 ? v.at((k % 2) * ring) : v.at(lo); }
};

bool same(const Vec& x, const Vec& y) { return x.base.buf == y.base.buf && x.base.offset == y.base.offset; }

}  // namespace

void build_reduce_chain(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  int n = a.size;
  int head = a.commutative ? a.root : 0;  // where the line ends
  int v = mod(a.rank - head, n);
  bool is_root = a.rank == a.root;
  Vec mine = stage_in(s, a.in_place && is_root ? kRecvBuf : kSendBuf, a.count, *a.type, true);
  Vec out = is_root ? output_view(s, kRecvBuf, a.count, *a.type, true) : mine;
  size_t seg = segment_elems(mine.stride), cap = std::min(seg, a.count);
  size_t nseg = (a.count + seg - 1) / seg;
  int from = v == n - 1 ? -1 : mod(a.rank + 1, n), to = v == 0 ? -1 : mod(a.rank - 1, n);
  auto piece = [&](size_t k) { return Range{k * seg, std::min(a.count, (k + 1) * seg)}; };
  // The root and the line's end keep the whole result; the last rank's
  // partial result is its input.
  bool whole = from >= 0 && (is_root || to < 0);
  Partials p{mine};
  if (whole) p.v = is_root ? out : temp_vec(s, a.count, *a.type, true);
  if (from >= 0 && !whole) p = {{{s.temp(mine.bytes(2 * cap)), 0}, mine.stride}, cap};
  bool in_place = from >= 0 && same(p.v, mine);  // the root's input is its result buffer
  Vec tmp{{in_place ? s.temp(mine.bytes(2 * cap)) : kSendBuf, 0}, mine.stride};
  for (size_t k = 0; k <= nseg; ++k) {
    s.begin_round();
    bool in = from >= 0 && k < nseg;
    Range g = in ? piece(k) : Range{0, 0};
    // Double buffer when in place: segment k lands in half k%2 while k-1 is combined.
    BufRef land = in_place ? tmp.at((k % 2) * cap) : p.at(k, g.lo);
    if (in) s.recv(from, land, mine.bytes(g.n()));
    if (to >= 0 && k > 0) s.send(to, p.at(k - 1, piece(k - 1).lo), mine.bytes(piece(k - 1).n()));
    if (!in) continue;
    if (in_place)
      reduce_ordered(s, a, land, p.at(k, g.lo), g.n(), mine.bytes(g.n()), false);
    else
      s.reduce(mine.at(g.lo), land, g.n());  // partial = mine op successor's
  }
  if (head != a.root) {
    s.begin_round();
    if (a.rank == head) s.send(a.root, p.v.base, p.v.bytes(a.count));
    if (is_root) s.recv(head, out.base, out.bytes(a.count));
  }
  if (!is_root) return;
  s.begin_round();
  if (n == 1) s.copy(out.base, mine.base, out.bytes(a.count));
  s.begin_round();
  stage_out(s, out, kRecvBuf, a.count, *a.type, true);
}

}  // namespace gyre::coll
