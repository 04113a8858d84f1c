// What the shm collectives can run: one node, messages that fit a slot,
// contiguous datatypes for reductions.
#include <cstdint>

#include "coll/decision_table.h"
#include "coll/shm/shm.h"
#include "coll/shm/shm_comm.h"
#include "runtime/datatype.h"

namespace gyre::coll::shm {

bool fits(CollOp op, size_t bytes, int np, bool huge) {
  switch (op) {
    case CollOp::barrier: case CollOp::bcast: case CollOp::reduce: case CollOp::allreduce:
    case CollOp::reduce_scatter: case CollOp::reduce_scatter_block: case CollOp::gather:
    case CollOp::allgather:
      return slot_bytes(op, bytes, np) <= (huge ? kSlotBytes : kBigBytes);
    case CollOp::scatter: case CollOp::alltoall:
      // A block for every rank, in the big slots only: the table's rows
      // count a block, so the huge slots would send 2-8 KiB blocks here at
      // every np, and alltoall gained nothing in them (np 4 on 2 cores).
      return slot_bytes(op, bytes, np) <= kBigBytes;
    default: return false;
  }
}

std::string_view unsupported_reason(const CollArgs& a) {
  if (a.nodes == nullptr) return "the communicator has no node layout";
  if (a.nodes->num_nodes != 1) return "the communicator spans several nodes";
  if (!fits(a.op, message_bytes(a), a.size, a.oversub))
    return "the message does not fit a shared-memory slot (8 KiB per rank; 32 KiB on an oversubscribed node, but "
           "not for scatter and alltoall)";
  if (is_reduction(a.op) && !a.type->contiguous()) return "the datatype is not contiguous";
  return {};
}

std::string_view large_unsupported_reason(const CollArgs& a) {
  if (a.nodes == nullptr) return "the communicator has no node layout";
  if (a.nodes->num_nodes != 1) return "the communicator spans several nodes";
  if (is_reduction(a.op) && !a.type->contiguous()) return "the datatype is not contiguous";
  // (Where the chunk ring cannot be made, a reduction folds slot-sized parts.)
  if (is_reduction(a.op) && a.type->size() > kBigBytes) return "an element is larger than a shared-memory slot";
  return {};
}

}  // namespace gyre::coll::shm
