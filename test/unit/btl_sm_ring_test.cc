// The shared-memory SPSC ring on its own, in one process (and across two
// threads for the memory ordering).
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <deque>
#include <random>
#include <thread>
#include <vector>

#include "btl/sm/spsc_ring.h"

using namespace gyre::btl::sm;

namespace {

// Ring memory as a segment would give it: zero-filled, cache-line aligned.
struct RingMemory {
  explicit RingMemory(size_t capacity) : bytes(ring_footprint(capacity) + 128) {}
  std::byte* base() {
    auto p = reinterpret_cast<uintptr_t>(bytes.data());
    return reinterpret_cast<std::byte*>((p + 127) & ~uintptr_t{127});
  }
  std::vector<std::byte> bytes;
};

std::vector<std::byte> pattern(uint64_t seq, size_t len) {
  std::vector<std::byte> v(len);
  for (size_t i = 0; i < len; ++i) v[i] = static_cast<std::byte>((seq * 131 + i * 7 + 3) & 0xff);
  return v;
}

bool same(std::span<const std::byte> a, const std::vector<std::byte>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

// Pops up to `most` frames and checks each against the oldest one pushed.
size_t pop_expected(RingConsumer& consumer, std::deque<std::vector<std::byte>>& in_flight, size_t most) {
  size_t popped = 0;
  for (; popped < most && !in_flight.empty(); ++popped) {
    std::span<const std::byte> got;
    REQUIRE(consumer.peek(got));
    REQUIRE(same(got, in_flight.front()));
    consumer.pop();
    in_flight.pop_front();
  }
  return popped;
}

// Takes what is left, one release per frame, and checks it is all there was.
void drain_expected(RingConsumer& consumer, std::deque<std::vector<std::byte>>& in_flight) {
  std::span<const std::byte> got;
  while (consumer.peek(got)) {
    REQUIRE(same(got, in_flight.front()));
    consumer.pop();
    consumer.release();
    in_flight.pop_front();
  }
  CHECK(in_flight.empty());
}

}  // namespace

TEST_CASE("ring: an empty ring has nothing to give", "[btl][sm][ring]") {
  RingMemory mem(4096);
  RingConsumer consumer(mem.base(), 4096);
  std::span<const std::byte> frame;
  CHECK_FALSE(consumer.ready());
  CHECK_FALSE(consumer.peek(frame));
}

TEST_CASE("ring: frames of every size come out in order through many wrap-arounds",
          "[btl][sm][ring]") {
  const size_t capacity = GENERATE(size_t{1024}, size_t{4096}, size_t{65536});
  RingMemory mem(capacity);
  RingProducer producer(mem.base(), capacity);
  RingConsumer consumer(mem.base(), capacity);
  std::mt19937_64 rng(capacity);
  std::deque<std::vector<std::byte>> in_flight;
  uint64_t pushed = 0;
  uint64_t popped = 0;
  size_t bytes_moved = 0;

  // Sizes walk 0..max_frame so that every offset/size combination at the
  // end of the ring occurs; random drains vary the fill level.
  while (bytes_moved < 40 * capacity) {
    size_t len = pushed % (producer.max_frame() + 1);
    auto frame = pattern(pushed, len);
    if (producer.try_push(frame.data(), frame.size())) {
      in_flight.push_back(std::move(frame));
      ++pushed;
      bytes_moved += len + 8;
      if (rng() % 3 != 0) continue;
    }
    popped += pop_expected(consumer, in_flight, rng() % 4 + 1);
    consumer.release();  // a batch of frames, one shared store
  }
  drain_expected(consumer, in_flight);
  CHECK(popped > 0);
}

// try_push_pair (the inline eager path) against the same checks: every
// header/payload split, wrap-arounds, full rings, frames over max_frame.
TEST_CASE("ring: header + payload pairs come out as one frame, in order, through wraps and refusals",
          "[btl][sm][ring]") {
  const size_t capacity = GENERATE(size_t{1024}, size_t{4096});
  RingMemory mem(capacity);
  RingProducer producer(mem.base(), capacity);
  RingConsumer consumer(mem.base(), capacity);
  std::mt19937_64 rng(capacity + 1);
  std::deque<std::vector<std::byte>> in_flight;
  uint64_t pushed = 0;
  size_t refused = 0;
  size_t bytes_moved = 0;
  while (bytes_moved < 40 * capacity) {
    const size_t head = (pushed % 3 == 0) ? 16 : (pushed % 3 == 1 ? 24 : pushed % 40);
    const size_t len = head + (pushed * 7) % (producer.max_frame() + 2 - head);  // can exceed max_frame by 1
    auto frame = pattern(pushed, len);
    const bool ok = producer.try_push_pair(frame.data(), head, frame.data() + head, len - head);
    if (len > producer.max_frame()) {
      REQUIRE_FALSE(ok);
      ++pushed;  // never fits: skip it
      continue;
    }
    if (ok) {
      in_flight.push_back(std::move(frame));
      ++pushed;
      bytes_moved += len + 8;
      if (rng() % 3 != 0) continue;
    } else {
      ++refused;
    }
    pop_expected(consumer, in_flight, rng() % 4 + 1);
    consumer.release();
  }
  drain_expected(consumer, in_flight);
  CHECK(refused > 0);  // the full-ring path was taken too
}

TEST_CASE("ring: a refused pair raises the waiting flag, which a later push clears", "[btl][sm][ring]") {
  RingMemory mem(1024);
  RingProducer producer(mem.base(), 1024);
  RingConsumer consumer(mem.base(), 1024);
  std::vector<std::byte> head(16), body(200);
  while (producer.try_push_pair(head.data(), head.size(), body.data(), body.size())) {}
  std::span<const std::byte> got;
  while (consumer.peek(got)) consumer.pop();
  CHECK(consumer.release());  // the producer said it waits for room
  CHECK(producer.try_push_pair(head.data(), head.size(), body.data(), body.size()));
  while (consumer.peek(got)) consumer.pop();
  CHECK_FALSE(consumer.release());  // the push lowered the flag
}

TEST_CASE("ring: a full ring refuses a frame whole and takes it once drained", "[btl][sm][ring]") {
  const size_t capacity = 4096;
  RingMemory mem(capacity);
  RingProducer producer(mem.base(), capacity);
  RingConsumer consumer(mem.base(), capacity);
  const size_t len = 100;

  int accepted = 0;
  while (producer.try_push(pattern(accepted, len).data(), len)) ++accepted;
  CHECK(accepted == static_cast<int>((capacity - 8) / record_bytes(len)));
  CHECK_FALSE(producer.try_push(pattern(999, len).data(), len));

  // The refused frames left no trace; room comes back as the consumer pops
  // and releases (a frame that must wrap needs its skip too: two pops at
  // most), and the release tells that the producer is waiting for it.
  std::span<const std::byte> got;
  int next = 0;
  while (!producer.try_push(pattern(accepted, len).data(), len)) {
    REQUIRE(next < 2);
    REQUIRE(consumer.peek(got));
    CHECK(same(got, pattern(next++, len)));
    consumer.pop();
    CHECK_FALSE(producer.room_appeared());  // popped is not yet released
    CHECK(consumer.release());
  }
  for (; next <= accepted; ++next) {
    REQUIRE(consumer.peek(got));
    CHECK(same(got, pattern(next, len)));
    consumer.pop();
    CHECK_FALSE(consumer.release());  // the push succeeded: nobody waits
  }
  CHECK_FALSE(consumer.peek(got));
}

TEST_CASE("ring: a refused producer sees room appear", "[btl][sm][ring]") {
  RingMemory mem(1024);
  RingProducer producer(mem.base(), 1024);
  RingConsumer consumer(mem.base(), 1024);
  CHECK_FALSE(producer.room_appeared());  // never refused
  std::vector<std::byte> frame(300);
  while (producer.try_push(frame.data(), frame.size())) {}
  CHECK_FALSE(producer.room_appeared());
  std::span<const std::byte> got;
  while (consumer.peek(got)) consumer.pop();
  CHECK(consumer.release());
  CHECK(producer.room_appeared());
  CHECK(producer.try_push(frame.data(), frame.size()));
  CHECK_FALSE(producer.room_appeared());
}

TEST_CASE("ring: a frame larger than max_frame is refused", "[btl][sm][ring]") {
  RingMemory mem(4096);
  RingProducer producer(mem.base(), 4096);
  std::vector<std::byte> big(producer.max_frame() + 1);
  CHECK_FALSE(producer.try_push(big.data(), big.size()));
  CHECK(producer.try_push(big.data(), producer.max_frame()));
}

TEST_CASE("ring: a gather list arrives as one contiguous frame", "[btl][sm][ring]") {
  RingMemory mem(4096);
  RingProducer producer(mem.base(), 4096);
  RingConsumer consumer(mem.base(), 4096);
  auto whole = pattern(7, 300);
  // Parts of odd sizes, one empty, as a pml header + payload pieces would be.
  std::vector<iovec> parts{{whole.data(), 13}, {whole.data() + 13, 0}, {whole.data() + 13, 1},
                           {whole.data() + 14, 286}};
  for (int round = 0; round < 40; ++round) {  // crosses the end of the ring
    REQUIRE(producer.try_push(parts));
    std::span<const std::byte> got;
    REQUIRE(consumer.peek(got));
    CHECK(same(got, whole));
    consumer.pop();
    consumer.release();
  }
  std::vector<iovec> none;
  REQUIRE(producer.try_push(none));
  std::span<const std::byte> got;
  REQUIRE(consumer.peek(got));
  CHECK(got.empty());
}

TEST_CASE("ring: producer and consumer on two threads", "[btl][sm][ring]") {
  const size_t capacity = 8192;
  const uint64_t frames = 200000;
  RingMemory mem(capacity);
  RingProducer producer(mem.base(), capacity);
  RingConsumer consumer(mem.base(), capacity);

  std::thread writer([&] {
    std::mt19937 rng(1);
    std::vector<std::byte> buf(producer.max_frame());
    for (uint64_t seq = 0; seq < frames; ++seq) {
      size_t len = rng() % 4 == 0 ? rng() % (producer.max_frame() + 1) : 8 + rng() % 64;
      std::memcpy(buf.data(), &seq, sizeof seq);
      for (size_t i = 8; i < len; ++i) buf[i] = static_cast<std::byte>(seq + i);
      while (!producer.try_push(buf.data(), std::max<size_t>(len, 8))) std::this_thread::yield();
    }
  });
  uint64_t expected = 0;
  uint64_t bad = 0;
  std::span<const std::byte> got;
  while (expected < frames) {
    if (!consumer.peek(got)) {
      consumer.release();  // in batches: only when it runs dry, or every 16
      continue;
    }
    uint64_t seq = 0;
    std::memcpy(&seq, got.data(), sizeof seq);
    bad += seq != expected;
    for (size_t i = 8; i < got.size(); ++i) bad += got[i] != static_cast<std::byte>(seq + i);
    consumer.pop();
    if (++expected % 16 == 0) consumer.release();
  }
  writer.join();
  CHECK(bad == 0);
  CHECK_FALSE(consumer.peek(got));
}
