// A doorbell in shared memory: how a sender wakes a receiver that went to
// sleep waiting for frames, without a lost wake-up and without a system call
// on the fast path.
//
// The receiver (the doorbell's owner) does
//     uint32_t seen = bell.arm();          // count itself as a sleeper, fence
//     if (!anything_ready()) bell.wait(seen, timeout_us);
//     bell.disarm();
// and a sender, after publishing a frame, does bell.ring_if_sleeping(). A
// receiver that frees room a sender was refused rings the sender's bell the
// same way (spsc_ring.h, RingConsumer::release), so a rank blocked on a full
// ring sleeps too.
//
// Why nothing is lost: both sides do "store, seq_cst fence, load" on crossed
// locations (receiver: sleepers then ring headers; sender: ring header then
// sleepers), so at least one of them sees the other's store: either the
// receiver's re-check finds the frame, or the sender sees a sleeper and
// bumps the bell. The receiver read `seen` before counting itself, so a bump
// that lands before futex_wait makes the kernel return at once (the word no
// longer equals `seen`). The futex is a shared one (not FUTEX_PRIVATE): the
// word lives in a segment mapped by several processes.
#pragma once
#include <cstdint>

namespace gyre::btl::sm {

// The shared words; a whole cache line of the segment header holds them.
struct DoorbellWords {
  uint32_t bell;      // futex word, bumped by senders
  uint32_t sleepers;  // receiver threads between arm() and disarm()
};

class Doorbell {
 public:
  Doorbell() = default;
  explicit Doorbell(DoorbellWords* words) : words_(words) {}

  // Receiver side.
  uint32_t arm();
  void wait(uint32_t seen, int timeout_us);
  void disarm();

  // Sender side, after the frame is published: cheap (a fence and a load of
  // a line that stays shared) unless the receiver sleeps.
  void ring_if_sleeping();

 private:
  DoorbellWords* words_ = nullptr;
};

}  // namespace gyre::btl::sm
