/* ring: pass a token around all ranks, three times.
 *
 * Rank r receives the token from rank r-1, adds one, and sends it to rank r+1;
 * the last rank sends it back to rank 0. After three laps rank 0 must hold
 * 3 * size. Point-to-point messages in MPI are matched by (source, tag,
 * communicator) and arrive in order between any two ranks.
 *
 *   mpicc examples/ring.c -o ring && mpirun -np 4 ./ring
 */
#include <mpi.h>
#include <stdio.h>

#define LAPS 3
#define TAG 7

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int next = (rank + 1) % size, prev = (rank + size - 1) % size;

  int token = 0;
  for (int lap = 0; lap < LAPS; ++lap) {
    if (rank == 0) {
      /* Rank 0 starts each lap. It sends with MPI_Isend (it returns at once)
       * so that, run alone (-np 1), rank 0 can be its own next and previous
       * rank without waiting on itself. */
      MPI_Request req;
      token += 1;
      MPI_Isend(&token, 1, MPI_INT, next, TAG, MPI_COMM_WORLD, &req);
      int back;
      MPI_Recv(&back, 1, MPI_INT, prev, TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      MPI_Wait(&req, MPI_STATUS_IGNORE); /* the send buffer is ours again */
      token = back;
      printf("lap %d: token came back to rank 0 with value %d\n", lap + 1, token);
    } else {
      MPI_Recv(&token, 1, MPI_INT, prev, TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      token += 1;
      MPI_Send(&token, 1, MPI_INT, next, TAG, MPI_COMM_WORLD);
    }
  }

  /* Everyone learns whether the check passed, so every rank exits alike. */
  int ok = token == LAPS * size;
  if (rank == 0)
    printf("after %d laps over %d ranks the token is %d (expected %d): %s\n", LAPS, size, token,
           LAPS * size, ok ? "OK" : "WRONG");
  MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Finalize();
  return ok ? 0 : 1;
}
