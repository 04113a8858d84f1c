// MPI_Barrier and MPI_Bcast in all their forms.
#include "runtime/api/coll_common.h"

namespace gyre::api::collb {
namespace {

int barrier(const char* fn, MPI_Comm comm, Mode mode, MPI_Request* request) {
  Call call(fn);
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, check_coll_comm(call.rt(), comm, &c, true));
  GYRE_CHECK(call, comm, check_request_ptr(mode, request));
  coll::CollArgs a{coll::CollOp::barrier, c->rank(), c->size()};
  a.inter = c->is_inter();
  a.remote_size = c->remote_size();
  return dispatch(call, comm, *c, a, {}, mode, request);
}

template <class C, class D>
int bcast(const char* fn, void* buffer, C count, MPI_Datatype datatype, int root, MPI_Comm comm, Mode mode,
          MPI_Request* request) {
  Call call(fn);
  if (!call.ok()) return call.not_initialized();
  Runtime& rt = call.rt();
  Communicator* c = nullptr;
  Datatype* t = nullptr;
  GYRE_CHECK(call, comm, check_coll_comm(rt, comm, &c, true));
  GYRE_CHECK(call, comm, check_request_ptr(mode, request));
  GYRE_CHECK(call, comm, check_count(count));
  GYRE_CHECK(call, comm, check_coll_datatype(rt, datatype, &t));
  GYRE_CHECK(call, comm, c->is_inter() ? check_inter_root(*c, root) : check_root(*c, root));
  // On an intercommunicator the buffer means nothing to the root's group-mates.
  if (!c->is_inter() || root != MPI_PROC_NULL) GYRE_CHECK(call, comm, check_data_buffer(buffer, count, *t, "buffer"));
  coll::CollArgs a{coll::CollOp::bcast, c->rank(), c->size(), root, static_cast<size_t>(count), t};
  a.inter = c->is_inter();
  a.remote_size = c->remote_size();
  return dispatch(call, comm, *c, a, {nullptr, buffer, nullptr, nullptr}, mode, request);
}

}  // namespace
}  // namespace gyre::api::collb

using gyre::api::collb::Mode;

GYRE_BINDING(int, MPI_Barrier, (MPI_Comm comm)) { return gyre::api::collb::barrier("MPI_Barrier", comm, Mode::blocking, nullptr); }
GYRE_BINDING(int, MPI_Ibarrier, (MPI_Comm comm, MPI_Request* request)) {
  return gyre::api::collb::barrier("MPI_Ibarrier", comm, Mode::nonblocking, request);
}
GYRE_BINDING(int, MPI_Barrier_init, (MPI_Comm comm, MPI_Info info, MPI_Request* request)) {
  if (int rc = gyre::api::collb::check_init_info("MPI_Barrier_init", info, comm)) return rc;
  return gyre::api::collb::barrier("MPI_Barrier_init", comm, Mode::persistent, request);
}

#define BCAST_ARGS buffer, count, datatype, root, comm
GYRE_COLL_ENTRY_POINTS(Bcast, Ibcast, GYRE_CB_BCAST, BCAST_ARGS, gyre::api::collb::bcast)
