// A single-producer single-consumer ring of variable-size frames in shared
// memory: one sender process writes, one receiver process reads in place.
//
// Layout: a RingControl (the consumer's published position and the
// producer's "waiting for room" flag, each alone on its cache lines) followed
// by `capacity` data bytes (a power of two). A record is
// an 8-byte header word followed by the frame bytes, padded to 8 bytes:
//
//   header = kRecordFrame | length   a frame of `length` bytes follows
//          = kRecordWrap             skip to the start of the ring
//          = 0                       nothing yet (the consumer stops here)
//
// Why the header is the flag: the consumer never reads a producer index. It
// spins on the header word at its own position, which lives in the same cache
// line as the first payload bytes, so a small frame costs one cache-line
// transfer instead of two (index line + data line). For that to work the word
// at the consumer's next position must be 0 until a record is published
// there, never stale bytes from an earlier lap. The producer guarantees it:
// before it publishes a record it writes 0 into the header slot that follows
// the record, so the consumer, having seen the record (acquire), sees either
// that 0 or a newer record. The ring starts zero-filled.
//
// Records are packed (8-byte aligned), not padded to cache lines: the slot
// the producer zeroes after a record then usually lies in the line it is
// writing anyway. With line-aligned records that slot always opens a fresh
// line, which the waiting consumer reads at once and the producer must take
// back for the next record: measured, that doubled the 8-byte latency.
//
// A record never straddles the end of the ring (the consumer hands frames out
// in place, zero-copy): when it does not fit, the producer writes a wrap
// marker and puts the record at offset 0. The producer keeps its own tail and
// a cached copy of the consumer's head; it rereads the shared head only when
// the cached one says the ring is full, so the head line rarely moves. The
// consumer publishes its head once per batch of frames (release()).
#pragma once
#include <sys/uio.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace gyre::btl::sm {

inline constexpr uint64_t kRecordFrame = uint64_t{1} << 63;
inline constexpr uint64_t kRecordWrap = uint64_t{1} << 62;
inline constexpr uint64_t kRecordLengthMask = 0xffffffffu;
inline constexpr size_t kRecordAlign = 8;
inline constexpr size_t kRecordHeader = 8;
// 128, not 64: adjacent-line prefetchers pull cache lines in pairs.
inline constexpr size_t kFalseSharingRange = 128;

// The shared control block at the start of every ring.
struct RingControl {
  alignas(kFalseSharingRange) uint64_t head;  // bytes consumed since start (atomic)
  // 1 while the producer, refused for lack of room, wants to hear when the
  // consumer frees some (see RingConsumer::release). Only the producer writes it.
  alignas(kFalseSharingRange) uint64_t producer_waiting;
};
static_assert(sizeof(RingControl) == 2 * kFalseSharingRange);

constexpr size_t record_bytes(size_t frame_len) {
  return (kRecordHeader + frame_len + kRecordAlign - 1) & ~(kRecordAlign - 1);
}

// Bytes one ring of `capacity` data bytes occupies (control + data).
constexpr size_t ring_footprint(size_t capacity) { return sizeof(RingControl) + capacity; }

// Largest frame a ring of `capacity` bytes can always take once drained: a
// record plus the wrap skip before it plus the zeroed next header must fit.
// Rings are powers of two of at least 1 KiB, their data on a cache line.
constexpr size_t ring_max_frame(size_t capacity) {
  return capacity / 2 - kRecordHeader - 2 * kRecordAlign;
}

namespace detail {

// The first and the last sizeof(Word) bytes of n (sizeof(Word) <= n <=
// 2 * sizeof(Word)): two loads and two stores that overlap in the middle.
template <class Word>
[[gnu::always_inline]] inline void copy_ends(std::byte* out, const std::byte* src, size_t n) {
  Word first, last;
  std::memcpy(&first, src, sizeof(Word));
  std::memcpy(&last, src + n - sizeof(Word), sizeof(Word));
  std::memcpy(out, &first, sizeof(Word));
  std::memcpy(out + n - sizeof(Word), &last, sizeof(Word));
}

struct TwoWords {
  uint64_t w[2];
};

// Most parts are a pml header (16 or 24 bytes) or a small payload: copied
// inline with overlapping words they cost a few instructions, where a
// memcpy call costs ~15 (a third of a small frame's push).
[[gnu::always_inline]] inline void copy_part(std::byte* out, const void* in, size_t n) {
  const auto* src = static_cast<const std::byte*>(in);
  if (n > 32) {
    std::memcpy(out, src, n);
  } else if (n >= 16) {
    copy_ends<TwoWords>(out, src, n);
  } else if (n >= 8) {
    copy_ends<uint64_t>(out, src, n);
  } else if (n >= 4) {
    copy_ends<uint32_t>(out, src, n);
  } else {
    for (size_t i = 0; i < n; ++i) out[i] = src[i];
  }
}

}  // namespace detail

class RingProducer {
 public:
  RingProducer() = default;
  // ring: the memory of ring_footprint(capacity) bytes, zero-filled at creation.
  RingProducer(std::byte* ring, size_t capacity);

  // Copy the gather list into the ring as one frame. false: no room now (or
  // the frame is larger than max_frame()); nothing was written. A refusal
  // for lack of room raises producer_waiting until a push succeeds.
  bool try_push(std::span<const iovec> parts);
  bool try_push(const void* data, size_t len);
  // try_push of a frame in two parts (header + payload), inline for the
  // common case: no wrap, room known from the cached head, no refusal
  // pending. Anything else goes through try_push.
  [[gnu::always_inline]] bool try_push_pair(const void* head, size_t head_len, const void* body, size_t body_len) {
    const size_t len = head_len + body_len;
    const uint64_t rec = record_bytes(len);
    const uint64_t offset = tail_ & mask_;
    // + one header word: the slot after the record is zeroed (see above).
    if (offset + rec > capacity() || tail_ + rec + kRecordHeader - head_seen_ > capacity() || waiting_ ||
        len > max_frame()) [[unlikely]]
      return try_push_pair_slow(head, head_len, body, body_len);
    std::byte* at = data_ + offset;
    detail::copy_part(at + kRecordHeader, head, head_len);
    detail::copy_part(at + kRecordHeader + head_len, body, body_len);
    std::atomic_ref<uint64_t>(*word_at(tail_ + rec)).store(0, std::memory_order_relaxed);
    // Release: the payload and the zeroed next slot are visible before the header.
    std::atomic_ref<uint64_t>(*reinterpret_cast<uint64_t*>(at)).store(kRecordFrame | len, std::memory_order_release);
    tail_ += rec;
    return true;
  }

  // After a refusal: has the consumer freed enough room since? (The re-check
  // a sender makes before it sleeps, so that no wake-up is lost.)
  bool room_appeared();

  size_t max_frame() const { return ring_max_frame(capacity()); }
  size_t capacity() const { return mask_ + 1; }

 private:
  [[gnu::noinline]] bool try_push_pair_slow(const void* head, size_t head_len, const void* body, size_t body_len);
  bool has_room(uint64_t bytes);
  bool announce_full(uint64_t bytes);
  uint64_t* word_at(uint64_t pos) const {
    return reinterpret_cast<uint64_t*>(data_ + (pos & mask_));
  }

  RingControl* control_ = nullptr;
  std::byte* data_ = nullptr;
  uint64_t mask_ = 0;
  uint64_t tail_ = 0;       // where the next record goes
  uint64_t head_seen_ = 0;  // last consumer head read from shared memory
  bool waiting_ = false;    // producer_waiting is raised
  uint64_t wanted_ = 0;     // bytes the refused frame needed
};

class RingConsumer {
 public:
  RingConsumer() = default;
  RingConsumer(std::byte* ring, size_t capacity);

  // The oldest unconsumed frame, in place, or false when none is ready. The
  // bytes stay valid until pop(). Cheap when empty: one load.
  bool peek(std::span<const std::byte>& frame) {
    for (;;) {
      uint64_t h = std::atomic_ref<uint64_t>(*word_at(head_)).load(std::memory_order_acquire);
      if (h == 0) return false;
      if (h & kRecordWrap) {
        head_ += capacity() - (head_ & mask_);
        continue;
      }
      current_len_ = h & kRecordLengthMask;
      frame = {reinterpret_cast<const std::byte*>(word_at(head_)) + kRecordHeader, current_len_};
      return true;
    }
  }

  // Done with the frame peek() returned. Its bytes go back to the producer
  // at the next release(), so a batch of frames costs one shared store.
  void pop() { head_ += record_bytes(current_len_); }

  // Hand the popped frames' room back to the producer. true: the producer is
  // waiting for room; ring its doorbell. No fence between the store and the
  // load, as with a frame and the doorbell (doorbell.h): a producer that
  // raised its flag in the instant this store was still buffered finds the
  // room itself in its re-check before it sleeps (SmTransport's grace).
  bool release() {
    if (head_ == published_) return false;
    published_ = head_;
    std::atomic_ref<uint64_t>(control_->head).store(head_, std::memory_order_release);
    return std::atomic_ref<uint64_t>(control_->producer_waiting).load(std::memory_order_relaxed) != 0;
  }

  // Bytes popped but not yet released.
  size_t unreleased() const { return head_ - published_; }

  // A frame (or a wrap marker) is ready: one load, what every poll does first.
  bool ready() const {
    return std::atomic_ref<uint64_t>(*word_at(head_)).load(std::memory_order_acquire) != 0;
  }

  size_t capacity() const { return mask_ + 1; }

 private:
  uint64_t* word_at(uint64_t pos) const {
    return reinterpret_cast<uint64_t*>(data_ + (pos & mask_));
  }

  RingControl* control_ = nullptr;
  std::byte* data_ = nullptr;
  uint64_t mask_ = 0;
  uint64_t head_ = 0;
  uint64_t published_ = 0;  // head_ as the producer last saw it
  size_t current_len_ = 0;
};

}  // namespace gyre::btl::sm
