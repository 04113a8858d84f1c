/* allreduce_vector: sum a vector of one million doubles over all ranks, the
 * core operation of data-parallel training and of many solvers.
 *
 * Rank r fills x[i] = (r + 1) * (i % 1000). After MPI_Allreduce every rank
 * holds sum_r x[i] = (i % 1000) * size*(size+1)/2 in every element i (whole
 * numbers, so the sum is exact in any order). The same operation is then done
 * in place (MPI_IN_PLACE: the input is overwritten by the result, no second
 * buffer). Exits 0 only if every element on every rank is right.
 *
 *   mpicc examples/allreduce_vector.c -o allreduce_vector && mpirun -np 4 ./allreduce_vector
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#define N (1 << 20)

/* Count the elements of v that differ from the expected sum. */
static long count_wrong(const double *v, int size) {
  long wrong = 0;
  double ranks_sum = (double)size * (size + 1) / 2;
  for (long i = 0; i < N; ++i)
    if (v[i] != (double)(i % 1000) * ranks_sum) ++wrong;
  return wrong;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  double *x = malloc(N * sizeof(double)), *sum = malloc(N * sizeof(double));
  if (!x || !sum) MPI_Abort(MPI_COMM_WORLD, 1);
  for (long i = 0; i < N; ++i) x[i] = (double)(rank + 1) * (double)(i % 1000);

  /* Separate input and output buffers. */
  MPI_Barrier(MPI_COMM_WORLD);
  double t0 = MPI_Wtime();
  MPI_Allreduce(x, sum, N, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  double t = MPI_Wtime() - t0;
  long wrong = count_wrong(sum, size);

  /* In place: x is both the input and the result. */
  MPI_Allreduce(MPI_IN_PLACE, x, N, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  wrong += count_wrong(x, size);

  /* Add up the wrong elements of all ranks, so every rank exits alike. */
  long wrong_total = 0;
  MPI_Allreduce(&wrong, &wrong_total, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
  if (rank == 0) {
    printf("allreduce of %d doubles (%.1f MiB) on %d ranks took %.2f ms\n", N,
           N * 8.0 / (1 << 20), size, t * 1e3);
    if (wrong_total == 0)
      printf("all elements correct on all ranks (separate buffers and MPI_IN_PLACE): OK\n");
    else
      printf("%ld wrong elements over all ranks: WRONG\n", wrong_total);
  }
  free(x);
  free(sum);
  MPI_Finalize();
  return wrong_total == 0 ? 0 : 1;
}
