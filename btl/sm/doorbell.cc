#include "btl/sm/doorbell.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <ctime>

namespace gyre::btl::sm {
namespace {

std::atomic_ref<uint32_t> ref(uint32_t& w) { return std::atomic_ref<uint32_t>(w); }

long futex(uint32_t* word, int op, uint32_t val, const timespec* timeout) {
  return syscall(SYS_futex, word, op, val, timeout, nullptr, 0);
}

}  // namespace

uint32_t Doorbell::arm() {
  uint32_t seen = ref(words_->bell).load(std::memory_order_acquire);
  ref(words_->sleepers).fetch_add(1, std::memory_order_seq_cst);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  return seen;
}

void Doorbell::wait(uint32_t seen, int timeout_us) {
  if (timeout_us <= 0) return;
  timespec t{timeout_us / 1000000, static_cast<long>(timeout_us % 1000000) * 1000};
  // EAGAIN (the bell moved), EINTR and ETIMEDOUT all mean: go and poll.
  futex(&words_->bell, FUTEX_WAIT, seen, &t);
}

void Doorbell::disarm() { ref(words_->sleepers).fetch_sub(1, std::memory_order_relaxed); }

void Doorbell::wake() {
  ref(words_->bell).fetch_add(1, std::memory_order_release);
  futex(&words_->bell, FUTEX_WAKE, INT_MAX, nullptr);
}

}  // namespace gyre::btl::sm
