/* 10 000 outstanding requests: every rank posts 5 000 Irecv and 5 000 Isend
 * (to and from its ring neighbours, or itself at np 1) before waiting for
 * any, with varied sizes, then completes them with Waitall, Waitsome and
 * Testany and checks every message landed in its own buffer. */
#include "pt2pt_util.h"

#define N 5000

static int len_of(int i) { return i % 500 == 7 ? 5000 : 1 + i % 13; }

int main(int argc, char** argv) {
  test_name = "pt2pt_many";
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int to = (rank + 1) % size, from = (rank - 1 + size) % size;
  int** outs = xmalloc(sizeof(int*) * N);
  int** ins = xmalloc(sizeof(int*) * N);
  for (int i = 0; i < N; ++i) {
    outs[i] = xmalloc(sizeof(int) * (size_t)len_of(i));
    ins[i] = xmalloc(sizeof(int) * (size_t)len_of(i));
    for (int j = 0; j < len_of(i); ++j) outs[i][j] = rank * 1000000 + i * 7 + j;
  }
  MPI_Request* reqs = xmalloc(sizeof(MPI_Request) * 2 * N);
  /* Receives first for half the messages, the other half arrive unexpected. */
  for (int i = 0; i < N; i += 2) CHECK_MPI(MPI_Irecv(ins[i], len_of(i), MPI_INT, from, i, MPI_COMM_WORLD, &reqs[i]));
  for (int i = 0; i < N; ++i)
    CHECK_MPI(MPI_Isend(outs[i], len_of(i), MPI_INT, to, i, MPI_COMM_WORLD, &reqs[N + i]));
  for (int i = 1; i < N; i += 2) CHECK_MPI(MPI_Irecv(ins[i], len_of(i), MPI_INT, from, i, MPI_COMM_WORLD, &reqs[i]));

  /* A third by Testany, a third by Waitsome, the rest by Waitall. */
  int done = 0;
  while (done < (2 * N) / 3) {
    int index, flag;
    CHECK_MPI(MPI_Testany(2 * N, reqs, &index, &flag, MPI_STATUS_IGNORE));
    if (flag && index != MPI_UNDEFINED) {
      CHECK(reqs[index] == MPI_REQUEST_NULL, "Testany did not free request %d", index);
      ++done;
    }
  }
  int* indices = xmalloc(sizeof(int) * 2 * N);
  MPI_Status* sts = xmalloc(sizeof(MPI_Status) * 2 * N);
  while (done < (4 * N) / 3) {
    int outcount = 0;
    CHECK_MPI(MPI_Waitsome(2 * N, reqs, &outcount, indices, sts));
    CHECK(outcount != MPI_UNDEFINED, "Waitsome found no active request with %d done", done);
    for (int k = 0; k < outcount; ++k) {
      int i = indices[k];
      CHECK(reqs[i] == MPI_REQUEST_NULL, "Waitsome did not free request %d", i);
      if (i < N) CHECK(sts[k].MPI_TAG == i && sts[k].MPI_SOURCE == from, "Waitsome status %d: tag %d", i, sts[k].MPI_TAG);
    }
    done += outcount;
  }
  CHECK_MPI(MPI_Waitall(2 * N, reqs, sts));
  for (int i = 0; i < 2 * N; ++i) CHECK(reqs[i] == MPI_REQUEST_NULL, "Waitall left request %d", i);
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < len_of(i); ++j)
      CHECK(ins[i][j] == from * 1000000 + i * 7 + j, "message %d int %d: %d", i, j, ins[i][j]);
  int outcount = 0;
  CHECK_MPI(MPI_Waitsome(2 * N, reqs, &outcount, indices, sts));
  CHECK(outcount == MPI_UNDEFINED, "Waitsome on only null requests gave %d", outcount);
  for (int i = 0; i < N; ++i) {
    free(outs[i]);
    free(ins[i]);
  }
  free(outs);
  free(ins);
  free(reqs);
  free(indices);
  free(sts);
  report_ok();
  MPI_Finalize();
  return 0;
}
