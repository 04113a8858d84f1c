// Recursive-doubling scan and exscan: in round k each rank swaps its partial
// (the total of a range of 2^k ranks) with the partner at distance 2^k; a
// partial from a lower partner is folded into the result on the left, so the
// order MPI defines is kept for any op. ceil(log2 n) rounds.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"

namespace gyre::coll {

void build_scan_recursive_doubling(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  bool ex = a.op == CollOp::exscan;
  Vec partial = init_accumulator(s, a, false);
  size_t bytes = partial.bytes(a.count);
  // scan: result starts as my own value; exscan: empty until a lower partner.
  Vec result = output_view(s, kRecvBuf, a.count, *a.type, true);
  if (!ex) s.copy(result.base, partial.base, bytes);
  bool have_result = !ex;
  BufRef tmp{s.temp(bytes), 0};
  for (int mask = 1; mask < a.size; mask *= 2) {
    int partner = a.rank ^ mask;
    if (partner >= a.size) continue;
    s.begin_round();
    s.send(partner, partial.base, bytes);
    s.recv(partner, tmp, bytes);
    if (partner < a.rank) {
      if (have_result)
        s.reduce(tmp, result.base, a.count);
      else
        s.copy(result.base, tmp, bytes);
      have_result = true;
      s.reduce(tmp, partial.base, a.count);
    } else {
      reduce_ordered(s, a, tmp, partial.base, a.count, bytes, false);
    }
  }
  if (have_result) stage_out(s, result, kRecvBuf, a.count, *a.type, true);
}

}  // namespace gyre::coll
