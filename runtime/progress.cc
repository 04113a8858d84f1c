#include "runtime/progress.h"

#include <sched.h>
#include <unistd.h>

#include "runtime/params.h"

namespace gyre {

ProgressEngine::ProgressEngine()
    : spin_limit_(params::get_int("GYRE_WAIT_SPIN")),
      yield_limit_(params::get_int("GYRE_WAIT_YIELD")),
      sleep_us_(static_cast<int>(params::get_int("GYRE_WAIT_SLEEP_US"))) {}

size_t ProgressEngine::add_poller(Poller p) {
  if (polling_depth_ == 0)
    for (size_t i = 0; i < pollers_.size(); ++i)
      if (!pollers_[i].live) {
        pollers_[i] = Slot{std::move(p), true};
        return i;
      }
  pollers_.push_back(Slot{std::move(p), true});
  return pollers_.size() - 1;
}

void ProgressEngine::remove_poller(size_t token) {
  // The function object stays until the slot is reused: a poller may remove
  // itself while it runs.
  if (token < pollers_.size()) pollers_[token].live = false;
}

int ProgressEngine::poll() {
  int events = 0;
  ++polling_depth_;
  // Index loop: a poller may add another (a schedule starting a schedule).
  for (size_t i = 0; i < pollers_.size(); ++i)
    if (pollers_[i].live) events += pollers_[i].poll();
  --polling_depth_;
  return events;
}

void ProgressEngine::Backoff::step(bool made_progress) {
  if (made_progress) {
    idle_ = 0;
    return;
  }
  ++idle_;
  if (idle_ <= engine_.spin_limit_) return;
  if (idle_ <= engine_.spin_limit_ + engine_.yield_limit_) {
    sched_yield();
    return;
  }
  if (engine_.sleeper_)
    engine_.sleeper_(engine_.sleep_us_);
  else
    usleep(static_cast<useconds_t>(engine_.sleep_us_ > 50 ? 50 : engine_.sleep_us_));
}

}  // namespace gyre
