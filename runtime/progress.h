// The progress engine: everything that makes a request advance is a poller
// (the pml's transports, nonblocking collective schedules). A waiting rank
// spins briefly, then yields, then sleeps on the shared-memory doorbell, so
// an oversubscribed node runs at full speed (GYRE_WAIT_* tune the steps).
#pragma once
#include <deque>
#include <functional>

namespace gyre {

class ProgressEngine {
 public:
  using Poller = std::function<int()>;          // returns events handled
  using Sleeper = std::function<void(int)>;     // sleep up to N microseconds

  ProgressEngine();
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
    long idle_ = 0;
  };

  struct Slot {
    Poller poll;
    bool live = false;
  };
  // A deque so that a poller adding another never moves the one running;
  // removed slots are only reused outside poll() for the same reason.
  std::deque<Slot> pollers_;
  int polling_depth_ = 0;
  Sleeper sleeper_;
  long spin_limit_;
  long yield_limit_;
  int sleep_us_;
};

}  // namespace gyre
