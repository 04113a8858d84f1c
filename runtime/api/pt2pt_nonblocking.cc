// MPI point-to-point, nonblocking: Isend, Issend, Irsend, Irecv,
// Isendrecv, Isendrecv_replace and their large-count (_c) forms. The request
// goes into the handle table; the completion calls (pt2pt_completion.cc)
// finish it.
#include <memory>

#include "runtime/api/pt2pt_bindings.h"
#include "runtime/api/pt2pt_common.h"

using gyre::api::Call;
using gyre::api::Target;
using gyre::pml::SendMode;

namespace {

// One request for a receive and a send (the receive is posted first, so a
// send to self cannot wait for it).
int isendrecv(const char* function, const void* sendbuf, long long sendcount, MPI_Datatype sendtype, int dest,
              int sendtag, void* recvbuf, long long recvcount, MPI_Datatype recvtype, int source, int recvtag,
              MPI_Comm comm, MPI_Request* request) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  Target st, rt;
  GYRE_CHECK(call, comm, gyre::api::check_sendrecv(call, sendbuf, sendcount, sendtype, dest, sendtag, recvbuf,
                                                    recvcount, recvtype, source, recvtag, comm, &st, &rt));
  GYRE_CHECK(call, comm, gyre::api::check_not_null(request, "request"));
  auto& runtime = call.rt();
  auto r = gyre::api::start_recv(runtime, rt, recvbuf, static_cast<size_t>(recvcount), recvtag);
  auto s = gyre::api::start_send(runtime, st, sendbuf, static_cast<size_t>(sendcount), sendtag, SendMode::standard);
  gyre::api::publish(runtime, std::make_unique<gyre::pml::JointRequest>(std::move(r), std::move(s)), comm, request);
  return MPI_SUCCESS;
}

// The outgoing data is packed first (the receive lands in the same buffer);
// the joint request owns that copy until the send is done.
int isendrecv_replace(const char* function, void* buf, long long count, MPI_Datatype datatype, int dest,
                      int sendtag, int source, int recvtag, MPI_Comm comm, MPI_Request* request) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  Target st, rt;
  GYRE_CHECK(call, comm, gyre::api::check_sendrecv(call, buf, count, datatype, dest, sendtag, buf, count, datatype,
                                                    source, recvtag, comm, &st, &rt));
  GYRE_CHECK(call, comm, gyre::api::check_not_null(request, "request"));
  auto& runtime = call.rt();
  gyre::api::PackedSend packed = gyre::api::pack_outgoing(runtime, st, buf, count);
  auto r = gyre::api::start_recv(runtime, rt, buf, static_cast<size_t>(count), recvtag);
  auto s = gyre::api::start_send(runtime, packed.target, packed.data.get(), packed.bytes, sendtag,
                                 SendMode::standard);
  gyre::api::publish(runtime,
                     std::make_unique<gyre::pml::JointRequest>(std::move(r), std::move(s), std::move(packed.data)),
                     comm, request);
  return MPI_SUCCESS;
}

}  // namespace

#define GYRE_ISEND_BINDING(NAME, CNT, MODE) \
  GYRE_SEND_REQUEST_BINDING(NAME, CNT, MODE, gyre::api::post_isend, gyre::api::start_send)

GYRE_ISEND_BINDING(MPI_Isend, int, SendMode::standard)
GYRE_ISEND_BINDING(MPI_Isend_c, MPI_Count, SendMode::standard)
GYRE_ISEND_BINDING(MPI_Issend, int, SendMode::synchronous)
GYRE_ISEND_BINDING(MPI_Issend_c, MPI_Count, SendMode::synchronous)
GYRE_ISEND_BINDING(MPI_Irsend, int, SendMode::ready)
GYRE_ISEND_BINDING(MPI_Irsend_c, MPI_Count, SendMode::ready)

GYRE_RECV_BINDING(MPI_Irecv, int, MPI_Request*, gyre::api::post_irecv)
GYRE_RECV_BINDING(MPI_Irecv_c, MPI_Count, MPI_Request*, gyre::api::post_irecv)

GYRE_SENDRECV_BINDING(MPI_Isendrecv, int, MPI_Request*, isendrecv)
GYRE_SENDRECV_BINDING(MPI_Isendrecv_c, MPI_Count, MPI_Request*, isendrecv)

GYRE_SENDRECV_REPLACE_BINDING(MPI_Isendrecv_replace, int, MPI_Request*, isendrecv_replace)
GYRE_SENDRECV_REPLACE_BINDING(MPI_Isendrecv_replace_c, MPI_Count, MPI_Request*, isendrecv_replace)
