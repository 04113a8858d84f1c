// Errors are values inside Gyre: every internal call that can fail returns an
// Error; only the binding layer (runtime/api) turns it into an MPI error class
// and calls the communicator's error handler.
#pragma once
#include <string>
#include <utility>

namespace gyre {

// Error classes with the numeric values of the MPICH ABI (mpi.h repeats them).
// Internal layers use these names so that they need not include mpi.h.
enum class ErrClass : int {
  success = 0,
  buffer = 1,
  count = 2,
  type = 3,
  tag = 4,
  comm = 5,
  rank = 6,
  root = 7,
  group = 8,
  op = 9,
  topology = 10,
  dims = 11,
  arg = 12,
  unknown = 13,
  truncate = 14,
  other = 15,
  intern = 16,
  in_status = 17,
  pending = 18,
  request = 19,
  info_key = 29,
  info_value = 30,
  info_nokey = 31,
  info = 28,
  no_mem = 34,
  unsupported_operation = 44,
  keyval = 48,
  session = 75,
  proc_aborted = 76,
  value_too_large = 77,
};

class Error {
 public:
  Error() = default;
  Error(ErrClass cls, std::string what) : cls_(cls), what_(std::move(what)) {}

  static Error ok() { return {}; }
  bool failed() const { return cls_ != ErrClass::success; }
  explicit operator bool() const { return failed(); }
  ErrClass cls() const { return cls_; }
  int code() const { return static_cast<int>(cls_); }
  const std::string& what() const { return what_; }

 private:
  ErrClass cls_ = ErrClass::success;
  std::string what_;
};

// Propagate a failure to the caller: GYRE_TRY(expr);
#define GYRE_TRY(expr)                 \
  do {                                 \
    if (::gyre::Error e_ = (expr)) {   \
      return e_;                       \
    }                                  \
  } while (0)

}  // namespace gyre
