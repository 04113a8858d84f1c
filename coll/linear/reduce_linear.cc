// Linear reduce: the root receives every rank's vector and combines them in
// rank order (v0 op v1 op ... op vn-1), so any op, commutative or not, gets
// the order MPI defines. The reference; allreduce_linear adds a linear bcast.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"

namespace gyre::coll {

namespace {

// Reduce into `acc` at rank `target` (rank order); returns nothing, adds steps.
void reduce_to(const CollArgs& a, Schedule& s, const Vec& acc, int target) {
  size_t bytes = acc.bytes(a.count);
  if (a.rank != target) {
    s.send(target, acc.base, bytes);
    return;
  }
  // One temporary per other rank: all arrive in one round.
  std::vector<BufRef> from(static_cast<size_t>(a.size));
  for (int p = 0; p < a.size; ++p)
    if (p != target) {
      from[static_cast<size_t>(p)] = {s.temp(bytes), 0};
      s.recv(p, from[static_cast<size_t>(p)], bytes);
    }
  // acc holds v_target. Fold lower ranks in from the left, higher from the right.
  for (int p = target - 1; p >= 0; --p) s.reduce(from[static_cast<size_t>(p)], acc.base, a.count);
  for (int p = target + 1; p < a.size; ++p)
    reduce_ordered(s, a, from[static_cast<size_t>(p)], acc.base, a.count, bytes, false);
}

}  // namespace

void build_reduce_linear(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  bool is_root = a.rank == a.root;
  Vec acc = init_accumulator(s, a, is_root);
  reduce_to(a, s, acc, a.root);
  if (is_root) finish_accumulator(s, a, acc);
}

void build_allreduce_linear(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  Vec acc = init_accumulator(s, a, true);
  reduce_to(a, s, acc, 0);
  s.begin_round();
  size_t bytes = acc.bytes(a.count);
  for (int p = 1; p < a.size; ++p)
    if (a.rank == 0) s.send(p, acc.base, bytes);
  if (a.rank != 0) s.recv(0, acc.base, bytes);
  finish_accumulator(s, a, acc);
}

}  // namespace gyre::coll
