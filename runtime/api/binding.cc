#include "runtime/api/binding.h"

#include "runtime/api/binding_state.h"
#include "runtime/log.h"
#include "runtime/params.h"
#include "runtime/predefined.h"

namespace gyre::api {
namespace {

LastError& last_error() { return Runtime::get().bindings().last_error; }

std::string& last_message() { return last_error().message; }

const char* class_name(int cls) {
  switch (cls) {
#define GYRE_CLASS(name) \
  case name:             \
    return #name;
    GYRE_CLASS(MPI_ERR_BUFFER) GYRE_CLASS(MPI_ERR_COUNT) GYRE_CLASS(MPI_ERR_TYPE) GYRE_CLASS(MPI_ERR_TAG)
    GYRE_CLASS(MPI_ERR_COMM) GYRE_CLASS(MPI_ERR_RANK) GYRE_CLASS(MPI_ERR_ROOT) GYRE_CLASS(MPI_ERR_GROUP)
    GYRE_CLASS(MPI_ERR_OP) GYRE_CLASS(MPI_ERR_TOPOLOGY) GYRE_CLASS(MPI_ERR_DIMS) GYRE_CLASS(MPI_ERR_ARG)
    GYRE_CLASS(MPI_ERR_UNKNOWN) GYRE_CLASS(MPI_ERR_TRUNCATE) GYRE_CLASS(MPI_ERR_OTHER) GYRE_CLASS(MPI_ERR_INTERN)
    GYRE_CLASS(MPI_ERR_IN_STATUS) GYRE_CLASS(MPI_ERR_PENDING) GYRE_CLASS(MPI_ERR_REQUEST) GYRE_CLASS(MPI_ERR_INFO)
    GYRE_CLASS(MPI_ERR_INFO_KEY) GYRE_CLASS(MPI_ERR_INFO_VALUE) GYRE_CLASS(MPI_ERR_INFO_NOKEY)
    GYRE_CLASS(MPI_ERR_NO_MEM) GYRE_CLASS(MPI_ERR_UNSUPPORTED_OPERATION) GYRE_CLASS(MPI_ERR_KEYVAL)
    GYRE_CLASS(MPI_ERR_SESSION) GYRE_CLASS(MPI_ERR_PROC_ABORTED) GYRE_CLASS(MPI_ERR_VALUE_TOO_LARGE)
#undef GYRE_CLASS
    default: return "a user-defined error class";
  }
}

}  // namespace

bool Call::read_checks_enabled() { return !params::get_bool("GYRE_NO_ARG_CHECKS"); }

void Call::lock(Lock how) {
  AsyncProgress& async = rt_.async_progress();
  if (how == Lock::wait) {
    async.lock_for_call();
    state_ = State::locked;
  } else {
    state_ = async.try_lock_for_test() ? State::locked : State::busy;
  }
}

void Call::progress_once() const {
  if (!rt_.async_progress().thread_polling()) rt_.progress().poll();
}

int Call::not_initialized() const {
  const char* why = rt_.state() == RuntimeState::finalized ? "called after MPI_Finalize" : "called before MPI_Init";
  log::warn(std::string(function_) + ": " + why);
  return MPI_ERR_OTHER;
}

int Call::fail(MPI_Comm comm, const Error& e) const {
  int code = e.code();
  last_error().cls = code;
  last_message() = std::string(function_) + ": " + e.what();
  Communicator* c = rt_.comms.lookup(comm);
  if (c == nullptr) c = rt_.comms.lookup(MPI_COMM_WORLD);  // errors on invalid communicators
  Errhandler* handler = c != nullptr ? rt_.errhandlers.lookup(c->errhandler()) : nullptr;
  Errhandler::Kind kind = handler != nullptr ? handler->kind() : Errhandler::Kind::fatal;
  switch (kind) {
    case Errhandler::Kind::return_codes:
      log::debug(1, last_message() + " (" + class_name(code) + ")");
      return code;
    case Errhandler::Kind::user: {
      int handle = c->handle();
      handler->call(&handle, &code);
      return code;
    }
    case Errhandler::Kind::fatal:
    case Errhandler::Kind::abort_comm:
      break;
  }
  rt_.abort(code == 0 ? 1 : code, last_message() + " (" + class_name(code) +
                                      "); the error handler is MPI_ERRORS_ARE_FATAL, so the job ends");
}

std::string last_error_message(int cls) { return last_error().cls == cls ? last_message() : std::string(); }

Error detail::comm_error(MPI_Comm comm) {
  if (comm == MPI_COMM_NULL) return Error(ErrClass::comm, "communicator is MPI_COMM_NULL");
  return Error(ErrClass::comm, "invalid communicator handle " + std::to_string(comm));
}

Error detail::count_error(long long count, const char* name) {
  return Error(ErrClass::count, std::string("negative ") + name + " " + std::to_string(count));
}

Error detail::datatype_error(MPI_Datatype type, const char* name) {
  if (type == MPI_DATATYPE_NULL) return Error(ErrClass::type, std::string(name) + " is MPI_DATATYPE_NULL");
  return Error(ErrClass::type, std::string("invalid ") + name + " handle " + std::to_string(type));
}

Error detail::buffer_error(long long count, const char* name) {
  return Error(ErrClass::buffer, std::string(name) + " is NULL but count is " + std::to_string(count));
}

Error check_rank(const Communicator& comm, int rank, const char* name, bool allow_any_source, bool allow_proc_null) {
  // Point-to-point ranks name the remote group on an intercommunicator.
  if (rank >= 0 && rank < comm.peer_size()) return Error::ok();
  if (rank == MPI_PROC_NULL && allow_proc_null) return Error::ok();
  if (rank == MPI_ANY_SOURCE && allow_any_source) return Error::ok();
  return Error(ErrClass::rank, std::string("invalid ") + name + " " + std::to_string(rank) + " (communicator " +
                                   comm.name() + " has " + std::to_string(comm.peer_size()) +
                                   (comm.is_inter() ? " remote ranks)" : " ranks)"));
}

Error check_tag(int tag, bool allow_any) {
  if (tag >= 0 && tag <= kTagUpperBound) return Error::ok();
  if (tag == MPI_ANY_TAG && allow_any) return Error::ok();
  return Error(ErrClass::tag, "invalid tag " + std::to_string(tag) + " (valid: 0.." + std::to_string(kTagUpperBound) +
                                  (allow_any ? " or MPI_ANY_TAG)" : ")"));
}

Error detail::root_error(const Communicator& comm, int root) {
  return Error(ErrClass::root, "invalid root " + std::to_string(root) + " (communicator " + comm.name() + " has " +
                                   std::to_string(comm.size()) + " ranks)");
}

Error detail::op_error(MPI_Op op) {
  if (op == MPI_OP_NULL) return Error(ErrClass::op, "op is MPI_OP_NULL");
  return Error(ErrClass::op, "invalid op handle " + std::to_string(op));
}

Error check_not_null(const void* p, const char* name) {
  if (p != nullptr) return Error::ok();
  return Error(ErrClass::arg, std::string(name) + " is NULL");
}

void set_status_bytes(MPI_Status* status, size_t bytes) {
  status->count_lo = static_cast<int>(static_cast<unsigned>(bytes & 0xffffffffu));
  int cancelled = status->count_hi_and_cancelled & 1;
  status->count_hi_and_cancelled = static_cast<int>((bytes >> 32) << 1) | cancelled;
}

void set_status_cancelled(MPI_Status* status, bool cancelled) {
  status->count_hi_and_cancelled = (status->count_hi_and_cancelled & ~1) | (cancelled ? 1 : 0);
}

size_t status_bytes(const MPI_Status& status) {
  size_t hi = static_cast<unsigned>(status.count_hi_and_cancelled) >> 1;
  return (hi << 32) + static_cast<unsigned>(status.count_lo);
}

bool status_cancelled(const MPI_Status& status) { return (status.count_hi_and_cancelled & 1) != 0; }

void fill_status(MPI_Status* status, const CompletionStatus& s) {
  if (status == MPI_STATUS_IGNORE) return;
  status->MPI_SOURCE = s.source;
  status->MPI_TAG = s.tag;
  status->MPI_ERROR = static_cast<int>(s.error);
  status->count_hi_and_cancelled = 0;
  set_status_bytes(status, s.bytes);
  set_status_cancelled(status, s.cancelled);
}

}  // namespace gyre::api
