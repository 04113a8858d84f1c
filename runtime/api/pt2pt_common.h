// Pieces shared by the point-to-point bindings (runtime/api/pt2pt_*.cc):
// argument checks of a send or receive, MPI_PROC_NULL, starting the pml
// operation, and reporting a finished request the MPI way.
#pragma once
#include <mpi.h>

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

// The error a finished request reports (success, truncation, ...).
Error completion_error(const CompletionStatus& s);

// Blocking calls: wait for r, fill status, report an error on comm.
int wait_and_report(const Call& call, MPI_Comm comm, Request& r, MPI_Status* status);

// The Datatype of MPI_BYTE (for packed copies).
const Datatype& byte_type(Runtime& rt);

}  // namespace gyre::api
