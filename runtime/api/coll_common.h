// Shared by the collective bindings (coll_*.cc): every collective exists in
// blocking, nonblocking (MPI_I*) and persistent (*_init) forms and with int
// and MPI_Count (_c) counts; one templated body per operation does the
// argument checks and hands a coll::CollArgs to the communicator's module.
#pragma once
#include <algorithm>
#include <limits>
#include <span>
#include <type_traits>
#include <vector>

#include "coll/coll.h"
#include "runtime/api/binding.h"

// CollArgs{op, rank, size, root, ...}: the fields left out are meant to be empty.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace gyre::api::collb {

enum class Mode { blocking, nonblocking, persistent };

// Why check_coll_comm fails, out of line (as api::detail: a passing check
// stays a few compares).
[[gnu::cold, gnu::noinline]] inline Error coll_comm_error(Runtime& rt, MPI_Comm comm, Communicator** out, bool inter_ok) {
  GYRE_TRY(check_comm(rt, comm, out));
  if ((*out)->is_inter() && !inter_ok)
    return Error(ErrClass::comm, "this collective has no intercommunicator form in Gyre yet (communicator " +
                                     (*out)->name() + "; barrier, bcast, allreduce, allgather and alltoall have one)");
  if ((*out)->coll() == nullptr) return Error(ErrClass::intern, "communicator has no collective module");
  return Error::ok();
}
// The communicator, checked: valid, with a module, and an intracommunicator
// unless the operation has an intercommunicator form (inter_ok).
inline Error check_coll_comm(Runtime& rt, MPI_Comm comm, Communicator** out, bool inter_ok = false) {
  Communicator* c = rt.comms.lookup(comm);
  if (c != nullptr && (inter_ok || !c->is_inter()) && c->coll() != nullptr) [[likely]] {
    *out = c;
    return Error::ok();
  }
  return coll_comm_error(rt, comm, out, inter_ok);
}

[[gnu::cold, gnu::noinline]] inline Error coll_datatype_error(Runtime& rt, MPI_Datatype type, Datatype** out,
                                                           const char* name) {
  GYRE_TRY(check_datatype(rt, type, out, name));
  return Error(ErrClass::type, std::string(name) + " " + (*out)->name() + " is not committed (call MPI_Type_commit)");
}
// A datatype handle of a collective: valid and committed (as point-to-point
// requires: an uncommitted derived type may not carry data).
inline Error check_coll_datatype(Runtime& rt, MPI_Datatype type, Datatype** out, const char* name = "datatype") {
  *out = rt.datatypes.lookup(type);
  if (*out != nullptr && (*out)->committed()) [[likely]] return Error::ok();
  return coll_datatype_error(rt, type, out, name);
}

// The root argument on an intercommunicator: MPI_ROOT on the root itself,
// MPI_PROC_NULL on the rest of its group, the root's rank in the remote
// group on the other side.
inline Error check_inter_root(const Communicator& comm, int root) {
  if (root == MPI_ROOT || root == MPI_PROC_NULL || (root >= 0 && root < comm.remote_size())) return Error::ok();
  return Error(ErrClass::root, "invalid root " + std::to_string(root) + " on intercommunicator " + comm.name() +
                                   " (MPI_ROOT, MPI_PROC_NULL or a rank of the remote group of " +
                                   std::to_string(comm.remote_size()) + ")");
}

// The info argument of the persistent (*_init) forms: MPI_INFO_NULL or a
// valid info object (Gyre keeps no hints for them).
inline int check_init_info(const char* fn, MPI_Info info, MPI_Comm comm) {
  Call call(fn);
  if (!call.ok()) return call.not_initialized();
  if (info != MPI_INFO_NULL && call.rt().infos.lookup(info) == nullptr)
    return call.fail(comm, Error(ErrClass::info, "invalid info handle " + std::to_string(info)));
  return MPI_SUCCESS;
}

inline Error check_request_ptr(Mode mode, MPI_Request* request) {
  if (mode != Mode::blocking && request == nullptr) return Error(ErrClass::request, "request is NULL");
  return Error::ok();
}

[[gnu::cold, gnu::noinline]] inline Error data_buffer_error(const void* buf, long long count, const Datatype& type,
                                                          const char* name) {
  if (buf == MPI_IN_PLACE) return Error(ErrClass::buffer, std::string(name) + " may not be MPI_IN_PLACE here");
  if (type.is_predefined()) return check_buffer(buf, count, name);
  return Error::ok();
}
// A buffer that must be real (not MPI_IN_PLACE) when it carries data.
// MPI_BOTTOM (NULL) is legal with derived datatypes of absolute addresses.
inline Error check_data_buffer(const void* buf, long long count, const Datatype& type, const char* name) {
  if (buf != MPI_IN_PLACE && (buf != nullptr || count == 0)) [[likely]] return Error::ok();
  return data_buffer_error(buf, count, type, name);
}

inline Error check_no_alias(const void* sendbuf, const void* recvbuf, size_t bytes) {
  if (bytes > 0 && sendbuf == recvbuf && sendbuf != nullptr)
    return Error(ErrClass::buffer, "sendbuf and recvbuf are the same buffer (use MPI_IN_PLACE)");
  return Error::ok();
}

inline Error check_reduction(Runtime& rt, MPI_Op op, const Datatype& type, Op** out) {
  GYRE_TRY(check_op(rt, op, out));
  return (*out)->check_type(type);
}

// Count arrays of the _c forms in int (the schedules' unit); larger counts
// are refused rather than truncated.
template <class T>
Error to_ints(const T* values, int n, std::vector<int>* out, const char* name) {
  out->resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    if (values[i] < 0 && std::string(name).find("displs") == std::string::npos)
      return Error(ErrClass::count, std::string("negative ") + name + "[" + std::to_string(i) + "]");
    if (values[i] > std::numeric_limits<int>::max() || values[i] < std::numeric_limits<int>::min())
      return Error(ErrClass::count, std::string(name) + "[" + std::to_string(i) + "] is too large for this version");
    (*out)[static_cast<size_t>(i)] = static_cast<int>(values[i]);
  }
  return Error::ok();
}

// Counts (never negative) as ints: an int binding's own array when every
// count passes (no copy, no allocation per call), else to_ints' copy in
// *storage (the _c forms, or the error naming the bad count).
template <class T>
Error count_view(const T* values, int n, std::vector<int>* storage, std::span<const int>* out, const char* name) {
  if constexpr (std::is_same_v<T, int>) {
    if (std::all_of(values, values + n, [](int v) { return v >= 0; })) {
      *out = std::span<const int>(values, static_cast<size_t>(n));
      return Error::ok();
    }
  }
  GYRE_TRY(to_ints(values, n, storage, name));
  *out = *storage;
  return Error::ok();
}

// Start / create a nonblocking or persistent collective and fill *request.
[[gnu::noinline]] inline int dispatch_request(Call& call, MPI_Comm comm, coll::Module& m, const coll::CollArgs& a,
                                              const coll::RunBuffers& b, Mode mode, MPI_Request* request) {
  std::unique_ptr<Request> r;
  Error e = mode == Mode::nonblocking ? m.start(a, b, &r) : m.init(a, b, &r);
  if (e) return call.fail(comm, e);
  r->set_comm_handle(comm);
  *request = call.rt().requests.insert(std::move(r));
  return MPI_SUCCESS;
}

// Run / start / create the collective; fills *request for I* and *_init.
// a gets the module's fields (Module::complete), so a blocking run uses it
// as it is. The blocking path stays small enough to inline into the
// binding (the request path's registers and unique_ptr live out of line).
inline int dispatch(Call& call, MPI_Comm comm, Communicator& c, coll::CollArgs& a, const coll::RunBuffers& b,
                    Mode mode, MPI_Request* request) {
  coll::Module& m = *c.coll();
  m.complete(a);
  if (mode != Mode::blocking) return dispatch_request(call, comm, m, a, b, mode, request);
  if (Error e = m.run(a, b)) [[unlikely]] return call.fail(comm, e);
  return MPI_SUCCESS;
}

}  // namespace gyre::api::collb

// The six entry points of one collective: MPI_X, MPI_IX, MPI_X_init and
// their _c forms, each a call of the templated body `impl`.
#define GYRE_COLL_ENTRY_POINTS(Name, IName, PARAMS, ARGS, impl)                                               \
  GYRE_BINDING(int, MPI_##Name, (PARAMS(int, int))) {                                                               \
    return impl<int, int>("MPI_" #Name, ARGS, ::gyre::api::collb::Mode::blocking, nullptr);                   \
  }                                                                                                            \
  GYRE_BINDING(int, MPI_##IName, (PARAMS(int, int), MPI_Request * request)) {                                       \
    return impl<int, int>("MPI_" #IName, ARGS, ::gyre::api::collb::Mode::nonblocking, request);              \
  }                                                                                                            \
  GYRE_BINDING(int, MPI_##Name##_init, (PARAMS(int, int), MPI_Info info, MPI_Request * request)) {                  \
    if (int rc = ::gyre::api::collb::check_init_info("MPI_" #Name "_init", info, comm)) return rc;            \
    return impl<int, int>("MPI_" #Name "_init", ARGS, ::gyre::api::collb::Mode::persistent, request);         \
  }                                                                                                            \
  GYRE_BINDING(int, MPI_##Name##_c, (PARAMS(MPI_Count, MPI_Aint))) {                                                           \
    return impl<MPI_Count, MPI_Aint>("MPI_" #Name "_c", ARGS, ::gyre::api::collb::Mode::blocking, nullptr);   \
  }                                                                                                            \
  GYRE_BINDING(int, MPI_##IName##_c, (PARAMS(MPI_Count, MPI_Aint), MPI_Request * request)) {                                   \
    return impl<MPI_Count, MPI_Aint>("MPI_" #IName "_c", ARGS, ::gyre::api::collb::Mode::nonblocking, request); \
  }                                                                                                            \
  GYRE_BINDING(int, MPI_##Name##_init_c, (PARAMS(MPI_Count, MPI_Aint), MPI_Info info, MPI_Request * request)) {                \
    if (int rc = ::gyre::api::collb::check_init_info("MPI_" #Name "_init_c", info, comm)) return rc;          \
    return impl<MPI_Count, MPI_Aint>("MPI_" #Name "_init_c", ARGS, ::gyre::api::collb::Mode::persistent, request); \
  }

// Parameter lists (mpi.h's own macros are #undef'd at its end). C: count
// type, D: displacement type.
#define GYRE_CB_BCAST(C, D) void *buffer, C count, MPI_Datatype datatype, int root, MPI_Comm comm
#define GYRE_CB_GATHER(C, D) const void *sendbuf, C sendcount, MPI_Datatype sendtype, void *recvbuf, \
    C recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm
#define GYRE_CB_GATHERV(C, D) const void *sendbuf, C sendcount, MPI_Datatype sendtype, void *recvbuf, \
    const C recvcounts[], const D displs[], MPI_Datatype recvtype, int root, MPI_Comm comm
#define GYRE_CB_SCATTERV(C, D) const void *sendbuf, const C sendcounts[], const D displs[], \
    MPI_Datatype sendtype, void *recvbuf, C recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm
#define GYRE_CB_ALLGATHER(C, D) const void *sendbuf, C sendcount, MPI_Datatype sendtype, void *recvbuf, \
    C recvcount, MPI_Datatype recvtype, MPI_Comm comm
#define GYRE_CB_ALLGATHERV(C, D) const void *sendbuf, C sendcount, MPI_Datatype sendtype, void *recvbuf, \
    const C recvcounts[], const D displs[], MPI_Datatype recvtype, MPI_Comm comm
#define GYRE_CB_ALLTOALLV(C, D) const void *sendbuf, const C sendcounts[], const D sdispls[], \
    MPI_Datatype sendtype, void *recvbuf, const C recvcounts[], const D rdispls[], MPI_Datatype recvtype, \
    MPI_Comm comm
#define GYRE_CB_ALLTOALLW(C, D) const void *sendbuf, const C sendcounts[], const D sdispls[], \
    const MPI_Datatype sendtypes[], void *recvbuf, const C recvcounts[], const D rdispls[], \
    const MPI_Datatype recvtypes[], MPI_Comm comm
#define GYRE_CB_NEIGHBOR_ALLTOALLW(C, D) const void *sendbuf, const C sendcounts[], const MPI_Aint sdispls[], \
    const MPI_Datatype sendtypes[], void *recvbuf, const C recvcounts[], const MPI_Aint rdispls[], \
    const MPI_Datatype recvtypes[], MPI_Comm comm
#define GYRE_CB_REDUCE(C, D) const void *sendbuf, void *recvbuf, C count, MPI_Datatype datatype, MPI_Op op, \
    int root, MPI_Comm comm
#define GYRE_CB_ALLREDUCE(C, D) const void *sendbuf, void *recvbuf, C count, MPI_Datatype datatype, \
    MPI_Op op, MPI_Comm comm
#define GYRE_CB_REDUCE_SCATTER(C, D) const void *sendbuf, void *recvbuf, const C recvcounts[], \
    MPI_Datatype datatype, MPI_Op op, MPI_Comm comm
#define GYRE_CB_REDUCE_SCATTER_BLOCK(C, D) const void *sendbuf, void *recvbuf, C recvcount, \
    MPI_Datatype datatype, MPI_Op op, MPI_Comm comm
