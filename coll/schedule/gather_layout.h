// The receive side of the gather family as n packed blocks, one per rank:
// block i is where rank i's contribution lands. With a contiguous receive
// type the blocks are the user's buffer at its displacements; otherwise they
// sit back to back in a temporary that finish() unpacks. Used by
// allgather(v) and gather(v) builders (and scatter(v) on the send side).
#pragma once
#include <vector>

#include "coll/args.h"
#include "coll/schedule/schedule.h"

namespace gyre::coll {

class GatherLayout {
 public:
  // slot: where the blocks are in the user's view (kRecvBuf for gathers,
  // kSendBuf for scatter's root).
  static GatherLayout make(Schedule& s, const CollArgs& a, uint16_t slot = kRecvBuf);

  BufRef block(int i) const { return blocks_[static_cast<size_t>(i)]; }
  size_t bytes(int i) const { return bytes_[static_cast<size_t>(i)]; }
  // Blocks i..i+k-1 are adjacent (always true for the staged layout and
  // for non-v contiguous layouts).
  bool adjacent() const { return adjacent_; }

  // Put this rank's own contribution into its block (from the send buffer,
  // or from the receive buffer for MPI_IN_PLACE); ends the round.
  void stage_own_block(Schedule& s, const CollArgs& a) const;
  // Where this rank's own block can be sent from without staging it first:
  // the send buffer itself when it is contiguous and the blocks are the
  // user's buffer (a peer then reads the untouched input, not a fresh copy).
  bool own_block_in_input(const CollArgs& a, BufRef* src) const;
  // Pack the user's blocks into the staged layout (scatter root).
  void stage_all_in(Schedule& s, const CollArgs& a) const;
  // Unpack the staged layout into the user's buffer (no-op when direct).
  void finish(Schedule& s, const CollArgs& a) const;

 private:
  size_t user_count(int i, const CollArgs& a) const;
  std::ptrdiff_t user_offset(int i, const CollArgs& a) const;

  uint16_t slot_ = kRecvBuf;
  bool staged_ = false;
  bool adjacent_ = true;
  std::vector<BufRef> blocks_;
  std::vector<size_t> bytes_;
};

}  // namespace gyre::coll
