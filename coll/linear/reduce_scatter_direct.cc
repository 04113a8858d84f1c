// Direct reduce_scatter (and _block): every rank offers block p of its
// vector to rank p, all at once, and folds the n contributions to its own
// block in rank order (any op). Each rank reads (n-1)/n of a vector, as in
// the ring, but straight from the other ranks' untouched input and in one
// step, where the ring forwards partial sums a core has just produced.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"
#include "coll/schedule/vector_fold.h"

namespace gyre::coll {

void build_reduce_scatter_direct(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;  // a.count = the whole vector
  const Datatype& t = *a.type;
  Vec in = stage_in(s, a.in_place ? kRecvBuf : kSendBuf, a.count, t, true);
  if (in.base.buf == kRecvBuf) {  // in place: the result overwrites the input peers read
    Vec copy = temp_vec(s, a.count, t, true);
    s.copy(copy.base, in.base, in.bytes(a.count));
    s.begin_round();
    in = copy;
  }
  for (int p = 0; p < a.size; ++p) {
    Range b = rs_block(a, p);
    if (p != a.rank && b.n() > 0) send_vector(s, p, {in.at(b.lo), in.stride}, b.n(), true);
  }
  Range mine = rs_block(a, a.rank);
  if (mine.n() == 0) return;
  Vec out = output_view(s, kRecvBuf, mine.n(), t, true);
  Vec own{in.at(mine.lo), in.stride};
  if (a.size == 1)
    s.copy(out.base, own.base, own.bytes(mine.n()));
  else
    recv_fold_all(s, a, own, out, mine.n());
  s.begin_round();
  stage_out(s, out, kRecvBuf, mine.n(), t, true);
}

}  // namespace gyre::coll
