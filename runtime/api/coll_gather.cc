// MPI_Gather(v), Scatter(v), Allgather(v) in all their forms. MPI_IN_PLACE:
// gathers take it as the root's sendbuf (allgathers: every rank's sendbuf),
// scatters as the root's recvbuf. Receive-side arguments are checked only
// where they are significant (the root of gather/scatter).
#include "runtime/api/coll_common.h"

namespace gyre::api::collb {
namespace {

using coll::CollOp;

struct Side {
  Datatype* type = nullptr;
};

// One rank's own data block (count elements of type at buf).
// buf/count/type name the arguments in messages ("sendbuf", "sendcount", "sendtype").
// Always inline: out of line, the Error it returns was built and destroyed
// on every call (~40 instructions of an 8 B allgather); inline, the
// passing checks fold to compares.
template <class C>
[[gnu::always_inline]] inline Error check_block(Runtime& rt, const void* buf, C count, MPI_Datatype type, Datatype** out, const char* buf_name,
                  const char* count_name, const char* type_name) {
  GYRE_TRY(check_count(count, count_name));
  GYRE_TRY(check_coll_datatype(rt, type, out, type_name));
  return check_data_buffer(buf, count, **out, buf_name);
}

// Counts and displacements of the v forms, as ints.
template <class C, class D>
Error check_vectors(int n, const C counts[], const D displs[], std::vector<int>* c, std::vector<int>* d) {
  GYRE_TRY(check_not_null(counts, "counts"));
  GYRE_TRY(check_not_null(displs, "displs"));
  GYRE_TRY(to_ints(counts, n, c, "counts"));
  return to_ints(displs, n, d, "displs");
}

template <class C, class D>
int gather_impl(CollOp kind, const char* fn, const void* sendbuf, C sendcount, MPI_Datatype sendtype, void* recvbuf,
                C recvcount, const C* recvcounts, const D* displs, MPI_Datatype recvtype, int root, MPI_Comm comm,
                Mode mode, MPI_Request* request) {
  Call call(fn);
  if (!call.ok()) return call.not_initialized();
  Runtime& rt = call.rt();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, check_coll_comm(rt, comm, &c, kind == CollOp::allgather));
  GYRE_CHECK(call, comm, check_request_ptr(mode, request));
  bool all = kind == CollOp::allgather || kind == CollOp::allgatherv;
  bool inter = c->is_inter();
  bool v = kind == CollOp::gatherv || kind == CollOp::allgatherv;
  if (!all) GYRE_CHECK(call, comm, check_root(*c, root));
  bool receives = all || c->rank() == root;
  bool in_place = sendbuf == MPI_IN_PLACE;
  if (in_place && !receives)
    return call.fail(comm, Error(ErrClass::buffer, "MPI_IN_PLACE is only valid at the root of a gather"));
  if (in_place && inter)
    return call.fail(comm, Error(ErrClass::buffer, "MPI_IN_PLACE is not allowed on an intercommunicator"));
  coll::CollArgs a{kind, c->rank(), c->size(), all ? 0 : root};
  a.inter = inter;
  a.remote_size = c->remote_size();
  Datatype* st = nullptr;
  Datatype* rtp = nullptr;
  if (!in_place) {
    GYRE_CHECK(call, comm, check_block(rt, sendbuf, sendcount, sendtype, &st, "sendbuf", "sendcount", "sendtype"));
    a.count = static_cast<size_t>(sendcount);
    a.type = st;
  }
  std::vector<int> counts, dis;
  if (receives) {
    GYRE_CHECK(call, comm, check_coll_datatype(rt, recvtype, &rtp, "recvtype"));
    if (recvbuf == MPI_IN_PLACE) return call.fail(comm, Error(ErrClass::buffer, "recvbuf may not be MPI_IN_PLACE"));
    a.rtype = rtp;
    if (v) {
      GYRE_CHECK(call, comm, check_vectors(c->size(), recvcounts, displs, &counts, &dis));
      a.rcounts = counts;
      a.rdispls = dis;
    } else {
      GYRE_CHECK(call, comm, check_count(recvcount, "recvcount"));
      a.rcount = static_cast<size_t>(recvcount);
      GYRE_CHECK(call, comm, check_buffer(recvbuf, recvcount, "recvbuf"));
      if (!in_place) GYRE_CHECK(call, comm, check_no_alias(sendbuf, recvbuf, a.count * st->size()));
    }
  }
  a.in_place = in_place;
  return dispatch(call, comm, *c, a, {in_place ? nullptr : sendbuf, recvbuf, nullptr, nullptr}, mode, request);
}

template <class C, class D>
int scatter_impl(CollOp kind, const char* fn, const void* sendbuf, C sendcount, const C* sendcounts, const D* displs,
                 MPI_Datatype sendtype, void* recvbuf, C recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm,
                 Mode mode, MPI_Request* request) {
  Call call(fn);
  if (!call.ok()) return call.not_initialized();
  Runtime& rt = call.rt();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, check_coll_comm(rt, comm, &c));
  GYRE_CHECK(call, comm, check_request_ptr(mode, request));
  GYRE_CHECK(call, comm, check_root(*c, root));
  bool is_root = c->rank() == root;
  bool in_place = recvbuf == MPI_IN_PLACE;
  if (in_place && !is_root)
    return call.fail(comm, Error(ErrClass::buffer, "MPI_IN_PLACE is only valid at the root of a scatter"));
  coll::CollArgs a{kind, c->rank(), c->size(), root};
  std::vector<int> counts, dis;
  if (is_root) {
    Datatype* st = nullptr;
    GYRE_CHECK(call, comm, check_coll_datatype(rt, sendtype, &st, "sendtype"));
    if (sendbuf == MPI_IN_PLACE) return call.fail(comm, Error(ErrClass::buffer, "sendbuf may not be MPI_IN_PLACE"));
    a.type = st;
    if (kind == CollOp::scatterv) {
      GYRE_CHECK(call, comm, check_vectors(c->size(), sendcounts, displs, &counts, &dis));
      a.scounts = counts;
      a.sdispls = dis;
    } else {
      GYRE_CHECK(call, comm, check_count(sendcount, "sendcount"));
      GYRE_CHECK(call, comm, check_buffer(sendbuf, sendcount, "sendbuf"));
      a.count = static_cast<size_t>(sendcount);
    }
  }
  if (!in_place) {
    Datatype* rtp = nullptr;
    GYRE_CHECK(call, comm, check_block(rt, recvbuf, recvcount, recvtype, &rtp, "recvbuf", "recvcount", "recvtype"));
    a.rcount = static_cast<size_t>(recvcount);
    a.rtype = rtp;
    if (is_root && kind == CollOp::scatter)
      GYRE_CHECK(call, comm, check_no_alias(sendbuf, recvbuf, a.rcount * rtp->size()));
  }
  a.in_place = in_place;
  return dispatch(call, comm, *c, a, {sendbuf, in_place ? nullptr : recvbuf, nullptr, nullptr}, mode, request);
}

template <class C, class D>
int gather(const char* fn, const void* sb, C sc, MPI_Datatype st, void* rb, C rc, MPI_Datatype rt, int root,
           MPI_Comm comm, Mode m, MPI_Request* req) {
  return gather_impl<C, D>(CollOp::gather, fn, sb, sc, st, rb, rc, nullptr, nullptr, rt, root, comm, m, req);
}
template <class C, class D>
int gatherv(const char* fn, const void* sb, C sc, MPI_Datatype st, void* rb, const C rcs[], const D ds[],
            MPI_Datatype rt, int root, MPI_Comm comm, Mode m, MPI_Request* req) {
  return gather_impl<C, D>(CollOp::gatherv, fn, sb, sc, st, rb, 0, rcs, ds, rt, root, comm, m, req);
}
template <class C, class D>
int allgather(const char* fn, const void* sb, C sc, MPI_Datatype st, void* rb, C rc, MPI_Datatype rt, MPI_Comm comm,
              Mode m, MPI_Request* req) {
  return gather_impl<C, D>(CollOp::allgather, fn, sb, sc, st, rb, rc, nullptr, nullptr, rt, 0, comm, m, req);
}
template <class C, class D>
int allgatherv(const char* fn, const void* sb, C sc, MPI_Datatype st, void* rb, const C rcs[], const D ds[],
               MPI_Datatype rt, MPI_Comm comm, Mode m, MPI_Request* req) {
  return gather_impl<C, D>(CollOp::allgatherv, fn, sb, sc, st, rb, 0, rcs, ds, rt, 0, comm, m, req);
}
template <class C, class D>
int scatter(const char* fn, const void* sb, C sc, MPI_Datatype st, void* rb, C rc, MPI_Datatype rt, int root,
            MPI_Comm comm, Mode m, MPI_Request* req) {
  return scatter_impl<C, D>(CollOp::scatter, fn, sb, sc, nullptr, nullptr, st, rb, rc, rt, root, comm, m, req);
}
template <class C, class D>
int scatterv(const char* fn, const void* sb, const C scs[], const D ds[], MPI_Datatype st, void* rb, C rc,
             MPI_Datatype rt, int root, MPI_Comm comm, Mode m, MPI_Request* req) {
  return scatter_impl<C, D>(CollOp::scatterv, fn, sb, 0, scs, ds, st, rb, rc, rt, root, comm, m, req);
}

}  // namespace
}  // namespace gyre::api::collb

#define GATHER_ARGS sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, root, comm
#define GATHERV_ARGS sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype, root, comm
#define ALLGATHER_ARGS sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm
#define ALLGATHERV_ARGS sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype, comm
#define SCATTERV_ARGS sendbuf, sendcounts, displs, sendtype, recvbuf, recvcount, recvtype, root, comm
GYRE_COLL_ENTRY_POINTS(Gather, Igather, GYRE_CB_GATHER, GATHER_ARGS, gyre::api::collb::gather)
GYRE_COLL_ENTRY_POINTS(Gatherv, Igatherv, GYRE_CB_GATHERV, GATHERV_ARGS, gyre::api::collb::gatherv)
GYRE_COLL_ENTRY_POINTS(Allgather, Iallgather, GYRE_CB_ALLGATHER, ALLGATHER_ARGS, gyre::api::collb::allgather)
GYRE_COLL_ENTRY_POINTS(Allgatherv, Iallgatherv, GYRE_CB_ALLGATHERV, ALLGATHERV_ARGS, gyre::api::collb::allgatherv)
GYRE_COLL_ENTRY_POINTS(Scatter, Iscatter, GYRE_CB_GATHER, GATHER_ARGS, gyre::api::collb::scatter)
GYRE_COLL_ENTRY_POINTS(Scatterv, Iscatterv, GYRE_CB_SCATTERV, SCATTERV_ARGS, gyre::api::collb::scatterv)
