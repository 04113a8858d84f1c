// Node-aware reduce: binomial reduce inside each node to its head (the root
// on the root's node, the leader elsewhere), then binomial reduce among the
// heads to the root. Commutative ops only.
#include "coll/builders.h"
#include "coll/hier/hier.h"

namespace gyre::coll {

void build_reduce_hier(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  bool is_root = a.rank == a.root;
  Vec acc = init_accumulator(s, a, is_root);
  size_t bytes = acc.bytes(a.count);
  hier::reduce(s, hier::node_members(a, hier::my_head(a, a.root)), acc, a.count, bytes);
  hier::reduce(s, hier::heads(a, a.root), acc, a.count, bytes);
  if (is_root) finish_accumulator(s, a, acc);
}

}  // namespace gyre::coll
