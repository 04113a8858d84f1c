// The reductions: MPI_Reduce, Allreduce, Reduce_scatter(_block), Scan,
// Exscan, in all their forms. MPI_IN_PLACE rules: Reduce at the root only;
// Allreduce/Reduce_scatter/Scan/Exscan as sendbuf on every rank that uses it.
#include <numeric>

#include "runtime/api/coll_common.h"

namespace gyre::api::collb {
namespace {

using coll::CollOp;

struct Checked {
  Communicator* c = nullptr;
  Datatype* t = nullptr;
  Op* op = nullptr;
};

// The checks in the order their errors take precedence; also check_common's
// way to the error where its quick test fails.
[[gnu::noinline]] int check_each(Call& call, MPI_Comm comm, long long count, MPI_Datatype datatype, MPI_Op op,
                                 Mode mode, MPI_Request* request, Checked* out, bool inter_ok) {
  Runtime& rt = call.rt();
  GYRE_CHECK(call, comm, check_coll_comm(rt, comm, &out->c, inter_ok));
  GYRE_CHECK(call, comm, check_request_ptr(mode, request));
  GYRE_CHECK(call, comm, check_count(count));
  GYRE_CHECK(call, comm, check_coll_datatype(rt, datatype, &out->t));
  GYRE_CHECK(call, comm, check_reduction(rt, op, *out->t, &out->op));
  return MPI_SUCCESS;
}

// All arguments valid (the common case) in a few compares and no Error
// made; anything else goes through check_each, which names the culprit.
template <class C>
int check_common(Call& call, MPI_Comm comm, C count, MPI_Datatype datatype, MPI_Op op, Mode mode,
                 MPI_Request* request, Checked* out, bool inter_ok = false) {
  Runtime& rt = call.rt();
  Communicator* c = rt.comms.lookup(comm);
  Datatype* t = rt.datatypes.lookup(datatype);
  Op* o = rt.ops.lookup(op);
  if (c != nullptr && (inter_ok || !c->is_inter()) && c->coll() != nullptr &&
      (mode == Mode::blocking || request != nullptr) && count >= 0 && t != nullptr && t->committed() &&
      o != nullptr && o->accepts(*t)) [[likely]] {
    *out = {c, t, o};
    return MPI_SUCCESS;
  }
  return check_each(call, comm, static_cast<long long>(count), datatype, op, mode, request, out, inter_ok);
}

coll::CollArgs reduction_args(CollOp kind, const Checked& k, int root, size_t count, bool in_place) {
  coll::CollArgs a{kind, k.c->rank(), k.c->size(), root, count, k.t};
  a.reduce_op = k.op;
  a.commutative = k.op->commutative();
  a.in_place = in_place;
  a.inter = k.c->is_inter();
  a.remote_size = k.c->remote_size();
  return a;
}

template <class C, class D>
int reduce(const char* fn, const void* sendbuf, void* recvbuf, C count, MPI_Datatype datatype, MPI_Op op, int root,
           MPI_Comm comm, Mode mode, MPI_Request* request) {
  Call call(fn);
  if (!call.ok()) return call.not_initialized();
  Checked k;
  if (int rc = check_common(call, comm, count, datatype, op, mode, request, &k)) return rc;
  GYRE_CHECK(call, comm, check_root(*k.c, root));
  bool is_root = k.c->rank() == root;
  bool in_place = sendbuf == MPI_IN_PLACE;
  if (in_place && !is_root)
    return call.fail(comm, Error(ErrClass::buffer, "MPI_IN_PLACE is only valid at the root of a reduce"));
  if (!in_place) GYRE_CHECK(call, comm, check_data_buffer(sendbuf, count, *k.t, "sendbuf"));
  if (is_root) {
    GYRE_CHECK(call, comm, check_data_buffer(recvbuf, count, *k.t, "recvbuf"));
    if (!in_place) GYRE_CHECK(call, comm, check_no_alias(sendbuf, recvbuf, static_cast<size_t>(count) * k.t->size()));
  }
  coll::CollArgs a = reduction_args(CollOp::reduce, k, root, static_cast<size_t>(count), in_place);
  return dispatch(call, comm, *k.c, a, {in_place ? nullptr : sendbuf, recvbuf, k.op, k.t}, mode, request);
}

// Allreduce, Scan and Exscan share their argument rules.
template <class C, class D>
int all_reduction(CollOp kind, const char* fn, const void* sendbuf, void* recvbuf, C count, MPI_Datatype datatype,
                  MPI_Op op, MPI_Comm comm, Mode mode, MPI_Request* request) {
  Call call(fn);
  if (!call.ok()) return call.not_initialized();
  Checked k;
  if (int rc = check_common(call, comm, count, datatype, op, mode, request, &k, kind == CollOp::allreduce)) return rc;
  bool in_place = sendbuf == MPI_IN_PLACE;
  if (in_place && k.c->is_inter())
    return call.fail(comm, Error(ErrClass::buffer, "MPI_IN_PLACE is not allowed on an intercommunicator"));
  if (!in_place) GYRE_CHECK(call, comm, check_data_buffer(sendbuf, count, *k.t, "sendbuf"));
  GYRE_CHECK(call, comm, check_data_buffer(recvbuf, count, *k.t, "recvbuf"));
  if (!in_place) GYRE_CHECK(call, comm, check_no_alias(sendbuf, recvbuf, static_cast<size_t>(count) * k.t->size()));
  coll::CollArgs a = reduction_args(kind, k, 0, static_cast<size_t>(count), in_place);
  return dispatch(call, comm, *k.c, a, {in_place ? nullptr : sendbuf, recvbuf, k.op, k.t}, mode, request);
}

template <class C, class D>
int allreduce(const char* fn, const void* sendbuf, void* recvbuf, C count, MPI_Datatype datatype, MPI_Op op,
              MPI_Comm comm, Mode mode, MPI_Request* request) {
  return all_reduction<C, D>(CollOp::allreduce, fn, sendbuf, recvbuf, count, datatype, op, comm, mode, request);
}
template <class C, class D>
int scan(const char* fn, const void* sendbuf, void* recvbuf, C count, MPI_Datatype datatype, MPI_Op op,
         MPI_Comm comm, Mode mode, MPI_Request* request) {
  return all_reduction<C, D>(CollOp::scan, fn, sendbuf, recvbuf, count, datatype, op, comm, mode, request);
}
template <class C, class D>
int exscan(const char* fn, const void* sendbuf, void* recvbuf, C count, MPI_Datatype datatype, MPI_Op op,
           MPI_Comm comm, Mode mode, MPI_Request* request) {
  return all_reduction<C, D>(CollOp::exscan, fn, sendbuf, recvbuf, count, datatype, op, comm, mode, request);
}

template <class C, class D>
int reduce_scatter_block(const char* fn, const void* sendbuf, void* recvbuf, C recvcount, MPI_Datatype datatype,
                         MPI_Op op, MPI_Comm comm, Mode mode, MPI_Request* request) {
  Call call(fn);
  if (!call.ok()) return call.not_initialized();
  Checked k;
  if (int rc = check_common(call, comm, recvcount, datatype, op, mode, request, &k)) return rc;
  size_t total = static_cast<size_t>(recvcount) * static_cast<size_t>(k.c->size());
  bool in_place = sendbuf == MPI_IN_PLACE;
  if (!in_place) GYRE_CHECK(call, comm, check_data_buffer(sendbuf, static_cast<long long>(total), *k.t, "sendbuf"));
  GYRE_CHECK(call, comm, check_data_buffer(recvbuf, recvcount, *k.t, "recvbuf"));
  if (!in_place) GYRE_CHECK(call, comm, check_no_alias(sendbuf, recvbuf, total * k.t->size()));
  coll::CollArgs a = reduction_args(CollOp::reduce_scatter_block, k, 0, total, in_place);
  a.rcount = static_cast<size_t>(recvcount);
  return dispatch(call, comm, *k.c, a, {in_place ? nullptr : sendbuf, recvbuf, k.op, k.t}, mode, request);
}

template <class C, class D>
int reduce_scatter(const char* fn, const void* sendbuf, void* recvbuf, const C recvcounts[], MPI_Datatype datatype,
                   MPI_Op op, MPI_Comm comm, Mode mode, MPI_Request* request) {
  Call call(fn);
  if (!call.ok()) return call.not_initialized();
  Checked k;
  if (int rc = check_common(call, comm, 0, datatype, op, mode, request, &k)) return rc;
  GYRE_CHECK(call, comm, check_not_null(recvcounts, "recvcounts"));
  std::vector<int> storage;
  std::span<const int> counts;
  GYRE_CHECK(call, comm, count_view(recvcounts, k.c->size(), &storage, &counts, "recvcounts"));
  size_t total = 0;
  for (int v : counts) total += static_cast<size_t>(v);
  int mine = counts[static_cast<size_t>(k.c->rank())];
  bool in_place = sendbuf == MPI_IN_PLACE;
  if (!in_place) GYRE_CHECK(call, comm, check_data_buffer(sendbuf, static_cast<long long>(total), *k.t, "sendbuf"));
  GYRE_CHECK(call, comm, check_data_buffer(recvbuf, mine, *k.t, "recvbuf"));
  if (!in_place) GYRE_CHECK(call, comm, check_no_alias(sendbuf, recvbuf, total * k.t->size()));
  coll::CollArgs a = reduction_args(CollOp::reduce_scatter, k, 0, total, in_place);
  a.rcounts = counts;
  return dispatch(call, comm, *k.c, a, {in_place ? nullptr : sendbuf, recvbuf, k.op, k.t}, mode, request);
}

}  // namespace
}  // namespace gyre::api::collb

#define REDUCE_ARGS sendbuf, recvbuf, count, datatype, op, root, comm
#define ALLREDUCE_ARGS sendbuf, recvbuf, count, datatype, op, comm
#define RSB_ARGS sendbuf, recvbuf, recvcount, datatype, op, comm
#define RS_ARGS sendbuf, recvbuf, recvcounts, datatype, op, comm
GYRE_COLL_ENTRY_POINTS(Reduce, Ireduce, GYRE_CB_REDUCE, REDUCE_ARGS, gyre::api::collb::reduce)
GYRE_COLL_ENTRY_POINTS(Allreduce, Iallreduce, GYRE_CB_ALLREDUCE, ALLREDUCE_ARGS, gyre::api::collb::allreduce)
GYRE_COLL_ENTRY_POINTS(Scan, Iscan, GYRE_CB_ALLREDUCE, ALLREDUCE_ARGS, gyre::api::collb::scan)
GYRE_COLL_ENTRY_POINTS(Exscan, Iexscan, GYRE_CB_ALLREDUCE, ALLREDUCE_ARGS, gyre::api::collb::exscan)
GYRE_COLL_ENTRY_POINTS(Reduce_scatter_block, Ireduce_scatter_block, GYRE_CB_REDUCE_SCATTER_BLOCK, RSB_ARGS,
                       gyre::api::collb::reduce_scatter_block)
GYRE_COLL_ENTRY_POINTS(Reduce_scatter, Ireduce_scatter, GYRE_CB_REDUCE_SCATTER, RS_ARGS, gyre::api::collb::reduce_scatter)
