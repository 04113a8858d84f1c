// MPI point-to-point, nonblocking: Isend, Issend, Irsend, Irecv and their
// large-count (_c) forms. The request goes into the handle table; the
// completion calls (pt2pt_completion.cc) finish it.
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
