// Communicator queries that every program uses from its first line.
#include "runtime/api/binding.h"

using gyre::Communicator;
using gyre::Error;
using gyre::ErrClass;

GYRE_BINDING(int, MPI_Comm_rank, (MPI_Comm comm, int* rank)) {
  gyre::api::Call call("MPI_Comm_rank");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, gyre::api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, gyre::api::check_not_null(rank, "rank"));
  *rank = c->rank();
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Comm_size, (MPI_Comm comm, int* size)) {
  gyre::api::Call call("MPI_Comm_size");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, gyre::api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, gyre::api::check_not_null(size, "size"));
  *size = c->size();
  return MPI_SUCCESS;
}
