// MPI point-to-point, persistent: Send_init, Ssend_init, Rsend_init,
// Recv_init (and _c forms), Start, Startall. The pml's requests restart
// themselves; MPI_PROC_NULL gets a request that completes at every start.
// (Bsend_init lives with the buffered sends.)
#include "runtime/api/pt2pt_bindings.h"
#include "runtime/api/pt2pt_common.h"

using gyre::Error;
using gyre::ErrClass;
using gyre::Request;
using gyre::api::Call;
using gyre::pml::SendMode;

namespace {

// Check one handle for MPI_Start; nullptr after reporting nothing means "skip".
Error startable(gyre::Runtime& rt, MPI_Request handle, Request** out) {
  *out = rt.requests.lookup(handle);
  if (*out == nullptr)
    return Error(ErrClass::request, handle == MPI_REQUEST_NULL ? "request is MPI_REQUEST_NULL"
                                                               : "invalid request handle " + std::to_string(handle));
  if (!(*out)->persistent()) return Error(ErrClass::request, "request is not persistent");
  if ((*out)->active()) return Error(ErrClass::request, "persistent request is already active");
  return Error::ok();
}

}  // namespace

#define GYRE_SEND_INIT_BINDING(NAME, CNT, MODE) \
  GYRE_SEND_REQUEST_BINDING(NAME, CNT, MODE, gyre::api::post_send, gyre::api::init_send)

GYRE_SEND_INIT_BINDING(MPI_Send_init, int, SendMode::standard)
GYRE_SEND_INIT_BINDING(MPI_Send_init_c, MPI_Count, SendMode::standard)
GYRE_SEND_INIT_BINDING(MPI_Ssend_init, int, SendMode::synchronous)
GYRE_SEND_INIT_BINDING(MPI_Ssend_init_c, MPI_Count, SendMode::synchronous)
GYRE_SEND_INIT_BINDING(MPI_Rsend_init, int, SendMode::ready)
GYRE_SEND_INIT_BINDING(MPI_Rsend_init_c, MPI_Count, SendMode::ready)

GYRE_RECV_BINDING(MPI_Recv_init, int, MPI_Request*, gyre::api::post_recv, gyre::api::init_recv)
GYRE_RECV_BINDING(MPI_Recv_init_c, MPI_Count, MPI_Request*, gyre::api::post_recv, gyre::api::init_recv)

GYRE_BINDING(int, MPI_Start, (MPI_Request* request)) {
  Call call("MPI_Start");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(request, "request"));
  Request* r = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, startable(call.rt(), *request, &r));
  if (Error e = r->start()) return call.fail(r->comm_handle() != 0 ? r->comm_handle() : MPI_COMM_WORLD, e);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Startall, (int count, MPI_Request array_of_requests[])) {
  Call call("MPI_Startall");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_count(count));
  if (count > 0) GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(array_of_requests, "array_of_requests"));
  // Check every handle before starting any, so an error starts nothing.
  for (int i = 0; i < count; ++i) {
    Request* r = nullptr;
    if (Error e = startable(call.rt(), array_of_requests[i], &r))
      return call.fail(MPI_COMM_WORLD, Error(e.cls(), "array_of_requests[" + std::to_string(i) + "]: " + e.what()));
  }
  for (int i = 0; i < count; ++i) {
    Request* r = call.rt().requests.lookup(array_of_requests[i]);
    if (Error e = r->start()) return call.fail(r->comm_handle() != 0 ? r->comm_handle() : MPI_COMM_WORLD, e);
  }
  return MPI_SUCCESS;
}
