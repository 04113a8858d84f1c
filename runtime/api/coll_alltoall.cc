// MPI_Alltoall, Alltoallv, Alltoallw in all their forms. MPI_IN_PLACE as
// sendbuf: the send side is taken from the receive arguments.
#include "runtime/api/coll_common.h"

namespace gyre::api::collb {
namespace {

using coll::CollOp;

template <class C, class D>
int alltoall_impl(CollOp kind, const char* fn, const void* sendbuf, C sendcount, const C* sendcounts,
                  const D* sdispls, MPI_Datatype sendtype, const MPI_Datatype* sendtypes, void* recvbuf, C recvcount,
                  const C* recvcounts, const D* rdispls, MPI_Datatype recvtype, const MPI_Datatype* recvtypes,
                  MPI_Comm comm, Mode mode, MPI_Request* request) {
  Call call(fn);
  if (!call.ok()) return call.not_initialized();
  Runtime& rt = call.rt();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, check_coll_comm(rt, comm, &c, kind == CollOp::alltoall));
  GYRE_CHECK(call, comm, check_request_ptr(mode, request));
  int n = c->size();
  bool in_place = sendbuf == MPI_IN_PLACE;
  if (recvbuf == MPI_IN_PLACE) return call.fail(comm, Error(ErrClass::buffer, "recvbuf may not be MPI_IN_PLACE"));
  if (in_place && c->is_inter())
    return call.fail(comm, Error(ErrClass::buffer, "MPI_IN_PLACE is not allowed on an intercommunicator"));
  coll::CollArgs a{kind, c->rank(), n};
  a.inter = c->is_inter();
  a.remote_size = c->remote_size();
  std::vector<int> sc, sd, rc, rd;
  std::vector<const Datatype*> sts, rts;
  auto types = [&](const MPI_Datatype* handles, std::vector<const Datatype*>* out) -> Error {
    GYRE_TRY(check_not_null(handles, "datatypes"));
    for (int i = 0; i < n; ++i) {
      Datatype* t = nullptr;
      GYRE_TRY(check_coll_datatype(rt, handles[i], &t));
      out->push_back(t);
    }
    return Error::ok();
  };
  if (kind == CollOp::alltoall) {
    Datatype* rtp = nullptr;
    GYRE_CHECK(call, comm, check_count(recvcount, "recvcount"));
    GYRE_CHECK(call, comm, check_coll_datatype(rt, recvtype, &rtp, "recvtype"));
    a.rcount = static_cast<size_t>(recvcount);
    a.rtype = rtp;
    if (!in_place) {
      Datatype* st = nullptr;
      GYRE_CHECK(call, comm, check_count(sendcount, "sendcount"));
      GYRE_CHECK(call, comm, check_coll_datatype(rt, sendtype, &st, "sendtype"));
      a.count = static_cast<size_t>(sendcount);
      a.type = st;
      GYRE_CHECK(call, comm, check_no_alias(sendbuf, recvbuf, a.count * st->size()));
    }
  } else {
    GYRE_CHECK(call, comm, check_not_null(recvcounts, "recvcounts"));
    GYRE_CHECK(call, comm, check_not_null(rdispls, "rdispls"));
    GYRE_CHECK(call, comm, to_ints(recvcounts, n, &rc, "recvcounts"));
    GYRE_CHECK(call, comm, to_ints(rdispls, n, &rd, "rdispls"));
    a.rcounts = rc;
    a.rdispls = rd;
    if (!in_place) {
      GYRE_CHECK(call, comm, check_not_null(sendcounts, "sendcounts"));
      GYRE_CHECK(call, comm, check_not_null(sdispls, "sdispls"));
      GYRE_CHECK(call, comm, to_ints(sendcounts, n, &sc, "sendcounts"));
      GYRE_CHECK(call, comm, to_ints(sdispls, n, &sd, "sdispls"));
      a.scounts = sc;
      a.sdispls = sd;
    }
    if (kind == CollOp::alltoallv) {
      Datatype* rtp = nullptr;
      GYRE_CHECK(call, comm, check_coll_datatype(rt, recvtype, &rtp, "recvtype"));
      a.rtype = rtp;
      if (!in_place) {
        Datatype* st = nullptr;
        GYRE_CHECK(call, comm, check_coll_datatype(rt, sendtype, &st, "sendtype"));
        a.type = st;
      }
    } else {
      GYRE_CHECK(call, comm, types(recvtypes, &rts));
      a.rtypes = rts;
      if (!in_place) {
        GYRE_CHECK(call, comm, types(sendtypes, &sts));
        a.stypes = sts;
      }
    }
  }
  a.in_place = in_place;
  return dispatch(call, comm, *c, a, {in_place ? nullptr : sendbuf, recvbuf, nullptr, nullptr}, mode, request);
}

template <class C, class D>
int alltoall(const char* fn, const void* sb, C sc, MPI_Datatype st, void* rb, C rc, MPI_Datatype rt, MPI_Comm comm,
             Mode m, MPI_Request* req) {
  return alltoall_impl<C, D>(CollOp::alltoall, fn, sb, sc, nullptr, nullptr, st, nullptr, rb, rc, nullptr, nullptr,
                             rt, nullptr, comm, m, req);
}
template <class C, class D>
int alltoallv(const char* fn, const void* sb, const C scs[], const D sds[], MPI_Datatype st, void* rb,
              const C rcs[], const D rds[], MPI_Datatype rt, MPI_Comm comm, Mode m, MPI_Request* req) {
  return alltoall_impl<C, D>(CollOp::alltoallv, fn, sb, 0, scs, sds, st, nullptr, rb, 0, rcs, rds, rt, nullptr, comm,
                             m, req);
}
template <class C, class D>
int alltoallw(const char* fn, const void* sb, const C scs[], const D sds[], const MPI_Datatype sts[], void* rb,
              const C rcs[], const D rds[], const MPI_Datatype rts[], MPI_Comm comm, Mode m, MPI_Request* req) {
  return alltoall_impl<C, D>(CollOp::alltoallw, fn, sb, 0, scs, sds, MPI_DATATYPE_NULL, sts, rb, 0, rcs, rds,
                             MPI_DATATYPE_NULL, rts, comm, m, req);
}

}  // namespace
}  // namespace gyre::api::collb

#define ALLTOALL_ARGS sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm
#define ALLTOALLV_ARGS sendbuf, sendcounts, sdispls, sendtype, recvbuf, recvcounts, rdispls, recvtype, comm
#define ALLTOALLW_ARGS sendbuf, sendcounts, sdispls, sendtypes, recvbuf, recvcounts, rdispls, recvtypes, comm
GYRE_COLL_ENTRY_POINTS(Alltoall, Ialltoall, GYRE_CB_ALLGATHER, ALLTOALL_ARGS, gyre::api::collb::alltoall)
GYRE_COLL_ENTRY_POINTS(Alltoallv, Ialltoallv, GYRE_CB_ALLTOALLV, ALLTOALLV_ARGS, gyre::api::collb::alltoallv)
GYRE_COLL_ENTRY_POINTS(Alltoallw, Ialltoallw, GYRE_CB_ALLTOALLW, ALLTOALLW_ARGS, gyre::api::collb::alltoallw)
