// Node-aware allreduce: binomial reduce to each node's leader, recursive
// doubling among the leaders, binomial bcast inside each node. Only the
// leaders' step crosses nodes (log2 nodes exchanges instead of log2 n).
// Combines out of rank order: commutative ops only.
#include "coll/builders.h"
#include "coll/hier/hier.h"

namespace gyre::coll {

void build_allreduce_hier(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  Vec acc = init_accumulator(s, a, true);
  size_t bytes = acc.bytes(a.count);
  hier::Members node = hier::node_members(a, hier::my_head(a, -1));
  hier::reduce(s, node, acc, a.count, bytes);
  hier::allreduce(s, hier::heads(a, -1), acc, a.count, bytes);
  hier::bcast(s, node, acc.base, bytes);
  finish_accumulator(s, a, acc);
}

}  // namespace gyre::coll
