#include "coll/shm/shm_comm.h"

#include <sched.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "runtime/progress.h"

namespace gyre::coll::shm {

namespace {

// Checks of a flag before the wait goes through the progress engine: a
// peer that is a few hundred nanoseconds behind is met without a poll of
// every transport in between. Fewer when the engine spins less (ranks
// sharing cores): 64 checks with a pause each last ~2.3 us, for a peer that
// may not run before this rank yields.
constexpr int kSpinChecks = 64;

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

constexpr size_t kNameBytes = 256;

}  // namespace

ShmComm::ShmComm(Key, int rank, int size, btl::sm::SharedSegment segment, ProgressEngine* progress,
                 std::vector<int> world_ranks, bool huge_slots)
    : rank_(rank),
      size_(size),
      huge_slots_(huge_slots ? kHugeSlots : 0),
      small_mask_(small_slots(huge_slots) - 1),
      big_mask_(big_slots(huge_slots) - 1),
      big_start_(big_start(huge_slots)),
      huge_start_(huge_start(huge_slots)),
      rank_stride_(rank_stride(huge_slots)),
      segment_(std::move(segment)),
      progress_(progress),
      world_ranks_(std::move(world_ranks)),
      scratch_(kSlotBytes) {
  if (progress_ == nullptr || world_ranks_.size() != static_cast<size_t>(size_)) world_ranks_.clear();
}

Error ShmComm::create(int rank, int size, const std::string& name, Bootstrap& boot, ProgressEngine* progress,
                      std::unique_ptr<ShmComm>* out, std::vector<int> world_ranks, bool huge_slots) {
  const size_t bytes = bytes_for(size, huge_slots);
  std::array<char, kNameBytes> shared_name{};  // rank 0's name; empty when it could not create one
  btl::sm::SharedSegment segment;
  Error mine;
  if (rank == 0) {
    mine = name.size() < kNameBytes ? btl::sm::SharedSegment::create(name, bytes, segment)
                                    : Error(ErrClass::intern, "segment name too long: " + name);
    if (!mine) std::memcpy(shared_name.data(), name.data(), name.size());
  }
  GYRE_TRY(boot.bcast(shared_name.data(), shared_name.size()));
  if (rank != 0 && shared_name[0] != '\0') {
    mine = btl::sm::SharedSegment::open(shared_name.data(), segment);
    if (!mine && segment.size() < bytes)
      mine = Error(ErrClass::intern, "shared memory " + std::string(shared_name.data()) + " is too small");
  }
  uint8_t ok = shared_name[0] != '\0' && !mine;
  std::vector<uint8_t> oks(static_cast<size_t>(size));
  GYRE_TRY(boot.allgather(&ok, oks.data(), 1));
  segment.unlink();  // (rank 0) every member has mapped it or given up: nobody opens it again
  for (int r = 0; r < size; ++r)
    if (oks[static_cast<size_t>(r)] == 0)
      return mine ? mine
                  : Error(ErrClass::other, "rank " + std::to_string(r) + " could not map the collective segment");
  *out = std::make_unique<ShmComm>(Key{}, rank, size, std::move(segment), progress, std::move(world_ranks), huge_slots);
  return Error::ok();
}

std::unique_ptr<ShmComm> ShmComm::adopt(int rank, int size, btl::sm::SharedSegment segment, ProgressEngine* progress,
                                         std::vector<int> world_ranks, bool huge_slots) {
  if (!segment.mapped() || segment.size() < segment_bytes(size, huge_slots)) return nullptr;
  return std::make_unique<ShmComm>(Key{}, rank, size, std::move(segment), progress, std::move(world_ranks), huge_slots);
}

template <class Ready>
void ShmComm::wait(Ready ready) {
  int checks = progress_ != nullptr ? progress_->flag_checks(kSpinChecks) : kSpinChecks;
  for (int i = 0; i < checks; ++i) {
    if (ready()) return;
    cpu_relax();
  }
  if (progress_ != nullptr) {
    slow_waiters().fetch_add(1, std::memory_order_seq_cst);  // flags raised from now on wake us
    progress_->wait_until(ready);
    slow_waiters().fetch_sub(1, std::memory_order_relaxed);
  } else {
    while (!ready()) sched_yield();
  }
}

void ShmComm::wait_for(const std::function<bool()>& ready) { wait(ready); }

void ShmComm::wake_others() {
  for (size_t r = 0; r < world_ranks_.size(); ++r)
    if (static_cast<int>(r) != rank_) progress_->wake_peer(world_ranks_[r]);
}

bool ShmComm::all_finished(uint64_t need) {
  uint64_t low = seq_ - 1;  // this rank finished the collective before the current one
  for (; next_unseen_ < size_; ++next_unseen_) {
    if (next_unseen_ == rank_) continue;
    uint64_t f = finished_word(next_unseen_).load(std::memory_order_acquire);
    if (f < need) return false;
    low = std::min(low, f);
  }
  known_finished_ = std::max(known_finished_, low);
  return true;
}

void ShmComm::wait_for_readers(uint64_t t) {
  next_unseen_ = 0;
  wait([&] { return all_finished(t); });
}

const std::byte* ShmComm::wait_slot(int r, uint64_t s) {
  auto word = ready_word(r, s);
  wait([&] { return word.load(std::memory_order_acquire) >= s; });
  return slot(r, s);
}

void ShmComm::wait_all(uint64_t s) {
  next_unseen_ = 0;
  wait([&] {
    for (; next_unseen_ < size_; ++next_unseen_)
      if (next_unseen_ != rank_ && ready_word(next_unseen_, s).load(std::memory_order_acquire) < s) return false;
    return true;
  });
}

}  // namespace gyre::coll::shm
