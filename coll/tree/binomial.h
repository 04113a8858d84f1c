// Binomial tree over virtual ranks v = (rank - root) mod n: the parent of v
// is v with its lowest set bit cleared; its children are v + 2^k for every
// 2^k below that bit. Children are listed largest subtree first, the order
// in which a broadcast should feed them.
#pragma once
#include <vector>

#include "coll/schedule/builder_util.h"

namespace gyre::coll {

struct BinomialNode {
  int vrank = 0;
  int parent = -1;            // real rank, -1 at the root
  std::vector<int> children;  // real ranks, largest subtree first
  std::vector<int> child_v;   // their virtual ranks
  int subtree = 1;            // virtual ranks [vrank, vrank + subtree) below and including me

  static BinomialNode make(int n, int rank, int root) {
    BinomialNode b;
    b.vrank = mod(rank - root, n);
    int mask = 1;
    while (mask < n) {
      if (b.vrank & mask) {
        b.parent = mod(b.vrank - mask + root, n);
        break;
      }
      mask <<= 1;
    }
    for (mask >>= 1; mask > 0; mask >>= 1) {
      if (b.vrank + mask < n) {
        b.children.push_back(mod(b.vrank + mask + root, n));
        b.child_v.push_back(b.vrank + mask);
      }
    }
    int lowbit = b.vrank == 0 ? 1 : (b.vrank & -b.vrank);
    b.subtree = b.vrank == 0 ? n : std::min(lowbit, n - b.vrank);
    return b;
  }
  // Subtree size of child i.
  int child_subtree(size_t i, int n) const {
    int v = child_v[i];
    return std::min(v & -v, n - v);
  }
};

}  // namespace gyre::coll
