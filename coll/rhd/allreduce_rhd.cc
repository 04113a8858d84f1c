// Recursive halving-doubling allreduce (Rabenseifner): a reduce-scatter by
// recursive halving (log2 p rounds, the exchanged half shrinks each round)
// then an allgather by recursive doubling (log2 p rounds). 2 log2 p rounds,
// about 2(p-1)/p of the vector sent per rank; non-powers of two fold first.
// Needs a commutative op: halves are combined in exchange order.
//
// The input is never copied up front: the first halving sends straight from
// it and folds the partner's half into the result buffer as it lands
// (vector_fold.h); later halvings send a half of the result that this rank
// never writes again, so every halving offer goes out in the background.
#include <vector>

#include "coll/builders.h"
#include "coll/rhd/fold.h"
#include "coll/schedule/vector_fold.h"

namespace gyre::coll {

namespace {

// Halving, then doubling, among the p virtual ranks; `from` holds this
// rank's (folded-in) contribution, w receives the result.
void halve_then_double(Schedule& s, const CollArgs& a, const Fold& f, Vec from, const Vec& w, uint16_t* tmp) {
  // My segment [lo, hi) halves each round; remember the halves so doubling
  // can retrace them in reverse.
  std::vector<Range> kept, given;
  Range seg{0, a.count};
  for (int mask = f.p / 2; mask > 0; mask /= 2) {
    int partner = f.vrank ^ mask;
    size_t mid = seg.lo + seg.n() / 2;
    Range lower{seg.lo, mid}, upper{mid, seg.hi};
    Range keep = f.vrank < partner ? lower : upper, give = f.vrank < partner ? upper : lower;
    exchange_fold(s, a, f.real(partner), Vec{from.at(give.lo), from.stride}, give.n(), true,
                  Vec{from.at(keep.lo), from.stride}, Vec{w.at(keep.lo), w.stride}, keep.n(), false, tmp);
    from = w;
    kept.push_back(keep);
    given.push_back(give);
    seg = keep;
  }
  for (size_t i = kept.size(); i-- > 0;) {  // doubling: swap back what was given
    int partner = f.real(f.vrank ^ (f.p >> (i + 1)));
    s.begin_round();
    if (kept[i].n() > 0) s.send(partner, w.at(kept[i].lo), w.bytes(kept[i].n()));
    if (given[i].n() > 0) s.recv(partner, w.at(given[i].lo), w.bytes(given[i].n()));
  }
}

}  // namespace

void build_allreduce_rhd(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  Vec mine = stage_in(s, a.in_place ? kRecvBuf : kSendBuf, a.count, *a.type, true);
  Vec w = output_view(s, kRecvBuf, a.count, *a.type, true);
  if (a.size == 1) {
    s.copy(w.base, mine.base, w.bytes(a.count));
  } else {
    Fold f = Fold::make(a.size, a.rank);
    uint16_t tmp = 0;
    Vec from = fold_in(s, a, f, mine, w, &tmp);
    if (f.vrank >= 0) halve_then_double(s, a, f, from, w, &tmp);
    fold_out(s, a, f, w);
  }
  s.begin_round();
  stage_out(s, w, kRecvBuf, a.count, *a.type, true);
}

}  // namespace gyre::coll
