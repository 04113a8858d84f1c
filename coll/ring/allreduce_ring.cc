// Ring allreduce: a ring reduce-scatter (n-1 rounds; each rank adds the
// chunk its left neighbour passes on) followed by a ring allgather (n-1
// rounds). Every rank sends 2(n-1)/n of the vector: bandwidth-optimal for
// large messages. Needs a commutative op (chunks are combined in ring order).
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"

namespace gyre::coll {

void build_allreduce_ring(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  int n = a.size, r = a.rank;
  Vec w = init_accumulator(s, a, true);
  if (n > 1) {
    int right = mod(r + 1, n), left = mod(r - 1, n);
    size_t biggest = chunk(a.count, n, 0).n();
    Vec tmp{{s.temp(w.bytes(biggest)), 0}, w.stride};
    for (int k = 0; k < n - 1; ++k) {  // reduce-scatter
      Range out = chunk(a.count, n, mod(r - k, n)), in = chunk(a.count, n, mod(r - k - 1, n));
      s.begin_round();
      if (out.n() > 0) s.send(right, w.at(out.lo), w.bytes(out.n()));
      if (in.n() > 0) s.recv(left, tmp.base, w.bytes(in.n()));
      s.reduce(tmp.base, w.at(in.lo), in.n());
    }
    for (int k = 0; k < n - 1; ++k) {  // allgather: rank r owns chunk r+1
      Range out = chunk(a.count, n, mod(r + 1 - k, n)), in = chunk(a.count, n, mod(r - k, n));
      s.begin_round();
      if (out.n() > 0) s.send(right, w.at(out.lo), w.bytes(out.n()));
      if (in.n() > 0) s.recv(left, w.at(in.lo), w.bytes(in.n()));
    }
  }
  finish_accumulator(s, a, w);
}

}  // namespace gyre::coll
