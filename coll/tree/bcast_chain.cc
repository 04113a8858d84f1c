// Pipelined chain broadcast: ranks form a line from the root; the message
// moves in segments, and in each round a rank receives segment k while it
// passes segment k-1 on. Time ~ (n - 2 + segments) segment hops: for large
// messages each link carries the message once, at full bandwidth.
#include <algorithm>

#include "coll/builders.h"
#include "coll/schedule/builder_util.h"
#include "coll/tree/chain.h"

namespace gyre::coll {

void build_bcast_chain(const CollArgs& a, Schedule& s) {
  if (a.count == 0 || a.size == 1) return;
  int n = a.size, v = mod(a.rank - a.root, n);
  bool root = v == 0;
  Vec buf = root ? stage_in(s, kRecvBuf, a.count, *a.type, false) : output_view(s, kRecvBuf, a.count, *a.type, false);
  size_t seg = segment_elems(buf.stride);
  size_t nseg = (a.count + seg - 1) / seg;
  int prev = root ? -1 : mod(a.rank - 1, n), next = v == n - 1 ? -1 : mod(a.rank + 1, n);
  auto piece = [&](size_t k) { return Range{k * seg, std::min(a.count, (k + 1) * seg)}; };
  for (size_t k = 0; k <= nseg; ++k) {
    s.begin_round();
    if (prev >= 0 && k < nseg) s.recv(prev, buf.at(piece(k).lo), buf.bytes(piece(k).n()));
    if (next >= 0 && k > 0) s.send(next, buf.at(piece(k - 1).lo), buf.bytes(piece(k - 1).n()));
  }
  if (!root) stage_out(s, buf, kRecvBuf, a.count, *a.type, false);
}

}  // namespace gyre::coll
