// Linear reduce_scatter (and _block): every rank sends its whole vector to
// rank 0, which combines them in rank order and sends each rank its block.
// The reference; correct for non-commutative ops.
#include <vector>

#include "coll/builders.h"
#include "coll/schedule/builder_util.h"

namespace gyre::coll {

void build_reduce_scatter_linear(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  Vec acc = init_accumulator(s, a, false);  // a.count = the whole vector
  size_t bytes = acc.bytes(a.count);
  auto block = [&](int p) { return rs_block(a, p); };
  if (a.rank != 0) {
    s.send(0, acc.base, bytes);
    s.begin_round();
    Range mine = block(a.rank);
    if (mine.n() > 0) s.recv(0, acc.at(mine.lo), acc.bytes(mine.n()));
    copy_out_range(s, a, acc, mine.lo, mine.n());
    return;
  }
  std::vector<BufRef> from(static_cast<size_t>(a.size));
  for (int p = 1; p < a.size; ++p) {
    from[static_cast<size_t>(p)] = {s.temp(bytes), 0};
    s.recv(p, from[static_cast<size_t>(p)], bytes);
  }
  for (int p = 1; p < a.size; ++p)
    reduce_ordered(s, a, from[static_cast<size_t>(p)], acc.base, a.count, bytes, false);
  s.begin_round();
  for (int p = 1; p < a.size; ++p) {
    Range b = block(p);
    if (b.n() > 0) s.send(p, acc.at(b.lo), acc.bytes(b.n()));
  }
  copy_out_range(s, a, acc, block(0).lo, block(0).n());
}

}  // namespace gyre::coll
