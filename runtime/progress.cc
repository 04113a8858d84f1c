#include "runtime/progress.h"

#include <sched.h>
#include <unistd.h>

#include <vector>

#include "runtime/monotonic_clock.h"
#include "runtime/params.h"

namespace gyre {

ProgressEngine::ProgressEngine()
    : spin_configured_(params::get_int("GYRE_WAIT_SPIN")),
      spin_limit_(spin_configured_),
      yield_ns_(params::get_int("GYRE_WAIT_YIELD_US") * 1000),
      sleep_us_(static_cast<int>(params::get_int("GYRE_WAIT_SLEEP_US"))) {}

void ProgressEngine::set_oversubscribed(bool oversubscribed) {
  spin_limit_ = oversubscribed ? spin_configured_ / 400 : spin_configured_;
}

size_t ProgressEngine::add_poller(Poller p) {
  size_t token = pollers_.size();
  if (polling_depth_ == 0) {
    for (size_t i = 0; i < pollers_.size(); ++i)
      if (!pollers_[i]->live) {
        token = i;
        break;
      }
  }
  if (token == pollers_.size()) pollers_.push_back(std::make_unique<Slot>());
  Slot& s = *pollers_[token];
  s.poll = std::move(p);
  s.live = true;
  s.idle = false;
  list(s);
  return token;
}

void ProgressEngine::remove_poller(size_t token) {
  // The function object stays until the slot is reused: a poller may remove
  // itself while it runs.
  if (token < pollers_.size()) {
    pollers_[token]->live = false;
    stale_ = true;
  }
}

void ProgressEngine::rebuild() {
  std::erase_if(running_, [](Slot* s) {
    if (s->live && !s->idle) return false;
    s->listed = false;
    return true;
  });
  stale_ = false;
}

void ProgressEngine::Backoff::back_off() {
  if (!asleep_) {
    if (yield_start_ns_ == 0) yield_start_ns_ = monotonic_ns();
    // Reading the clock costs ~20 ns: check it every 16 yields only.
    if ((idle_ & 15) != 0 || monotonic_ns() - yield_start_ns_ < engine_.yield_ns_) {
      sched_yield();
      return;
    }
    asleep_ = true;
  }
  if (engine_.sleeper_)
    engine_.sleeper_(engine_.sleep_us_);
  else
    usleep(static_cast<useconds_t>(engine_.sleep_us_ > 50 ? 50 : engine_.sleep_us_));
}

}  // namespace gyre
