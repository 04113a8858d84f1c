// Bruck alltoall: ceil(log2 n) rounds instead of n-1, at the price of
// sending each block up to log2 n times and packing between rounds. For
// small blocks, where the per-message latency dominates.
//   1. rotate: work[j] = my block for rank (rank + j) mod n
//   2. round k = 1, 2, 4, ...: send the blocks j with bit k set to rank + k,
//      receive the same slots from rank - k
//   3. work[j] now came from rank (rank - j): unrotate into the receive buffer.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"
#include "coll/schedule/exchange_layout.h"

namespace gyre::coll {

void build_alltoall_bruck(const CollArgs& a, Schedule& s) {
  int n = a.size, r = a.rank;
  ExchangeLayout x = ExchangeLayout::make(s, a);
  size_t blk = x.recv_block(0).bytes();
  if (blk == 0) return;
  uint16_t work = s.temp(blk * static_cast<size_t>(n));
  auto slot = [&](int j) { return BufRef{work, static_cast<std::ptrdiff_t>(blk * static_cast<size_t>(j))}; };
  for (int j = 0; j < n; ++j) {
    Block b = x.send_block(mod(r + j, n));
    s.copy_typed(slot(j), 0, nullptr, b.ref, b.count, b.type);
  }
  int max_moved = (n + 1) / 2;  // at most half the blocks have a given bit set
  uint16_t out = s.temp(blk * static_cast<size_t>(max_moved)), in = s.temp(blk * static_cast<size_t>(max_moved));
  for (int k = 1; k < n; k *= 2) {
    s.begin_round();  // pack: local steps of a round run after its transfers, so pack first
    size_t moved = 0;
    for (int j = 1; j < n; ++j)
      if (j & k) s.copy({out, static_cast<std::ptrdiff_t>(blk * moved++)}, slot(j), blk);
    s.begin_round();
    s.send(mod(r + k, n), {out, 0}, blk * moved);
    s.recv(mod(r - k, n), {in, 0}, blk * moved);
    moved = 0;
    for (int j = 1; j < n; ++j)
      if (j & k) s.copy(slot(j), {in, static_cast<std::ptrdiff_t>(blk * moved++)}, blk);
  }
  for (int j = 0; j < n; ++j) {
    Block b = x.recv_block(mod(r - j, n));
    s.copy_typed(b.ref, b.count, b.type, slot(j), blk, nullptr);
  }
}

}  // namespace gyre::coll
