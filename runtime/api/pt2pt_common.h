// Pieces shared by the point-to-point bindings (runtime/api/pt2pt_*.cc):
// argument checks of a send or receive, MPI_PROC_NULL, starting the pml
// operation, and reporting a finished request the MPI way.
#pragma once
#include <mpi.h>

#include <cstddef>
#include <memory>

#include "pml/pml.h"
#include "runtime/api/binding.h"

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

Error check_send(const Call& call, const void* buf, long long count, MPI_Datatype datatype, int dest, int tag,
                 MPI_Comm comm, Target* out);
Error check_recv(const Call& call, const void* buf, long long count, MPI_Datatype datatype, int source, int tag,
                 MPI_Comm comm, Target* out);

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
void publish(Runtime& rt, std::unique_ptr<Request> r, MPI_Comm comm, MPI_Request* out);

// How a request-returning binding makes its request: start_send/start_recv
// (nonblocking) or init_send/init_recv (persistent).
using SendMaker = std::unique_ptr<Request> (*)(Runtime& rt, const Target& t, const void* buf, size_t count, int tag,
                                               pml::SendMode mode);
using RecvMaker = std::unique_ptr<Request> (*)(Runtime& rt, const Target& t, void* buf, size_t count, int tag);

// The body of MPI_Isend/MPI_Send_init (and their modes and _c forms): check
// the arguments, make the request and publish it.
int post_send(const char* function, const void* buf, long long count, MPI_Datatype datatype, int dest, int tag,
              MPI_Comm comm, MPI_Request* request, pml::SendMode mode, SendMaker make);
// The body of MPI_Irecv/MPI_Recv_init (and _c forms).
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
