// MPI point-to-point, blocking: Send, Ssend, Rsend, Recv, Sendrecv,
// Sendrecv_replace, and their large-count (_c) forms. Each is the
// nonblocking operation plus a wait on the progress engine; an eager send
// goes out with no request at all and never waits. Send and Recv keep
// their request (when they need one) on the stack.
#include <memory>

#include "runtime/api/pt2pt_bindings.h"
#include "runtime/api/pt2pt_common.h"

using gyre::Error;
using gyre::Request;
using gyre::api::Call;
using gyre::api::Target;
using gyre::pml::SendMode;

namespace {

int send(const char* function, const void* buf, long long count, MPI_Datatype datatype, int dest, int tag,
         MPI_Comm comm, SendMode mode) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  Target t;
  if (!gyre::api::quick_send_target(call, buf, count, datatype, dest, tag, comm, &t))
    GYRE_CHECK(call, comm, gyre::api::check_send(call, buf, count, datatype, dest, tag, comm, &t));
  if (t.proc_null) return MPI_SUCCESS;
  gyre::pml::Pml& pml = call.rt().pml();
  const uint32_t context = t.comm->context_id();
  if (pml.send_now(buf, static_cast<size_t>(count), *t.type, t.world, context, t.comm->rank(), tag, mode))
    return MPI_SUCCESS;
  // The request lives on this stack frame: no allocation
  // (the pml is done with it once it is complete).
  gyre::pml::SendRequest r(pml, buf, static_cast<size_t>(count), *t.type, t.world,
                           gyre::pml::Envelope{context, t.comm->rank(), tag}, mode);
  pml.start_send(r);
  return gyre::api::wait_and_report(call, comm, r, MPI_STATUS_IGNORE);
}

int recv(const char* function, void* buf, long long count, MPI_Datatype datatype, int source, int tag,
         MPI_Comm comm, MPI_Status* status) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  Target t;
  if (!gyre::api::quick_target(call, buf, count, datatype, source, tag, comm, &t))
    GYRE_CHECK(call, comm, gyre::api::check_recv(call, buf, count, datatype, source, tag, comm, &t));
  if (t.proc_null) {
    gyre::api::fill_status(status, gyre::api::proc_null_status());
    return MPI_SUCCESS;
  }
  gyre::pml::Pml& pml = call.rt().pml();
  gyre::pml::RecvRequest r(pml, buf, static_cast<size_t>(count), *t.type,
                           gyre::pml::Envelope{t.comm->context_id(), source, tag});
  pml.start_recv(r);
  return gyre::api::wait_and_report(call, comm, r, status);
}

// Post the receive first so that a send to self cannot wait for it.
int exchange(const Call& call, MPI_Comm comm, const Target& st, const void* sendbuf, long long sendcount,
             int sendtag, const Target& rt, void* recvbuf, long long recvcount, int recvtag, MPI_Status* status) {
  auto& runtime = call.rt();
  std::unique_ptr<Request> r =
      gyre::api::start_recv(runtime, rt, recvbuf, static_cast<size_t>(recvcount), recvtag);
  std::unique_ptr<Request> s =
      gyre::api::start_send(runtime, st, sendbuf, static_cast<size_t>(sendcount), sendtag, SendMode::standard);
  runtime.progress().wait_until([&] { return r->complete() && s->complete(); });
  if (Error e = gyre::api::completion_error(s->status())) return call.fail(comm, e);
  return gyre::api::wait_and_report(call, comm, *r, status);
}

int sendrecv(const char* function, const void* sendbuf, long long sendcount, MPI_Datatype sendtype, int dest,
             int sendtag, void* recvbuf, long long recvcount, MPI_Datatype recvtype, int source, int recvtag,
             MPI_Comm comm, MPI_Status* status) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  Target st, rt;
  GYRE_CHECK(call, comm, gyre::api::check_sendrecv(call, sendbuf, sendcount, sendtype, dest, sendtag, recvbuf,
                                                    recvcount, recvtype, source, recvtag, comm, &st, &rt));
  return exchange(call, comm, st, sendbuf, sendcount, sendtag, rt, recvbuf, recvcount, recvtag, status);
}

// The outgoing data is packed into a temporary first: the receive lands in
// the same buffer.
int sendrecv_replace(const char* function, void* buf, long long count, MPI_Datatype datatype, int dest,
                     int sendtag, int source, int recvtag, MPI_Comm comm, MPI_Status* status) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  Target st, rt;
  GYRE_CHECK(call, comm, gyre::api::check_sendrecv(call, buf, count, datatype, dest, sendtag, buf, count, datatype,
                                                    source, recvtag, comm, &st, &rt));
  gyre::api::PackedSend packed = gyre::api::pack_outgoing(call.rt(), st, buf, count);
  return exchange(call, comm, packed.target, packed.data.get(), static_cast<long long>(packed.bytes), sendtag, rt,
                  buf, count, recvtag, status);
}

}  // namespace

#define GYRE_SEND_BINDING(NAME, CNT, MODE)                                                          \
  GYRE_BINDING(int, NAME, (const void* buf, CNT count, MPI_Datatype datatype, int dest, int tag,  \
                           MPI_Comm comm)) {                                                       \
    return send(#NAME, buf, count, datatype, dest, tag, comm, MODE);                              \
  }

GYRE_SEND_BINDING(MPI_Send, int, SendMode::standard)
GYRE_SEND_BINDING(MPI_Send_c, MPI_Count, SendMode::standard)
GYRE_SEND_BINDING(MPI_Ssend, int, SendMode::synchronous)
GYRE_SEND_BINDING(MPI_Ssend_c, MPI_Count, SendMode::synchronous)
GYRE_SEND_BINDING(MPI_Rsend, int, SendMode::ready)
GYRE_SEND_BINDING(MPI_Rsend_c, MPI_Count, SendMode::ready)

GYRE_RECV_BINDING(MPI_Recv, int, MPI_Status*, recv)
GYRE_RECV_BINDING(MPI_Recv_c, MPI_Count, MPI_Status*, recv)

GYRE_SENDRECV_BINDING(MPI_Sendrecv, int, MPI_Status*, sendrecv)
GYRE_SENDRECV_BINDING(MPI_Sendrecv_c, MPI_Count, MPI_Status*, sendrecv)

GYRE_SENDRECV_REPLACE_BINDING(MPI_Sendrecv_replace, int, MPI_Status*, sendrecv_replace)
GYRE_SENDRECV_REPLACE_BINDING(MPI_Sendrecv_replace_c, MPI_Count, MPI_Status*, sendrecv_replace)
