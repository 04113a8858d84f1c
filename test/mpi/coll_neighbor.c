/* Neighborhood collectives (allgather, allgatherv, alltoall, alltoallv,
 * alltoallw; blocking, nonblocking, persistent) on a periodic and a
 * non-periodic 2-D Cartesian grid, a graph and a distributed graph, checked
 * block by block: MPI_PROC_NULL neighbors leave their block alone, and where
 * two ranks are neighbors more than once (periodic dimension of size 1 or 2,
 * parallel edges) each block lands in the slot MPI-4.0 §8.6 names. Also:
 * MPI_ERR_TOPOLOGY without a topology. Exit 0 and "OK" on success. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int rank, size;

#define MAXN 16
#define SENTINEL (-7)
enum { BLOCKING, NONBLOCKING, PERSISTENT };
enum { OP_ALLGATHER, OP_ALLGATHERV, OP_ALLTOALL, OP_ALLTOALLV, OP_ALLTOALLW, NUM_OPS };
static const char* op_names[] = {"allgather", "allgatherv", "alltoall", "alltoallv", "alltoallw"};

static int code(int sender, int block, int i) { return sender * 10000 + block * 100 + i; }
static int mod(int a, int n) { return ((a % n) + n) % n; }

/* A topology under test: this rank's lists, and for a graph the out-list of
 * any rank (to find which of the sender's blocks lands in a slot). */
struct topo {
  const char* name;
  MPI_Comm comm;
  int cart;
  int indeg, outdeg, in[MAXN], out[MAXN];
  void (*out_of)(int r, int* deg, int* out);
};

/* The block of sender `src` that arrives in my receive slot k. */
static int sender_block(const struct topo* t, int k) {
  if (t->cart) return k ^ 1; /* my -1 neighbor sent it in its +1 direction, and vice versa */
  int src = t->in[k], nth = 0, deg, out[MAXN];
  for (int q = 0; q < k; ++q) nth += t->in[q] == src;
  t->out_of(src, &deg, out);
  for (int q = 0; q < deg; ++q)
    if (out[q] == rank && nth-- == 0) return q;
  CHECK(0, "%s: rank %d is not an out-neighbor of %d", t->name, rank, src);
  return -1;
}

static void run_op(const struct topo* t, int op, int mode, int c) {
  int blocks_out = op == OP_ALLGATHER || op == OP_ALLGATHERV ? 1 : t->outdeg;
  int stride = c + 1; /* every block has a one-int gap after it */
  int* sbuf = malloc(sizeof(int) * (size_t)(stride * (blocks_out + 1)));
  int* rbuf = malloc(sizeof(int) * (size_t)(stride * (t->indeg + 1)));
  int scounts[MAXN], sdispls[MAXN], rcounts[MAXN], rdispls[MAXN];
  MPI_Aint sbytes[MAXN], rbytes[MAXN];
  MPI_Datatype stypes[MAXN], rtypes[MAXN];
  /* v/w forms: blocks in reverse order with gaps; plain forms: packed */
  int vw = op == OP_ALLGATHERV || op == OP_ALLTOALLV || op == OP_ALLTOALLW;
  for (int k = 0; k < MAXN; ++k) {
    scounts[k] = rcounts[k] = c;
    sdispls[k] = (blocks_out - 1 - k) * stride;
    rdispls[k] = (t->indeg - 1 - k) * stride;
    sbytes[k] = (MPI_Aint)sdispls[k] * (MPI_Aint)sizeof(int);
    rbytes[k] = (MPI_Aint)rdispls[k] * (MPI_Aint)sizeof(int);
    stypes[k] = rtypes[k] = MPI_INT;
  }
  for (int k = 0; k < blocks_out; ++k)
    for (int i = 0; i < c; ++i) sbuf[(vw ? sdispls[k] : k * c) + i] = code(rank, k, i);
  for (int i = 0; i < stride * (t->indeg + 1); ++i) rbuf[i] = SENTINEL;
  MPI_Request req = MPI_REQUEST_NULL;
  MPI_Request* rq = mode == BLOCKING ? NULL : &req;
  int rc = MPI_SUCCESS;
#define CALL(B, ...)                                                              \
  (mode == BLOCKING      ? MPI_Neighbor_##B(__VA_ARGS__)                          \
   : mode == NONBLOCKING ? MPI_Ineighbor_##B(__VA_ARGS__, rq)                     \
                         : MPI_Neighbor_##B##_init(__VA_ARGS__, MPI_INFO_NULL, rq))
  switch (op) {
    case OP_ALLGATHER: rc = CALL(allgather, sbuf, c, MPI_INT, rbuf, c, MPI_INT, t->comm); break;
    case OP_ALLGATHERV: rc = CALL(allgatherv, sbuf, c, MPI_INT, rbuf, rcounts, rdispls, MPI_INT, t->comm); break;
    case OP_ALLTOALL: rc = CALL(alltoall, sbuf, c, MPI_INT, rbuf, c, MPI_INT, t->comm); break;
    case OP_ALLTOALLV:
      rc = CALL(alltoallv, sbuf, scounts, sdispls, MPI_INT, rbuf, rcounts, rdispls, MPI_INT, t->comm);
      break;
    default: rc = CALL(alltoallw, sbuf, scounts, sbytes, stypes, rbuf, rcounts, rbytes, rtypes, t->comm); break;
  }
#undef CALL
  CHECK(rc == MPI_SUCCESS, "%s %s returned %d", t->name, op_names[op], rc);
  int starts = mode == PERSISTENT ? 2 : 1;
  for (int s = 0; s < starts; ++s) {
    if (mode == PERSISTENT) {
      for (int i = 0; i < stride * (t->indeg + 1); ++i) rbuf[i] = SENTINEL;
      MPI_Start(&req);
    }
    if (mode != BLOCKING) MPI_Wait(&req, MPI_STATUS_IGNORE);
    for (int k = 0; k < t->indeg; ++k) {
      int at = op == OP_ALLGATHERV || op == OP_ALLTOALLV || op == OP_ALLTOALLW ? rdispls[k] : k * c;
      int src = t->in[k];
      int sk = op == OP_ALLGATHER || op == OP_ALLGATHERV ? 0 : (src == MPI_PROC_NULL ? 0 : sender_block(t, k));
      for (int i = 0; i < c; ++i) {
        int want = src == MPI_PROC_NULL ? SENTINEL : code(src, sk, i);
        CHECK(rbuf[at + i] == want, "%s %s mode %d count %d start %d: slot %d (from %d) [%d] = %d, want %d",
              t->name, op_names[op], mode, c, s, k, src, i, rbuf[at + i], want);
      }
    }
  }
  if (mode == PERSISTENT) MPI_Request_free(&req);
  free(sbuf);
  free(rbuf);
}

static void run_all(const struct topo* t) {
  int counts[] = {0, 1, 5, 70};
  for (int op = 0; op < NUM_OPS; ++op)
    for (int mode = BLOCKING; mode <= PERSISTENT; ++mode)
      for (unsigned ci = 0; ci < sizeof counts / sizeof counts[0]; ++ci) run_op(t, op, mode, counts[ci]);
  /* several nonblocking ones in flight at once, completed in reverse */
  MPI_Request r[3];
  int a[MAXN], b[3][MAXN];
  for (int k = 0; k < MAXN; ++k) a[k] = code(rank, 0, k);
  for (int j = 0; j < 3; ++j) MPI_Ineighbor_allgather(a, 1, MPI_INT, b[j], 1, MPI_INT, t->comm, &r[j]);
  for (int j = 2; j >= 0; --j) MPI_Wait(&r[j], MPI_STATUS_IGNORE);
  for (int j = 0; j < 3; ++j)
    for (int k = 0; k < t->indeg; ++k)
      if (t->in[k] != MPI_PROC_NULL) CHECK(b[j][k] == code(t->in[k], 0, 0), "%s overlapped allgather %d", t->name, j);
}

static void cart(int periodic) {
  int dims[2] = {0, 0}, periods[2] = {periodic, periodic};
  MPI_Dims_create(size, 2, dims);
  struct topo t = {periodic ? "periodic cart" : "open cart", MPI_COMM_NULL, 1, 4, 4, {0}, {0}, NULL};
  MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, 0, &t.comm);
  for (int d = 0; d < 2; ++d) MPI_Cart_shift(t.comm, d, 1, &t.in[2 * d], &t.in[2 * d + 1]);
  memcpy(t.out, t.in, sizeof t.in);
  run_all(&t);
  MPI_Comm_free(&t.comm);
}

/* Graph: each rank's neighbors are r+1 and r-1 (a ring; for 1 or 2 ranks
 * the same rank twice). */
static void ring_out(int r, int* deg, int* out) {
  *deg = 2;
  out[0] = mod(r + 1, size);
  out[1] = mod(r - 1, size);
}
static void graph(void) {
  int index[MAXN], edges[2 * MAXN];
  for (int r = 0; r < size; ++r) {
    int deg;
    ring_out(r, &deg, &edges[2 * r]);
    index[r] = 2 * (r + 1);
  }
  struct topo t = {"graph", MPI_COMM_NULL, 0, 2, 2, {0}, {0}, ring_out};
  MPI_Graph_create(MPI_COMM_WORLD, size, index, edges, 0, &t.comm);
  int n = 0;
  MPI_Graph_neighbors_count(t.comm, rank, &n);
  CHECK(n == 2, "graph neighbors count %d", n);
  MPI_Graph_neighbors(t.comm, rank, MAXN, t.in);
  memcpy(t.out, t.in, sizeof t.in);
  run_all(&t);
  MPI_Comm_free(&t.comm);
}

/* Distributed graph, not symmetric: receive from r-1, r-2, send to r+1, r+2. */
static void skip_out(int r, int* deg, int* out) {
  *deg = 2;
  out[0] = mod(r + 1, size);
  out[1] = mod(r + 2, size);
}
static void dist_graph(void) {
  struct topo t = {"dist graph", MPI_COMM_NULL, 0, 2, 2, {0}, {0}, skip_out};
  t.in[0] = mod(rank - 1, size);
  t.in[1] = mod(rank - 2, size);
  skip_out(rank, &t.outdeg, t.out);
  MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, t.indeg, t.in, MPI_UNWEIGHTED, t.outdeg, t.out, MPI_UNWEIGHTED,
                                 MPI_INFO_NULL, 0, &t.comm);
  run_all(&t);
  MPI_Comm_free(&t.comm);
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  CHECK(size <= MAXN, "at most %d ranks", MAXN);
  cart(1);
  cart(0);
  graph();
  dist_graph();
  /* no topology: MPI_ERR_TOPOLOGY */
  MPI_Comm plain;
  MPI_Comm_dup(MPI_COMM_WORLD, &plain);
  MPI_Comm_set_errhandler(plain, MPI_ERRORS_RETURN);
  int x = 0, y[4], cls = 0;
  int rc = MPI_Neighbor_allgather(&x, 1, MPI_INT, y, 1, MPI_INT, plain);
  MPI_Error_class(rc, &cls);
  CHECK(cls == MPI_ERR_TOPOLOGY, "neighbor allgather without a topology: class %d", cls);
  MPI_Comm_free(&plain);
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) printf("OK\n");
  MPI_Finalize();
  return 0;
}
