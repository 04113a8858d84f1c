// The progress engine: everything that makes a request advance is a poller
// (the pml's transports, nonblocking collective schedules). A waiting rank
//   1. spins: polls without giving up the CPU (GYRE_WAIT_SPIN polls; far
//      fewer when the node has more ranks than cores, where spinning only
//      delays the peer we wait for);
//   2. yields: polls with sched_yield() between polls, for GYRE_WAIT_YIELD_US
//      microseconds, so a busy peer sharing the core runs at once while a
//      conversation in progress (ping-pong, a collective) never sleeps;
//      when the node has more ranks than cores, a yield that comes back at
//      once (no other task wanted this core) lengthens phase 1 again, for
//      this wait and the next ones, until a yield really hands the core
//      over: two ranks talking while the others sleep spin as on a node with
//      cores to spare (np 4 on 2 cores, ranks 0-1 ping-pong, 2-3 asleep:
//      one-way 8 B 2.7 us with 50 spins, 0.14 us spinning);
//   3. sleeps on the shared-memory doorbell (at most GYRE_WAIT_SLEEP_US at a
//      time), so a rank idle for longer costs almost no CPU. Frames ring the
//      doorbell; whoever publishes anything else a peer may wait for (a flag
//      of coll/shm) calls wake_peer(), and the sleeper re-checks what it
//      waits for after counting itself asleep, so neither is missed.
//
// A poll is on the critical path of every small message (a waiting rank
// spins on it), so it costs only what the live pollers cost: the engine
// walks a dense list of them, and a poller with nothing outstanding can
// return kIdle to be left out until its owner calls wake().
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "btl/btl.h"

namespace gyre {

class ProgressEngine {
 public:
  using Poller = std::function<int()>;          // returns events handled, or kIdle

  // A poller's answer meaning "nothing outstanding, skip me until wake()".
  static constexpr int kIdle = -1;

  ProgressEngine();
  // More ranks than cores on this node: spin far less before yielding,
  // unless yields show that nobody else wants this core.
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
  void set_sleeper(btl::Transport* t) { sleeper_ = t; }
  // A peer (world rank) may be asleep waiting for something this rank has
  // just published outside the transports: wake it. A load when it is awake.
  void wake_peer(int world_rank) {
    if (sleeper_ != nullptr) sleeper_->wake(world_rank);
  }

  // How many times a waiter on a shared-memory flag (coll/shm) checks it
  // before it waits here: at most `full`, and no more than phase 1 polls.
  int flag_checks(int full) const { return spin_limit_ < full ? static_cast<int>(spin_limit_) : full; }

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
    while (!done())
      if (b.step(poll() > 0)) sleep(done);
  }

 private:
  class Backoff {
   public:
    explicit Backoff(ProgressEngine& e) : engine_(e) {}
    // One poll's outcome; true when the waiter should sleep now.
    bool step(bool made_progress) {
      if (made_progress) {
        idle_ = 0;
        yield_start_ns_ = 0;
        asleep_ = false;
        return false;
      }
      return ++idle_ > engine_.spin_limit_ && back_off();
    }

   private:
    bool back_off();
    void yield();
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
  // Phase 3: one sleep, cut short as soon as done() holds.
  template <class Done>
  void sleep(Done& done) {
    if (sleeper_ != nullptr)
      sleeper_->sleep_until_frame(sleep_us_, btl::WakeCheck(std::ref(done)));
    else
      sleep_briefly();
  }
  void sleep_briefly();

  // Slots live on the heap so that a poller adding another (which may grow
  // the vector) never moves the one running; removed slots are only reused
  // outside poll() for the same reason.
  std::vector<std::unique_ptr<Slot>> pollers_;
  // What poll() walks: every live, non-idle slot, plus (until the next
  // rebuild) slots removed or parked since.
  std::vector<Slot*> running_;
  bool stale_ = false;  // running_ holds slots to drop
  int polling_depth_ = 0;
  btl::Transport* sleeper_ = nullptr;
  // A yield shorter than this handed the core to nobody (a sched_yield
  // system call alone takes 0.5-1.2 us on a 2-core VM, one that switches
  // to another task and back 2-9 us).
  static constexpr long kLoneYieldNs = 1500;
  long spin_configured_;  // GYRE_WAIT_SPIN
  bool oversubscribed_ = false;
  long spin_floor_;       // phase 1 when oversubscribed and yields hand the core over
  long spin_lone_;        // phase 1 when oversubscribed but the last yield was lone
  long spin_limit_;       // polls of phase 1 now
  long yield_ns_;         // length of phase 2
  int sleep_us_;
};

}  // namespace gyre
