// Recursive-halving reduce_scatter_block for a power-of-two n: in round k
// each rank keeps the half of its segment that holds its own block and
// sends the other half to the partner at distance n/2^(k+1). log2 n rounds,
// (n-1)/n of the vector sent. Needs a commutative op.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"

namespace gyre::coll {

void build_reduce_scatter_block_rhd(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  int n = a.size, r = a.rank;
  Vec w = init_accumulator(s, a, false);
  size_t blk = a.rcount;
  BufRef tmp{s.temp(w.bytes(a.count / 2 + 1)), 0};
  int lo = 0, hi = n;  // my segment, in blocks
  for (int mask = n / 2; mask > 0; mask /= 2) {
    int partner = r ^ mask, mid = (lo + hi) / 2;
    bool lower = r < partner;
    int keep_lo = lower ? lo : mid, keep_hi = lower ? mid : hi;
    int give_lo = lower ? mid : lo, give_hi = lower ? hi : mid;
    size_t keep_n = blk * static_cast<size_t>(keep_hi - keep_lo), give_n = blk * static_cast<size_t>(give_hi - give_lo);
    s.begin_round();
    s.send(partner, w.at(blk * static_cast<size_t>(give_lo)), w.bytes(give_n));
    s.recv(partner, tmp, w.bytes(keep_n));
    s.reduce(tmp, w.at(blk * static_cast<size_t>(keep_lo)), keep_n);
    lo = keep_lo;
    hi = keep_hi;
  }
  copy_out_range(s, a, w, blk * static_cast<size_t>(r), blk);
}

}  // namespace gyre::coll
