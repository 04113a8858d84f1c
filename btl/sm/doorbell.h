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
// Why nothing is lost for longer than a grace period: the receiver does
// "store sleepers, seq_cst fence, load ring headers", so once it counts
// itself asleep it sees every frame already visible. The sender publishes
// its frame and then loads `sleepers` with no fence between: a fence there
// would stall every send until the frame's cache line is owned (a full
// cross-core transfer, which is most of the cost of streaming small
// messages). Without it the sender can read `sleepers` while its frame still
// sits in its store buffer, miss a receiver that arms in that instant, and
// the receiver's re-check can miss the frame. A store buffer drains within
// well under a microsecond, so the receiver re-checks for a grace period
// (kSleepGraceNs) after arming before it really sleeps; a frame published in
// that window is seen then. What is left (a store held longer than the
// grace) is bounded by the sleep's timeout, as the btl contract allows.
// The receiver read `seen` before counting itself, so a bump that lands
// before futex_wait makes the kernel return at once (the word no longer
// equals `seen`). The futex is a shared one (not FUTEX_PRIVATE): the word
// lives in a segment mapped by several processes.
#pragma once
#include <atomic>
#include <cstdint>

namespace gyre::btl::sm {

// How long a receiver that armed its doorbell keeps re-checking before it
// sleeps (see above).
inline constexpr long kSleepGraceNs = 2000;

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

  // Sender side, after the frame is published: one load of a line that
  // stays shared, unless the receiver sleeps.
  void ring_if_sleeping() {
    if (words_ == nullptr) return;  // a peer not connected yet cannot be asleep on us
    if (std::atomic_ref<uint32_t>(words_->sleepers).load(std::memory_order_relaxed) != 0) wake();
  }

 private:
  void wake();
  DoorbellWords* words_ = nullptr;
};

}  // namespace gyre::btl::sm
