/* Probe, Iprobe, Mprobe, Improbe, Mrecv, Imrecv. Each rank sends rank+1
 * (mod size) messages of sizes chosen by the sender (eager and rendezvous);
 * the receiver learns the size by probing, then receives exactly that. */
#include "pt2pt_util.h"

static int length_for(int sender, int k) { return k % 2 ? 20000 + sender * 7 + k : 3 + sender + k; }

static void receive_sized(int from, int k, int how) {
  MPI_Status st;
  MPI_Message msg = MPI_MESSAGE_NULL;
  int flag = 0, count = -1;
  switch (how) {
    case 0: CHECK_MPI(MPI_Probe(from, k, MPI_COMM_WORLD, &st)); break;
    case 1: while (!flag) CHECK_MPI(MPI_Iprobe(MPI_ANY_SOURCE, k, MPI_COMM_WORLD, &flag, &st)); break;
    case 2: CHECK_MPI(MPI_Mprobe(from, MPI_ANY_TAG, MPI_COMM_WORLD, &msg, &st)); break;
    default: while (!flag) CHECK_MPI(MPI_Improbe(from, k, MPI_COMM_WORLD, &flag, &msg, &st)); break;
  }
  CHECK(st.MPI_SOURCE == from && st.MPI_TAG == k, "probe %d: status source %d tag %d, expected %d/%d", how,
        st.MPI_SOURCE, st.MPI_TAG, from, k);
  MPI_Get_count(&st, MPI_INT, &count);
  CHECK(count == length_for(from, k), "probe %d: count %d, expected %d", how, count, length_for(from, k));
  int* in = xmalloc(sizeof(int) * (size_t)count);
  if (how < 2) {
    CHECK_MPI(MPI_Recv(in, count, MPI_INT, from, k, MPI_COMM_WORLD, &st));
  } else if (how == 2) {
    CHECK_MPI(MPI_Mrecv(in, count, MPI_INT, &msg, &st));
    CHECK(msg == MPI_MESSAGE_NULL, "Mrecv left the message handle set");
  } else {
    MPI_Request req;
    CHECK_MPI(MPI_Imrecv(in, count, MPI_INT, &msg, &req));
    CHECK_MPI(MPI_Wait(&req, &st));
  }
  CHECK(st.MPI_SOURCE == from && st.MPI_TAG == k, "receive after probe %d: source %d tag %d", how, st.MPI_SOURCE,
        st.MPI_TAG);
  for (int j = 0; j < count; ++j) CHECK(in[j] == from * 100000 + k * 1000 + j % 1000, "probe %d: int %d wrong", how, j);
  free(in);
}

int main(int argc, char** argv) {
  test_name = "pt2pt_probe";
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int to = (rank + 1) % size, from = (rank - 1 + size) % size;

  /* Nothing has been sent yet: a probe must say so. */
  int flag = 1;
  MPI_Status st;
  CHECK_MPI(MPI_Iprobe(MPI_ANY_SOURCE, 999, MPI_COMM_WORLD, &flag, &st));
  CHECK(flag == 0, "Iprobe found a message that was never sent");
  MPI_Message msg;
  CHECK_MPI(MPI_Improbe(MPI_ANY_SOURCE, 999, MPI_COMM_WORLD, &flag, &msg, &st));
  CHECK(flag == 0, "Improbe found a message that was never sent");

  enum { ROUNDS = 8 };
  MPI_Request reqs[ROUNDS];
  int* bufs[ROUNDS];
  for (int k = 0; k < ROUNDS; ++k) {
    int n = length_for(rank, k);
    bufs[k] = xmalloc(sizeof(int) * (size_t)n);
    for (int j = 0; j < n; ++j) bufs[k][j] = rank * 100000 + k * 1000 + j % 1000;
    CHECK_MPI(MPI_Isend(bufs[k], n, MPI_INT, to, k, MPI_COMM_WORLD, &reqs[k]));
  }
  for (int k = 0; k < ROUNDS; ++k) receive_sized(from, k, k % 4);
  CHECK_MPI(MPI_Waitall(ROUNDS, reqs, MPI_STATUSES_IGNORE));
  for (int k = 0; k < ROUNDS; ++k) free(bufs[k]);

  /* MPI_PROC_NULL: probes succeed at once and report it. */
  CHECK_MPI(MPI_Probe(MPI_PROC_NULL, 0, MPI_COMM_WORLD, &st));
  CHECK(st.MPI_SOURCE == MPI_PROC_NULL && st.MPI_TAG == MPI_ANY_TAG, "Probe(PROC_NULL) status %d/%d", st.MPI_SOURCE,
        st.MPI_TAG);
  CHECK_MPI(MPI_Improbe(MPI_PROC_NULL, 0, MPI_COMM_WORLD, &flag, &msg, &st));
  CHECK(flag == 1 && msg == MPI_MESSAGE_NO_PROC, "Improbe(PROC_NULL) flag %d", flag);
  int dummy;
  CHECK_MPI(MPI_Mrecv(&dummy, 1, MPI_INT, &msg, &st));
  CHECK(msg == MPI_MESSAGE_NULL && st.MPI_SOURCE == MPI_PROC_NULL, "Mrecv(MESSAGE_NO_PROC)");
  report_ok();
  MPI_Finalize();
  return 0;
}
