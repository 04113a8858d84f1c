// MPI_Neighbor_allgather(v), Neighbor_alltoall(v,w) in all their forms
// (blocking, MPI_Ineighbor_*, *_init, _c). The neighbors come from the
// communicator's process topology: sources are received from, destinations
// sent to, in the topology's order (coll/neighbor/neighbor.h). MPI_IN_PLACE
// is not allowed; MPI_PROC_NULL neighbors keep their block but move nothing.
#include "runtime/api/coll_common.h"
#include "runtime/comm.h"
#include "runtime/topology.h"

namespace gyre::api::collb {
namespace {

using coll::CollOp;

struct Neighbors {
  Communicator* c = nullptr;
  const Topology* topo = nullptr;
  int indegree = 0, outdegree = 0;
};

// The communicator with its topology; fills the neighbor lists of a.
Error check_neighbor_comm(Runtime& rt, MPI_Comm comm, Mode mode, MPI_Request* request, Neighbors* n) {
  GYRE_TRY(check_coll_comm(rt, comm, &n->c));
  GYRE_TRY(check_request_ptr(mode, request));
  n->topo = n->c->topology();
  if (n->topo == nullptr)
    return Error(ErrClass::topology, "communicator " + n->c->name() +
                                         " has no process topology (create one with MPI_Cart_create, "
                                         "MPI_Graph_create or MPI_Dist_graph_create(_adjacent))");
  n->indegree = static_cast<int>(n->topo->in_neighbors().size());
  n->outdegree = static_cast<int>(n->topo->out_neighbors().size());
  return Error::ok();
}

coll::CollArgs neighbor_args(CollOp kind, const Neighbors& n) {
  coll::CollArgs a{kind, n.c->rank(), n.c->size()};
  a.sources = n.topo->in_neighbors();
  a.destinations = n.topo->out_neighbors();
  a.cart = n.topo->kind() == Topology::Kind::cart;
  return a;
}

Error check_buffers(const void* sendbuf, const void* recvbuf) {
  if (sendbuf == MPI_IN_PLACE || recvbuf == MPI_IN_PLACE)
    return Error(ErrClass::buffer, "MPI_IN_PLACE is not allowed in neighborhood collectives");
  return Error::ok();
}

// A per-neighbor array: may be NULL only when there are no neighbors.
template <class T>
Error check_array(const T* p, int degree, std::vector<int>* out, const char* name) {
  if (degree == 0) return Error::ok();
  GYRE_TRY(check_not_null(p, name));
  return to_ints(p, degree, out, name);
}

Error check_types(Runtime& rt, const MPI_Datatype* handles, int degree, std::vector<const Datatype*>* out,
                  const char* name) {
  if (degree == 0) return Error::ok();
  GYRE_TRY(check_not_null(handles, name));
  for (int i = 0; i < degree; ++i) {
    Datatype* t = nullptr;
    std::string what = std::string(name) + "[" + std::to_string(i) + "]";
    GYRE_TRY(check_coll_datatype(rt, handles[i], &t, what.c_str()));
    out->push_back(t);
  }
  return Error::ok();
}

// Neighbor_allgather and Neighbor_allgatherv (recvcounts/displs null for the former).
template <class C, class D>
int allgather_impl(CollOp kind, const char* fn, const void* sendbuf, C sendcount, MPI_Datatype sendtype,
                   void* recvbuf, C recvcount, const C* recvcounts, const D* displs, MPI_Datatype recvtype,
                   MPI_Comm comm, Mode mode, MPI_Request* request) {
  Call call(fn);
  if (!call.ok()) return call.not_initialized();
  Runtime& rt = call.rt();
  Neighbors n;
  GYRE_CHECK(call, comm, check_neighbor_comm(rt, comm, mode, request, &n));
  GYRE_CHECK(call, comm, check_buffers(sendbuf, recvbuf));
  Datatype* st = nullptr;
  Datatype* rtp = nullptr;
  GYRE_CHECK(call, comm, check_count(sendcount, "sendcount"));
  GYRE_CHECK(call, comm, check_coll_datatype(rt, sendtype, &st, "sendtype"));
  GYRE_CHECK(call, comm, check_data_buffer(sendbuf, n.outdegree > 0 ? sendcount : 0, *st, "sendbuf"));
  GYRE_CHECK(call, comm, check_coll_datatype(rt, recvtype, &rtp, "recvtype"));
  coll::CollArgs a = neighbor_args(kind, n);
  a.count = static_cast<size_t>(sendcount);
  a.type = st;
  a.rtype = rtp;
  std::vector<int> counts, dis;
  if (kind == CollOp::neighbor_allgatherv) {
    GYRE_CHECK(call, comm, check_array(recvcounts, n.indegree, &counts, "recvcounts"));
    GYRE_CHECK(call, comm, check_array(displs, n.indegree, &dis, "displs"));
    a.rcounts = counts;
    a.rdispls = dis;
  } else {
    GYRE_CHECK(call, comm, check_count(recvcount, "recvcount"));
    GYRE_CHECK(call, comm, check_data_buffer(recvbuf, n.indegree > 0 ? recvcount : 0, *rtp, "recvbuf"));
    a.rcount = static_cast<size_t>(recvcount);
  }
  return dispatch(call, comm, *n.c, a, {sendbuf, recvbuf, nullptr, nullptr}, mode, request);
}

// Neighbor_alltoall, v and w. D is the displacement type of the v form
// (w always takes MPI_Aint byte displacements).
template <class C, class D>
int alltoall_impl(CollOp kind, const char* fn, const void* sendbuf, C sendcount, const C* sendcounts,
                  const D* sdispls, MPI_Datatype sendtype, const MPI_Datatype* sendtypes, void* recvbuf, C recvcount,
                  const C* recvcounts, const D* rdispls, MPI_Datatype recvtype, const MPI_Datatype* recvtypes,
                  MPI_Comm comm, Mode mode, MPI_Request* request) {
  Call call(fn);
  if (!call.ok()) return call.not_initialized();
  Runtime& rt = call.rt();
  Neighbors n;
  GYRE_CHECK(call, comm, check_neighbor_comm(rt, comm, mode, request, &n));
  GYRE_CHECK(call, comm, check_buffers(sendbuf, recvbuf));
  coll::CollArgs a = neighbor_args(kind, n);
  std::vector<int> sc, sd, rc, rd;
  std::vector<const Datatype*> sts, rts;
  if (kind == CollOp::neighbor_alltoall) {
    Datatype* st = nullptr;
    Datatype* rtp = nullptr;
    GYRE_CHECK(call, comm, check_count(sendcount, "sendcount"));
    GYRE_CHECK(call, comm, check_coll_datatype(rt, sendtype, &st, "sendtype"));
    GYRE_CHECK(call, comm, check_count(recvcount, "recvcount"));
    GYRE_CHECK(call, comm, check_coll_datatype(rt, recvtype, &rtp, "recvtype"));
    GYRE_CHECK(call, comm, check_data_buffer(sendbuf, n.outdegree > 0 ? sendcount : 0, *st, "sendbuf"));
    GYRE_CHECK(call, comm, check_data_buffer(recvbuf, n.indegree > 0 ? recvcount : 0, *rtp, "recvbuf"));
    a.count = static_cast<size_t>(sendcount);
    a.type = st;
    a.rcount = static_cast<size_t>(recvcount);
    a.rtype = rtp;
  } else {
    GYRE_CHECK(call, comm, check_array(sendcounts, n.outdegree, &sc, "sendcounts"));
    GYRE_CHECK(call, comm, check_array(sdispls, n.outdegree, &sd, "sdispls"));
    GYRE_CHECK(call, comm, check_array(recvcounts, n.indegree, &rc, "recvcounts"));
    GYRE_CHECK(call, comm, check_array(rdispls, n.indegree, &rd, "rdispls"));
    a.scounts = sc;
    a.sdispls = sd;
    a.rcounts = rc;
    a.rdispls = rd;
    if (kind == CollOp::neighbor_alltoallv) {
      Datatype* st = nullptr;
      Datatype* rtp = nullptr;
      GYRE_CHECK(call, comm, check_coll_datatype(rt, sendtype, &st, "sendtype"));
      GYRE_CHECK(call, comm, check_coll_datatype(rt, recvtype, &rtp, "recvtype"));
      a.type = st;
      a.rtype = rtp;
    } else {
      GYRE_CHECK(call, comm, check_types(rt, sendtypes, n.outdegree, &sts, "sendtypes"));
      GYRE_CHECK(call, comm, check_types(rt, recvtypes, n.indegree, &rts, "recvtypes"));
      a.stypes = sts;
      a.rtypes = rts;
    }
  }
  return dispatch(call, comm, *n.c, a, {sendbuf, recvbuf, nullptr, nullptr}, mode, request);
}

template <class C, class D>
int allgather(const char* fn, const void* sb, C sc, MPI_Datatype st, void* rb, C rc, MPI_Datatype rt, MPI_Comm comm,
              Mode m, MPI_Request* req) {
  return allgather_impl<C, D>(CollOp::neighbor_allgather, fn, sb, sc, st, rb, rc, nullptr, nullptr, rt, comm, m, req);
}
template <class C, class D>
int allgatherv(const char* fn, const void* sb, C sc, MPI_Datatype st, void* rb, const C rcs[], const D ds[],
               MPI_Datatype rt, MPI_Comm comm, Mode m, MPI_Request* req) {
  return allgather_impl<C, D>(CollOp::neighbor_allgatherv, fn, sb, sc, st, rb, 0, rcs, ds, rt, comm, m, req);
}
template <class C, class D>
int alltoall(const char* fn, const void* sb, C sc, MPI_Datatype st, void* rb, C rc, MPI_Datatype rt, MPI_Comm comm,
             Mode m, MPI_Request* req) {
  return alltoall_impl<C, D>(CollOp::neighbor_alltoall, fn, sb, sc, nullptr, nullptr, st, nullptr, rb, rc, nullptr,
                             nullptr, rt, nullptr, comm, m, req);
}
template <class C, class D>
int alltoallv(const char* fn, const void* sb, const C scs[], const D sds[], MPI_Datatype st, void* rb,
              const C rcs[], const D rds[], MPI_Datatype rt, MPI_Comm comm, Mode m, MPI_Request* req) {
  return alltoall_impl<C, D>(CollOp::neighbor_alltoallv, fn, sb, 0, scs, sds, st, nullptr, rb, 0, rcs, rds, rt,
                             nullptr, comm, m, req);
}
template <class C, class D>
int alltoallw(const char* fn, const void* sb, const C scs[], const MPI_Aint sds[], const MPI_Datatype sts[], void* rb,
              const C rcs[], const MPI_Aint rds[], const MPI_Datatype rts[], MPI_Comm comm, Mode m, MPI_Request* req) {
  return alltoall_impl<C, MPI_Aint>(CollOp::neighbor_alltoallw, fn, sb, 0, scs, sds, MPI_DATATYPE_NULL, sts, rb, 0,
                                    rcs, rds, MPI_DATATYPE_NULL, rts, comm, m, req);
}

}  // namespace
}  // namespace gyre::api::collb

#define NB_ALLGATHER_ARGS sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm
#define NB_ALLGATHERV_ARGS sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype, comm
#define NB_ALLTOALLV_ARGS sendbuf, sendcounts, sdispls, sendtype, recvbuf, recvcounts, rdispls, recvtype, comm
#define NB_ALLTOALLW_ARGS sendbuf, sendcounts, sdispls, sendtypes, recvbuf, recvcounts, rdispls, recvtypes, comm
GYRE_COLL_ENTRY_POINTS(Neighbor_allgather, Ineighbor_allgather, GYRE_CB_ALLGATHER, NB_ALLGATHER_ARGS,
                       gyre::api::collb::allgather)
GYRE_COLL_ENTRY_POINTS(Neighbor_allgatherv, Ineighbor_allgatherv, GYRE_CB_ALLGATHERV, NB_ALLGATHERV_ARGS,
                       gyre::api::collb::allgatherv)
GYRE_COLL_ENTRY_POINTS(Neighbor_alltoall, Ineighbor_alltoall, GYRE_CB_ALLGATHER, NB_ALLGATHER_ARGS,
                       gyre::api::collb::alltoall)
GYRE_COLL_ENTRY_POINTS(Neighbor_alltoallv, Ineighbor_alltoallv, GYRE_CB_ALLTOALLV, NB_ALLTOALLV_ARGS,
                       gyre::api::collb::alltoallv)
GYRE_COLL_ENTRY_POINTS(Neighbor_alltoallw, Ineighbor_alltoallw, GYRE_CB_NEIGHBOR_ALLTOALLW, NB_ALLTOALLW_ARGS,
                       gyre::api::collb::alltoallw)
