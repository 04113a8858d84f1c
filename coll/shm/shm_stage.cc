#include "coll/shm/shm_stage.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "coll/shm/shm_comm.h"
#include "coll/shm/shm_copy.h"

namespace gyre::coll::shm {

namespace {

constexpr size_t kLineBytes = 64;
constexpr size_t kNameBytes = 128;  // fits a small slot

size_t header_bytes(int size) { return (2 * static_cast<size_t>(size) + 1) * kLineBytes; }

// Every member's `mine` in, the AND of them all out (one shm collective in
// which every rank waits for every other).
bool all_agree(ShmComm& c, bool mine) {
  uint64_t s = c.begin(1);
  *c.acquire_own(s) = std::byte{mine};
  c.publish(s);
  c.wait_all(s);
  bool all = mine;
  for (int r = 0; r < c.size(); ++r)
    if (r != c.rank() && *c.slot(r, s) == std::byte{0}) all = false;
  c.finish(s, true);
  return all;
}

}  // namespace

bool StageRing::usable(ShmComm& c) {
  if (state_ == State::unknown) state_ = create(c) ? State::usable : State::failed;
  return state_ == State::usable;
}

// Rank 0 makes the segment and publishes its name in its slot; the others
// map it; all agree that everyone did, and rank 0 removes the name.
bool StageRing::create(ShmComm& c) {
  const size_t header = (header_bytes(c.size()) + 4095) / 4096 * 4096;
  const size_t bytes = header + (kStageChunks + static_cast<size_t>(c.size()) * fold_chunks(c.size())) * kStageChunkBytes;
  uint64_t s = c.begin(kNameBytes);
  bool ok = true;
  if (c.rank() == 0) {
    // The slot segment's name plus a suffix: unique while the communicator
    // lives, and swept by mpirun after a crash (btl::sm::remove_leftover_segments).
    const std::string name = c.segment_name() + "-stage";
    ok = name.size() < kNameBytes && !btl::sm::SharedSegment::create(name, bytes, segment_);
    std::byte* slot = c.acquire_own(s);
    std::memset(slot, 0, kNameBytes);
    if (ok) std::memcpy(slot, name.data(), name.size());
    c.publish(s);
  } else {
    char name[kNameBytes];
    std::memcpy(name, c.wait_slot(0, s), kNameBytes);
    name[kNameBytes - 1] = '\0';
    ok = name[0] != '\0' && !btl::sm::SharedSegment::open(name, segment_) && segment_.size() >= bytes;
  }
  c.finish(s, false);
  // Every page into this process's page tables now, not one fault per
  // page in the first calls that reach it (~1 us each, 1280 pages at np 4:
  // the first 16 reduces of 16 KiB took 26 us instead of 4).
  if (ok) btl::sm::SharedSegment::populate(segment_.base(), segment_.size());
  ok = all_agree(c, ok);
  segment_.unlink();  // (rank 0) every member has mapped it or given up
  if (!ok) {
    segment_ = btl::sm::SharedSegment();
    return false;
  }
  chunks_ = segment_.base() + header;
  size_ = c.size();
  fold_chunks_ = fold_chunks(size_);
  return true;
}

bool StageRing::all_consumed(int size, uint64_t need) {
  if (known_consumed_ >= need) return true;
  uint64_t low = UINT64_MAX;
  for (int r = 0; r < size; ++r) low = std::min(low, consumed(r).load(std::memory_order_acquire));
  known_consumed_ = low;
  return low >= need;
}

void StageRing::wait_room(ShmComm& c, uint64_t q, size_t slots) {
  if (q < slots || all_consumed(size_, q + 1 - slots)) return;
  c.wait_for([&] { return all_consumed(size_, q + 1 - slots); });
}

void StageRing::bcast(ShmComm& c, const CollArgs& a, void* buf, size_t bytes) {
  const uint64_t first = next_, count = (bytes + kStageChunkBytes - 1) / kStageChunkBytes;
  next_ += count;
  if (a.rank == a.root) {
    consumed(a.rank).store(first + count, std::memory_order_release);  // it reads none of its own chunks
    for (uint64_t q = first; q < first + count; ++q) {
      wait_room(c, q, kStageChunks);
      size_t off = (q - first) * kStageChunkBytes, len = std::min(kStageChunkBytes, bytes - off);
      pack_part(chunk(q), buf, a.count, *a.type, off, len);
      produced().store(q + 1, std::memory_order_release);
      c.raised();
    }
    return;
  }
  for (uint64_t q = first; q < first + count; ++q) {
    if (produced().load(std::memory_order_acquire) <= q)
      c.wait_for([&] { return produced().load(std::memory_order_acquire) > q; });
    size_t off = (q - first) * kStageChunkBytes, len = std::min(kStageChunkBytes, bytes - off);
    unpack_part(buf, a.count, *a.type, off, chunk(q), len);
    consumed(a.rank).store(q + 1, std::memory_order_release);
    c.raised();  // a root waiting for room
  }
}

// Chunk q (bytes [off, off + len) of the vectors) folded by its folder, in
// rank order as every shm reduction folds: acc = v_{n-1}, then
// acc = v_r (op) acc down to v_0. The folder's own part comes from its
// buffer; acc is the root's receive buffer or the folder's ring slot.
void StageRing::fold(const CollArgs& a, const RunBuffers& b, uint64_t q, size_t off, size_t len) {
  const Datatype& t = *a.type;
  const int me = a.rank, last = a.size - 1;
  const bool root = me == a.root;
  const std::byte* mine =
      static_cast<const std::byte*>(root && a.in_place ? b.recvbuf : b.sendbuf) + t.true_lb() + off;
  std::byte* acc = root ? static_cast<std::byte*>(b.recvbuf) + t.true_lb() + off : fold_chunk(me, q);
  if (root && a.in_place && me != last) {  // acc is its own vector: keep its part before v_{n-1} lands
    own_.resize(kStageChunkBytes);
    std::memcpy(own_.data(), mine, len);
    mine = own_.data();
  }
  auto part = [&](int r) { return r == me ? mine : fold_chunk(r, q); };
  if (part(last) != acc) std::memcpy(acc, part(last), len);
  for (int r = last - 1; r >= 0; --r) combine(*b.op, t, part(r), acc - t.true_lb(), len / t.size());
}

void StageRing::reduce(ShmComm& c, const CollArgs& a, const RunBuffers& b) {
  const Datatype& t = *a.type;
  const size_t bytes = a.count * t.size(), per_chunk = kStageChunkBytes / t.size() * t.size();
  const uint64_t first = next_, count = (bytes + per_chunk - 1) / per_chunk;
  next_ += count;
  const int me = a.rank;
  const bool root = me == a.root;
  const std::byte* mine = static_cast<const std::byte*>(root && a.in_place ? b.recvbuf : b.sendbuf) + t.true_lb();
  auto folder = [&](uint64_t q) { return static_cast<int>((q - first) % static_cast<uint64_t>(a.size)); };
  auto extent = [&](uint64_t q) {
    size_t off = (q - first) * per_chunk;
    return std::pair{off, std::min(per_chunk, bytes - off)};
  };
  // The root copies folded chunks out as they come, up to the chunk it has
  // reached (its `consumed` says how far), also while it waits for
  // anything: the others wait for it to free their slots.
  uint64_t copied = first, reached = first;
  auto copy_out = [&]() {
    const uint64_t from = copied;
    for (; copied < reached; ++copied) {
      int f = folder(copied);
      if (f != me && staged(f).load(std::memory_order_acquire) <= copied) break;
      if (f != me) {
        auto [off, len] = extent(copied);
        std::memcpy(static_cast<std::byte*>(b.recvbuf) + t.true_lb() + off, fold_chunk(f, copied), len);
      }
      consumed(me).store(copied + 1, std::memory_order_release);
    }
    if (copied != from) c.raised();  // one wake-up for the run of chunks
    return copied == reached;
  };
  auto wait = [&](auto done) {
    if (root) copy_out();
    if (done()) return;
    c.wait_for([&] { return (root && copy_out(), done()); });
  };
  for (uint64_t q = first; q < first + count; ++q) {
    auto [off, len] = extent(q);
    const int f = folder(q);
    if (f != me || !root) wait([&] { return q < fold_chunks_ || all_consumed(size_, q + 1 - fold_chunks_); });
    if (f != me) {
      std::memcpy(fold_chunk(me, q), mine + off, len);
    } else {
      for (int r = 0; r < a.size; ++r)
        if (r != me) wait([&] { return staged(r).load(std::memory_order_acquire) > q; });
      fold(a, b, q, off, len);
    }
    if (f != me || !root) staged(me).store(q + 1, std::memory_order_release);
    reached = q + 1;
    if (!root) consumed(me).store(q + 1, std::memory_order_release);
    if (f != me || !root) c.raised();  // one wake-up for both flags
  }
  if (root) wait([&] { return copied == reached; });
}

}  // namespace gyre::coll::shm
