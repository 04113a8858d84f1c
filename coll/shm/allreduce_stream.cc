#include "coll/shm/shm.h"
#include "coll/shm/shm_comm.h"

namespace gyre::coll::shm {

// Large vectors on one node: reduce_stream to rank 0, then bcast_stream
// from it. Both stream through the chunk rings, so no rank waits for any
// rank but the one whose chunk it needs, and the result is the rank-order
// fold on every rank (non-commutative ops are right).
Error allreduce_stream(ShmComm& c, const CollArgs& a, const RunBuffers& b) {
  CollArgs r = a;
  r.op = CollOp::reduce;
  r.root = 0;
  r.in_place = a.in_place && a.rank == 0;  // the others' input then lies in their receive buffers
  RunBuffers rb = b;
  if (a.in_place && a.rank != 0) rb.sendbuf = b.recvbuf;
  GYRE_TRY(reduce_stream(c, r, rb));
  CollArgs bc = a;
  bc.op = CollOp::bcast;
  bc.root = 0;
  bc.in_place = false;
  return bcast_stream(c, bc, {nullptr, b.recvbuf, nullptr, nullptr});
}

}  // namespace gyre::coll::shm
