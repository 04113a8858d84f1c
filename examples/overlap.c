/* overlap: hide a collective behind computation.
 *
 * MPI_Iallreduce starts a reduction and returns at once. The program computes
 * meanwhile and calls MPI_Test between pieces of work: MPI_Test asks "done
 * yet?" and also gives the library the chance to move the reduction on (many
 * MPI libraries advance communication only inside MPI calls). MPI_Wait ends it.
 * This is how data-parallel training reduces one layer's gradients while the
 * backward pass of the next layer runs.
 *
 * The program times the reduction alone, the computation alone (sized to last
 * about as long) and both overlapped. Timings are for information; it exits 0
 * only if the reduced vector is right.
 *
 *   mpicc examples/overlap.c -o overlap && mpirun -np 4 ./overlap
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#define N (1 << 21) /* 2M doubles = 16 MiB of "gradients" */

static volatile double sink; /* keeps the compiler from dropping the work */

/* One piece of computation: some arithmetic on a small array. */
static void work_piece(void) {
  static double a[4096];
  double acc = 0;
  for (int i = 0; i < 4096; ++i) {
    a[i] = a[i] * 0.999 + 1.0;
    acc += a[i];
  }
  sink = acc;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  double *grad = malloc(N * sizeof(double)), *sum = malloc(N * sizeof(double));
  if (!grad || !sum) MPI_Abort(MPI_COMM_WORLD, 1);
  for (long i = 0; i < N; ++i) grad[i] = (double)(rank + 1) * (double)(i % 100);
  MPI_Request req;

  /* 1. The reduction alone, after one untimed call (the first call of a size
   *    pays for page faults and connection set-up). The slowest rank's time
   *    counts: a collective is done when the last rank is. */
  MPI_Iallreduce(grad, sum, N, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD, &req);
  MPI_Wait(&req, MPI_STATUS_IGNORE);
  MPI_Barrier(MPI_COMM_WORLD);
  double t0 = MPI_Wtime();
  MPI_Iallreduce(grad, sum, N, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD, &req);
  MPI_Wait(&req, MPI_STATUS_IGNORE);
  double t_comm = MPI_Wtime() - t0;
  MPI_Allreduce(MPI_IN_PLACE, &t_comm, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);

  /* 2. Size the computation to last about as long: time pieces for 20 ms; all
   *    ranks take the slowest rank's piece time, so they do the same work. */
  long timed = 0;
  t0 = MPI_Wtime();
  do {
    work_piece();
    ++timed;
  } while (MPI_Wtime() - t0 < 0.02);
  double per_piece = (MPI_Wtime() - t0) / timed;
  MPI_Allreduce(MPI_IN_PLACE, &per_piece, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  long pieces = (long)(t_comm / per_piece) + 1;

  /* 3. The computation alone. */
  MPI_Barrier(MPI_COMM_WORLD);
  t0 = MPI_Wtime();
  for (long p = 0; p < pieces; ++p) work_piece();
  double t_comp = MPI_Wtime() - t0;

  /* 4. Both: start the reduction, compute, test now and then, wait. */
  for (long i = 0; i < N; ++i) sum[i] = -1; /* the result must come from this call */
  MPI_Barrier(MPI_COMM_WORLD);
  t0 = MPI_Wtime();
  MPI_Iallreduce(grad, sum, N, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD, &req);
  int done = 0;
  long done_at = -1;
  for (long p = 0; p < pieces; ++p) {
    work_piece();
    if (!done) {
      MPI_Test(&req, &done, MPI_STATUS_IGNORE);
      if (done) done_at = p + 1;
    }
  }
  MPI_Wait(&req, MPI_STATUS_IGNORE); /* returns at once if MPI_Test saw it done */
  double t_both = MPI_Wtime() - t0;

  /* Check: sum[i] = (i % 100) * (1 + 2 + ... + size), exact in doubles. */
  long wrong = 0;
  double ranks_sum = (double)size * (size + 1) / 2;
  for (long i = 0; i < N; ++i)
    if (sum[i] != (double)(i % 100) * ranks_sum) ++wrong;
  long wrong_total = 0;
  MPI_Allreduce(&wrong, &wrong_total, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);

  if (rank == 0) {
    printf("Iallreduce of %.0f MiB on %d ranks: alone %.2f ms; computation alone %.2f ms\n",
           N * 8.0 / (1 << 20), size, t_comm * 1e3, t_comp * 1e3);
    printf("overlapped: %.2f ms (one after the other would take %.2f ms); ", t_both * 1e3,
           (t_comm + t_comp) * 1e3);
    if (done_at > 0)
      printf("MPI_Test saw the reduction done after piece %ld of %ld\n", done_at, pieces);
    else
      printf("the reduction finished in MPI_Wait, after all %ld pieces\n", pieces);
    printf("reduced vector: %s\n", wrong_total == 0 ? "all elements correct: OK" : "WRONG");
  }
  free(grad);
  free(sum);
  MPI_Finalize();
  return wrong_total == 0 ? 0 : 1;
}
