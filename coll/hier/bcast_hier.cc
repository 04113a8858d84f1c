// Node-aware broadcast: binomial among one head per node (the root on its
// own node, the leader elsewhere), then binomial inside each node from its
// head. Each byte crosses between nodes once per node.
#include "coll/builders.h"
#include "coll/hier/hier.h"

namespace gyre::coll {

void build_bcast_hier(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  BufRef buf{kRecvBuf, 0};
  hier::bcast(s, hier::heads(a, a.root), buf, 0, a.count, a.type);
  hier::bcast(s, hier::node_members(a, hier::my_head(a, a.root)), buf, 0, a.count, a.type);
}

}  // namespace gyre::coll
