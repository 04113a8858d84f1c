/* MPI_Isend of a small message returns a request that is already complete
 * (Gyre: one predefined handle shared by all such sends, as Open MPI does).
 * Every completion call must still treat it as a request: Wait, Test,
 * Waitall/Testall/Waitany/Testany/Waitsome over many of them at once,
 * Request_get_status, Request_free and Cancel; and a window of them in
 * flight to a peer must deliver every message, in order. */
#include "pt2pt_util.h"

enum { WINDOW = 100, SMALL = 8 };

static void send_window(int peer, int tag, int base) {
  MPI_Request r[WINDOW];
  int v[WINDOW];
  for (int i = 0; i < WINDOW; ++i) {
    v[i] = base + i;
    CHECK_MPI(MPI_Isend(&v[i], 1, MPI_INT, peer, tag, MPI_COMM_WORLD, &r[i]));
  }
  /* Each way of completing them, on a slice of the window. */
  MPI_Status st;
  int flag = 0, index = -1, outcount = 0, indices[WINDOW];
  CHECK_MPI(MPI_Wait(&r[0], &st));
  CHECK(r[0] == MPI_REQUEST_NULL, "Wait left the handle set");
  CHECK_MPI(MPI_Test(&r[1], &flag, &st));
  CHECK(flag == 1 && r[1] == MPI_REQUEST_NULL, "Test: flag %d", flag);
  CHECK_MPI(MPI_Request_get_status(r[2], &flag, &st));
  CHECK(flag == 1 && r[2] != MPI_REQUEST_NULL, "Request_get_status: flag %d", flag);
  CHECK_MPI(MPI_Cancel(&r[2]));
  CHECK_MPI(MPI_Wait(&r[2], &st));
  int cancelled = 1;
  CHECK_MPI(MPI_Test_cancelled(&st, &cancelled));
  CHECK(cancelled == 0, "a completed send reports cancelled");
  CHECK_MPI(MPI_Request_free(&r[3]));
  CHECK(r[3] == MPI_REQUEST_NULL, "Request_free left the handle set");
  CHECK_MPI(MPI_Waitany(4, &r[4], &index, &st));
  CHECK(index >= 0 && index < 4 && r[4 + index] == MPI_REQUEST_NULL, "Waitany index %d", index);
  CHECK_MPI(MPI_Testany(4, &r[4], &index, &flag, &st));
  CHECK(flag == 1, "Testany flag %d", flag);
  CHECK_MPI(MPI_Waitsome(10, &r[8], &outcount, indices, MPI_STATUSES_IGNORE));
  CHECK(outcount >= 1, "Waitsome outcount %d", outcount);
  CHECK_MPI(MPI_Testall(WINDOW / 2 - 18, &r[18], &flag, MPI_STATUSES_IGNORE));
  CHECK(flag == 1, "Testall flag %d", flag);
  CHECK_MPI(MPI_Waitall(WINDOW, r, MPI_STATUSES_IGNORE));
  for (int i = 0; i < WINDOW; ++i) CHECK(r[i] == MPI_REQUEST_NULL, "request %d not retired", i);
}

static void receive_window(int peer, int tag, int base) {
  /* Half posted before the messages come, half after (unexpected). */
  int v[WINDOW];
  MPI_Request r[WINDOW / 2];
  for (int i = 0; i < WINDOW / 2; ++i)
    CHECK_MPI(MPI_Irecv(&v[i], 1, MPI_INT, peer, tag, MPI_COMM_WORLD, &r[i]));
  CHECK_MPI(MPI_Waitall(WINDOW / 2, r, MPI_STATUSES_IGNORE));
  for (int i = WINDOW / 2; i < WINDOW; ++i)
    CHECK_MPI(MPI_Recv(&v[i], 1, MPI_INT, peer, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
  for (int i = 0; i < WINDOW; ++i) CHECK(v[i] == base + i, "message %d is %d, not %d", i, v[i], base + i);
}

int main(int argc, char** argv) {
  test_name = "pt2pt_isend_complete";
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  /* To oneself: the frames wait in the loopback queue. */
  for (int round = 0; round < 3; ++round) {
    send_window(rank, 1, 1000 * round);
    receive_window(rank, 1, 1000 * round);
  }
  /* In a ring: everyone streams to the right and receives from the left. */
  if (size > 1) {
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    for (int round = 0; round < 20; ++round) {
      send_window(right, 2, 100000 * rank + 1000 * round);
      receive_window(left, 2, 100000 * left + 1000 * round);
    }
  }
  /* A large Isend still gets a request of its own that completes later. */
  size_t n = (size_t)1 << 20;
  unsigned char* a = malloc(n);
  unsigned char* b = malloc(n);
  fill_pattern(a, n, 7);
  MPI_Request big;
  CHECK_MPI(MPI_Isend(a, (int)n, MPI_BYTE, rank, 3, MPI_COMM_WORLD, &big));
  CHECK_MPI(MPI_Recv(b, (int)n, MPI_BYTE, rank, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
  CHECK_MPI(MPI_Wait(&big, MPI_STATUS_IGNORE));
  CHECK(check_pattern(b, n, 7) == (size_t)-1, "large message to self corrupted");
  free(a);
  free(b);

  pt2pt_barrier(MPI_COMM_WORLD);
  if (rank == 0) printf("%s: OK\n", test_name);
  MPI_Finalize();
  return 0;
}
