// Node-aware barrier: zero-byte binomial gather to each node's leader, a
// barrier (recursive doubling) among the leaders, zero-byte binomial
// release inside each node.
#include "coll/builders.h"
#include "coll/hier/hier.h"

namespace gyre::coll {

void build_barrier_hier(const CollArgs& a, Schedule& s) {
  if (a.size == 1) return;
  Vec none{{kRecvBuf, 0}, 0};
  hier::Members node = hier::node_members(a, hier::my_head(a, -1));
  hier::reduce(s, a, node, none, none, 0);
  hier::allreduce(s, a, hier::heads(a, -1), none, none, 0);
  hier::bcast(s, node, none.base, 0);
}

}  // namespace gyre::coll
