// A request is an operation in flight: a pml send or receive, a collective
// schedule, a generalized request. The binding layer owns requests through
// the handle table; the layer that runs the operation keeps a plain pointer
// until it calls complete().
#pragma once
#include <cstddef>
#include <cstdint>

#include "runtime/error.h"

namespace gyre {

// What MPI_Status reports, in Gyre's own terms (the binding layer converts).
struct CompletionStatus {
  int source = -2;      // comm rank of the sender (MPI_ANY_SOURCE = -2 until known)
  int tag = -1;         // MPI_ANY_TAG until known
  ErrClass error = ErrClass::success;
  size_t bytes = 0;     // bytes received (or sent)
  bool cancelled = false;
};

class Request {
 public:
  enum class Kind : uint8_t { send, recv, collective, generalized, partitioned };

  explicit Request(Kind kind) : kind_(kind) {}
  virtual ~Request() = default;
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;

  Kind kind() const { return kind_; }
  bool complete() const { return complete_; }
  const CompletionStatus& status() const { return status_; }
  CompletionStatus& status() { return status_; }

  // Called by the layer that ran the operation (pml, coll engine).
  void mark_complete() { complete_ = true; }

  // Persistent requests: inactive until start(); complete()+wait makes them
  // inactive again instead of freeing them.
  bool persistent() const { return persistent_; }
  bool active() const { return active_; }
  virtual Error start() { return Error(ErrClass::request, "request is not persistent"); }
  // The wait/test that reports a persistent request's completion makes it
  // inactive again (called by the binding layer; added by pt2pt).
  void deactivate() { active_ = false; }

  // The communicator (MPI_Comm handle) whose error handler reports errors
  // found at completion (MPI_Wait on a truncated receive); 0 = unknown, the
  // binding then uses MPI_COMM_WORLD. Set by the binding that created it.
  int comm_handle() const { return comm_handle_; }
  void set_comm_handle(int h) { comm_handle_ = h; }

  // Try to cancel; returns true when the request was cancelled (it is then
  // complete with status().cancelled set).
  virtual bool cancel() { return false; }

  // MPI_Request_free on a request still in flight: the binding layer marks
  // it released and hands it to the runtime's orphan list, which destroys it
  // once it completes (the layer running it never deletes requests).
  bool released() const { return released_; }
  void release() { released_ = true; }

  // Made by the pml's isend/irecv: once the program is done with it (the
  // completion call retired it), the pml may take it back for reuse
  // (Pml::recycle) instead of freeing it.
  bool recyclable() const { return recyclable_; }

 protected:
  void set_persistent() { persistent_ = true; }
  void set_recyclable() { recyclable_ = true; }
  void set_active(bool a) { active_ = a; }
  void reset_for_start() {
    complete_ = false;
    status_ = CompletionStatus{};
    active_ = true;
  }

 private:
  Kind kind_;
  bool complete_ = false;
  bool persistent_ = false;
  bool active_ = true;
  bool released_ = false;
  bool recyclable_ = false;
  int comm_handle_ = 0;
  CompletionStatus status_;
};

}  // namespace gyre
