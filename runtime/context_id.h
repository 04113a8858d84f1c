// Context ids: every communicator owns a pair (context_id for point-to-point,
// context_id + 1 for collectives). A process keeps a bit mask of the pairs it
// has free; a new communicator's pair is the lowest pair free on *every*
// member, found by a bitwise-AND allreduce of the masks over the members
// (MPICH's scheme). Freed communicators return their pair to the mask, so
// any number of create/free cycles reuse a bounded id space.
//
// Agreements that overlap in time on one process (MPI_Comm_idup, or a
// blocking creation while an idup is in flight) must not be offered the same
// bits, else two of them could pick one pair. Each agreement is therefore
// offered only the free bits no other in-flight agreement holds; when the
// AND comes out empty because someone withheld bits, everybody retries.
#pragma once
#include <array>
#include <cstdint>

namespace gyre {

class ContextIdPool {
 public:
  static constexpr int kPairs = 4096;
  static constexpr int kWords = kPairs / 64;
  // The words of an agreement: kWords of mask, then one word that is 1 when
  // this process withheld no free bit (AND: 1 when nobody withheld).
  using Mask = std::array<uint64_t, kWords + 1>;

  ContextIdPool();
  // Take the bits for a new agreement (marks them offered).
  Mask offer();
  // The agreement ended with `agreed` (the AND of every member's offer).
  // Returns the chosen pair's context id (even) and takes it; or -1 with
  // *retry set when the agreement must run again, or not set when the id
  // space is exhausted on some member.
  int64_t settle(const Mask& offered, const Mask& agreed, bool* retry);
  // Return a communicator's pair.
  void release(uint32_t context_id);
  // Mark a pair used without agreement (MPI_COMM_WORLD 0, MPI_COMM_SELF 2).
  void reserve(uint32_t context_id);

  int free_pairs() const;
  bool is_free(uint32_t context_id) const;

 private:
  std::array<uint64_t, kWords> free_{};     // 1 = pair free here
  std::array<uint64_t, kWords> offered_{};  // 1 = offered to an agreement in flight
};

}  // namespace gyre
