// Recursive halving-doubling allreduce (Rabenseifner): a reduce-scatter by
// recursive halving (log2 p rounds, the exchanged half shrinks each round)
// then an allgather by recursive doubling (log2 p rounds). 2 log2 p rounds,
// about 2(p-1)/p of the vector sent per rank; non-powers of two fold first.
// Needs a commutative op: halves are combined in exchange order.
#include <vector>

#include "coll/builders.h"
#include "coll/rhd/fold.h"

namespace gyre::coll {

void build_allreduce_rhd(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  Vec w = init_accumulator(s, a, true);
  if (a.size > 1) {
    Fold f = Fold::make(a.size, a.rank);
    BufRef tmp{s.temp(w.bytes(a.count)), 0};
    fold_in(s, a, f, w, tmp);
    if (f.vrank >= 0) {
      // Halving: my segment [lo, hi) halves each round; remember the halves
      // so doubling can retrace them in reverse.
      std::vector<Range> kept, given;
      Range seg{0, a.count};
      for (int mask = f.p / 2; mask > 0; mask /= 2) {
        int partner = f.vrank ^ mask;
        size_t mid = seg.lo + seg.n() / 2;
        Range lower{seg.lo, mid}, upper{mid, seg.hi};
        Range keep = f.vrank < partner ? lower : upper, give = f.vrank < partner ? upper : lower;
        s.begin_round();
        if (give.n() > 0) s.send(f.real(partner), w.at(give.lo), w.bytes(give.n()));
        if (keep.n() > 0) s.recv(f.real(partner), tmp, w.bytes(keep.n()));
        s.reduce(tmp, w.at(keep.lo), keep.n());
        kept.push_back(keep);
        given.push_back(give);
        seg = keep;
      }
      for (size_t i = kept.size(); i-- > 0;) {  // doubling: swap back what was given
        int partner = f.vrank ^ (f.p >> (i + 1));
        s.begin_round();
        if (kept[i].n() > 0) s.send(f.real(partner), w.at(kept[i].lo), w.bytes(kept[i].n()));
        if (given[i].n() > 0) s.recv(f.real(partner), w.at(given[i].lo), w.bytes(given[i].n()));
      }
    }
    fold_out(s, a, f, w);
  }
  finish_accumulator(s, a, w);
}

}  // namespace gyre::coll
