// Communicator queries that every program uses from its first line. With
// GYRE_NO_ARG_CHECKS=1 (call.checks() false) they skip the argument checks.
#include "runtime/api/binding.h"

using gyre::Communicator;
using gyre::Error;
using gyre::ErrClass;

GYRE_BINDING(int, MPI_Comm_rank, (MPI_Comm comm, int* rank)) {
  gyre::api::Call call("MPI_Comm_rank");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  if (call.checks()) {
    GYRE_CHECK(call, comm, gyre::api::check_comm(call.rt(), comm, &c));
    GYRE_CHECK(call, comm, gyre::api::check_not_null(rank, "rank"));
  } else {
    c = call.rt().comms.lookup(comm);
  }
  *rank = c->rank();
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Comm_size, (MPI_Comm comm, int* size)) {
  gyre::api::Call call("MPI_Comm_size");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  if (call.checks()) {
    GYRE_CHECK(call, comm, gyre::api::check_comm(call.rt(), comm, &c));
    GYRE_CHECK(call, comm, gyre::api::check_not_null(size, "size"));
  } else {
    c = call.rt().comms.lookup(comm);
  }
  *size = c->size();
  return MPI_SUCCESS;
}
