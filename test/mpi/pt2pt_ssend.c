/* Synchronous mode: an Issend (small and large) is not complete before the
 * matching receive is posted, however long the sender waits, and completes
 * once it is. Ssend completes against a posted receive. */
#include <time.h>

#include "pt2pt_util.h"

static void spin_test(MPI_Request* r, double seconds, int* flag) {
  double until = MPI_Wtime() + seconds;
  *flag = 0;
  while (!*flag && MPI_Wtime() < until) CHECK_MPI(MPI_Test(r, flag, MPI_STATUS_IGNORE));
}

static void not_before_match(int rank, int size, int n) {
  int to = (rank + 1) % size, from = (rank - 1 + size) % size;
  int* out = xmalloc(sizeof(int) * (size_t)n);
  int* in = xmalloc(sizeof(int) * (size_t)n);
  for (int i = 0; i < n; ++i) out[i] = rank + i;
  MPI_Request s, r;
  int flag = 0;
  CHECK_MPI(MPI_Issend(out, n, MPI_INT, to, 5, MPI_COMM_WORLD, &s));
  spin_test(&s, 0.05, &flag);
  CHECK(!flag, "Issend of %d ints completed before the receiver posted its receive", n);
  /* Everyone has now spun: post the receives, then the sends may finish. */
  pt2pt_barrier(MPI_COMM_WORLD);
  CHECK_MPI(MPI_Irecv(in, n, MPI_INT, from, 5, MPI_COMM_WORLD, &r));
  CHECK_MPI(MPI_Wait(&s, MPI_STATUS_IGNORE));
  CHECK_MPI(MPI_Wait(&r, MPI_STATUS_IGNORE));
  for (int i = 0; i < n; ++i) CHECK(in[i] == from + i, "Issend of %d ints: int %d wrong", n, i);
  free(out);
  free(in);
}

int main(int argc, char** argv) {
  test_name = "pt2pt_ssend";
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  not_before_match(rank, size, 0);
  not_before_match(rank, size, 1);
  not_before_match(rank, size, 100000);

  /* Blocking Ssend against a receive posted first (self at np 1). */
  int to = (rank + 1) % size, from = (rank - 1 + size) % size;
  for (int n = 1; n <= 1 << 18; n *= 8) {
    int* out = xmalloc(sizeof(int) * (size_t)n);
    int* in = xmalloc(sizeof(int) * (size_t)n);
    for (int i = 0; i < n; ++i) out[i] = i ^ rank;
    MPI_Request r;
    CHECK_MPI(MPI_Irecv(in, n, MPI_INT, from, 6, MPI_COMM_WORLD, &r));
    pt2pt_barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_Ssend(out, n, MPI_INT, to, 6, MPI_COMM_WORLD));
    CHECK_MPI(MPI_Wait(&r, MPI_STATUS_IGNORE));
    for (int i = 0; i < n; ++i) CHECK(in[i] == (i ^ from), "Ssend of %d ints: int %d wrong", n, i);
    free(out);
    free(in);
  }
  report_ok();
  MPI_Finalize();
  return 0;
}
