// The progress engine's poller list: every live poller runs on each poll;
// one that answers kIdle is left out until wake(); pollers added, removed
// or woken from inside a poll take effect at once and safely.
#include <catch2/catch.hpp>

#include <vector>

#include "runtime/error.h"
#include "runtime/progress.h"
#include "test/unit/btl_recording_transport.h"

using namespace gyre;

TEST_CASE("progress: idle pollers are skipped until woken", "[progress]") {
  ProgressEngine engine;
  int busy_calls = 0, idle_calls = 0;
  bool has_work = false;
  engine.add_poller([&] { return ++busy_calls, 0; });
  size_t token = engine.add_poller([&] {
    ++idle_calls;
    return has_work ? 1 : ProgressEngine::kIdle;
  });
  CHECK(engine.poll() == 0);
  CHECK(idle_calls == 1);
  for (int i = 0; i < 5; ++i) engine.poll();
  CHECK(busy_calls == 6);
  CHECK(idle_calls == 1);  // parked after its kIdle
  has_work = true;
  engine.wake(token);
  CHECK(engine.poll() == 1);
  CHECK(idle_calls == 2);
  engine.wake(token);  // not idle: no effect, polled once per poll
  CHECK(engine.poll() == 1);
  CHECK(idle_calls == 3);
  engine.remove_poller(token);
  engine.poll();
  CHECK(idle_calls == 3);
  engine.wake(token);  // removed: stays out
  engine.poll();
  CHECK(idle_calls == 3);
}

TEST_CASE("progress: pollers added, woken or removed during a poll", "[progress]") {
  ProgressEngine engine;
  std::vector<int> order;
  size_t late = SIZE_MAX, parked = SIZE_MAX;
  bool parked_has_work = false;
  parked = engine.add_poller([&] {
    order.push_back(1);
    return parked_has_work ? 0 : ProgressEngine::kIdle;
  });
  size_t self = engine.add_poller([&] {
    order.push_back(2);
    if (late == SIZE_MAX) {
      // Added inside a poll: runs in this same pass.
      late = engine.add_poller([&] {
        order.push_back(3);
        return 0;
      });
      parked_has_work = true;
      engine.wake(parked);  // woken inside a poll: polled again from the next pass
      engine.remove_poller(self);  // removes itself while running
    }
    return 0;
  });
  engine.poll();
  CHECK(order == std::vector<int>{1, 2, 3});
  order.clear();
  engine.poll();
  CHECK(order == std::vector<int>{1, 3});
  // A nested poll (a poller waiting inside) sees the same list.
  engine.remove_poller(late);
  int nested = 0;
  engine.add_poller([&] {
    if (nested++ == 0) engine.poll();
    return 0;
  });
  order.clear();
  engine.poll();
  CHECK(nested == 2);
  CHECK(order == std::vector<int>{1, 1});
}

TEST_CASE("progress: wait_until polls until the condition holds", "[progress]") {
  ProgressEngine engine;
  int n = 0;
  engine.add_poller([&] { return ++n, 1; });
  engine.wait_until([&] { return n >= 100; });
  CHECK(n == 100);
}

using FakeSleeper = testing::RecordingTransport;

// A rank asleep on its doorbell must see a condition that is no frame (a
// coll/shm flag): the sleeper gets the wait's condition to re-check once it
// counts itself asleep, and wake_peer reaches the transport.
TEST_CASE("progress: a sleeping wait hands its condition to the sleeper", "[progress]") {
  ProgressEngine engine;
  FakeSleeper t;
  engine.set_sleeper(&t);
  bool done = false;
  int sleeps = 0;
  t.on_sleep = [&](const btl::WakeCheck& woken) {
    REQUIRE(woken);
    CHECK_FALSE(woken());
    if (++sleeps == 3) done = true;  // what a peer publishes while we sleep
    CHECK(woken() == done);
  };
  engine.wait_until([&] { return done; });
  CHECK(sleeps == 3);
  engine.wake_peer(5);
  CHECK(t.woken == std::vector<int>{5});
}
