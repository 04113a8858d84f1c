/* Built by the ABI, singleton and foreign-launcher tests: prints who runs it
 * and which library answered, and checks a few ABI-visible values. */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  char lib[MPI_MAX_LIBRARY_VERSION_STRING];
  int len;
  MPI_Get_library_version(lib, &len);
  /* A status written by the library must be readable through this
   * program's own header's layout. */
  MPI_Status st;
  memset(&st, 0xff, sizeof st);
  int token = rank;
  MPI_Sendrecv_replace(&token, 1, MPI_INT, rank, 7, rank, 7, MPI_COMM_WORLD, &st);
  int count = -1;
  MPI_Get_count(&st, MPI_INT, &count);
  int ok = st.MPI_SOURCE == rank && st.MPI_TAG == 7 && count == 1 && token == rank;
  printf("abi_probe rank %d of %d status %s library: %.40s\n", rank, size, ok ? "ok" : "BAD", lib);
  MPI_Finalize();
  return ok ? 0 : 1;
}
