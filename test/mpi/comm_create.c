/* MPI_Comm_create / create_group on subsets, split_type SHARED and
 * HW_GUIDED, MPI_Comm_idup, and 10 000 create/free cycles (no leaks, no
 * collisions). */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define CHECK(cond, ...) do { if (!(cond)) { fprintf(stderr, "rank %d: check failed: %s: ", wrank, #cond); \
  fprintf(stderr, __VA_ARGS__); fprintf(stderr, "\n"); MPI_Abort(MPI_COMM_WORLD, 1); } } while (0)

static int wrank, wsize;

static void ring_check(MPI_Comm c, int tag) {
  int r, n; MPI_Comm_rank(c, &r); MPI_Comm_size(c, &n);
  int out = r * 10 + tag, in = -1;
  MPI_Sendrecv(&out, 1, MPI_INT, (r + 1) % n, tag, &in, 1, MPI_INT, (r + n - 1) % n, tag, c, MPI_STATUS_IGNORE);
  CHECK(in == ((r + n - 1) % n) * 10 + tag, "ring on tag %d got %d", tag, in);
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &wrank);
  MPI_Comm_size(MPI_COMM_WORLD, &wsize);
  MPI_Group world;
  MPI_Comm_group(MPI_COMM_WORLD, &world);

  /* Comm_create with the even ranks, in reverse order. */
  int evens[64], ne = 0;
  for (int r = (wsize - 1) / 2 * 2; r >= 0; r -= 2) evens[ne++] = r;
  MPI_Group eg;
  MPI_Group_incl(world, ne, evens, &eg);
  MPI_Comm ec;
  MPI_Comm_create(MPI_COMM_WORLD, eg, &ec);
  CHECK((wrank % 2 == 0) == (ec != MPI_COMM_NULL), "create membership");
  if (ec != MPI_COMM_NULL) {
    int r; MPI_Comm_rank(ec, &r);
    CHECK(evens[r] == wrank, "create order: rank %d", r);
    ring_check(ec, 3);
  }

  /* Comm_create_group: only the odd ranks call it; evens meanwhile talk on ec. */
  if (wrank % 2 == 1) {
    int odds[64], no = 0;
    for (int r = 1; r < wsize; r += 2) odds[no++] = r;
    MPI_Group og; MPI_Group_incl(world, no, odds, &og);
    MPI_Comm oc; MPI_Comm_create_group(MPI_COMM_WORLD, og, 42, &oc);
    int r, n; MPI_Comm_rank(oc, &r); MPI_Comm_size(oc, &n);
    CHECK(n == no && odds[r] == wrank, "create_group rank %d size %d", r, n);
    ring_check(oc, 4);
    MPI_Comm_free(&oc); MPI_Group_free(&og);
  } else if (ec != MPI_COMM_NULL) {
    MPI_Comm d; MPI_Comm_dup(ec, &d); ring_check(d, 5); MPI_Comm_free(&d);
  }
  if (ec != MPI_COMM_NULL) MPI_Comm_free(&ec);
  MPI_Group_free(&eg);

  /* split_type SHARED: all ranks here are on one node (the tests run on one host). */
  MPI_Comm shm;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, wrank, MPI_INFO_NULL, &shm);
  int sr, ss; MPI_Comm_rank(shm, &sr); MPI_Comm_size(shm, &ss);
  CHECK(ss == wsize && sr == wrank, "shared split rank %d size %d", sr, ss);
  MPI_Comm_free(&shm);
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_UNDEFINED, 0, MPI_INFO_NULL, &shm);
  CHECK(shm == MPI_COMM_NULL, "MPI_UNDEFINED split_type");

  /* split_type HW_GUIDED: NUMANode and Package contain every core here, unless
   * bound; either way members must share the resource and ranks stay ordered. */
  const char* types[] = {"NUMANode", "Package", "mpi_shared_memory"};
  for (int t = 0; t < 3; ++t) {
    MPI_Info info; MPI_Info_create(&info);
    MPI_Info_set(info, "mpi_hw_resource_type", types[t]);
    MPI_Comm hw;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_HW_GUIDED, 0, info, &hw);
    if (hw != MPI_COMM_NULL) {
      int n; MPI_Comm_size(hw, &n);
      CHECK(n >= 1 && n <= wsize, "hw split %s size %d", types[t], n);
      MPI_Info used; int flag; char value[64];
      MPI_Comm_get_info(hw, &used);
      MPI_Info_get(used, "mpi_hw_resource_type", 63, value, &flag);
      CHECK(flag, "hw split keeps mpi_hw_resource_type");
      MPI_Info_free(&used);
      ring_check(hw, 6);
      MPI_Comm_free(&hw);
    }
    MPI_Info_free(&info);
  }

  /* idup: two nonblocking dups in flight, plus a blocking dup in between. */
  MPI_Comm a, b, c;
  MPI_Request reqs[2];
  MPI_Comm_idup(MPI_COMM_WORLD, &a, &reqs[0]);
  MPI_Comm_idup(MPI_COMM_WORLD, &b, &reqs[1]);
  MPI_Waitall(2, reqs, MPI_STATUSES_IGNORE);
  MPI_Comm_dup(MPI_COMM_WORLD, &c);
  int cmp; MPI_Comm_compare(a, b, &cmp);
  CHECK(cmp == MPI_CONGRUENT, "idup compare %d", cmp);
  ring_check(a, 7); ring_check(b, 7); ring_check(c, 7);
  MPI_Comm_free(&a); MPI_Comm_free(&b); MPI_Comm_free(&c);

  /* 10 000 create/free cycles, alternating kinds, with a few kept alive. */
  MPI_Comm keep[4];
  for (int i = 0; i < 4; ++i) MPI_Comm_dup(MPI_COMM_WORLD, &keep[i]);
  for (int i = 0; i < 10000; ++i) {
    MPI_Comm x;
    if (i % 3 == 0) MPI_Comm_dup(keep[i % 4], &x);
    else if (i % 3 == 1) MPI_Comm_split(MPI_COMM_WORLD, wrank % 2, -wrank, &x);
    else MPI_Comm_create(MPI_COMM_WORLD, world, &x);
    if (i % 1000 == 0) ring_check(x, 8);
    MPI_Comm_free(&x);
  }
  for (int i = 0; i < 4; ++i) { ring_check(keep[i], 9); MPI_Comm_free(&keep[i]); }

  /* MPI_Comm_free with nonblocking collectives pending: the communicator
   * goes only when they complete (rank 0 joins late, so the others free a
   * communicator whose allreduce is still running, and dup again: a reused
   * context must not pick up the old operation's messages). */
  {
    enum { N = 8 };
    MPI_Request reqs[N];
    int in[N], sum[N];
    for (int i = 0; i < N; ++i) {
      MPI_Comm x; MPI_Comm_dup(MPI_COMM_WORLD, &x);
      if (wrank == 0) usleep(20000);
      in[i] = wrank + i; sum[i] = -1;
      MPI_Iallreduce(&in[i], &sum[i], 1, MPI_INT, MPI_SUM, x, &reqs[i]);
      MPI_Comm_free(&x);
      CHECK(x == MPI_COMM_NULL, "free sets MPI_COMM_NULL");
    }
    MPI_Waitall(N, reqs, MPI_STATUSES_IGNORE);
    for (int i = 0; i < N; ++i)
      CHECK(sum[i] == wsize * (wsize - 1) / 2 + i * wsize, "allreduce %d on a freed comm gave %d", i, sum[i]);
    /* The parent of a pending MPI_Comm_idup may be freed too. */
    MPI_Comm x, y; MPI_Request r;
    MPI_Comm_dup(MPI_COMM_WORLD, &x);
    if (wrank == 0) usleep(20000);
    MPI_Comm_idup(x, &y, &r);
    MPI_Comm_free(&x);
    MPI_Wait(&r, MPI_STATUS_IGNORE);
    CHECK(y != MPI_COMM_NULL, "idup of a freed parent completes");
    ring_check(y, 10);
    MPI_Comm_free(&y);
  }
  /* Comm_create_group calls whose tags differ only above bit 26 (they share
   * an internal tag) are kept apart by the full tag. World 0 runs call Y
   * (group {0, 2}, tag 5) and then call X (group {0, 1}, tag 5 + 2^26);
   * world 1 runs X at once, world 2 runs Y late, so X's message from world 1
   * (rank 1 of X) reaches world 0 while it waits in Y for rank 1 (world 2).
   * World 2 holds several context ids (SELF dups) that worlds 0 and 1 have
   * free: mixing the calls' masks would give Y an id world 2 already uses. */
  if (wsize >= 3) {
    int* ub; int fl;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &ub, &fl);
    const int tagY = 5, tagX = 5 + (1 << 26);
    if (fl && *ub >= tagX) {
      MPI_Comm selfs[8];
      int nself = wrank == 2 ? 8 : 0;
      for (int i = 0; i < nself; ++i) MPI_Comm_dup(MPI_COMM_SELF, &selfs[i]);
      MPI_Barrier(MPI_COMM_WORLD);
      int y_ranks[2] = {0, 2}, x_ranks[2] = {0, 1};
      MPI_Group gy, gx; MPI_Group_incl(world, 2, y_ranks, &gy); MPI_Group_incl(world, 2, x_ranks, &gx);
      MPI_Comm cy = MPI_COMM_NULL, cx = MPI_COMM_NULL;
      if (wrank == 0) {
        CHECK(MPI_Comm_create_group(MPI_COMM_WORLD, gy, tagY, &cy) == MPI_SUCCESS, "create_group Y");
        CHECK(MPI_Comm_create_group(MPI_COMM_WORLD, gx, tagX, &cx) == MPI_SUCCESS, "create_group X");
      } else if (wrank == 1) {
        CHECK(MPI_Comm_create_group(MPI_COMM_WORLD, gx, tagX, &cx) == MPI_SUCCESS, "create_group X");
      } else if (wrank == 2) {
        usleep(300000);
        CHECK(MPI_Comm_create_group(MPI_COMM_WORLD, gy, tagY, &cy) == MPI_SUCCESS, "create_group Y");
      }
      /* On world 2 a message to itself on every SELF dup is pending while it
       * receives on Y: with a shared context id, Y would take one of them. */
      int self_out[8], y_msg = -1;
      MPI_Request sreq[8];
      for (int i = 0; i < nself; ++i) {
        self_out[i] = 200 + i;
        MPI_Isend(&self_out[i], 1, MPI_INT, 0, 5, selfs[i], &sreq[i]);
      }
      if (wrank == 0) {
        int v = 111; MPI_Send(&v, 1, MPI_INT, 1, 5, cy);
        v = 333; MPI_Send(&v, 1, MPI_INT, 1, 5, cx);
      } else if (wrank == 1) {
        MPI_Recv(&y_msg, 1, MPI_INT, 0, 5, cx, MPI_STATUS_IGNORE);
        CHECK(y_msg == 333, "X got %d from world 0", y_msg);
      } else if (wrank == 2) {
        MPI_Recv(&y_msg, 1, MPI_INT, 0, 5, cy, MPI_STATUS_IGNORE);
        CHECK(y_msg == 111, "Y got %d (not world 0's message: calls with tags %d and %d were mixed)", y_msg, tagY,
              tagX);
      }
      for (int i = 0; i < nself; ++i) {
        int in = -1;
        MPI_Recv(&in, 1, MPI_INT, 0, 5, selfs[i], MPI_STATUS_IGNORE);
        MPI_Wait(&sreq[i], MPI_STATUS_IGNORE);
        MPI_Comm_free(&selfs[i]);
      }
      if (cy != MPI_COMM_NULL) MPI_Comm_free(&cy);
      if (cx != MPI_COMM_NULL) MPI_Comm_free(&cx);
      MPI_Group_free(&gy); MPI_Group_free(&gx);
    }
  }

  MPI_Group_free(&world);
  MPI_Barrier(MPI_COMM_WORLD);
  if (wrank == 0) printf("OK\n");
  MPI_Finalize();
  return 0;
}
