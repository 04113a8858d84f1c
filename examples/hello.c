/* hello: the first MPI program to run.
 *
 * Every rank prints who it is: its rank in the job, the job's size, its rank
 * among the processes on the same node (its "local rank") and the node's name.
 * Then all ranks add up their rank numbers with MPI_Allreduce; the sum must be
 * 0 + 1 + ... + (size-1) = size*(size-1)/2, and the program exits 0 only if it is.
 *
 *   mpicc examples/hello.c -o hello && mpirun -np 4 ./hello
 */
#include <mpi.h>
#include <stdio.h>

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);

  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank); /* 0 .. size-1 */
  MPI_Comm_size(MPI_COMM_WORLD, &size); /* how many processes -np started */

  /* MPI_COMM_TYPE_SHARED groups the ranks that can share memory, i.e. those
   * on this node; our rank in that communicator is the local rank. */
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  int local_rank, local_size;
  MPI_Comm_rank(node, &local_rank);
  MPI_Comm_size(node, &local_size);

  char host[MPI_MAX_PROCESSOR_NAME];
  int len;
  MPI_Get_processor_name(host, &len);

  printf("hello from rank %d of %d (local rank %d of %d) on %s\n", rank, size, local_rank,
         local_size, host);

  /* Every rank contributes its rank; every rank receives the total. */
  long mine = rank, sum = 0;
  MPI_Allreduce(&mine, &sum, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
  long expected = (long)size * (size - 1) / 2;
  int ok = sum == expected;
  if (rank == 0)
    printf("MPI_Allreduce sum of all ranks = %ld (expected %ld): %s\n", sum, expected,
           ok ? "OK" : "WRONG");

  MPI_Comm_free(&node);
  MPI_Finalize();
  return ok ? 0 : 1;
}
