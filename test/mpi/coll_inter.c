/* Intercommunicator collectives: barrier, bcast (MPI_ROOT / MPI_PROC_NULL /
 * remote root), allreduce, allgather, alltoall; blocking, nonblocking and
 * (allreduce, bcast) persistent, on an intercommunicator between the two
 * halves of MPI_COMM_WORLD. Also: operations without an intercommunicator
 * form fail with MPI_ERR_COMM. Exit 0 and "OK" on success. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"

static int rank, size;

/* Group 0 is world ranks [0, size/2), group 1 the rest; value(g, r, i)
 * is what rank r of group g contributes. */
static int value(int g, int r, int i) { return g * 100000 + r * 1000 + i; }

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  CHECK(size >= 2, "needs two ranks");
  int half = size / 2, g = rank < half ? 0 : 1;
  MPI_Comm local, inter;
  MPI_Comm_split(MPI_COMM_WORLD, g, rank, &local);
  MPI_Intercomm_create(local, 0, MPI_COMM_WORLD, g == 0 ? half : 0, 77, &inter);
  int me, nl, nr, flag = 0;
  MPI_Comm_rank(inter, &me);
  MPI_Comm_size(inter, &nl);
  MPI_Comm_remote_size(inter, &nr);
  MPI_Comm_test_inter(inter, &flag);
  CHECK(flag, "not an intercommunicator");
  int other = 1 - g;
  int counts[] = {0, 1, 7, 3000};
  for (unsigned ci = 0; ci < sizeof counts / sizeof counts[0]; ++ci) {
    int c = counts[ci];
    int maxn = nl > nr ? nl : nr;
    int* a = malloc(sizeof(int) * (size_t)(c + 1) * (size_t)maxn);
    int* b = malloc(sizeof(int) * (size_t)(c + 1) * (size_t)maxn);
    for (int nb = 0; nb < 2; ++nb) {
      MPI_Request req = MPI_REQUEST_NULL;
#define RUN(call, icall) \
  do {                   \
    if (nb) {            \
      icall;             \
      MPI_Wait(&req, MPI_STATUS_IGNORE); \
    } else {             \
      call;              \
    }                    \
  } while (0)
      RUN(MPI_Barrier(inter), MPI_Ibarrier(inter, &req));
      /* bcast: every rank of each group is the root once */
      for (int rg = 0; rg < 2; ++rg) {
        int rn = rg == g ? nl : nr;
        for (int root = 0; root < rn; ++root) {
          int arg = rg == g ? (me == root ? MPI_ROOT : MPI_PROC_NULL) : root;
          for (int i = 0; i < c; ++i) a[i] = arg == MPI_ROOT ? value(rg, root, i) : -1;
          RUN(MPI_Bcast(a, c, MPI_INT, arg, inter), MPI_Ibcast(a, c, MPI_INT, arg, inter, &req));
          for (int i = 0; i < c; ++i) {
            int want = arg == MPI_PROC_NULL ? -1 : value(rg, root, i);
            CHECK(a[i] == want, "bcast nb %d root %d of group %d count %d [%d] = %d", nb, root, rg, c, i, a[i]);
          }
        }
      }
      /* allreduce: the sum over the other group */
      for (int i = 0; i < c; ++i) a[i] = value(g, me, i);
      RUN(MPI_Allreduce(a, b, c, MPI_INT, MPI_SUM, inter), MPI_Iallreduce(a, b, c, MPI_INT, MPI_SUM, inter, &req));
      for (int i = 0; i < c; ++i) {
        int want = 0;
        for (int r = 0; r < nr; ++r) want += value(other, r, i);
        CHECK(b[i] == want, "allreduce nb %d count %d [%d] = %d, want %d", nb, c, i, b[i], want);
      }
      /* allgather: the other group's blocks in rank order */
      RUN(MPI_Allgather(a, c, MPI_INT, b, c, MPI_INT, inter),
          MPI_Iallgather(a, c, MPI_INT, b, c, MPI_INT, inter, &req));
      for (int r = 0; r < nr; ++r)
        for (int i = 0; i < c; ++i)
          CHECK(b[r * c + i] == value(other, r, i), "allgather nb %d count %d from %d", nb, c, r);
      /* alltoall: block p goes to remote rank p */
      for (int p = 0; p < nr; ++p)
        for (int i = 0; i < c; ++i) a[p * c + i] = value(g, me, i) + p * 7;
      RUN(MPI_Alltoall(a, c, MPI_INT, b, c, MPI_INT, inter), MPI_Ialltoall(a, c, MPI_INT, b, c, MPI_INT, inter, &req));
      for (int r = 0; r < nr; ++r)
        for (int i = 0; i < c; ++i)
          CHECK(b[r * c + i] == value(other, r, i) + me * 7, "alltoall nb %d count %d from %d", nb, c, r);
#undef RUN
    }
    /* persistent allreduce, started three times */
    MPI_Request p;
    MPI_Allreduce_init(a, b, c, MPI_INT, MPI_MAX, inter, MPI_INFO_NULL, &p);
    for (int it = 0; it < 3; ++it) {
      for (int i = 0; i < c; ++i) a[i] = value(g, me, i) + it;
      MPI_Start(&p);
      MPI_Wait(&p, MPI_STATUS_IGNORE);
      for (int i = 0; i < c; ++i) CHECK(b[i] == value(other, nr - 1, i) + it, "persistent allreduce it %d", it);
    }
    MPI_Request_free(&p);
    free(a);
    free(b);
  }
  /* no intercommunicator form yet: MPI_ERR_COMM, nothing hangs */
  MPI_Comm_set_errhandler(inter, MPI_ERRORS_RETURN);
  int x = 1, y = 0, cls = 0;
  int rc = MPI_Reduce(&x, &y, 1, MPI_INT, MPI_SUM, MPI_PROC_NULL, inter);
  MPI_Error_class(rc, &cls);
  CHECK(cls == MPI_ERR_COMM, "reduce on an intercommunicator: class %d", cls);
  rc = MPI_Bcast(&x, 1, MPI_INT, nr, inter); /* not a remote rank */
  MPI_Error_class(rc, &cls);
  CHECK(cls == MPI_ERR_ROOT, "bcast with root %d: class %d", nr, cls);
  rc = MPI_Allreduce(MPI_IN_PLACE, &y, 1, MPI_INT, MPI_SUM, inter);
  MPI_Error_class(rc, &cls);
  CHECK(cls == MPI_ERR_BUFFER, "allreduce in place on an intercommunicator: class %d", cls);
  MPI_Comm_free(&inter);
  MPI_Comm_free(&local);
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) printf("OK\n");
  MPI_Finalize();
  return 0;
}
