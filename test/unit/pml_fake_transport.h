// An in-process network for testing the pml: N ranks, each with its own
// Pml and ProgressEngine, connected by bounded FIFOs. The limits are
// configurable so a test can force refusals, tiny frames, no single-copy,
// or a failing get().
#pragma once
#include <algorithm>
#include <cstring>
#include <deque>
#include <memory>
#include <vector>

#include "btl/btl.h"
#include "pml/headers.h"
#include "pml/pml.h"
#include "runtime/pmix/identity.h"
#include "runtime/progress.h"

namespace gyre::pml::testing {

struct FakeConfig {
  size_t max_frame = 4096;
  size_t eager_limit = 1024;
  bool single_copy = true;
  bool get_fails = false;   // get() reports an error (CMA not permitted)
  bool single_copy_put = false;  // put() works too (the split copy)
  size_t capacity = 64;     // frames one inbox holds before try_send refuses
};

struct FakeFrame {
  int src;
  std::vector<std::byte> bytes;
};

struct FakeNetwork {
  FakeConfig config;
  std::vector<std::deque<FakeFrame>> inbox;
  size_t refusals = 0;
  size_t oversize = 0;  // frames larger than max_frame (must stay 0)
  size_t gets = 0;
  size_t puts = 0;
  size_t largest = 0;   // biggest frame seen
  size_t frames_of[8] = {};  // by FrameType
};

class FakeTransport : public btl::Transport {
 public:
  FakeTransport(FakeNetwork& net, int me) : net_(net), me_(me) {}

  std::string_view name() const override { return "fake"; }
  btl::Capabilities caps() const override {
    btl::Capabilities c;
    c.max_frame = net_.config.max_frame;
    c.eager_limit = net_.config.eager_limit;
    c.single_copy = net_.config.single_copy;
    c.single_copy_put = net_.config.single_copy_put;
    return c;
  }
  bool reaches(int rank) const override { return rank >= 0 && static_cast<size_t>(rank) < net_.inbox.size(); }
  Error publish(Modex&) override { return Error::ok(); }
  Error connect(Modex&) override { return Error::ok(); }

  bool try_send(int peer, std::span<const iovec> parts) override {
    auto& q = net_.inbox[static_cast<size_t>(peer)];
    if (q.size() >= net_.config.capacity) {
      ++net_.refusals;
      return false;
    }
    FakeFrame f{me_, {}};
    for (const iovec& v : parts) {
      const auto* p = static_cast<const std::byte*>(v.iov_base);
      f.bytes.insert(f.bytes.end(), p, p + v.iov_len);
    }
    if (f.bytes.size() > net_.config.max_frame) ++net_.oversize;
    net_.largest = std::max(net_.largest, f.bytes.size());
    if (!f.bytes.empty() && static_cast<size_t>(f.bytes[0]) < 8) ++net_.frames_of[static_cast<size_t>(f.bytes[0])];
    q.push_back(std::move(f));
    return true;
  }

  int poll(const btl::FrameHandler& handler) override {
    auto& q = net_.inbox[static_cast<size_t>(me_)];
    int n = 0;
    for (size_t pending = q.size(); pending > 0; --pending, ++n) {
      FakeFrame f = std::move(q.front());
      q.pop_front();
      handler(f.src, f.bytes);
    }
    return n;
  }

  Error get(int peer, void* dst, uint64_t remote_addr, size_t len) override {
    if (net_.config.get_fails) return Error(ErrClass::other, "fake get refused");
    ++net_.gets;
    std::memcpy(dst, reinterpret_cast<const void*>(static_cast<uintptr_t>(remote_addr)), len);
    return Error::ok();
  }

  Error put(int peer, uint64_t remote_addr, const void* src, size_t len) override {
    if (!net_.config.single_copy_put) return Transport::put(peer, remote_addr, src, len);
    ++net_.puts;
    std::memcpy(reinterpret_cast<void*>(static_cast<uintptr_t>(remote_addr)), src, len);
    return Error::ok();
  }

 private:
  FakeNetwork& net_;
  int me_;
};

// N ranks in one process, all progressed by run_until().
class FakeWorld {
 public:
  explicit FakeWorld(int n, FakeConfig config = {}) {
    net.config = config;
    net.inbox.resize(static_cast<size_t>(n));
    for (int r = 0; r < n; ++r) {
      ProcessIdentity me;
      me.world_rank = r;
      me.world_size = n;
      transports_.push_back(std::make_unique<FakeTransport>(net, r));
      engines_.push_back(std::make_unique<ProgressEngine>());
      pmls_.push_back(std::make_unique<Pml>(me, std::vector<btl::Transport*>{transports_.back().get()},
                                            *engines_.back()));
    }
  }

  Pml& operator[](int rank) { return *pmls_[static_cast<size_t>(rank)]; }

  int poll_all() {
    int events = 0;
    for (auto& e : engines_) events += e->poll();
    return events;
  }

  // Progress every rank until done() or nothing moves any more; returns done().
  template <class Done>
  bool run_until(Done&& done, int max_idle_rounds = 4) {
    int idle = 0;
    while (!done() && idle < max_idle_rounds) idle = poll_all() > 0 ? 0 : idle + 1;
    return done();
  }

  FakeNetwork net;

 private:
  std::vector<std::unique_ptr<FakeTransport>> transports_;
  std::vector<std::unique_ptr<ProgressEngine>> engines_;
  std::vector<std::unique_ptr<Pml>> pmls_;
};

}  // namespace gyre::pml::testing
