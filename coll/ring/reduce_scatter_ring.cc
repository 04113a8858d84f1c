// Ring reduce_scatter (and _block): n-1 rounds; in round k each rank adds
// the block its left neighbour passes and forwards it, shifted so that rank
// r ends holding block r. Each rank sends (n-1)/n of the vector. Needs a
// commutative op.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"

namespace gyre::coll {

void build_reduce_scatter_ring(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  int n = a.size, r = a.rank;
  Vec w = init_accumulator(s, a, false);  // a.count = the whole vector
  if (n > 1) {
    size_t biggest = 0;
    for (int p = 0; p < n; ++p) biggest = std::max(biggest, rs_count(a, p));
    BufRef tmp{s.temp(w.bytes(biggest)), 0};
    int right = mod(r + 1, n), left = mod(r - 1, n);
    for (int k = 0; k < n - 1; ++k) {
      Range out = rs_block(a, mod(r - k - 1, n)), in = rs_block(a, mod(r - k - 2, n));
      s.begin_round();
      if (out.n() > 0) s.send(right, w.at(out.lo), w.bytes(out.n()));
      if (in.n() > 0) s.recv(left, tmp, w.bytes(in.n()));
      s.reduce(tmp, w.at(in.lo), in.n());
    }
  }
  Range mine = rs_block(a, r);
  copy_out_range(s, a, w, mine.lo, mine.n());
}

}  // namespace gyre::coll
