// Conventions shared by every MPI binding (runtime/api/*.cc):
//
//   GYRE_BINDING(int, MPI_Send, (const void* buf, int count, ...)) {
//     gyre::api::Call call("MPI_Send");
//     if (!call.ok()) return call.not_initialized();
//     ... checks: GYRE_CHECK(call, comm_handle, api::check_count(count));
//     ... work; on failure: return call.fail(comm_handle, error);
//     return MPI_SUCCESS;
//   }
//
// The macro defines PMPI_Send and makes MPI_Send a weak alias of it, so a
// profiling library can interpose MPI_Send and call PMPI_Send. Every failure
// goes through call.fail(), which names the function, records the message
// (MPI_Error_string shows it) and invokes the communicator's error handler.
#pragma once
#include <mpi.h>

#include <string>

#include "runtime/error.h"
#include "runtime/runtime.h"

#define GYRE_BINDING(ret, name, params)                                                        \
  extern "C" __attribute__((weak, alias("P" #name), visibility("default"))) ret name params; \
  extern "C" __attribute__((visibility("default"))) ret P##name params

// Run a check returning gyre::Error; on failure report it on comm and return.
#define GYRE_CHECK(call, comm_handle, expr)                          \
  do {                                                               \
    if (::gyre::Error e_ = (expr)) return (call).fail((comm_handle), e_); \
  } while (0)

namespace gyre::api {

// One MPI call in progress. Once the async progress thread exists, a Call
// holds the MPI lock from construction to destruction (AsyncProgress); before
// that it costs a relaxed load and a counter.
class Call {
 public:
  // A test (MPI_Test...) may give up rather than wait while the progress
  // thread holds the lock for a long step: it reports "not yet complete".
  enum class Lock { wait, skip_if_busy };

  // Inline: every MPI call builds one, and the common case (runtime built,
  // no progress thread) is a few loads and a counter.
  explicit Call(const char* function, Lock how = Lock::wait)
      : rt_(runtime()), function_(function), checks_(checks_enabled()) {
    AsyncProgress& async = rt_.async_progress();
    if (!async.calls_locked()) [[likely]]
      async.call_began();
    else
      lock(how);
  }
  ~Call() {
    if (state_ == State::counted) [[likely]]
      rt_.async_progress().call_ended();
    else if (state_ == State::locked)
      rt_.async_progress().unlock_after_call();
  }
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  // Lock::skip_if_busy only: the progress thread is working; the call must
  // touch nothing and report that the operation is not complete yet.
  bool busy() const { return state_ == State::busy; }
  // One progress poll, unless the progress thread is polling already (a test
  // then only looks, so heavy copies stay off the computing thread).
  void progress_once() const;

  // False before MPI_Init or after MPI_Finalize.
  bool ok() const { return rt_.running(); }
  int not_initialized() const;
  Runtime& rt() const { return rt_; }
  const char* function() const { return function_; }
  bool checks() const { return checks_; }

  // Report e on the communicator (its error handler decides: abort, return,
  // or call the user's function). Returns the MPI error code to return.
  int fail(MPI_Comm comm, const Error& e) const;
  int fail(const Error& e) const { return fail(MPI_COMM_WORLD, e); }

 private:
  Runtime& rt_;
  const char* function_;
  bool checks_;
  // The runtime without the guard of Runtime::get()'s static once it exists.
  static Runtime& runtime() {
    Runtime* r = Runtime::find();
    if (r != nullptr) [[likely]] return *r;
    return Runtime::get();
  }
  // GYRE_NO_ARG_CHECKS, read once.
  static bool checks_enabled() {
    static const bool enabled = read_checks_enabled();
    return enabled;
  }
  static bool read_checks_enabled();
  // The progress thread exists: take the MPI lock (or find it busy).
  void lock(Lock how);

  enum class State : unsigned char { counted, locked, busy };
  State state_ = State::counted;  // locked: holds the MPI lock (the progress thread exists)
};

// The messages of failed checks, built out of line: the checks below are
// inline so that a passing one costs a compare, not an Error made, returned
// through memory and destroyed (they run several times in every call).
namespace detail {
[[gnu::cold]] Error comm_error(MPI_Comm comm);
[[gnu::cold]] Error count_error(long long count, const char* name);
[[gnu::cold]] Error datatype_error(MPI_Datatype type, const char* name);
[[gnu::cold]] Error buffer_error(long long count, const char* name);
[[gnu::cold]] Error root_error(const Communicator& comm, int root);
[[gnu::cold]] Error op_error(MPI_Op op);
}  // namespace detail

// Argument checks; each returns an Error naming the argument.
inline Error check_comm(Runtime& rt, MPI_Comm comm, Communicator** out) {
  *out = rt.comms.lookup(comm);
  if (*out != nullptr) [[likely]] return Error::ok();
  return detail::comm_error(comm);
}
inline Error check_count(long long count, const char* name = "count") {
  if (count >= 0) [[likely]] return Error::ok();
  return detail::count_error(count, name);
}
inline Error check_datatype(Runtime& rt, MPI_Datatype type, Datatype** out, const char* name = "datatype") {
  *out = rt.datatypes.lookup(type);
  if (*out != nullptr) [[likely]] return Error::ok();
  return detail::datatype_error(type, name);
}
inline Error check_buffer(const void* buf, long long count, const char* name = "buf") {
  if (buf != nullptr || count == 0) [[likely]] return Error::ok();
  return detail::buffer_error(count, name);
}
Error check_rank(const Communicator& comm, int rank, const char* name, bool allow_any_source, bool allow_proc_null);
Error check_tag(int tag, bool allow_any);
inline Error check_root(const Communicator& comm, int root) {
  if (root >= 0 && root < comm.size()) [[likely]] return Error::ok();
  return detail::root_error(comm, root);
}
inline Error check_op(Runtime& rt, MPI_Op op, Op** out) {
  *out = rt.ops.lookup(op);
  if (*out != nullptr) [[likely]] return Error::ok();
  return detail::op_error(op);
}
Error check_not_null(const void* p, const char* name);

// The message of the last error this process reported, when it was of
// class cls (for MPI_Error_string); empty otherwise.
std::string last_error_message(int cls);

// MPI_Status <-> CompletionStatus (MPICH layout: byte count split in
// count_lo / count_hi_and_cancelled, cancelled flag in bit 0 of the latter).
void fill_status(MPI_Status* status, const CompletionStatus& s);
size_t status_bytes(const MPI_Status& status);
bool status_cancelled(const MPI_Status& status);
void set_status_bytes(MPI_Status* status, size_t bytes);
void set_status_cancelled(MPI_Status* status, bool cancelled);

}  // namespace gyre::api
