// Ring reduce_scatter (and _block): n-1 rounds; in round k each rank adds
// the block its left neighbour passes and forwards it, shifted so that rank
// r ends holding block r. Each rank sends (n-1)/n of the vector. Needs a
// commutative op.
//
// The input is never copied up front: the first round sends straight from
// it, and a block's partial sum is received into the working vector and
// takes this rank's own elements there (w = mine op received).
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"

namespace gyre::coll {

void build_reduce_scatter_ring(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  int n = a.size, r = a.rank;
  Vec mine = stage_in(s, a.in_place ? kRecvBuf : kSendBuf, a.count, *a.type, true);  // a.count = the whole vector
  Vec w = mine;
  if (n > 1) {
    w = temp_vec(s, a.count, *a.type, true);
    int right = mod(r + 1, n), left = mod(r - 1, n);
    for (int k = 0; k < n - 1; ++k) {
      Range out = rs_block(a, mod(r - k - 1, n)), in = rs_block(a, mod(r - k - 2, n));
      s.begin_round();
      if (out.n() > 0) s.send(right, (k == 0 ? mine : w).at(out.lo), w.bytes(out.n()));
      if (in.n() > 0) {
        s.recv(left, w.at(in.lo), w.bytes(in.n()));
        s.reduce(mine.at(in.lo), w.at(in.lo), in.n());
      }
    }
    s.begin_round();
  }
  Range block = rs_block(a, r);
  copy_out_range(s, a, w, block.lo, block.n());
}

}  // namespace gyre::coll
