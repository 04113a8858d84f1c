// Finished requests kept for reuse, so that a program streaming Isend/Irecv
// pays no malloc/free per message. (A window of 64 requests overflows
// glibc's per-thread cache of 7 chunks per size: measured with callgrind,
// new + delete of a request then cost ~280 instructions, a third of an
// MPI_Isend.)
//
// An object waiting here is a complete, constructed request. make() ends its
// lifetime and constructs the new request of the same type in its storage,
// so the constructor stays the one place that sets a request up.
#pragma once
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace gyre::pml {

template <class R>
class RequestPool {
 public:
  template <class... Args>
  std::unique_ptr<R> make(Args&&... args) {
    if (spare_.empty()) return std::make_unique<R>(std::forward<Args>(args)...);
    R* storage = spare_.back().release();
    spare_.pop_back();
    std::destroy_at(storage);
    return std::unique_ptr<R>(std::construct_at(storage, std::forward<Args>(args)...));
  }

  // r is complete and nothing refers to it any more.
  void put(std::unique_ptr<R> r) {
    if (spare_.size() < kMaxSpare) spare_.push_back(std::move(r));
  }

 private:
  // Enough for the deepest windows programs keep in flight; more are freed.
  static constexpr size_t kMaxSpare = 256;
  std::vector<std::unique_ptr<R>> spare_;
};

}  // namespace gyre::pml
