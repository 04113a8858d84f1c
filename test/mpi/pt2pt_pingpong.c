/* Ping-pong of every size from 0 B to 64 MiB (powers of two and their odd
 * neighbours) between rank pairs (0,1), (2,3), ...; a rank without a partner
 * (np 1, odd np) ping-pongs with itself. Every byte is checked, and the
 * status's count. Sizes cross the eager limit and both rendezvous paths. */
#include "pt2pt_util.h"

#define MAX_SIZE ((size_t)64 << 20)

static void exchange_with_self(unsigned char* buf, size_t n, int rank) {
  MPI_Request req;
  MPI_Status st;
  unsigned char* out = xmalloc(n);
  fill_pattern(out, n, (unsigned)n);
  CHECK_MPI(MPI_Isend(out, (int)n, MPI_BYTE, rank, 5, MPI_COMM_WORLD, &req));
  CHECK_MPI(MPI_Recv(buf, (int)n, MPI_BYTE, rank, 5, MPI_COMM_WORLD, &st));
  CHECK_MPI(MPI_Wait(&req, MPI_STATUS_IGNORE));
  free(out);
  int count = -1;
  MPI_Get_count(&st, MPI_BYTE, &count);
  CHECK(count == (int)n && st.MPI_SOURCE == rank && st.MPI_TAG == 5, "self %zu B: count %d source %d tag %d", n, count,
        st.MPI_SOURCE, st.MPI_TAG);
  size_t bad = check_pattern(buf, n, (unsigned)n);
  CHECK(bad == (size_t)-1, "self %zu B: byte %zu wrong", n, bad);
}

static void receive_and_check(unsigned char* buf, size_t n, int from, unsigned seed, int nonblocking) {
  MPI_Status st;
  buf[n] = 0xa5;
  if (nonblocking) {
    MPI_Request req;
    CHECK_MPI(MPI_Irecv(buf, (int)n, MPI_BYTE, from, 1, MPI_COMM_WORLD, &req));
    CHECK_MPI(MPI_Wait(&req, &st));
  } else {
    CHECK_MPI(MPI_Recv(buf, (int)n, MPI_BYTE, from, 1, MPI_COMM_WORLD, &st));
  }
  int count = -1;
  MPI_Get_count(&st, MPI_BYTE, &count);
  CHECK(count == (int)n, "%zu B from %d: MPI_Get_count says %d", n, from, count);
  CHECK(st.MPI_SOURCE == from && st.MPI_TAG == 1, "%zu B: status source %d tag %d", n, st.MPI_SOURCE, st.MPI_TAG);
  size_t bad = check_pattern(buf, n, seed);
  CHECK(bad == (size_t)-1, "%zu B from %d: byte %zu is %d, expected %d", n, from, bad, buf[bad], pattern_byte(bad, seed));
  CHECK(buf[n] == 0xa5, "%zu B from %d: byte past the message overwritten", n, from);
}

static void send_pattern(unsigned char* buf, size_t n, int to, unsigned seed, int nonblocking) {
  fill_pattern(buf, n, seed);
  if (nonblocking) {
    MPI_Request req;
    CHECK_MPI(MPI_Isend(buf, (int)n, MPI_BYTE, to, 1, MPI_COMM_WORLD, &req));
    CHECK_MPI(MPI_Wait(&req, MPI_STATUS_IGNORE));
  } else {
    CHECK_MPI(MPI_Send(buf, (int)n, MPI_BYTE, to, 1, MPI_COMM_WORLD));
  }
}

static void one_size(unsigned char* buf, size_t n, int rank, int partner, int round) {
  if (partner == rank) {
    exchange_with_self(buf, n, rank);
    return;
  }
  int nonblocking = round & 1;
  if (rank < partner) {
    send_pattern(buf, n, partner, (unsigned)n, nonblocking);
    receive_and_check(buf, n, partner, (unsigned)n + 1, !nonblocking);
  } else {
    receive_and_check(buf, n, partner, (unsigned)n, nonblocking);
    send_pattern(buf, n, partner, (unsigned)n + 1, !nonblocking);
  }
}

int main(int argc, char** argv) {
  test_name = "pt2pt_pingpong";
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int partner = (rank ^ 1) < size ? (rank ^ 1) : rank;
  unsigned char* buf = xmalloc(MAX_SIZE + 2);
  int round = 0;
  one_size(buf, 0, rank, partner, round++);
  for (size_t p = 1; p <= MAX_SIZE; p *= 2) {
    if (p > 2) one_size(buf, p - 1, rank, partner, round++);
    one_size(buf, p, rank, partner, round++);
    if (p < MAX_SIZE) one_size(buf, p + 1, rank, partner, round++);
  }
  free(buf);
  report_ok();
  MPI_Finalize();
  return 0;
}
