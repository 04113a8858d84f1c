// Pairwise exchange for alltoall, alltoallv and alltoallw: in round k each
// rank sends to rank+k and receives from rank-k, so every rank talks to one
// peer at a time (n-1 rounds). The choice for large blocks: no incast, no
// matching storms.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"
#include "coll/schedule/exchange_layout.h"

namespace gyre::coll {

void build_alltoall_pairwise(const CollArgs& a, Schedule& s) {
  ExchangeLayout x = ExchangeLayout::make(s, a);
  x.copy_self(s, a.rank);
  for (int k = 1; k < a.size; ++k) {
    s.begin_round();
    x.send(s, mod(a.rank + k, a.size));
    x.recv(s, mod(a.rank - k, a.size));
  }
}

}  // namespace gyre::coll
