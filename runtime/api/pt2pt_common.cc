#include "runtime/api/pt2pt_common.h"

#include <string>

#include "runtime/predefined.h"

namespace gyre::api {

CompletedRequest::CompletedRequest(Kind kind, const CompletionStatus& status, bool persistent)
    : Request(kind), final_(status) {
  this->status() = status;
  if (persistent) {
    set_persistent();
    set_active(false);
  } else {
    mark_complete();
  }
}

Error CompletedRequest::start() {
  if (!persistent()) return Request::start();
  reset_for_start();
  status() = final_;
  mark_complete();
  return Error::ok();
}

CompletionStatus proc_null_status() {
  CompletionStatus s;
  s.source = MPI_PROC_NULL;
  s.tag = MPI_ANY_TAG;
  return s;
}

CompletionStatus empty_status() {
  CompletionStatus s;
  s.source = MPI_ANY_SOURCE;
  s.tag = MPI_ANY_TAG;
  return s;
}

namespace {

// Checks common to sends and receives; the comm and type lookups always run
// (the call needs them), the rest only unless GYRE_NO_ARG_CHECKS is set.
Error check_common(const Call& call, const void* buf, long long count, MPI_Datatype datatype, MPI_Comm comm,
                   Target* out) {
  // Fast path: test each condition inline and build an Error (strings) only
  // when one fails; the slow path reruns the full check for its message.
  Runtime& rt = call.rt();
  out->comm = rt.comms.lookup(comm);
  if (out->comm == nullptr) GYRE_TRY(check_comm(rt, comm, &out->comm));
  Datatype* type = rt.datatypes.lookup(datatype);
  if (type == nullptr) GYRE_TRY(check_datatype(rt, datatype, &type));
  out->type = type;
  if (!call.checks()) return Error::ok();
  if (count < 0) GYRE_TRY(check_count(count));
  if (!out->type->committed())
    return Error(ErrClass::type, "datatype " + out->type->name() + " is not committed (call MPI_Type_commit)");
  // A NULL buffer is MPI_BOTTOM, legal with types of absolute addresses.
  if (buf == nullptr && count != 0 && out->type->is_predefined()) GYRE_TRY(check_buffer(buf, count));
  return Error::ok();
}

}  // namespace

// A peer rank: on an intercommunicator it names the remote group.
Error check_peer(const Communicator& comm, int rank, const char* name, bool allow_any_source) {
  if (rank >= 0 && rank < comm.peer_size()) return Error::ok();
  if (rank == MPI_PROC_NULL || (rank == MPI_ANY_SOURCE && allow_any_source)) return Error::ok();
  return Error(ErrClass::rank, std::string("invalid ") + name + " " + std::to_string(rank) + " (communicator " +
                                   comm.name() + " has " + std::to_string(comm.peer_size()) +
                                   (comm.is_inter() ? " ranks in its remote group)" : " ranks)"));
}

Error check_send(const Call& call, const void* buf, long long count, MPI_Datatype datatype, int dest, int tag,
                 MPI_Comm comm, Target* out) {
  GYRE_TRY(check_common(call, buf, count, datatype, comm, out));
  if (call.checks()) {
    if (dest < 0 || dest >= out->comm->peer_size()) GYRE_TRY(check_peer(*out->comm, dest, "destination rank", false));
    if (tag < 0 || tag > kTagUpperBound) GYRE_TRY(check_tag(tag, false));
  }
  out->rank = dest;
  out->proc_null = dest == MPI_PROC_NULL;
  if (!out->proc_null) out->world = out->comm->world_rank(dest);
  return Error::ok();
}

Error check_recv(const Call& call, const void* buf, long long count, MPI_Datatype datatype, int source, int tag,
                 MPI_Comm comm, Target* out) {
  GYRE_TRY(check_common(call, buf, count, datatype, comm, out));
  if (call.checks()) {
    if (source < 0 || source >= out->comm->peer_size()) GYRE_TRY(check_peer(*out->comm, source, "source rank", true));
    if (tag < 0 || tag > kTagUpperBound) GYRE_TRY(check_tag(tag, true));
  }
  out->rank = source;
  out->proc_null = source == MPI_PROC_NULL;
  return Error::ok();
}

Error check_sendrecv(const Call& call, const void* sendbuf, long long sendcount, MPI_Datatype sendtype, int dest,
                     int sendtag, const void* recvbuf, long long recvcount, MPI_Datatype recvtype, int source,
                     int recvtag, MPI_Comm comm, Target* st, Target* rt) {
  GYRE_TRY(check_send(call, sendbuf, sendcount, sendtype, dest, sendtag, comm, st));
  return check_recv(call, recvbuf, recvcount, recvtype, source, recvtag, comm, rt);
}

std::unique_ptr<Request> start_send(Runtime& rt, const Target& t, const void* buf, size_t count, int tag,
                                    pml::SendMode mode) {
  if (t.proc_null) return std::make_unique<CompletedRequest>(Request::Kind::send, proc_null_status(), false);
  return rt.pml().isend(buf, count, *t.type, t.world, t.comm->context_id(), t.comm->rank(), tag, mode);
}

std::unique_ptr<Request> start_recv(Runtime& rt, const Target& t, void* buf, size_t count, int tag) {
  if (t.proc_null) return std::make_unique<CompletedRequest>(Request::Kind::recv, proc_null_status(), false);
  return rt.pml().irecv(buf, count, *t.type, t.comm->context_id(), t.rank, tag);
}

std::unique_ptr<Request> init_send(Runtime& rt, const Target& t, const void* buf, size_t count, int tag,
                                   pml::SendMode mode) {
  if (t.proc_null) return std::make_unique<CompletedRequest>(Request::Kind::send, proc_null_status(), true);
  return rt.pml().send_init(buf, count, *t.type, t.world, t.comm->context_id(), t.comm->rank(), tag, mode);
}

std::unique_ptr<Request> init_recv(Runtime& rt, const Target& t, void* buf, size_t count, int tag) {
  if (t.proc_null) return std::make_unique<CompletedRequest>(Request::Kind::recv, proc_null_status(), true);
  return rt.pml().recv_init(buf, count, *t.type, t.comm->context_id(), t.rank, tag);
}

Error completion_error(const CompletionStatus& s) {
  switch (s.error) {
    case ErrClass::success:
      return Error::ok();
    case ErrClass::truncate:
      return Error(ErrClass::truncate, "message from rank " + std::to_string(s.source) + " (tag " +
                                           std::to_string(s.tag) + ") is longer than the receive buffer of " +
                                           std::to_string(s.bytes) + " bytes");
    default:
      return Error(s.error, "the operation failed (peer rank " + std::to_string(s.source) + ")");
  }
}

int wait_and_report(const Call& call, MPI_Comm comm, Request& r, MPI_Status* status) {
  if (!r.complete()) call.rt().progress().wait_until([&r] { return r.complete(); });
  fill_status(status, r.status());
  if (r.status().error == ErrClass::success) return MPI_SUCCESS;
  return call.fail(comm, completion_error(r.status()));
}

const Datatype& byte_type(Runtime& rt) { return *rt.datatypes.lookup(MPI_BYTE); }

namespace {

// The predefined request is made on first use (the table is the runtime's).
[[gnu::cold, gnu::noinline]] void add_completed_send_request(Runtime& rt) {
  rt.requests.add_predefined(kCompletedSendRequest,
                             std::make_unique<CompletedRequest>(Request::Kind::send, CompletionStatus{}, false));
}

inline MPI_Request completed_send_request(Runtime& rt) {
  if (rt.requests.lookup(kCompletedSendRequest) == nullptr) [[unlikely]] add_completed_send_request(rt);
  return kCompletedSendRequest;
}

// Everything but the common case of post_isend, out of line so that the
// fast path keeps a small frame: the full checks (which report errors),
// MPI_PROC_NULL, and the sends that need a request.
[[gnu::noinline]] int post_send_checked(const Call& call, const void* buf, long long count, MPI_Datatype datatype,
                                        int dest, int tag, MPI_Comm comm, MPI_Request* request, pml::SendMode mode,
                                        SendMaker make, bool try_now) {
  Target t;
  if (!quick_send_target(call, buf, count, datatype, dest, tag, comm, &t))
    GYRE_CHECK(call, comm, check_send(call, buf, count, datatype, dest, tag, comm, &t));
  if (request == nullptr) GYRE_CHECK(call, comm, check_not_null(request, "request"));
  Runtime& rt = call.rt();
  if (try_now && !t.proc_null &&
      rt.pml().send_now(buf, static_cast<size_t>(count), *t.type, t.world, t.comm->context_id(), t.comm->rank(),
                        tag, mode)) {
    *request = completed_send_request(rt);
    return MPI_SUCCESS;
  }
  publish(rt, make(rt, t, buf, static_cast<size_t>(count), tag, mode), comm, request);
  return MPI_SUCCESS;
}

}  // namespace

int post_send(const char* function, const void* buf, long long count, MPI_Datatype datatype, int dest, int tag,
              MPI_Comm comm, MPI_Request* request, pml::SendMode mode, SendMaker make) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  return post_send_checked(call, buf, count, datatype, dest, tag, comm, request, mode, make, false);
}

// The fast path of MPI_Isend: valid arguments, a message the pml sends at
// once (a contiguous eager one, written straight into the peer's queue).
int post_isend(const char* function, const void* buf, long long count, MPI_Datatype datatype, int dest, int tag,
               MPI_Comm comm, MPI_Request* request, pml::SendMode mode, SendMaker make) {
  Call call(function);
  if (!call.ok()) [[unlikely]] return call.not_initialized();
  Target t;
  if (!quick_send_target(call, buf, count, datatype, dest, tag, comm, &t) || request == nullptr) [[unlikely]]
    return post_send_checked(call, buf, count, datatype, dest, tag, comm, request, mode, make, true);
  Runtime& rt = call.rt();
  if (rt.pml().send_now(buf, static_cast<size_t>(count), *t.type, t.world, t.comm->context_id(), t.comm->rank(),
                        tag, mode)) [[likely]] {
    *request = completed_send_request(rt);
    return MPI_SUCCESS;
  }
  // Not sent at once (synchronous, rendezvous): the same checks pass again.
  return post_send_checked(call, buf, count, datatype, dest, tag, comm, request, mode, make, false);
}

int post_recv(const char* function, void* buf, long long count, MPI_Datatype datatype, int source, int tag,
              MPI_Comm comm, MPI_Request* request, RecvMaker make) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  Target t;
  if (!quick_target(call, buf, count, datatype, source, tag, comm, &t))
    GYRE_CHECK(call, comm, check_recv(call, buf, count, datatype, source, tag, comm, &t));
  if (request == nullptr) GYRE_CHECK(call, comm, check_not_null(request, "request"));
  publish(call.rt(), make(call.rt(), t, buf, static_cast<size_t>(count), tag), comm, request);
  return MPI_SUCCESS;
}

int post_irecv(const char* function, void* buf, long long count, MPI_Datatype datatype, int source, int tag,
               MPI_Comm comm, MPI_Request* request) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  Target t;
  if (!quick_target(call, buf, count, datatype, source, tag, comm, &t)) {
    // MPI_PROC_NULL, MPI_ANY_SOURCE, MPI_ANY_TAG or an error: the general path.
    GYRE_CHECK(call, comm, check_recv(call, buf, count, datatype, source, tag, comm, &t));
    if (request == nullptr) GYRE_CHECK(call, comm, check_not_null(request, "request"));
    publish(call.rt(), start_recv(call.rt(), t, buf, static_cast<size_t>(count), tag), comm, request);
    return MPI_SUCCESS;
  }
  if (request == nullptr) GYRE_CHECK(call, comm, check_not_null(request, "request"));
  Runtime& rt = call.rt();
  publish(rt, rt.pml().irecv(buf, static_cast<size_t>(count), *t.type, t.comm->context_id(), source, tag), comm,
          request);
  return MPI_SUCCESS;
}

PackedSend pack_outgoing(Runtime& rt, const Target& st, const void* buf, long long count) {
  PackedSend p;
  p.bytes = st.proc_null ? 0 : st.type->size() * static_cast<size_t>(count);
  p.data = std::make_unique_for_overwrite<std::byte[]>(p.bytes);  // no zero fill: pack writes it all
  if (p.bytes != 0) st.type->pack(buf, static_cast<size_t>(count), 0, p.data.get(), p.bytes);
  p.target = st;
  p.target.type = &byte_type(rt);
  return p;
}

}  // namespace gyre::api
