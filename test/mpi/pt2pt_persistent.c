/* Persistent requests started many times: a ring exchange with
 * Send_init/Recv_init (eager and rendezvous sizes) driven by Startall and
 * Waitall, Ssend_init/Rsend_init with Start/Wait, and MPI_PROC_NULL
 * persistent requests. An inactive request must complete at once. */
#include "pt2pt_util.h"

#define ROUNDS 300

static void ring_rounds(int rank, int size, int n) {
  int to = (rank + 1) % size, from = (rank - 1 + size) % size;
  int* out = xmalloc(sizeof(int) * (size_t)n);
  int* in = xmalloc(sizeof(int) * (size_t)n);
  MPI_Request reqs[2];
  CHECK_MPI(MPI_Recv_init(in, n, MPI_INT, from, 3, MPI_COMM_WORLD, &reqs[0]));
  CHECK_MPI(MPI_Send_init(out, n, MPI_INT, to, 3, MPI_COMM_WORLD, &reqs[1]));
  for (int round = 0; round < ROUNDS; ++round) {
    out[0] = rank * 100000 + round;
    out[n - 1] = -round;
    CHECK_MPI(MPI_Startall(2, reqs));
    MPI_Status st[2];
    CHECK_MPI(MPI_Waitall(2, reqs, st));
    CHECK(reqs[0] != MPI_REQUEST_NULL && reqs[1] != MPI_REQUEST_NULL, "Waitall freed a persistent request");
    CHECK(in[0] == from * 100000 + round && in[n - 1] == -round, "round %d (%d ints): got %d/%d", round, n, in[0],
          in[n - 1]);
    int count = -1;
    MPI_Get_count(&st[0], MPI_INT, &count);
    CHECK(count == n && st[0].MPI_SOURCE == from && st[0].MPI_TAG == 3, "round %d: status count %d source %d", round,
          count, st[0].MPI_SOURCE);
  }
  /* Inactive now: Wait and Test return at once with an empty status. */
  MPI_Status st;
  int flag = 0;
  CHECK_MPI(MPI_Wait(&reqs[0], &st));
  CHECK(st.MPI_SOURCE == MPI_ANY_SOURCE && st.MPI_TAG == MPI_ANY_TAG, "inactive Wait status %d/%d", st.MPI_SOURCE,
        st.MPI_TAG);
  CHECK_MPI(MPI_Test(&reqs[1], &flag, &st));
  CHECK(flag == 1, "Test on an inactive persistent request says not done");
  CHECK_MPI(MPI_Request_free(&reqs[0]));
  CHECK_MPI(MPI_Request_free(&reqs[1]));
  CHECK(reqs[0] == MPI_REQUEST_NULL && reqs[1] == MPI_REQUEST_NULL, "Request_free left handles set");
  free(out);
  free(in);
}

static void sync_and_ready_modes(int rank, int size) {
  int to = (rank + 1) % size, from = (rank - 1 + size) % size;
  int out = 0, in = -1;
  MPI_Request recv, ssend;
  CHECK_MPI(MPI_Recv_init(&in, 1, MPI_INT, from, 4, MPI_COMM_WORLD, &recv));
  CHECK_MPI(MPI_Ssend_init(&out, 1, MPI_INT, to, 4, MPI_COMM_WORLD, &ssend));
  for (int round = 0; round < 50; ++round) {
    out = round * 7 + rank;
    CHECK_MPI(MPI_Start(&recv));
    CHECK_MPI(MPI_Start(&ssend));
    CHECK_MPI(MPI_Wait(&ssend, MPI_STATUS_IGNORE));
    CHECK_MPI(MPI_Wait(&recv, MPI_STATUS_IGNORE));
    CHECK(in == round * 7 + from, "Ssend_init round %d: got %d", round, in);
  }
  MPI_Request_free(&recv);
  MPI_Request_free(&ssend);

  /* Rsend_init: the receive is posted (and known to be posted) first. */
  MPI_Request rrecv, rsend;
  int token = 0;
  CHECK_MPI(MPI_Recv_init(&in, 1, MPI_INT, from, 6, MPI_COMM_WORLD, &rrecv));
  CHECK_MPI(MPI_Rsend_init(&out, 1, MPI_INT, to, 6, MPI_COMM_WORLD, &rsend));
  for (int round = 0; round < 20; ++round) {
    out = round + 1000 * rank;
    CHECK_MPI(MPI_Start(&rrecv));
    CHECK_MPI(MPI_Sendrecv(&token, 1, MPI_INT, from, 7, &token, 1, MPI_INT, to, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
    CHECK_MPI(MPI_Start(&rsend));
    CHECK_MPI(MPI_Wait(&rsend, MPI_STATUS_IGNORE));
    CHECK_MPI(MPI_Wait(&rrecv, MPI_STATUS_IGNORE));
    CHECK(in == round + 1000 * from, "Rsend_init round %d: got %d", round, in);
  }
  MPI_Request_free(&rrecv);
  MPI_Request_free(&rsend);
}

static void proc_null(void) {
  MPI_Request r[2];
  int x = 1;
  CHECK_MPI(MPI_Send_init(&x, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r[0]));
  CHECK_MPI(MPI_Recv_init(&x, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r[1]));
  for (int round = 0; round < 10; ++round) {
    MPI_Status st[2];
    CHECK_MPI(MPI_Startall(2, r));
    CHECK_MPI(MPI_Waitall(2, r, st));
    int count = -1;
    MPI_Get_count(&st[1], MPI_INT, &count);
    CHECK(st[1].MPI_SOURCE == MPI_PROC_NULL && st[1].MPI_TAG == MPI_ANY_TAG && count == 0,
          "PROC_NULL receive status %d/%d count %d", st[1].MPI_SOURCE, st[1].MPI_TAG, count);
  }
  MPI_Request_free(&r[0]);
  MPI_Request_free(&r[1]);
}

int main(int argc, char** argv) {
  test_name = "pt2pt_persistent";
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  ring_rounds(rank, size, 4);
  ring_rounds(rank, size, 50000);
  sync_and_ready_modes(rank, size);
  proc_null();
  report_ok();
  MPI_Finalize();
  return 0;
}
