/* Messages to oneself at every size class (eager and above), through
 * MPI_COMM_WORLD and MPI_COMM_SELF: Isend+Recv, Irecv+Send, Sendrecv,
 * Sendrecv_replace (also with a strided datatype), and Ssend against a
 * posted receive.
 * The world part runs on a duplicate of MPI_COMM_WORLD: its MPI_ANY_SOURCE /
 * MPI_ANY_TAG receive would otherwise match the final barrier's message of
 * a rank that finished first, and the send to self it was meant for would
 * then wait forever (seen as a rare hang at np 4 and 8). */
#include "pt2pt_util.h"

static void check_bytes(const unsigned char* buf, size_t n, unsigned seed, const char* what) {
  size_t bad = check_pattern(buf, n, seed);
  CHECK(bad == (size_t)-1, "%s of %zu bytes: byte %zu wrong", what, n, bad);
}

static void sizes_to_self(MPI_Comm comm, int me) {
  for (size_t n = 0; n <= ((size_t)2 << 20); n = n ? n * 4 + 1 : 1) {
    unsigned char* a = xmalloc(n);
    unsigned char* b = xmalloc(n);
    MPI_Request r;
    MPI_Status st;
    int count = -1;
    fill_pattern(a, n, (unsigned)n);
    CHECK_MPI(MPI_Isend(a, (int)n, MPI_BYTE, me, 1, comm, &r));
    CHECK_MPI(MPI_Recv(b, (int)n, MPI_BYTE, me, 1, comm, &st));
    CHECK_MPI(MPI_Wait(&r, MPI_STATUS_IGNORE));
    MPI_Get_count(&st, MPI_BYTE, &count);
    CHECK(count == (int)n && st.MPI_SOURCE == me, "Isend+Recv self %zu: count %d source %d", n, count, st.MPI_SOURCE);
    check_bytes(b, n, (unsigned)n, "Isend+Recv to self");

    memset(b, 0, n);
    CHECK_MPI(MPI_Irecv(b, (int)n, MPI_BYTE, MPI_ANY_SOURCE, MPI_ANY_TAG, comm, &r));
    CHECK_MPI(MPI_Send(a, (int)n, MPI_BYTE, me, 2, comm));
    CHECK_MPI(MPI_Wait(&r, &st));
    CHECK(st.MPI_TAG == 2, "Irecv+Send self: tag %d", st.MPI_TAG);
    check_bytes(b, n, (unsigned)n, "Irecv+Send to self");

    memset(b, 0, n);
    CHECK_MPI(MPI_Sendrecv(a, (int)n, MPI_BYTE, me, 3, b, (int)n, MPI_BYTE, me, 3, comm, MPI_STATUS_IGNORE));
    check_bytes(b, n, (unsigned)n, "Sendrecv with self");

    CHECK_MPI(MPI_Sendrecv_replace(a, (int)n, MPI_BYTE, me, 4, me, 4, comm, MPI_STATUS_IGNORE));
    check_bytes(a, n, (unsigned)n, "Sendrecv_replace with self");

    memset(b, 0, n);
    CHECK_MPI(MPI_Irecv(b, (int)n, MPI_BYTE, me, 5, comm, &r));
    CHECK_MPI(MPI_Ssend(a, (int)n, MPI_BYTE, me, 5, comm));
    CHECK_MPI(MPI_Wait(&r, MPI_STATUS_IGNORE));
    check_bytes(b, n, (unsigned)n, "Ssend to self");
    free(a);
    free(b);
  }
}

/* A strided type: every other int of 2*n. */
static void strided_replace(MPI_Comm comm, int me) {
  enum { N = 50000 };
  MPI_Datatype every_other;
  CHECK_MPI(MPI_Type_vector(N, 1, 2, MPI_INT, &every_other));
  CHECK_MPI(MPI_Type_commit(&every_other));
  int* v = xmalloc(sizeof(int) * 2 * N);
  for (int i = 0; i < 2 * N; ++i) v[i] = i;
  CHECK_MPI(MPI_Sendrecv_replace(v, 1, every_other, me, 6, me, 6, comm, MPI_STATUS_IGNORE));
  for (int i = 0; i < 2 * N; ++i) CHECK(v[i] == i, "strided Sendrecv_replace: int %d is %d", i, v[i]);
  int* packed = xmalloc(sizeof(int) * N);
  MPI_Request r;
  CHECK_MPI(MPI_Irecv(packed, N, MPI_INT, me, 7, comm, &r));
  CHECK_MPI(MPI_Send(v, 1, every_other, me, 7, comm));
  CHECK_MPI(MPI_Wait(&r, MPI_STATUS_IGNORE));
  for (int i = 0; i < N; ++i) CHECK(packed[i] == 2 * i, "strided send to self: int %d is %d", i, packed[i]);
  MPI_Type_free(&every_other);
  free(v);
  free(packed);
}

int main(int argc, char** argv) {
  test_name = "pt2pt_self";
  MPI_Init(&argc, &argv);
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm world;
  CHECK_MPI(MPI_Comm_dup(MPI_COMM_WORLD, &world));
  sizes_to_self(world, rank);
  sizes_to_self(MPI_COMM_SELF, 0);
  strided_replace(world, rank);
  strided_replace(MPI_COMM_SELF, 0);
  MPI_Comm_free(&world);
  report_ok();
  MPI_Finalize();
  return 0;
}
