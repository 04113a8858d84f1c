// MPI point-to-point, nonblocking: Isend, Issend, Irsend, Irecv,
// Isendrecv, Isendrecv_replace and their large-count (_c) forms. The request
// goes into the handle table; the completion calls (pt2pt_completion.cc)
// finish it.
#include <memory>

#include "runtime/api/pt2pt_common.h"

using gyre::api::Call;
using gyre::api::Target;
using gyre::pml::SendMode;

namespace {

int isend(const char* function, const void* buf, long long count, MPI_Datatype datatype, int dest, int tag,
          MPI_Comm comm, MPI_Request* request, SendMode mode) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  Target t;
  GYRE_CHECK(call, comm, gyre::api::check_send(call, buf, count, datatype, dest, tag, comm, &t));
  GYRE_CHECK(call, comm, gyre::api::check_not_null(request, "request"));
  gyre::api::publish(call.rt(), gyre::api::start_send(call.rt(), t, buf, static_cast<size_t>(count), tag, mode),
                     comm, request);
  return MPI_SUCCESS;
}

int irecv(const char* function, void* buf, long long count, MPI_Datatype datatype, int source, int tag,
          MPI_Comm comm, MPI_Request* request) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  Target t;
  GYRE_CHECK(call, comm, gyre::api::check_recv(call, buf, count, datatype, source, tag, comm, &t));
  GYRE_CHECK(call, comm, gyre::api::check_not_null(request, "request"));
  gyre::api::publish(call.rt(), gyre::api::start_recv(call.rt(), t, buf, static_cast<size_t>(count), tag), comm,
                     request);
  return MPI_SUCCESS;
}

// One request for a receive and a send (the receive is posted first, so a
// send to self cannot wait for it).
int isendrecv(const char* function, const void* sendbuf, long long sendcount, MPI_Datatype sendtype, int dest,
              int sendtag, void* recvbuf, long long recvcount, MPI_Datatype recvtype, int source, int recvtag,
              MPI_Comm comm, MPI_Request* request) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  Target st, rt;
  GYRE_CHECK(call, comm, gyre::api::check_send(call, sendbuf, sendcount, sendtype, dest, sendtag, comm, &st));
  GYRE_CHECK(call, comm, gyre::api::check_recv(call, recvbuf, recvcount, recvtype, source, recvtag, comm, &rt));
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
  GYRE_CHECK(call, comm, gyre::api::check_send(call, buf, count, datatype, dest, sendtag, comm, &st));
  GYRE_CHECK(call, comm, gyre::api::check_recv(call, buf, count, datatype, source, recvtag, comm, &rt));
  GYRE_CHECK(call, comm, gyre::api::check_not_null(request, "request"));
  auto& runtime = call.rt();
  size_t bytes = st.proc_null ? 0 : st.type->size() * static_cast<size_t>(count);
  auto packed = std::make_unique_for_overwrite<std::byte[]>(bytes);
  if (bytes != 0) st.type->pack(buf, static_cast<size_t>(count), 0, packed.get(), bytes);
  Target packed_target = st;
  packed_target.type = &gyre::api::byte_type(runtime);
  auto r = gyre::api::start_recv(runtime, rt, buf, static_cast<size_t>(count), recvtag);
  auto s = gyre::api::start_send(runtime, packed_target, packed.get(), bytes, sendtag, SendMode::standard);
  gyre::api::publish(runtime,
                     std::make_unique<gyre::pml::JointRequest>(std::move(r), std::move(s), std::move(packed)), comm,
                     request);
  return MPI_SUCCESS;
}

}  // namespace

#define GYRE_ISEND_BINDING(NAME, CNT, MODE)                                                          \
  GYRE_BINDING(int, NAME, (const void* buf, CNT count, MPI_Datatype datatype, int dest, int tag,   \
                           MPI_Comm comm, MPI_Request* request)) {                                  \
    return isend(#NAME, buf, count, datatype, dest, tag, comm, request, MODE);                     \
  }

GYRE_ISEND_BINDING(MPI_Isend, int, SendMode::standard)
GYRE_ISEND_BINDING(MPI_Isend_c, MPI_Count, SendMode::standard)
GYRE_ISEND_BINDING(MPI_Issend, int, SendMode::synchronous)
GYRE_ISEND_BINDING(MPI_Issend_c, MPI_Count, SendMode::synchronous)
GYRE_ISEND_BINDING(MPI_Irsend, int, SendMode::ready)
GYRE_ISEND_BINDING(MPI_Irsend_c, MPI_Count, SendMode::ready)

GYRE_BINDING(int, MPI_Irecv, (void* buf, int count, MPI_Datatype datatype, int source, int tag, MPI_Comm comm,
                              MPI_Request* request)) {
  return irecv("MPI_Irecv", buf, count, datatype, source, tag, comm, request);
}

GYRE_BINDING(int, MPI_Irecv_c, (void* buf, MPI_Count count, MPI_Datatype datatype, int source, int tag,
                                MPI_Comm comm, MPI_Request* request)) {
  return irecv("MPI_Irecv_c", buf, count, datatype, source, tag, comm, request);
}

GYRE_BINDING(int, MPI_Isendrecv, (const void* sendbuf, int sendcount, MPI_Datatype sendtype, int dest, int sendtag,
                                  void* recvbuf, int recvcount, MPI_Datatype recvtype, int source, int recvtag,
                                  MPI_Comm comm, MPI_Request* request)) {
  return isendrecv("MPI_Isendrecv", sendbuf, sendcount, sendtype, dest, sendtag, recvbuf, recvcount, recvtype,
                   source, recvtag, comm, request);
}

GYRE_BINDING(int, MPI_Isendrecv_c, (const void* sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, int dest,
                                    int sendtag, void* recvbuf, MPI_Count recvcount, MPI_Datatype recvtype,
                                    int source, int recvtag, MPI_Comm comm, MPI_Request* request)) {
  return isendrecv("MPI_Isendrecv_c", sendbuf, sendcount, sendtype, dest, sendtag, recvbuf, recvcount, recvtype,
                   source, recvtag, comm, request);
}

GYRE_BINDING(int, MPI_Isendrecv_replace, (void* buf, int count, MPI_Datatype datatype, int dest, int sendtag,
                                          int source, int recvtag, MPI_Comm comm, MPI_Request* request)) {
  return isendrecv_replace("MPI_Isendrecv_replace", buf, count, datatype, dest, sendtag, source, recvtag, comm,
                           request);
}

GYRE_BINDING(int, MPI_Isendrecv_replace_c, (void* buf, MPI_Count count, MPI_Datatype datatype, int dest,
                                            int sendtag, int source, int recvtag, MPI_Comm comm,
                                            MPI_Request* request)) {
  return isendrecv_replace("MPI_Isendrecv_replace_c", buf, count, datatype, dest, sendtag, source, recvtag, comm,
                           request);
}
