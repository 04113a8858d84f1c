// The shared-memory segment of one communicator whose members all live on
// one node, and the flags the shm collectives synchronize on.
//
// Layout (every piece on its own cache lines):
//   per rank: a `finished` line: the sequence number of the last shm
//             collective this rank completed;
//   per rank: kSmallSlots small slots (kSmallBytes of data each;
//             kSmallSlotsOversub on an oversubscribed node),
//             kBigSlots big ones (kBigBytes; kBigSlotsOversub) and, on an oversubscribed
//             node only, kHugeSlots huge ones (kHugeBytes), each slot a
//             `ready` word and its data; the data
//             starts in the ready word's line, so a small message and its
//             flag reach a reader in one cache-line transfer.
// Collective number s (1, 2, ... the same on every rank, since collectives
// are called in the same order) uses small slot s % (number of small slots) when its
// data fits one, else big slot s % (number of big slots) when it fits that, else huge
// slot s % kHugeSlots (every rank knows the sizes, so every rank picks the
// same). A rank that has data for s writes it into its
// own slot, then stores ready = s (release); readers wait for ready >= s
// (acquire) and read. Every slot has one writer.
//
// Reuse: before a rank writes a slot again it must know that every reader
// of that slot's previous contents (collective t) is done with them: every
// rank finished >= t. Collectives in which every rank waits for every other
// (barrier, allreduce, ...) prove that for free (a rank that arrived at s
// had finished s - 1); rooted ones (bcast, reduce, ...) let the root run
// ahead, up to the number of slots, and the root then reads the `finished`
// words. Many small slots let a root run far ahead, as eager point-to-point
// messages would (that matters most when ranks share cores).
//
// Waiting spins briefly, then goes through ProgressEngine::wait_until, so
// point-to-point keeps progressing and the rank yields and sleeps as every
// other wait does. A rank that raised a flag (ready or finished) then wakes
// every member that may sleep on it (ProgressEngine::wake_peer), but only
// while some member waits beyond its first spin: the segment's last line
// counts them, so a flag raised while every waiter still spins costs one
// load, not a call per member (~50 instructions at np 2). Before, a sleeper
// waited out GYRE_WAIT_SLEEP_US (1 ms) whenever a collective found it
// asleep. The count is read without a fence after the flag's store: a
// waiter that raised it just then still re-checks the flags for a whole
// spin and yield phase (and once more after arming its doorbell) before it
// sleeps, so it sees the store.
#pragma once
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "btl/sm/segment.h"
#include "coll/shm/shm_stage.h"
#include "runtime/error.h"

namespace gyre {
class ProgressEngine;
}

namespace gyre::coll::shm {

constexpr size_t kLine = 64;
constexpr size_t kDataOffset = 16;  // from a slot's ready word (16: alignment of any basic type)
constexpr size_t kSmallStride = 512;
constexpr size_t kSmallBytes = kSmallStride - kDataOffset;
constexpr size_t kSmallSlots = 32;  // how far a root may run ahead with small messages
// The same on an oversubscribed node, where a rank that cannot reuse a slot
// yields its core: a root (or, in a reduce, the other ranks) then runs ahead
// by a whole batch of collectives per context switch. With 128 instead of 32,
// np 4 on 2 cores, 8 B: bcast 0.26 us a call instead of 0.41, reduce 0.35
// instead of 0.44 (medians of 100 chunks of 2000 back-to-back calls, the two
// builds' runs interleaved). They cost 48 KiB more a rank, on such nodes only.
constexpr size_t kSmallSlotsOversub = 128;
static_assert((kSmallSlots & (kSmallSlots - 1)) == 0 && (kSmallSlotsOversub & (kSmallSlotsOversub - 1)) == 0);
constexpr size_t kBigBytes = 8192;
constexpr size_t kBigStride = kBigBytes + kLine;
// How far a root may run ahead with big messages. With ranks sharing cores
// (np 4 on 2) two slots made bcast/reduce of 512 B-8 KiB wait for descheduled
// readers: 4.5-11 us per call, against 1.5-6.6 us with eight (gyre-bench, three
// interleaved runs). Eight cost ~82 KiB of segment per rank and communicator.
constexpr size_t kBigSlots = 8;
// The same on an oversubscribed node: sixteen, for the reason the small slots
// are more there. np 4 on 2 cores, bcast 1 KiB 0.69 us a call instead of 0.99,
// 4 KiB 0.95 instead of 1.52; reduce 1 KiB 0.76 instead of 1.13, 4 KiB 1.17
// instead of 1.72 (medians of 40 chunks of 1000 calls, runs interleaved; Open
// MPI 4-13 us). 66 KiB more a rank; 32 gained a little more at 1 KiB and
// cost 264 KiB.
constexpr size_t kBigSlotsOversub = 16;
static_assert((kBigSlots & (kBigSlots - 1)) == 0 && (kBigSlotsOversub & (kBigSlotsOversub - 1)) == 0);
// Huge slots: what the decision table sends here only when ranks share cores
// (bcast of 16-32 KiB at np 4 on 2 cores, where a schedule through the pml
// pays a context switch per message). Few, so they add 128 KiB per rank,
// and only a segment made for an oversubscribed node has them: every page
// costs its creation ~0.8 us (posix_fallocate) and its first touch ~0.9 us,
// so with them the first shm collective of a communicator took ~200 us
// instead of ~100 at np 2.
constexpr size_t kHugeBytes = 32768;
constexpr size_t kHugeStride = kHugeBytes + kLine;
constexpr size_t kHugeSlots = 4;
constexpr size_t kSlotBytes = kHugeBytes;  // the most data a rank writes in one shm collective

// How the members agree on the segment before it exists (the Module runs
// these as point-to-point schedules).
class Bootstrap {
 public:
  virtual ~Bootstrap() = default;
  // Rank 0's n bytes at buf to every rank.
  virtual Error bcast(void* buf, size_t n) = 0;
  // Every rank's n bytes at mine, in rank order, into all (size * n bytes).
  virtual Error allgather(const void* mine, void* all, size_t n) = 0;
};

class ShmComm {
  struct Key {  // only create() constructs one
    explicit Key() = default;
  };

 public:
  // Collective over the communicator: rank 0 creates `name`, everyone maps
  // it, rank 0 removes the name once all have. Fails on every rank alike
  // (the members agree on the outcome).
  // world_ranks: every member's world rank (whom wake_peer wakes); empty
  // in tests without a progress engine.
  // huge_slots: the layout for an oversubscribed node: the huge slots too,
  // kSmallSlotsOversub small ones and kBigSlotsOversub big ones (the same
  // on every member).
  static Error create(int rank, int size, const std::string& name, Bootstrap& boot, ProgressEngine* progress,
                      std::unique_ptr<ShmComm>* out, std::vector<int> world_ranks = {}, bool huge_slots = true);
  // A zero-filled segment the members already share, made without create()'s
  // exchanges (MPI_COMM_WORLD's, during MPI_Init: runtime/world_coll_segment.h);
  // nullptr when it is smaller than segment_bytes().
  static std::unique_ptr<ShmComm> adopt(int rank, int size, btl::sm::SharedSegment segment, ProgressEngine* progress,
                                        std::vector<int> world_ranks, bool huge_slots);
  // The bytes a segment of `size` members needs.
  static size_t segment_bytes(int size, bool huge_slots) { return bytes_for(size, huge_slots); }
  ShmComm(Key, int rank, int size, btl::sm::SharedSegment segment, ProgressEngine* progress,
          std::vector<int> world_ranks, bool huge_slots);

  int rank() const { return rank_; }
  int size() const { return size_; }
  // The most a rank may write in one collective (fits() checked it).
  size_t max_slot_bytes() const { return huge_slots_ != 0 ? kHugeBytes : kBigBytes; }

  // Start the next collective, in which a rank writes at most `bytes` to
  // its slot (the same on every rank): its sequence number.
  uint64_t begin(size_t bytes) {
    ++seq_;
    slot_ = bytes <= kSmallBytes ? seq_ & small_mask_  // seq_ % small slots (a power of two)
            : bytes <= kBigBytes ? kFirstBig + (seq_ & big_mask_)
                                 : kFirstHuge + seq_ % huge_slots_;
    return seq_;
  }

  // This rank's slot for collective s, once no reader of its previous
  // contents can still be reading them.
  // Inline, as finish() is: an 8 B shm allreduce ran 265 instructions a
  // call out of line, 240 so (callgrind, np 1, the waits aside).
  std::byte* acquire_own(uint64_t s) {
    if (known_finished_ < written_[slot_]) wait_for_readers(written_[slot_]);
    written_[slot_] = s;
    return slot_base(rank_, s) + kDataOffset;
  }
  // The data of this rank's slot is complete: readers may go.
  void publish(uint64_t s) {
    ready_word(rank_, s).store(s, std::memory_order_release);
    wake_waiters();
  }
  // Rank r's slot data for collective s, once r has published it.
  const std::byte* wait_slot(int r, uint64_t s);
  // Wait until every other rank has published collective s.
  void wait_all(uint64_t s);
  // This rank is done with collective s; `everyone_arrived`: it saw every
  // rank publish s (so all of them had finished s - 1).
  void finish(uint64_t s, bool everyone_arrived) {
    if (everyone_arrived && known_finished_ < s - 1) known_finished_ = s - 1;
    finished_word(rank_).store(s, std::memory_order_release);
    wake_waiters();  // a member reusing a slot may wait for this
  }

  // For flags kept outside the slots (shm_stage.h): wait as the slots'
  // waits do until ready() holds, and wake members asleep on a flag just
  // raised.
  void wait_for(const std::function<bool()>& ready);
  void raised() { wake_waiters(); }

  const std::byte* slot(int r, uint64_t s) const { return slot_base(r, s) + kDataOffset; }
  // A private buffer of at least kSlotBytes (a rank's own vector while the
  // user's buffer is overwritten).
  std::byte* scratch() { return scratch_.data(); }
  // The ring that large messages stream through (shm_stage.h).
  StageRing& stage() { return stage_; }
  // The segment's name on the rank that created it (rank 0), whose job
  // prefix lets mpirun sweep up what a crashed job left; empty elsewhere.
  const std::string& segment_name() const { return segment_.name(); }

 private:
  // Slot indices (slot_, written_): the small slots from 0, the big ones
  // from kFirstBig, the huge ones from kFirstHuge, whatever the layout.
  static constexpr size_t kFirstBig = kSmallSlotsOversub;
  static constexpr size_t kFirstHuge = kFirstBig + kBigSlotsOversub;
  static constexpr size_t kSlots = kFirstHuge + kHugeSlots;
  static size_t small_slots(bool oversub) { return oversub ? kSmallSlotsOversub : kSmallSlots; }
  // Offsets from a rank's first slot.
  static size_t big_start(bool oversub) { return small_slots(oversub) * kSmallStride; }
  static size_t big_slots(bool oversub) { return oversub ? kBigSlotsOversub : kBigSlots; }
  static size_t huge_start(bool oversub) { return big_start(oversub) + big_slots(oversub) * kBigStride; }
  static size_t rank_stride(bool oversub) {
    return kLine + huge_start(oversub) + (oversub ? kHugeSlots * kHugeStride : 0);
  }
  // The ranks' areas, then one line: how many members wait beyond a spin.
  static size_t bytes_for(int size, bool oversub) { return static_cast<size_t>(size) * rank_stride(oversub) + kLine; }

  std::byte* rank_base(int r) const { return segment_.base() + static_cast<size_t>(r) * rank_stride_; }
  // The current collective's slot of rank r (s: its sequence number).
  std::byte* slot_base(int r, uint64_t) const {
    size_t offset = slot_ < kFirstBig    ? slot_ * kSmallStride
                    : slot_ < kFirstHuge ? big_start_ + (slot_ - kFirstBig) * kBigStride
                                         : huge_start_ + (slot_ - kFirstHuge) * kHugeStride;
    return rank_base(r) + kLine + offset;
  }
  std::atomic_ref<uint64_t> ready_word(int r, uint64_t s) const {
    return std::atomic_ref<uint64_t>(*reinterpret_cast<uint64_t*>(slot_base(r, s)));
  }
  std::atomic_ref<uint32_t> slow_waiters() const {
    return std::atomic_ref<uint32_t>(*reinterpret_cast<uint32_t*>(rank_base(size_)));
  }
  std::atomic_ref<uint64_t> finished_word(int r) const {
    return std::atomic_ref<uint64_t>(*reinterpret_cast<uint64_t*>(rank_base(r)));
  }
  template <class Ready>
  void wait(Ready ready);
  // After raising a flag: members asleep on their doorbells look again.
  void wake_waiters() {
    if (slow_waiters().load(std::memory_order_relaxed) != 0) wake_others();
  }
  void wake_others();
  bool all_finished(uint64_t s);
  // Wait until every rank has finished collective t (acquire_own).
  void wait_for_readers(uint64_t t);

  int rank_, size_;
  size_t huge_slots_;   // kHugeSlots, or 0 (not an oversubscribed node)
  size_t small_mask_;   // small_slots(oversubscribed) - 1
  size_t big_mask_;     // big_slots(oversubscribed) - 1
  size_t big_start_, huge_start_;  // big_start(oversubscribed), huge_start(...)
  size_t rank_stride_;  // rank_stride(oversubscribed)
  btl::sm::SharedSegment segment_;
  ProgressEngine* progress_;
  std::vector<int> world_ranks_;
  uint64_t seq_ = 0;
  size_t slot_ = 0;                           // the current collective's slot index
  std::array<uint64_t, kSlots> written_{};    // the collective that last wrote each of this rank's slots
  uint64_t known_finished_ = 0;  // every rank has finished at least this collective
  int next_unseen_ = 0;          // wait_all / all_finished: ranks below this one are done
  std::vector<std::byte> scratch_;
  StageRing stage_;
};

}  // namespace gyre::coll::shm
