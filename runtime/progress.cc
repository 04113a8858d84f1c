#include "runtime/progress.h"

#include <sched.h>
#include <unistd.h>

#include <ctime>

#include "runtime/params.h"

namespace gyre {

namespace {
long now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}
}  // namespace

ProgressEngine::ProgressEngine()
    : spin_configured_(params::get_int("GYRE_WAIT_SPIN")),
      spin_limit_(spin_configured_),
      yield_ns_(params::get_int("GYRE_WAIT_YIELD_US") * 1000),
      sleep_us_(static_cast<int>(params::get_int("GYRE_WAIT_SLEEP_US"))) {}

void ProgressEngine::set_oversubscribed(bool oversubscribed) {
  spin_limit_ = oversubscribed ? spin_configured_ / 400 : spin_configured_;
}

size_t ProgressEngine::add_poller(Poller p) {
  if (polling_depth_ == 0)
    for (size_t i = 0; i < pollers_.size(); ++i)
      if (!pollers_[i]->live) {
        *pollers_[i] = Slot{std::move(p), true};
        return i;
      }
  pollers_.push_back(std::make_unique<Slot>(Slot{std::move(p), true}));
  return pollers_.size() - 1;
}

void ProgressEngine::remove_poller(size_t token) {
  // The function object stays until the slot is reused: a poller may remove
  // itself while it runs.
  if (token < pollers_.size()) pollers_[token]->live = false;
}

int ProgressEngine::poll() {
  int events = 0;
  ++polling_depth_;
  // Index loop: a poller may add another (a schedule starting a schedule).
  for (size_t i = 0; i < pollers_.size(); ++i)
    if (Slot& slot = *pollers_[i]; slot.live) events += slot.poll();
  --polling_depth_;
  return events;
}

void ProgressEngine::Backoff::step(bool made_progress) {
  if (made_progress) {
    idle_ = 0;
    yield_start_ns_ = 0;
    asleep_ = false;
    return;
  }
  ++idle_;
  if (idle_ <= engine_.spin_limit_) return;
  if (!asleep_) {
    if (yield_start_ns_ == 0) yield_start_ns_ = now_ns();
    // Reading the clock costs ~20 ns: check it every 16 yields only.
    if ((idle_ & 15) != 0 || now_ns() - yield_start_ns_ < engine_.yield_ns_) {
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
