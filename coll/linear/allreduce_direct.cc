// Direct allreduce: every rank offers its whole vector to every other rank
// at once and folds all n vectors itself, in rank order (any op). Each rank
// reads (n-1) vectors, but only ever from the other ranks' untouched input
// (single copy on one node) and in one step: nothing reduced is forwarded.
// With few ranks on one node that beats ring and rhd, whose later rounds
// re-send data a core has just produced (2 MiB at np 2: 219 us vs 945 us
// for the ring, one run on the development VM).
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"
#include "coll/schedule/vector_fold.h"

namespace gyre::coll {

namespace {

// This rank's input as a vector that stays unchanged until the end: the
// send buffer, or for MPI_IN_PLACE a copy (the result overwrites the
// receive buffer while peers may still be reading the input).
Vec stable_input(Schedule& s, const CollArgs& a) {
  Vec in = stage_in(s, a.in_place ? kRecvBuf : kSendBuf, a.count, *a.type, true);
  if (in.base.buf != kRecvBuf) return in;
  Vec copy = temp_vec(s, a.count, *a.type, true);
  s.copy(copy.base, in.base, in.bytes(a.count));
  s.begin_round();
  return copy;
}

}  // namespace

void build_allreduce_direct(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  Vec mine = stable_input(s, a);
  Vec out = output_view(s, kRecvBuf, a.count, *a.type, true);
  if (a.size == 1) {
    s.copy(out.base, mine.base, mine.bytes(a.count));
  } else {
    for (int p = 0; p < a.size; ++p)
      if (p != a.rank) send_vector(s, p, mine, a.count, true);
    recv_fold_all(s, a, mine, out, a.count);
  }
  s.begin_round();
  stage_out(s, out, kRecvBuf, a.count, *a.type, true);
}

}  // namespace gyre::coll
