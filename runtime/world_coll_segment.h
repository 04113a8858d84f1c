// MPI_COMM_WORLD's collective segment (coll/shm), made during MPI_Init.
//
// Any other communicator makes its segment at its first shm collective:
// rank 0 creates it, a point-to-point bcast carries the name, everyone maps
// it and an allgather agrees on the outcome (ShmComm::create). For the
// world that bootstrap landed in the first MPI_Barrier, after MPI_Init had
// left the ranks skewed (the PMIx exchange releases them one by one; with
// ranks sharing cores a message may wait for a descheduled rank), and cost
// it more than the barrier itself. Here world rank 0 creates the segment
// before the exchange, which every rank waits in anyway, under a name every
// rank derives from the nspace (btl::sm::world_coll_segment_name), and
// every other rank maps it then if it is there already, else after: the
// first collective needs no bootstrap messages, and MPI_Init no modex
// look-up.
//
// Agreement without a message: after the exchange (or btl/sm's meeting of
// the ranks, which rank 0 joins only once it has made this segment) the
// name exists for every rank or for none. Rank 0 could not make it (a full /dev/shm): it
// makes sure the name is gone (a crashed job's leftover too) and the world
// makes its segment at first use like any communicator (warning and
// point-to-point fallback included). A rank that cannot map a segment rank
// 0 made fails MPI_Init with the reason (the others would use it: a rank
// running point-to-point collectives against them would hang the job). The
// last rank to map it removes the name; a rank that dies before that leaves
// it to mpirun's clean-up of the job's segments
// (btl::sm::remove_leftover_segments knows the name).
#pragma once
#include "btl/sm/segment.h"
#include "runtime/error.h"

namespace gyre {

struct ProcessIdentity;

class WorldCollSegment {
 public:
  // Whether this job's world gets one: more than one rank, all on this node.
  // huge_slots: the node is oversubscribed (Runtime::node_oversubscribed(),
  // which the world's coll module lays its segment out by too).
  WorldCollSegment(const ProcessIdentity& id, bool huge_slots);

  // Before the exchange: rank 0 creates the segment; the others map it if
  // rank 0 already has.
  Error publish();
  // After the exchange: every other rank maps rank 0's segment (keeps the
  // mapping publish() made if the name still leads to it).
  Error attach();
  // The mapped segment for MPI_COMM_WORLD's coll module (unmapped when
  // there is none: the world makes its own at first use).
  btl::sm::SharedSegment take() { return std::move(segment_); }

 private:
  // Each rank that mapped it counts itself; the last removes the name.
  void count_attached();

  const ProcessIdentity& id_;
  bool wanted_;
  size_t bytes_ = 0;  // ShmComm's layout, then one line: the attached count
  btl::sm::SharedSegment segment_;
};

}  // namespace gyre
