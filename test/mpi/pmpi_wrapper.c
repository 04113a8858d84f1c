/* A profiling layer: intercepts MPI_Send, counts, forwards to PMPI_Send. */
#include <mpi.h>
int gyre_test_send_calls = 0;
int MPI_Send(const void* buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm) {
  ++gyre_test_send_calls;
  return PMPI_Send(buf, count, type, dest, tag, comm);
}
