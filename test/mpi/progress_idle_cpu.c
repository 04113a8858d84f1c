/* Waiting is cheap: a rank blocked in MPI_Recv (and in MPI_Barrier) while
 * its peer is busy must give its core away, not spin on it. Rank 0 sleeps
 * for one second; every other rank waits for it and measures the CPU time
 * it used while waiting. The bound is generous (a quarter of the wait):
 * a spinning rank uses all of it. */
#include <mpi.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double cpu_seconds(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + 1e-6 * (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank, size, token = 0, failed = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  for (int phase = 0; phase < 2; ++phase) {
    MPI_Barrier(MPI_COMM_WORLD);
    double wall0 = MPI_Wtime(), cpu0 = cpu_seconds();
    if (rank == 0) {
      sleep(1);
      for (int r = 1; r < size; ++r) MPI_Send(&token, 1, MPI_INT, r, phase, MPI_COMM_WORLD);
      if (phase == 1) MPI_Barrier(MPI_COMM_WORLD);
    } else if (phase == 0) {
      MPI_Recv(&token, 1, MPI_INT, 0, phase, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else {
      MPI_Barrier(MPI_COMM_WORLD);  /* waits for rank 0's sends + barrier */
      MPI_Recv(&token, 1, MPI_INT, 0, phase, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    double wall = MPI_Wtime() - wall0, cpu = cpu_seconds() - cpu0;
    if (rank != 0 && cpu > 0.25 * wall) {
      fprintf(stderr, "progress_idle_cpu: rank %d used %.3f s of CPU while waiting %.3f s in %s\n", rank, cpu, wall,
              phase == 0 ? "MPI_Recv" : "MPI_Barrier");
      failed = 1;
    }
  }
  int any = 0;
  MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  if (rank == 0 && !any) printf("OK\n");
  MPI_Finalize();
  return any;
}
