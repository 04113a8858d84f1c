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
#pragma once
#include <functional>
#include <memory>
#include <vector>

namespace gyre {

class ProgressEngine {
 public:
  using Poller = std::function<int()>;          // returns events handled
  using Sleeper = std::function<void(int)>;     // sleep up to N microseconds

  ProgressEngine();
  // More ranks than cores on this node: spin far less before yielding.
  void set_oversubscribed(bool oversubscribed);
  // Pollers run in registration order on every poll(); returns a token.
  size_t add_poller(Poller p);
  void remove_poller(size_t token);
  // What a rank with nothing to do blocks on (the sm doorbell); only one.
  void set_sleeper(Sleeper s) { sleeper_ = std::move(s); }

  int poll();

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
    void step(bool made_progress);
   private:
    ProgressEngine& engine_;
    long idle_ = 0;            // polls without progress
    long yield_start_ns_ = 0;  // when phase 2 began (0: not yet)
    bool asleep_ = false;      // phase 3 reached: sleep on every idle step
  };

  struct Slot {
    Poller poll;
    bool live = false;
  };
  // Slots live on the heap so that a poller adding another (which may grow
  // the vector) never moves the one running; removed slots are only reused
  // outside poll() for the same reason. A vector of pointers indexes in a
  // few instructions, where a deque cost ~130 per poll.
  std::vector<std::unique_ptr<Slot>> pollers_;
  int polling_depth_ = 0;
  Sleeper sleeper_;
  long spin_configured_;  // GYRE_WAIT_SPIN
  long spin_limit_;       // polls of phase 1 (reduced when oversubscribed)
  long yield_ns_;         // length of phase 2
  int sleep_us_;
};

}  // namespace gyre
