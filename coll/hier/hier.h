// The hier component: node-aware schedules from the communicator's node
// layout (CollArgs::nodes). Each algorithm is an intra-node step, a step
// among one rank per node (the node's "head": its leader, or the root on the
// root's node), and an intra-node step back. The pieces below run on a
// subset of the communicator's ranks given as a list whose first entry is
// the tree's root.
#pragma once
#include <vector>

#include "coll/args.h"
#include "coll/schedule/builder_util.h"

namespace gyre::coll::hier {

// A subset of comm ranks; ranks[0] is the root, me this rank's index (-1: not in it).
struct Members {
  std::vector<int> ranks;
  int me = -1;
  int size() const { return static_cast<int>(ranks.size()); }
  int rank(int i) const { return ranks[static_cast<size_t>(i)]; }
};

// This rank's node, rotated so that `head` comes first.
Members node_members(const CollArgs& a, int head);
// One head per node (root's node: the root; others: the lowest rank), the
// root's node first.
Members heads(const CollArgs& a, int root);
// The head of this rank's node when the collective is rooted at root.
int my_head(const CollArgs& a, int root);

// Binomial broadcast of `bytes` raw bytes at buf (or count elements of type
// when type != nullptr) from m.ranks[0]; a round per hop.
void bcast(Schedule& s, const Members& m, BufRef buf, size_t bytes, size_t count = 0, const Datatype* type = nullptr);
// Whether this rank has children in the binomial tree over m.
bool has_children(const Members& m);
// Binomial reduction (commutative op) of count elements to m.ranks[0]: a
// rank folds its children's partial results with `mine` into `acc` as they
// land (vector_fold.h), then sends its partial result to its parent;
// returns where that is (`mine` for a leaf, else `acc`). count == 0 gives a
// zero-byte gather (a barrier's arrival).
Vec reduce(Schedule& s, const CollArgs& a, const Members& m, const Vec& mine, const Vec& acc, size_t count);
// Recursive-doubling allreduce (commutative op) among m of `mine` into
// `out`, folding the ranks above the largest power of two; returns where
// the result is (`out`, or `mine` for a lone member or a rank not in m).
// count == 0 gives a zero-byte barrier.
Vec allreduce(Schedule& s, const CollArgs& a, const Members& m, const Vec& mine, const Vec& out, size_t count);

}  // namespace gyre::coll::hier
