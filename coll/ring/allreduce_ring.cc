// Ring allreduce: a ring reduce-scatter (n-1 rounds; each rank adds the
// chunk its left neighbour passes on) followed by a ring allgather (n-1
// rounds). Every rank sends 2(n-1)/n of the vector: bandwidth-optimal for
// large messages. Needs a commutative op (chunks are combined in ring order).
//
// The input is never copied up front: the first round sends straight from
// it, and a chunk's first partial sum lands in the result buffer and takes
// this rank's own elements there (out = mine op received), so no temporary
// either unless the input is the result buffer (MPI_IN_PLACE).
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"

namespace gyre::coll {

void build_allreduce_ring(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  int n = a.size, r = a.rank;
  Vec mine = stage_in(s, a.in_place ? kRecvBuf : kSendBuf, a.count, *a.type, true);
  Vec w = output_view(s, kRecvBuf, a.count, *a.type, true);
  bool in_place = mine.base.buf == w.base.buf && mine.base.offset == w.base.offset;
  if (n == 1) {
    if (!in_place) s.copy(w.base, mine.base, w.bytes(a.count));
  } else {
    int right = mod(r + 1, n), left = mod(r - 1, n);
    BufRef tmp{in_place ? s.temp(w.bytes(chunk(a.count, n, 0).n())) : uint16_t{0}, 0};
    for (int k = 0; k < n - 1; ++k) {  // reduce-scatter
      Range out = chunk(a.count, n, mod(r - k, n)), in = chunk(a.count, n, mod(r - k - 1, n));
      s.begin_round();
      if (out.n() > 0) s.send(right, (k == 0 ? mine : w).at(out.lo), w.bytes(out.n()));
      if (in.n() == 0) continue;
      if (in_place) {
        s.recv(left, tmp, w.bytes(in.n()));
        s.reduce(tmp, w.at(in.lo), in.n());
      } else {  // the chunk's first visit here: w = mine op received
        s.recv(left, w.at(in.lo), w.bytes(in.n()));
        s.reduce(mine.at(in.lo), w.at(in.lo), in.n());
      }
    }
    for (int k = 0; k < n - 1; ++k) {  // allgather: rank r owns chunk r+1
      Range out = chunk(a.count, n, mod(r + 1 - k, n)), in = chunk(a.count, n, mod(r - k, n));
      s.begin_round();
      if (out.n() > 0) s.send(right, w.at(out.lo), w.bytes(out.n()));
      if (in.n() > 0) s.recv(left, w.at(in.lo), w.bytes(in.n()));
    }
  }
  s.begin_round();
  stage_out(s, w, kRecvBuf, a.count, *a.type, true);
}

}  // namespace gyre::coll
