// k-nomial broadcast (radix 4): fewer hops than binomial (log4 n) at the
// cost of more sends per parent; good when sends overlap well (shared
// memory, many NICs). Virtual rank v's parent is v with its lowest nonzero
// base-k digit cleared.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"

namespace gyre::coll {

namespace {
constexpr int kRadix = 4;
}

void build_bcast_knomial(const CollArgs& a, Schedule& s) {
  if (a.count == 0 || a.size == 1) return;
  int n = a.size, v = mod(a.rank - a.root, n);
  bool root = v == 0;
  Vec buf = root ? stage_in(s, kRecvBuf, a.count, *a.type, false) : output_view(s, kRecvBuf, a.count, *a.type, false);
  size_t bytes = buf.bytes(a.count);
  int span = 1;  // weight of my lowest nonzero digit (n rounded up for the root)
  while (span < n && (v / span) % kRadix == 0) span *= kRadix;
  if (!root) {
    s.begin_round();
    s.recv(mod(v - (v / span) % kRadix * span + a.root, n), buf.base, bytes);
  }
  s.begin_round();
  for (int w = span / kRadix; w >= 1; w /= kRadix)
    for (int d = 1; d < kRadix; ++d)
      if (v + d * w < n) s.send(mod(v + d * w + a.root, n), buf.base, bytes);
  if (!root) stage_out(s, buf, kRecvBuf, a.count, *a.type, false);
}

}  // namespace gyre::coll
