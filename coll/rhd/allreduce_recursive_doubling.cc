// Recursive-doubling allreduce: log2 p rounds, each exchanging the whole
// vector with the partner at distance 1, 2, 4, ... Latency-optimal for small
// messages and order-preserving (the lower virtual rank's data is always the
// left operand, and the fold keeps rank order), so it also serves
// non-commutative ops.
#include "coll/builders.h"
#include "coll/rhd/fold.h"

namespace gyre::coll {

void build_allreduce_recursive_doubling(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  Vec w = init_accumulator(s, a, true);
  if (a.size > 1) {
    Fold f = Fold::make(a.size, a.rank);
    size_t bytes = w.bytes(a.count);
    BufRef tmp{s.temp(bytes), 0};
    fold_in(s, a, f, w, tmp);
    if (f.vrank >= 0) {
      for (int mask = 1; mask < f.p; mask *= 2) {
        int partner = f.vrank ^ mask;
        s.begin_round();
        s.send(f.real(partner), w.base, bytes);
        s.recv(f.real(partner), tmp, bytes);
        reduce_ordered(s, a, tmp, w.base, a.count, bytes, partner < f.vrank);
      }
    }
    fold_out(s, a, f, w);
  }
  finish_accumulator(s, a, w);
}

}  // namespace gyre::coll
