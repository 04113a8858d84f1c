// A transport for testing who wakes whom: it reaches nobody, records every
// peer that wake() rings, and hands each sleep to a test callback (with the
// condition the waiting rank re-checks), so no test really sleeps.
#pragma once
#include <functional>
#include <string_view>
#include <vector>

#include "btl/btl.h"

namespace gyre::testing {

class RecordingTransport final : public btl::Transport {
 public:
  std::vector<int> woken;
  std::function<void(const btl::WakeCheck&)> on_sleep = [](const btl::WakeCheck&) {};

  std::string_view name() const override { return "recorder"; }
  btl::Capabilities caps() const override { return {}; }
  bool reaches(int) const override { return false; }
  Error publish(Modex&) override { return Error::ok(); }
  Error connect(Modex&) override { return Error::ok(); }
  bool try_send(int, std::span<const iovec>) override { return false; }
  int poll(const btl::FrameHandler&) override { return 0; }
  void wake(int peer) override { woken.push_back(peer); }
  void sleep_until_frame(int, const btl::WakeCheck& check) override { on_sleep(check); }
};

}  // namespace gyre::testing
