// Linear alltoall (all three forms): every send and receive posted in one
// round. The reference algorithm, and fast for small n where the network
// absorbs n concurrent messages. Two ranks order their steps as
// pair_exchange says.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"
#include "coll/schedule/exchange_layout.h"

namespace gyre::coll {

void build_alltoall_linear(const CollArgs& a, Schedule& s) {
  ExchangeLayout x = ExchangeLayout::make(s, a);
  if (a.size == 2 && x.recv_block(a.rank).bytes() >= kPairExchangeMin) {
    int peer = 1 - a.rank;
    pair_exchange(
        s, a.rank, [&] { x.send(s, peer, true); }, [&] { x.recv(s, peer); }, [&] { x.copy_self(s, a.rank); });
    return;
  }
  for (int p = 0; p < a.size; ++p) {
    if (p == a.rank) continue;
    x.recv(s, p);
    x.send(s, p);
  }
  x.copy_self(s, a.rank);
}

}  // namespace gyre::coll
