#include "runtime/async_progress.h"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <ctime>
#include <string>

#include "runtime/log.h"
#include "runtime/monotonic_clock.h"
#include "runtime/params.h"
#include "runtime/progress.h"

namespace gyre {

namespace {

void sleep_us(int us) {
  timespec ts{0, static_cast<long>(us) * 1000};
  nanosleep(&ts, nullptr);
}

// Idle polls made back to back before the thread starts yielding: a message
// that is about to arrive is handled at once, at the cost of ~10 us of CPU.
constexpr long kSpinPolls = 100;

}  // namespace

void AsyncProgress::configure(ProgressEngine& engine, int local_size) {
  engine_ = &engine;
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  spare_cpus_ = online > 0 && online >= 2L * local_size;
  std::string mode = params::get_string("GYRE_ASYNC_PROGRESS");
  if (mode == "on")
    enabled_ = true;
  else if (mode == "off")
    enabled_ = false;
  else if (mode == "auto")
    enabled_ = spare_cpus_;
  else
    log::fatal("GYRE_ASYNC_PROGRESS=" + mode + " is not a valid value (use auto, on or off)");
  sleep_us_ = static_cast<int>(params::get_int("GYRE_ASYNC_PROGRESS_SLEEP_US"));
  if (sleep_us_ < 1) sleep_us_ = 1;
  yield_ns_ = params::get_int("GYRE_WAIT_YIELD_US") * 1000;
  log::debug(1, std::string("async progress ") + (enabled_ ? "enabled" : "disabled") + " (GYRE_ASYNC_PROGRESS=" +
                    mode + ", " + std::to_string(online) + " processors, " + std::to_string(local_size) +
                    " ranks on this node)");
}

void AsyncProgress::operation_started() {
  int before = outstanding_.fetch_add(1, std::memory_order_relaxed);
  if (!enabled_) return;
  if (!thread_.joinable()) {
    start_pending_ = true;  // started when the outermost MPI call returns
    return;
  }
  if (before == 0) {
    // The thread may be asleep waiting for work: wake it (under its mutex,
    // so the wake-up cannot fall between its check and its wait).
    std::lock_guard<std::mutex> g(idle_mutex_);
    idle_cv_.notify_one();
  }
}

void AsyncProgress::lock_for_call() {
  if (lock_.try_lock()) return;
  // The thread is polling: say so, so it steps aside after this poll.
  users_waiting_.fetch_add(1, std::memory_order_relaxed);
  lock_.lock();
  users_waiting_.fetch_sub(1, std::memory_order_relaxed);
}

bool AsyncProgress::try_lock_for_test() {
  if (!lock_.try_lock()) {
    long polls = polls_done_.load(std::memory_order_relaxed);
    if (first_skip_at_poll_ < 0) first_skip_at_poll_ = polls;
    if (polls - first_skip_at_poll_ < 2) return false;
    lock_for_call();
  }
  first_skip_at_poll_ = -1;
  return true;
}

void AsyncProgress::start_thread() {
  start_pending_ = false;
  // Nothing left to progress (the operation completed at once): wait for
  // the next one rather than start a thread for nothing.
  if (!enabled_ || thread_.joinable() || outstanding_.load(std::memory_order_relaxed) == 0) return;
  // No MPI call is running on this thread now, and every later one locks.
  calls_locked_.store(true, std::memory_order_relaxed);
  thread_ = std::thread([this] { run(); });
  log::debug(1, "async progress thread started");
}

void AsyncProgress::stop() {
  start_pending_ = false;
  enabled_ = false;
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> g(idle_mutex_);
    stopping_.store(true, std::memory_order_relaxed);
  }
  idle_cv_.notify_one();
  thread_.join();
  calls_locked_.store(false, std::memory_order_relaxed);
}

bool AsyncProgress::wait_for_work() {
  if (stopping_.load(std::memory_order_relaxed)) return false;
  if (outstanding_.load(std::memory_order_relaxed) > 0) return true;
  std::unique_lock<std::mutex> l(idle_mutex_);
  idle_cv_.wait(l, [this] {
    return stopping_.load(std::memory_order_relaxed) || outstanding_.load(std::memory_order_relaxed) > 0;
  });
  return !stopping_.load(std::memory_order_relaxed);
}

void AsyncProgress::widen_affinity_if_spare() {
  // A rank bound to one core would share it with its own thread; where the
  // node has spare processors, let the scheduler put the thread on one.
  if (!spare_cpus_) return;
  long configured = sysconf(_SC_NPROCESSORS_CONF);
  cpu_set_t all;
  CPU_ZERO(&all);
  for (long cpu = 0; cpu < configured && cpu < CPU_SETSIZE; ++cpu) CPU_SET(cpu, &all);
  sched_setaffinity(0, sizeof all, &all);  // this thread only; a refusal keeps the rank's mask
}

void AsyncProgress::run() {
  pthread_setname_np(pthread_self(), "gyre-progress");
  widen_affinity_if_spare();
  long idle = 0;
  long yield_start_ns = 0;
  while (wait_for_work()) {
    bool progressed = false;
    // Never block on the lock: a user thread holding it is in MPI and
    // progresses itself; one waiting for it goes first.
    if (users_waiting_.load(std::memory_order_relaxed) == 0 && lock_.try_lock()) {
      progressed = engine_->poll() > 0;
      polls_done_.fetch_add(1, std::memory_order_relaxed);
      lock_.unlock();
    }
    if (progressed) {
      idle = 0;
      yield_start_ns = 0;
      continue;
    }
    // Back off as a waiting rank does: spin briefly, yield for a while (so
    // a computation sharing the core runs), then sleep between polls.
    if (++idle <= kSpinPolls) continue;
    if (yield_start_ns == 0) yield_start_ns = monotonic_ns();
    if (monotonic_ns() - yield_start_ns < yield_ns_)
      sched_yield();
    else
      sleep_us(sleep_us_);
  }
}

}  // namespace gyre
