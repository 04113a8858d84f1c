// Pieces shared by the point-to-point bindings (runtime/api/pt2pt_*.cc):
// argument checks of a send or receive, MPI_PROC_NULL, starting the pml
// operation, and reporting a finished request the MPI way.
#pragma once
#include <mpi.h>

#include <cstddef>
#include <memory>

#include "pml/pml.h"
#include "runtime/api/binding.h"
#include "runtime/predefined.h"

namespace gyre::api {

// A request complete from the start: operations with MPI_PROC_NULL and
// MPI_Ibsend (done once the data is in the attached buffer). Persistent
// ones complete again at every start().
class CompletedRequest : public Request {
 public:
  CompletedRequest(Kind kind, const CompletionStatus& status, bool persistent);
  Error start() override;

 private:
  CompletionStatus final_;
};

// What a receive from MPI_PROC_NULL reports.
CompletionStatus proc_null_status();
// What a null or inactive request reports.
CompletionStatus empty_status();

// The checked arguments of one send or receive.
struct Target {
  Communicator* comm = nullptr;
  const Datatype* type = nullptr;
  int rank = 0;      // the peer's rank in comm (or MPI_ANY_SOURCE for receives)
  int world = 0;     // the destination's world rank (sends)
  bool proc_null = false;
};

// The common case of check_send/check_recv, inline and building no Error
// (that alone cost ~100 instructions a call): true when the arguments are
// valid and *out is filled. false sends the caller to the full check, which
// reports the error or accepts what this leaves to it (MPI_PROC_NULL,
// MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_BOTTOM with derived types).
[[gnu::always_inline]] inline bool quick_target(const Call& call, const void* buf, long long count, MPI_Datatype datatype, int peer,
                         int tag, MPI_Comm comm, Target* out) {
  Runtime& rt = call.rt();
  Communicator* c = rt.comms.lookup(comm);
  Datatype* type = rt.datatypes.lookup(datatype);
  if (c == nullptr || type == nullptr || peer < 0 || peer >= c->peer_size()) return false;
  if (call.checks() && (count < 0 || !type->committed() || (buf == nullptr && count != 0) || tag < 0 ||
                        tag > kTagUpperBound))
    return false;
  out->comm = c;
  out->type = type;
  out->rank = peer;
  out->proc_null = false;
  return true;
}

inline bool quick_send_target(const Call& call, const void* buf, long long count, MPI_Datatype datatype, int dest,
                              int tag, MPI_Comm comm, Target* out) {
  if (!quick_target(call, buf, count, datatype, dest, tag, comm, out)) return false;
  out->world = out->comm->world_rank(dest);
  return true;
}

Error check_send(const Call& call, const void* buf, long long count, MPI_Datatype datatype, int dest, int tag,
                 MPI_Comm comm, Target* out);
Error check_recv(const Call& call, const void* buf, long long count, MPI_Datatype datatype, int source, int tag,
                 MPI_Comm comm, Target* out);

// The checks MPI_Sendrecv and MPI_Isendrecv (and their _replace forms)
// share: the send half into *st, then the receive half into *rt.
Error check_sendrecv(const Call& call, const void* sendbuf, long long sendcount, MPI_Datatype sendtype, int dest,
                     int sendtag, const void* recvbuf, long long recvcount, MPI_Datatype recvtype, int source,
                     int recvtag, MPI_Comm comm, Target* st, Target* rt);

// A peer rank of comm (remote group on an intercommunicator); MPI_PROC_NULL
// is fine, MPI_ANY_SOURCE when allowed.
Error check_peer(const Communicator& comm, int rank, const char* name, bool allow_any_source);

// Start the operation on the pml (or a completed request for MPI_PROC_NULL).
std::unique_ptr<Request> start_send(Runtime& rt, const Target& t, const void* buf, size_t count, int tag,
                                    pml::SendMode mode);
std::unique_ptr<Request> start_recv(Runtime& rt, const Target& t, void* buf, size_t count, int tag);
// The persistent versions (inactive until MPI_Start).
std::unique_ptr<Request> init_send(Runtime& rt, const Target& t, const void* buf, size_t count, int tag,
                                   pml::SendMode mode);
std::unique_ptr<Request> init_recv(Runtime& rt, const Target& t, void* buf, size_t count, int tag);

// Hand a request to the program: into the handle table, remembering comm
// for errors found at completion.
inline void publish(Runtime& rt, std::unique_ptr<Request> r, MPI_Comm comm, MPI_Request* out) {
  r->set_comm_handle(comm);
  *out = rt.requests.insert(std::move(r));
}

// How a request-returning binding makes its request: start_send/start_recv
// (nonblocking) or init_send/init_recv (persistent).
using SendMaker = std::unique_ptr<Request> (*)(Runtime& rt, const Target& t, const void* buf, size_t count, int tag,
                                               pml::SendMode mode);
using RecvMaker = std::unique_ptr<Request> (*)(Runtime& rt, const Target& t, void* buf, size_t count, int tag);

// MPI_Isend of a message the pml sent at once (Pml::send_now) returns this
// predefined request: complete, never freed (MPI_Wait, MPI_Test and
// MPI_Request_free only reset the handle to MPI_REQUEST_NULL), like the
// "empty" request Open MPI returns in that case. A streaming sender then
// allocates, publishes and retires nothing per message.
constexpr MPI_Request kCompletedSendRequest = static_cast<MPI_Request>(0x6c000001);

// The body of MPI_Isend/MPI_Send_init (and their modes and _c forms): check
// the arguments, make the request and publish it. post_isend first tries to
// send at once and return kCompletedSendRequest.
int post_isend(const char* function, const void* buf, long long count, MPI_Datatype datatype, int dest, int tag,
               MPI_Comm comm, MPI_Request* request, pml::SendMode mode, SendMaker make);
int post_send(const char* function, const void* buf, long long count, MPI_Datatype datatype, int dest, int tag,
              MPI_Comm comm, MPI_Request* request, pml::SendMode mode, SendMaker make);
// The body of MPI_Irecv (and _c): no maker to call through, straight to
// the pml.
int post_irecv(const char* function, void* buf, long long count, MPI_Datatype datatype, int source, int tag,
               MPI_Comm comm, MPI_Request* request);
// The body of MPI_Recv_init (and _c forms).
int post_recv(const char* function, void* buf, long long count, MPI_Datatype datatype, int source, int tag,
              MPI_Comm comm, MPI_Request* request, RecvMaker make);

// The outgoing half of a Sendrecv_replace: the data packed into MPI_BYTEs
// first, since the receive lands in the same buffer. `data` must outlive
// the send.
struct PackedSend {
  std::unique_ptr<std::byte[]> data;
  size_t bytes = 0;
  Target target;  // st, with the type MPI_BYTE
};
PackedSend pack_outgoing(Runtime& rt, const Target& st, const void* buf, long long count);

// The error a finished request reports (success, truncation, ...).
Error completion_error(const CompletionStatus& s);

// Blocking calls: wait for r, fill status, report an error on comm.
int wait_and_report(const Call& call, MPI_Comm comm, Request& r, MPI_Status* status);

// The Datatype of MPI_BYTE (for packed copies).
const Datatype& byte_type(Runtime& rt);

}  // namespace gyre::api
