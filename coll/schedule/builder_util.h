// Small helpers every schedule builder shares: element vectors over buffer
// slots, staging of non-contiguous user buffers, chunking, rank arithmetic,
// and the order-preserving reduce.
#pragma once
#include <cstddef>

#include "coll/args.h"
#include "coll/schedule/schedule.h"
#include "runtime/datatype.h"

namespace gyre::coll {

// count elements laid out every `stride` bytes from `base`.
struct Vec {
  BufRef base;
  size_t stride = 0;
  BufRef at(size_t i) const { return base.at(static_cast<std::ptrdiff_t>(i * stride)); }
  size_t bytes(size_t n) const { return n * stride; }
};

// Element stride of the working copy of `type`: contiguous types are used in
// place; other types are packed, except for reductions, which keep the
// element extent (user functions and MAXLOC pairs expect the real layout).
size_t work_stride(const Datatype& type, bool reduction);

// The user's buffer in slot as a vector of count elements; stages a packed
// (or, for reductions, extent-laid) temporary when the type is not contiguous.
Vec stage_in(Schedule& s, uint16_t slot, size_t count, const Datatype& type, bool reduction);
// Where results for slot are assembled: the buffer itself or a temporary
// that stage_out() later copies back.
Vec output_view(Schedule& s, uint16_t slot, size_t count, const Datatype& type, bool reduction);
void stage_out(Schedule& s, const Vec& v, uint16_t slot, size_t count, const Datatype& type, bool reduction);
// A temporary vector of count elements with the working stride.
Vec temp_vec(Schedule& s, size_t count, const Datatype& type, bool reduction);

// The accumulator of a reduction, holding this rank's own contribution:
// the receive buffer itself when `in_recvbuf` and the type allows it, else a
// temporary. Ends the current round so that later sends see the data.
Vec init_accumulator(Schedule& s, const CollArgs& a, bool in_recvbuf);
// Copy the accumulator to the receive buffer when it is a temporary.
void finish_accumulator(Schedule& s, const CollArgs& a, const Vec& acc);

// W = peer (op) W when the peer's data comes from lower ranks, else
// W = W (op) peer; `tmp` holds the peer's data (and may be overwritten).
void reduce_ordered(Schedule& s, const CollArgs& a, BufRef tmp, BufRef w, size_t count, size_t bytes,
                    bool peer_is_lower);

// Elements [lo, hi) of part i when count elements are cut into parts pieces.
struct Range {
  size_t lo, hi;
  size_t n() const { return hi - lo; }
};
inline Range chunk(size_t count, int parts, int i) {
  size_t p = static_cast<size_t>(parts), k = static_cast<size_t>(i);
  size_t base = count / p, extra = count % p;
  size_t lo = k * base + (k < extra ? k : extra);
  return {lo, lo + base + (k < extra ? 1 : 0)};
}

// Two ranks swapping blocks (allgather, alltoall at np 2), each also
// copying its own block into place. Rank 0 copies first while rank 1 reads
// rank 0's block; then rank 0 reads rank 1's block while rank 1 copies it:
// both read the same source at the same time, so it comes from memory once.
// add_send must add a background send: the copy then waits only for the
// block received, not for the peer to finish reading. Worth it from
// kPairExchangeMin up (below, the blocks stay in the cache and the order
// does not matter). gyre np 2 on the 2-core VM, min of 20 calls, three
// interleaved runs, us: allgather 8 MiB 2646/2570/2164 -> 2521/2280/1779,
// 16 MiB 12788/11886/5705 -> 12611/8985/4370 (the slow vCPU placement),
// alltoall 16 MiB 5546/12741/4392 -> 5396/4497/4340.
constexpr size_t kPairExchangeMin = size_t{4} << 20;
template <class AddSend, class AddRecv, class AddCopy>
void pair_exchange(Schedule& s, int rank, AddSend add_send, AddRecv add_recv, AddCopy add_copy) {
  add_send();
  if (rank == 0) {
    add_copy();
    s.begin_round();
    add_recv();
  } else {
    add_recv();
    add_copy();
  }
}

inline int mod(int a, int n) { return ((a % n) + n) % n; }
inline int floor_pof2(int n) {
  int p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}
inline bool is_pof2(int n) { return n > 0 && (n & (n - 1)) == 0; }

}  // namespace gyre::coll

namespace gyre::coll {
// Copy elements [lo, lo+n) of the accumulator to the start of the receive
// buffer (reduce_scatter's result block).
void copy_out_range(Schedule& s, const CollArgs& a, const Vec& acc, size_t lo, size_t n);
}  // namespace gyre::coll

namespace gyre::coll {
// reduce_scatter(_block): rank p's block of the vector.
inline size_t rs_count(const CollArgs& a, int p) {
  return a.op == CollOp::reduce_scatter_block ? a.rcount : static_cast<size_t>(a.rcounts[static_cast<size_t>(p)]);
}
inline Range rs_block(const CollArgs& a, int p) {
  size_t lo = 0;
  for (int q = 0; q < p; ++q) lo += rs_count(a, q);
  return {lo, lo + rs_count(a, p)};
}
}  // namespace gyre::coll
