// The alltoall family (alltoall, alltoallv, alltoallw) seen uniformly: what
// this rank sends to and receives from each peer, as typed steps on the
// user's buffers. MPI_IN_PLACE first packs the outgoing blocks into a
// temporary, because the receive buffer is overwritten as blocks arrive.
#pragma once
#include "coll/args.h"
#include "coll/schedule/schedule.h"

namespace gyre::coll {

struct Block {
  BufRef ref;
  size_t count = 0;
  const Datatype* type = nullptr;  // nullptr: raw bytes (the in-place staging)
  size_t bytes() const;
};

class ExchangeLayout {
 public:
  // Adds the in-place staging steps (and ends the round) when needed.
  static ExchangeLayout make(Schedule& s, const CollArgs& a);
  Block send_block(int peer) const;
  Block recv_block(int peer) const;

  // Add the send / receive / local copy of one peer's block to the round.
  void send(Schedule& s, int peer, bool background = false) const;
  void recv(Schedule& s, int peer) const;
  void copy_self(Schedule& s, int rank) const;

 private:
  Block user_block(const CollArgs& a, bool send_side, int peer) const;

  const CollArgs* a_ = nullptr;
  uint16_t staged_ = 0;  // temp holding the outgoing blocks (in place), 0 = none
  std::vector<size_t> staged_off_;
};

}  // namespace gyre::coll
