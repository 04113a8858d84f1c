#include "runtime/context_id.h"

#include <bit>

namespace gyre {

ContextIdPool::ContextIdPool() {
  free_.fill(~uint64_t{0});
  reserve(0);  // MPI_COMM_WORLD
  reserve(2);  // MPI_COMM_SELF
}

ContextIdPool::Mask ContextIdPool::offer() {
  Mask m{};
  bool withheld = false;
  for (int w = 0; w < kWords; ++w) {
    m[w] = free_[w] & ~offered_[w];
    withheld = withheld || (free_[w] & offered_[w]) != 0;
    offered_[w] |= m[w];
  }
  m[kWords] = withheld ? 0 : 1;
  return m;
}

int64_t ContextIdPool::settle(const Mask& offered, const Mask& agreed, bool* retry) {
  for (int w = 0; w < kWords; ++w) offered_[w] &= ~offered[w];
  *retry = false;
  for (int w = 0; w < kWords; ++w) {
    if (agreed[w] == 0) continue;
    int bit = std::countr_zero(agreed[w]);
    int pair = w * 64 + bit;
    free_[w] &= ~(uint64_t{1} << bit);
    return int64_t{2} * pair;
  }
  *retry = agreed[kWords] == 0;  // someone held bits back for another agreement
  return -1;
}

void ContextIdPool::release(uint32_t context_id) {
  uint32_t pair = context_id / 2;
  if (pair >= kPairs) return;
  free_[pair / 64] |= uint64_t{1} << (pair % 64);
}

void ContextIdPool::reserve(uint32_t context_id) {
  uint32_t pair = context_id / 2;
  if (pair >= kPairs) return;
  free_[pair / 64] &= ~(uint64_t{1} << (pair % 64));
}

int ContextIdPool::free_pairs() const {
  int n = 0;
  for (uint64_t w : free_) n += std::popcount(w);
  return n;
}

bool ContextIdPool::is_free(uint32_t context_id) const {
  uint32_t pair = context_id / 2;
  return pair < kPairs && (free_[pair / 64] >> (pair % 64)) & 1;
}

}  // namespace gyre
