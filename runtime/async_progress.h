// Asynchronous progress: a thread that polls the progress engine while a
// nonblocking or persistent collective is outstanding, so a rank computing
// between MPI_Iallreduce and MPI_Wait still has its allreduce advance.
//
// Safety is one big lock. Once the thread exists, every MPI call (api::Call)
// holds the lock for its whole duration, and the thread holds it around each
// poll. The thread only ever *tries* the lock, and steps aside while a user
// thread waits for it, so a rank waiting in MPI_Wait progresses itself as
// before and no path ever waits for the thread while holding the lock.
// Before the thread exists a call costs one relaxed load and a counter: the
// thread starts lazily, when the outermost MPI call that started the first
// outstanding operation returns (so that call never runs unlocked beside it).
//
// GYRE_ASYNC_PROGRESS=auto|on|off; auto uses the thread only when the node has
// a spare processor per local rank (a thread sharing the rank's core steals
// the computation's time it means to overlap with).
#pragma once
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace gyre {

class ProgressEngine;

class AsyncProgress {
 public:
  AsyncProgress() = default;
  ~AsyncProgress() { stop(); }
  AsyncProgress(const AsyncProgress&) = delete;
  AsyncProgress& operator=(const AsyncProgress&) = delete;

  // MPI_Init, once the transports run: decide from GYRE_ASYNC_PROGRESS and
  // the node whether the thread may be used; it polls `engine`.
  void configure(ProgressEngine& engine, int local_size);
  bool enabled() const { return enabled_; }
  bool thread_running() const { return thread_.joinable(); }

  // A nonblocking or persistent collective began / completed (or was
  // destroyed in flight). Called with the MPI lock held once it exists.
  void operation_started();
  void operation_finished() { outstanding_.fetch_sub(1, std::memory_order_relaxed); }

  // api::Call: true once the thread exists; every MPI call then takes the lock.
  bool calls_locked() const { return calls_locked_.load(std::memory_order_relaxed); }
  void lock_for_call();
  void unlock_after_call() { lock_.unlock(); }
  // For tests (MPI_Test...): take the lock if it is free; else false, and
  // the caller reports "not complete" instead of waiting out a long step
  // (a copy of megabytes). After the thread has finished two polls without
  // the caller getting in, it waits, so repeated tests always get through.
  bool try_lock_for_test();
  // The thread exists and polls (something is outstanding): a test need not.
  bool thread_polling() const {
    return calls_locked() && outstanding_.load(std::memory_order_relaxed) > 0;
  }
  // Calls made before the thread exists are only counted, so that it starts
  // when the outermost one returns.
  void call_began() { ++unlocked_depth_; }
  void call_ended() {
    if (--unlocked_depth_ == 0 && start_pending_) [[unlikely]]
      start_thread();
  }

  // MPI_Finalize: stop and join the thread (safe with the lock held: the
  // thread never blocks on it). Later calls run unlocked again.
  void stop();

 private:
  void start_thread();
  void run();
  bool wait_for_work();  // false once stop() was asked
  void widen_affinity_if_spare();

  ProgressEngine* engine_ = nullptr;
  bool enabled_ = false;
  bool spare_cpus_ = false;  // a free processor per local rank on this node
  int sleep_us_ = 50;        // GYRE_ASYNC_PROGRESS_SLEEP_US
  long yield_ns_ = 0;        // GYRE_WAIT_YIELD_US
  bool start_pending_ = false;
  int unlocked_depth_ = 0;

  // The MPI lock; recursive because user callbacks run inside MPI calls
  // (error handlers, attribute callbacks) may call MPI again.
  std::recursive_mutex lock_;
  std::atomic<bool> calls_locked_{false};
  std::atomic<int> users_waiting_{0};  // user threads blocked on lock_
  std::atomic<int> outstanding_{0};    // operations the thread progresses
  std::atomic<long> polls_done_{0};    // by the thread
  long first_skip_at_poll_ = -1;       // polls_done_ when tests began to skip

  std::mutex idle_mutex_;  // guards the thread's sleep while nothing is outstanding
  std::condition_variable idle_cv_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace gyre
