/* Cancel of receives that nothing matched: the request completes,
 * MPI_Test_cancelled says so, and a message sent later with that tag goes to
 * the next receive instead. Cancelling a matched receive does nothing. */
#include "pt2pt_util.h"

int main(int argc, char** argv) {
  test_name = "pt2pt_cancel";
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int from = (rank - 1 + size) % size, to = (rank + 1) % size;

  /* Nonblocking and persistent receives, from a rank and from anyone. */
  int buf = -1, flag = 0;
  MPI_Request reqs[3];
  MPI_Status st;
  CHECK_MPI(MPI_Irecv(&buf, 1, MPI_INT, from, 11, MPI_COMM_WORLD, &reqs[0]));
  CHECK_MPI(MPI_Irecv(&buf, 1, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &reqs[1]));
  CHECK_MPI(MPI_Recv_init(&buf, 1, MPI_INT, from, 11, MPI_COMM_WORLD, &reqs[2]));
  CHECK_MPI(MPI_Start(&reqs[2]));
  for (int i = 0; i < 3; ++i) {
    CHECK_MPI(MPI_Cancel(&reqs[i]));
    CHECK_MPI(MPI_Wait(&reqs[i], &st));
    CHECK_MPI(MPI_Test_cancelled(&st, &flag));
    CHECK(flag == 1, "receive %d: not cancelled", i);
  }
  CHECK(reqs[0] == MPI_REQUEST_NULL && reqs[2] != MPI_REQUEST_NULL, "handles after Wait");
  MPI_Request_free(&reqs[2]);
  CHECK(buf == -1, "a cancelled receive wrote its buffer");

  /* The cancelled receives must not take this message. */
  pt2pt_barrier(MPI_COMM_WORLD);
  int value = 1000 + rank;
  MPI_Request s;
  CHECK_MPI(MPI_Isend(&value, 1, MPI_INT, to, 11, MPI_COMM_WORLD, &s));
  CHECK_MPI(MPI_Recv(&buf, 1, MPI_INT, from, 11, MPI_COMM_WORLD, &st));
  CHECK(buf == 1000 + from, "after cancel got %d, expected %d", buf, 1000 + from);
  CHECK_MPI(MPI_Test_cancelled(&st, &flag));
  CHECK(flag == 0, "a received message reports cancelled");
  CHECK_MPI(MPI_Wait(&s, MPI_STATUS_IGNORE));

  /* A receive that already matched cannot be cancelled. */
  CHECK_MPI(MPI_Isend(&value, 1, MPI_INT, to, 12, MPI_COMM_WORLD, &s));
  MPI_Request r;
  CHECK_MPI(MPI_Irecv(&buf, 1, MPI_INT, from, 12, MPI_COMM_WORLD, &r));
  do CHECK_MPI(MPI_Test(&s, &flag, MPI_STATUS_IGNORE)); while (!flag);
  /* Wait for the receive to match before cancelling. */
  MPI_Status probe;
  int done = 0;
  while (!done) CHECK_MPI(MPI_Request_get_status(r, &done, &probe));
  CHECK_MPI(MPI_Cancel(&r));
  CHECK_MPI(MPI_Wait(&r, &st));
  CHECK_MPI(MPI_Test_cancelled(&st, &flag));
  CHECK(flag == 0 && buf == 1000 + from, "a completed receive was cancelled (buf %d)", buf);
  report_ok();
  MPI_Finalize();
  return 0;
}
