/* Truncation: a message longer than the receive buffer. With
 * MPI_ERRORS_RETURN the receive returns MPI_ERR_TRUNCATE, fills what fits,
 * and the status names source and tag with the count actually received.
 * Both the eager and the rendezvous paths, through Recv, Wait and Waitall
 * (MPI_ERR_IN_STATUS with per-status MPI_ERROR). */
#include "pt2pt_util.h"

static int error_class(int code) {
  int cls = -1;
  MPI_Error_class(code, &cls);
  return cls;
}

static void truncated(int rank, int size, int n, int room, int how) {
  int to = (rank + 1) % size, from = (rank - 1 + size) % size;
  int* out = xmalloc(sizeof(int) * (size_t)n);
  int* in = xmalloc(sizeof(int) * (size_t)(room + 1));
  for (int i = 0; i < n; ++i) out[i] = i * 3 + 1;
  in[room] = -77;
  MPI_Request s, r[2];
  MPI_Status st, sts[2];
  CHECK_MPI(MPI_Isend(out, n, MPI_INT, to, 9, MPI_COMM_WORLD, &s));
  int rc;
  if (how == 0) {
    rc = MPI_Recv(in, room, MPI_INT, from, 9, MPI_COMM_WORLD, &st);
  } else if (how == 1) {
    CHECK_MPI(MPI_Irecv(in, room, MPI_INT, MPI_ANY_SOURCE, 9, MPI_COMM_WORLD, &r[0]));
    rc = MPI_Wait(&r[0], &st);
  } else {
    int ok = -1;
    CHECK_MPI(MPI_Irecv(in, room, MPI_INT, from, MPI_ANY_TAG, MPI_COMM_WORLD, &r[0]));
    CHECK_MPI(MPI_Irecv(&ok, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r[1]));
    rc = MPI_Waitall(2, r, sts);
    CHECK(rc == MPI_ERR_IN_STATUS, "Waitall returned %d, expected MPI_ERR_IN_STATUS", rc);
    CHECK(sts[1].MPI_ERROR == MPI_SUCCESS, "the good request's MPI_ERROR is %d", sts[1].MPI_ERROR);
    rc = sts[0].MPI_ERROR;
    st = sts[0];
  }
  CHECK(error_class(rc) == MPI_ERR_TRUNCATE, "%d ints into %d (way %d): error class %d, expected MPI_ERR_TRUNCATE", n,
        room, how, error_class(rc));
  int count = -1;
  MPI_Get_count(&st, MPI_INT, &count);
  CHECK(st.MPI_SOURCE == from && st.MPI_TAG == 9, "truncated status source %d tag %d", st.MPI_SOURCE, st.MPI_TAG);
  CHECK(count == room, "%d ints into %d: count %d", n, room, count);
  for (int i = 0; i < room; ++i) CHECK(in[i] == i * 3 + 1, "%d ints into %d: int %d wrong", n, room, i);
  CHECK(in[room] == -77, "%d ints into %d: wrote past the buffer", n, room);
  CHECK_MPI(MPI_Wait(&s, MPI_STATUS_IGNORE));
  free(out);
  free(in);
}

int main(int argc, char** argv) {
  test_name = "pt2pt_truncate";
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  CHECK_MPI(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN));
  const int sizes[][2] = {{10, 4}, {100, 0}, {1000, 999}, {100000, 10}, {100000, 99999}, {300000, 0}};
  for (int k = 0; k < 6; ++k)
    for (int how = 0; how < 3; ++how) truncated(rank, size, sizes[k][0], sizes[k][1], how);
  /* A matching length is no error. */
  int x = rank, y = -1;
  CHECK_MPI(MPI_Sendrecv(&x, 1, MPI_INT, (rank + 1) % size, 1, &y, 1, MPI_INT, (rank - 1 + size) % size, 1,
                         MPI_COMM_WORLD, MPI_STATUS_IGNORE));
  CHECK(y == (rank - 1 + size) % size, "Sendrecv got %d", y);
  report_ok();
  MPI_Finalize();
  return 0;
}
