// The rank-order fold every shm reduction ends with: acc = v_0 op v_1 op
// ... op v_{n-1}, combined from the last vector down (inout = in op inout),
// so every rank that folds the same vectors gets the same bits, and
// non-commutative ops see their operands in rank order.
#pragma once
#include <cstddef>

#include "coll/shm/shm_copy.h"

namespace gyre::coll::shm {

// vec(r): rank r's packed vector (count elements of type, contiguous);
// acc: the user's receive buffer. vec(n - 1) may already be acc's data
// (then it is not copied onto itself).
template <class Vec>
void fold_in_rank_order(const Op& op, const Datatype& type, size_t count, int n, Vec vec, void* acc) {
  if (count == 0) return;
  const std::byte* last = vec(n - 1);
  if (last != static_cast<const std::byte*>(acc) + type.true_lb()) unpack(acc, count, type, last);
  for (int r = n - 2; r >= 0; --r) combine(op, type, vec(r), acc, count);
}

}  // namespace gyre::coll::shm
