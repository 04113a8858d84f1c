#include "runtime/progress.h"

#include <sched.h>
#include <unistd.h>

#include <vector>

#include "runtime/monotonic_clock.h"
#include "runtime/params.h"

namespace gyre {

ProgressEngine::ProgressEngine()
    : spin_configured_(params::get_int("GYRE_WAIT_SPIN")),
      spin_floor_(spin_configured_),
      spin_lone_(spin_configured_),
      spin_limit_(spin_configured_),
      yield_ns_(params::get_int("GYRE_WAIT_YIELD_US") * 1000),
      sleep_us_(static_cast<int>(params::get_int("GYRE_WAIT_SLEEP_US"))) {}

void ProgressEngine::set_oversubscribed(bool oversubscribed) {
  oversubscribed_ = oversubscribed;
  // Five polls by default: a peer that shares this core cannot answer
  // before this rank yields, and every poll delays it (np 4 on 2 cores,
  // 8 B alltoall: 50 polls here and 64 flag checks in coll/shm cost about
  // twice the time and CPU of 5 and 5).
  spin_floor_ = oversubscribed ? spin_configured_ / 4000 : spin_configured_;
  // A sixteenth of a full spin (~10 us of polls): short enough that a peer
  // waking on this core waits little for the next yield.
  spin_lone_ = oversubscribed ? spin_configured_ / 16 : spin_configured_;
  spin_limit_ = spin_floor_;
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

bool ProgressEngine::Backoff::back_off() {
  if (asleep_) return true;
  if (!engine_.oversubscribed_) {
    if (yield_start_ns_ == 0) yield_start_ns_ = monotonic_ns();
    // Reading the clock costs ~20 ns: check it every 16 yields only.
    if ((idle_ & 15) != 0 || monotonic_ns() - yield_start_ns_ < engine_.yield_ns_) {
      sched_yield();
      return false;
    }
  } else {
    long now = monotonic_ns();
    if (yield_start_ns_ == 0) yield_start_ns_ = now;
    if (now - yield_start_ns_ < engine_.yield_ns_) {
      yield();
      return false;
    }
  }
  asleep_ = true;
  return true;
}

void ProgressEngine::sleep_briefly() {
  usleep(static_cast<useconds_t>(sleep_us_ > 50 ? 50 : sleep_us_));
}

// Oversubscribed: a yield that nobody took (it came back at once) means this
// core is free for now, so polling costs nobody anything: spin again (this
// wait and later ones) until a yield is really taken.
void ProgressEngine::Backoff::yield() {
  long before = monotonic_ns();
  sched_yield();
  bool lone = monotonic_ns() - before < kLoneYieldNs;
  engine_.spin_limit_ = lone ? engine_.spin_lone_ : engine_.spin_floor_;
  if (lone) idle_ = 0;
}

}  // namespace gyre
