/* Intercommunicators: create (leaders not at rank 0), pt2pt across, remote
 * size/group, dup, merge with high/low, compare. Needs np >= 2. */
#include <mpi.h>
#include <stdio.h>

#define CHECK(cond, ...) do { if (!(cond)) { fprintf(stderr, "rank %d: check failed: %s: ", wrank, #cond); \
  fprintf(stderr, __VA_ARGS__); fprintf(stderr, "\n"); MPI_Abort(MPI_COMM_WORLD, 1); } } while (0)

static int wrank, wsize;

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &wrank);
  MPI_Comm_size(MPI_COMM_WORLD, &wsize);
  if (wsize < 2) { if (wrank == 0) printf("OK (needs 2 ranks; nothing to test)\n"); MPI_Finalize(); return 0; }
  /* Side A: the first half (rank < wsize/2), side B: the rest. */
  int nA = wsize / 2, nB = wsize - nA;
  int side = wrank < nA ? 0 : 1;
  MPI_Comm local;
  MPI_Comm_split(MPI_COMM_WORLD, side, wrank, &local);
  int lrank, lsize; MPI_Comm_rank(local, &lrank); MPI_Comm_size(local, &lsize);
  /* Leaders: the last rank of each side (world ranks nA-1 and wsize-1). */
  int local_leader = lsize - 1, remote_leader = side == 0 ? wsize - 1 : nA - 1;
  MPI_Comm inter;
  MPI_Intercomm_create(local, local_leader, MPI_COMM_WORLD, remote_leader, 99, &inter);
  int flag, rsize; MPI_Comm_test_inter(inter, &flag); MPI_Comm_remote_size(inter, &rsize);
  CHECK(flag == 1, "test_inter");
  CHECK(rsize == (side == 0 ? nB : nA), "remote size %d", rsize);
  int irank, isize; MPI_Comm_rank(inter, &irank); MPI_Comm_size(inter, &isize);
  CHECK(irank == lrank && isize == lsize, "local rank/size on intercomm");
  MPI_Group rg, wg; MPI_Comm_remote_group(inter, &rg); MPI_Comm_group(MPI_COMM_WORLD, &wg);
  int zero = 0, w0; MPI_Group_translate_ranks(rg, 1, &zero, wg, &w0);
  CHECK(w0 == (side == 0 ? nA : 0), "remote rank 0 is world %d", w0);
  MPI_Group_free(&rg); MPI_Group_free(&wg);

  /* pt2pt across: every A rank i sends to B rank i % nB, B answers. */
  for (int round = 0; round < 2; ++round) {
    MPI_Comm c = inter, d = MPI_COMM_NULL;
    if (round == 1) { MPI_Comm_dup(inter, &d); c = d; }
    if (side == 0) {
      int msg = 1000 + lrank, reply = -1;
      MPI_Send(&msg, 1, MPI_INT, lrank % nB, 5, c);
      MPI_Recv(&reply, 1, MPI_INT, lrank % nB, 6, c, MPI_STATUS_IGNORE);
      CHECK(reply == 2000 + lrank, "reply %d", reply);
    } else {
      for (int i = lrank; i < nA; i += nB) {
        int msg; MPI_Status st;
        MPI_Recv(&msg, 1, MPI_INT, MPI_ANY_SOURCE, 5, c, &st);
        CHECK(msg == 1000 + st.MPI_SOURCE, "got %d from %d", msg, st.MPI_SOURCE);
        int reply = 2000 + st.MPI_SOURCE;
        MPI_Send(&reply, 1, MPI_INT, st.MPI_SOURCE, 6, c);
      }
    }
    if (d != MPI_COMM_NULL) {
      int cmp; MPI_Comm_compare(d, inter, &cmp);
      CHECK(cmp == MPI_CONGRUENT, "dup of intercomm compare %d", cmp);
      MPI_Comm_free(&d);
    }
  }

  /* Merge: B asks for high, so A comes first; then both low (tie). */
  MPI_Comm merged;
  MPI_Intercomm_merge(inter, side == 1, &merged);
  int mrank, msize; MPI_Comm_rank(merged, &mrank); MPI_Comm_size(merged, &msize);
  CHECK(msize == wsize && mrank == wrank, "merge(high=B) rank %d", mrank);
  int one = 1, sum = 0; MPI_Allreduce(&one, &sum, 1, MPI_INT, MPI_SUM, merged);
  CHECK(sum == wsize, "allreduce on merged %d", sum);
  MPI_Comm_free(&merged);
  MPI_Intercomm_merge(inter, side == 0, &merged);
  MPI_Comm_rank(merged, &mrank);
  CHECK(mrank == (side == 1 ? wrank - nA : wrank + nB), "merge(high=A) rank %d", mrank);
  MPI_Comm_free(&merged);
  MPI_Intercomm_merge(inter, 0, &merged);
  MPI_Comm_rank(merged, &mrank);
  CHECK(mrank == wrank, "merge(tie) rank %d", mrank);
  MPI_Comm_free(&merged);

  /* MPI_Comm_create on the intercommunicator: side A names its odd local
   * ranks in reverse order (all of A when it has one rank), side B its even
   * local ranks. The result joins the two subsets; others get NULL. */
  {
    MPI_Group lg, sub; MPI_Comm_group(inter, &lg);
    int parity = side == 0 ? (nA > 1 ? 1 : 0) : 0;
    int picked[64], n = 0;
    for (int r = 0; r < lsize; ++r) if (r % 2 == parity) picked[n++] = r;
    if (side == 0) for (int i = 0; i < n / 2; ++i) { int t = picked[i]; picked[i] = picked[n - 1 - i]; picked[n - 1 - i] = t; }
    MPI_Group_incl(lg, n, picked, &sub);
    int nAs = nA > 1 ? nA / 2 : 1, nBs = (nB + 1) / 2;
    MPI_Comm ic = MPI_COMM_NULL;
    int rc = MPI_Comm_create(inter, sub, &ic);
    CHECK(rc == MPI_SUCCESS, "MPI_Comm_create on an intercommunicator returned %d", rc);
    int mine = -1;
    for (int i = 0; i < n; ++i) if (picked[i] == lrank) mine = i;
    if (mine < 0) {
      CHECK(ic == MPI_COMM_NULL, "not in the subset: MPI_COMM_NULL");
    } else {
      CHECK(ic != MPI_COMM_NULL, "in the subset: a communicator");
      int f = 0, r = -1, sz = -1, rs = -1;
      MPI_Comm_test_inter(ic, &f); MPI_Comm_rank(ic, &r); MPI_Comm_size(ic, &sz); MPI_Comm_remote_size(ic, &rs);
      CHECK(f == 1, "the result is an intercommunicator");
      CHECK(r == mine && sz == (side == 0 ? nAs : nBs), "rank %d size %d", r, sz);
      CHECK(rs == (side == 0 ? nBs : nAs), "remote size %d", rs);
      /* Remote rank 0 is: for A, B's local rank 0 (world nA); for B, A's
       * highest odd local rank (or world 0 when A has one rank). */
      int expect0 = side == 0 ? nA : (nA > 1 ? ((nA - 1) % 2 == 1 ? nA - 1 : nA - 2) : 0);
      MPI_Group rg2, wg2; MPI_Comm_remote_group(ic, &rg2); MPI_Comm_group(MPI_COMM_WORLD, &wg2);
      int z = 0, w = -1; MPI_Group_translate_ranks(rg2, 1, &z, wg2, &w);
      CHECK(w == expect0, "remote rank 0 is world %d, expected %d", w, expect0);
      MPI_Group_free(&rg2); MPI_Group_free(&wg2);
      /* pt2pt across: rank 0 of each side swaps world ranks with the other. */
      if (r == 0) {
        int got = -1;
        MPI_Sendrecv(&wrank, 1, MPI_INT, 0, 7, &got, 1, MPI_INT, 0, 7, ic, MPI_STATUS_IGNORE);
        CHECK(got == expect0, "rank 0 across sent world %d, expected %d", got, expect0);
      }
      MPI_Comm_free(&ic);
    }
    /* One side names nobody: everybody gets MPI_COMM_NULL. */
    ic = MPI_COMM_WORLD;
    rc = MPI_Comm_create(inter, side == 0 ? MPI_GROUP_EMPTY : lg, &ic);
    CHECK(rc == MPI_SUCCESS && ic == MPI_COMM_NULL, "empty side: rc %d, NULL expected", rc);
    MPI_Group_free(&sub); MPI_Group_free(&lg);
  }

  MPI_Comm_free(&inter);
  MPI_Comm_free(&local);
  MPI_Barrier(MPI_COMM_WORLD);
  if (wrank == 0) printf("OK\n");
  MPI_Finalize();
  return 0;
}
