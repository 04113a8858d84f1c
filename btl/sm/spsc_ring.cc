#include "btl/sm/spsc_ring.h"

#include <cstring>

namespace gyre::btl::sm {
namespace {

void store_word(uint64_t* w, uint64_t v, std::memory_order order) {
  std::atomic_ref<uint64_t>(*w).store(v, order);
}

}  // namespace

RingProducer::RingProducer(std::byte* ring, size_t capacity)
    : control_(reinterpret_cast<RingControl*>(ring)),
      data_(ring + sizeof(RingControl)),
      mask_(capacity - 1) {
  // Attach where the consumer is: a ring is only ever written by one
  // producer object, and it starts empty, but reading keeps this honest.
  tail_ = head_seen_ = std::atomic_ref<uint64_t>(control_->head).load(std::memory_order_acquire);
}

bool RingProducer::has_room(uint64_t bytes) {
  if (tail_ + bytes - head_seen_ <= capacity()) return true;
  // Acquire: the consumer is done with everything before its head.
  head_seen_ = std::atomic_ref<uint64_t>(control_->head).load(std::memory_order_acquire);
  return tail_ + bytes - head_seen_ <= capacity();
}

bool RingProducer::try_push(std::span<const iovec> parts) {
  size_t len = 0;
  for (const iovec& p : parts) len += p.iov_len;
  if (len > max_frame()) return false;

  const uint64_t rec = record_bytes(len);
  const uint64_t offset = tail_ & mask_;
  const uint64_t skip = offset + rec > capacity() ? capacity() - offset : 0;
  // + one header word: the slot after the record is zeroed (see the header).
  if (!has_room(skip + rec + kRecordHeader) && !announce_full(skip + rec + kRecordHeader))
    return false;

  const uint64_t start = tail_ + skip;
  std::byte* out = reinterpret_cast<std::byte*>(word_at(start)) + kRecordHeader;
  for (const iovec& p : parts) {
    detail::copy_part(out, p.iov_base, p.iov_len);
    out += p.iov_len;
  }
  store_word(word_at(start + rec), 0, std::memory_order_relaxed);
  // Release: the payload and the zeroed next slot are visible before the header.
  store_word(word_at(start), kRecordFrame | len, std::memory_order_release);
  // The wrap marker goes last, so the consumer never reaches offset 0 early.
  if (skip != 0) store_word(word_at(tail_), kRecordWrap, std::memory_order_release);
  tail_ = start + rec;
  if (waiting_) {
    store_word(&control_->producer_waiting, 0, std::memory_order_relaxed);
    waiting_ = false;
  }
  return true;
}

// Raise producer_waiting, then look at the head once more: the consumer may
// have freed room just before it could see the flag.
bool RingProducer::announce_full(uint64_t bytes) {
  if (!waiting_) store_word(&control_->producer_waiting, 1, std::memory_order_relaxed);
  waiting_ = true;
  wanted_ = bytes;
  std::atomic_thread_fence(std::memory_order_seq_cst);
  head_seen_ = std::atomic_ref<uint64_t>(control_->head).load(std::memory_order_acquire);
  return tail_ + bytes - head_seen_ <= capacity();
}

bool RingProducer::room_appeared() {
  if (!waiting_) return false;
  head_seen_ = std::atomic_ref<uint64_t>(control_->head).load(std::memory_order_acquire);
  return tail_ + wanted_ - head_seen_ <= capacity();
}

bool RingProducer::try_push_pair_slow(const void* head, size_t head_len, const void* body, size_t body_len) {
  iovec parts[2] = {{const_cast<void*>(head), head_len}, {const_cast<void*>(body), body_len}};
  return try_push(std::span<const iovec>(parts, 2));
}

bool RingProducer::try_push(const void* data, size_t len) {
  iovec part{const_cast<void*>(data), len};
  return try_push(std::span<const iovec>(&part, 1));
}

RingConsumer::RingConsumer(std::byte* ring, size_t capacity)
    : control_(reinterpret_cast<RingControl*>(ring)),
      data_(ring + sizeof(RingControl)),
      mask_(capacity - 1) {
  head_ = published_ = std::atomic_ref<uint64_t>(control_->head).load(std::memory_order_acquire);
}

}  // namespace gyre::btl::sm
