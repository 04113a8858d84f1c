// The progress engine: everything that makes a request advance is a poller
// (the pml's transports, nonblocking collective schedules). A waiting rank
//   1. spins: polls without giving up the CPU (GYRE_WAIT_SPIN polls; far
//      fewer when the node has more ranks than cores, where spinning only
//      delays the peer we wait for);
//   2. yields: polls with sched_yield() between polls, for GYRE_WAIT_YIELD_US
//      microseconds, so a busy peer sharing the core runs at once while a
//      conversation in progress (ping-pong, a collective) never sleeps;
//   3. sleeps on the shared-memory doorbell (at most GYRE_WAIT_SLEEP_US at a
//      time), so a rank idle for longer costs almost no CPU.
//
// A poll is on the critical path of every small message (a waiting rank
// spins on it), so it costs only what the live pollers cost: the engine
// walks a dense list of them, and a poller with nothing outstanding can
// return kIdle to be left out until its owner calls wake().
#pragma once
#include <functional>
#include <memory>
#include <vector>

namespace gyre {

class ProgressEngine {
 public:
  using Poller = std::function<int()>;          // returns events handled, or kIdle
  using Sleeper = std::function<void(int)>;     // sleep up to N microseconds

  // A poller's answer meaning "nothing outstanding, skip me until wake()".
  static constexpr int kIdle = -1;

  ProgressEngine();
  // More ranks than cores on this node: spin far less before yielding.
  void set_oversubscribed(bool oversubscribed);
  // Pollers run on every poll(), in registration order unless some went
  // idle and were woken; returns a token.
  size_t add_poller(Poller p);
  void remove_poller(size_t token);
  // A poller that went idle has work again (cheap when it is not idle).
  void wake(size_t token) {
    if (token < pollers_.size() && pollers_[token]->idle) wake_slot(*pollers_[token]);
  }
  // What a rank with nothing to do blocks on (the sm doorbell); only one.
  void set_sleeper(Sleeper s) { sleeper_ = std::move(s); }

  int poll() {
    if (stale_ && polling_depth_ == 0) rebuild();
    ++polling_depth_;
    int events = 0;
    // Index loop, size read each time: a poller may add or wake pollers (a
    // schedule starting a schedule), which are appended and polled in this
    // same pass; entries are removed only by rebuild(), outside any poll.
    for (size_t i = 0; i < running_.size(); ++i) {
      Slot& s = *running_[i];
      if (!s.live || s.idle) continue;
      int e = s.poll();
      if (e > 0)
        events += e;
      else if (e == kIdle)
        park(s);
    }
    --polling_depth_;
    return events;
  }

  // Progress until done() is true, backing off as described above.
  template <class Done>
  void wait_until(Done&& done) {
    if (done()) return;
    Backoff b(*this);
    while (!done()) b.step(poll() > 0);
  }

 private:
  class Backoff {
   public:
    explicit Backoff(ProgressEngine& e) : engine_(e) {}
    void step(bool made_progress) {
      if (made_progress) {
        idle_ = 0;
        yield_start_ns_ = 0;
        asleep_ = false;
        return;
      }
      if (++idle_ > engine_.spin_limit_) back_off();
    }

   private:
    void back_off();
    ProgressEngine& engine_;
    long idle_ = 0;            // polls without progress
    long yield_start_ns_ = 0;  // when phase 2 began (0: not yet)
    bool asleep_ = false;      // phase 3 reached: sleep on every idle step
  };

  struct Slot {
    Poller poll;
    bool live = false;
    bool idle = false;    // returned kIdle, not woken since
    bool listed = false;  // in running_
  };
  void park(Slot& s) {
    s.idle = true;
    stale_ = true;
  }
  void wake_slot(Slot& s) {
    s.idle = false;
    list(s);
  }
  void list(Slot& s) {
    if (s.listed) return;
    s.listed = true;
    running_.push_back(&s);
  }
  void rebuild();

  // Slots live on the heap so that a poller adding another (which may grow
  // the vector) never moves the one running; removed slots are only reused
  // outside poll() for the same reason.
  std::vector<std::unique_ptr<Slot>> pollers_;
  // What poll() walks: every live, non-idle slot, plus (until the next
  // rebuild) slots removed or parked since.
  std::vector<Slot*> running_;
  bool stale_ = false;  // running_ holds slots to drop
  int polling_depth_ = 0;
  Sleeper sleeper_;
  long spin_configured_;  // GYRE_WAIT_SPIN
  long spin_limit_;       // polls of phase 1 (reduced when oversubscribed)
  long yield_ns_;         // length of phase 2
  int sleep_us_;
};

}  // namespace gyre
