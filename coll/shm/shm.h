// The shm component: small collectives of a communicator whose members
// share one node, run directly in a shared segment (shm_comm.h) instead of
// as point-to-point schedules. No matching, no message headers: a rank
// writes its data into its slot and raises a flag; the others read it
// there. Flat algorithms (every rank reads the slots it needs), meant for
// messages up to a slot (kSlotBytes) and a node's worth of ranks.
//
// They run blocking calls only (the Module's direct path); nonblocking and
// persistent calls take the decision table's schedule choice.
//
// Reductions combine in rank order on every rank, so the results are the
// same on every rank and non-commutative ops are right; they need a
// contiguous datatype (the slot holds the packed vector and the op runs on
// it). Other operations take any datatype through pack/unpack.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "coll/args.h"
#include "coll/decision_table.h"
#include "coll/schedule/engine.h"
#include "coll/shm/shm_comm.h"
#include "runtime/error.h"

namespace gyre::coll::shm {

class ShmComm;

// What one rank writes to its slot for a message of `bytes` (as
// message_bytes() counts it) on np ranks: a block for every rank for
// scatter and alltoall, the message otherwise, nothing for a barrier.
// Inline: every shm call sizes its slot with it.
inline size_t slot_bytes(CollOp op, size_t bytes, int np) {
  switch (op) {
    case CollOp::barrier: return 0;
    case CollOp::scatter: case CollOp::alltoall:  // bytes <= kSlotBytes keeps the product from overflowing
      return bytes <= kSlotBytes ? bytes * static_cast<size_t>(np > 0 ? np : 1) : SIZE_MAX;
    default: return bytes;
  }
}
inline size_t slot_bytes(const CollArgs& a) { return slot_bytes(a.op, message_bytes(a), a.size); }
// Whether that fits a slot (false for operations shm lacks); `huge`: the
// segment has huge slots (an oversubscribed node, ShmComm::create).
bool fits(CollOp op, size_t bytes, int np, bool huge);
// Why shm cannot run these arguments ("" when it can).
std::string_view unsupported_reason(const CollArgs& a);

// Why the large-message algorithms (any size: the *_stream ones) cannot run
// these arguments ("" when they can).
std::string_view large_unsupported_reason(const CollArgs& a);

Error barrier(ShmComm& c, const CollArgs& a, const RunBuffers& b);
Error bcast(ShmComm& c, const CollArgs& a, const RunBuffers& b);
Error reduce(ShmComm& c, const CollArgs& a, const RunBuffers& b);
Error allreduce(ShmComm& c, const CollArgs& a, const RunBuffers& b);
Error gather(ShmComm& c, const CollArgs& a, const RunBuffers& b);
Error scatter(ShmComm& c, const CollArgs& a, const RunBuffers& b);
Error allgather(ShmComm& c, const CollArgs& a, const RunBuffers& b);
Error alltoall(ShmComm& c, const CollArgs& a, const RunBuffers& b);
Error reduce_scatter(ShmComm& c, const CollArgs& a, const RunBuffers& b);  // both forms
Error bcast_stream(ShmComm& c, const CollArgs& a, const RunBuffers& b);
Error reduce_stream(ShmComm& c, const CollArgs& a, const RunBuffers& b);
Error allreduce_stream(ShmComm& c, const CollArgs& a, const RunBuffers& b);

}  // namespace gyre::coll::shm
