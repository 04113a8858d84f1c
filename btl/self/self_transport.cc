// The loopback transport: a rank sending to itself. A frame is copied into a
// FIFO of buffers and handed back by the next poll(); get() is a memcpy in
// this address space.
//
// can_block is false: a frame to self is queued by this very process before
// it waits, so there is never anything to sleep for (the progress engine
// sleeps on the sm doorbell, not here).
#include <cstring>
#include <deque>
#include <vector>

#include "btl/btl.h"
#include "runtime/pmix/identity.h"

namespace gyre::btl {
namespace {

// Large: self never needs to fragment; the limit only keeps sizes sane.
constexpr size_t kSelfMaxFrame = size_t{1} << 30;
constexpr size_t kSelfEagerLimit = 64 * 1024;
// Buffers kept for reuse, so steady loopback traffic does not allocate.
constexpr size_t kSpareBuffers = 64;

class SelfTransport final : public Transport {
 public:
  explicit SelfTransport(const ProcessIdentity& me) : rank_(me.world_rank) {}

  std::string_view name() const override { return "self"; }

  Capabilities caps() const override {
    Capabilities c;
    c.max_frame = kSelfMaxFrame;
    c.eager_limit = kSelfEagerLimit;
    c.single_copy = true;
    c.can_block = false;
    return c;
  }

  bool reaches(int world_rank) const override { return world_rank == rank_; }
  Error publish(Modex&) override { return Error::ok(); }
  Error connect(Modex&) override { return Error::ok(); }

  bool try_send(int peer, std::span<const iovec> parts) override {
    if (peer != rank_) return false;
    size_t len = 0;
    for (const iovec& p : parts) len += p.iov_len;
    if (len > kSelfMaxFrame) return false;
    std::vector<std::byte> frame = take_spare();
    frame.reserve(len);
    for (const iovec& p : parts) {
      const auto* bytes = static_cast<const std::byte*>(p.iov_base);
      frame.insert(frame.end(), bytes, bytes + p.iov_len);
    }
    queue_.push_back(std::move(frame));
    return true;
  }

  int poll(const FrameHandler& handler) override {
    if (queue_.empty()) return 0;  // the usual case, on every progress poll
    return deliver_queued(handler);
  }

  Error get(int peer, void* dst, uint64_t remote_addr, size_t len) override {
    if (peer != rank_) return Transport::get(peer, dst, remote_addr, len);
    std::memmove(dst, reinterpret_cast<const void*>(remote_addr), len);
    return Error::ok();
  }

  void shutdown() override {
    queue_.clear();
    spare_.clear();
  }

 private:
  // Out of line, so that the empty poll above saves no registers.
  [[gnu::noinline]] int deliver_queued(const FrameHandler& handler) {
    // Only what was queued before this call: a handler that sends to self
    // gets its frame on the next poll, not in an endless loop here.
    size_t ready = queue_.size();
    int n = 0;
    for (; ready > 0 && !queue_.empty(); --ready, ++n) {
      std::vector<std::byte> frame = std::move(queue_.front());
      queue_.pop_front();
      handler(rank_, frame);
      give_back(std::move(frame));
    }
    return n;
  }

  std::vector<std::byte> take_spare() {
    if (spare_.empty()) return {};
    std::vector<std::byte> v = std::move(spare_.back());
    spare_.pop_back();
    return v;
  }
  void give_back(std::vector<std::byte> v) {
    // Only eager-sized buffers are worth keeping; a huge one is freed.
    if (spare_.size() < kSpareBuffers && v.capacity() <= kSelfEagerLimit + 4096) {
      v.clear();
      spare_.push_back(std::move(v));
    }
  }

  int rank_;
  std::deque<std::vector<std::byte>> queue_;
  std::vector<std::vector<std::byte>> spare_;
};

}  // namespace

std::unique_ptr<Transport> make_self_transport(const ProcessIdentity& me) {
  return std::make_unique<SelfTransport>(me);
}

}  // namespace gyre::btl
