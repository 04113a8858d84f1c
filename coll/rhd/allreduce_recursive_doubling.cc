// Recursive-doubling allreduce: log2 p rounds, each exchanging the whole
// vector with the partner at distance 1, 2, 4, ... Latency-optimal for small
// messages and order-preserving (the lower virtual rank's data is always the
// left operand, and the fold keeps rank order), so it also serves
// non-commutative ops.
//
// The input is never copied up front: the first exchange offers it as it is
// (in the background) and folds the partner's vector into the result buffer
// segment by segment (vector_fold.h). Later exchanges swap the running
// result, segment k sent and received in round k and folded after both.
#include "coll/builders.h"
#include "coll/rhd/fold.h"
#include "coll/schedule/vector_fold.h"

namespace gyre::coll {

void build_allreduce_recursive_doubling(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  Vec mine = stage_in(s, a.in_place ? kRecvBuf : kSendBuf, a.count, *a.type, true);
  Vec w = output_view(s, kRecvBuf, a.count, *a.type, true);
  if (a.size == 1) {
    s.copy(w.base, mine.base, w.bytes(a.count));
  } else {
    Fold f = Fold::make(a.size, a.rank);
    uint16_t tmp = 0;
    Vec from = fold_in(s, a, f, mine, w, &tmp);
    if (f.vrank >= 0) {
      for (int mask = 1; mask < f.p; mask *= 2) {
        int partner = f.vrank ^ mask;
        bool untouched = from.base.buf != w.base.buf || from.base.offset != w.base.offset;  // the input, not w
        exchange_fold(s, a, f.real(partner), from, a.count, untouched, from, w, a.count, partner < f.vrank, &tmp);
        from = w;
      }
    }
    fold_out(s, a, f, w);
  }
  s.begin_round();
  stage_out(s, w, kRecvBuf, a.count, *a.type, true);
}

}  // namespace gyre::coll
