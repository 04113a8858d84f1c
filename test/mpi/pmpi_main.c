#include <mpi.h>
#include <stdio.h>
extern int gyre_test_send_calls;
int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank, x = 42;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Send(&x, 1, MPI_INT, 0, 0, MPI_COMM_SELF);
  MPI_Send(&x, 1, MPI_INT, 0, 1, MPI_COMM_SELF);
  MPI_Recv(&x, 1, MPI_INT, 0, 0, MPI_COMM_SELF, MPI_STATUS_IGNORE);
  MPI_Recv(&x, 1, MPI_INT, 0, 1, MPI_COMM_SELF, MPI_STATUS_IGNORE);
  printf("send calls seen by the wrapper: %d\n", gyre_test_send_calls);
  MPI_Finalize();
  return gyre_test_send_calls == 2 && x == 42 ? 0 : 1;
}
