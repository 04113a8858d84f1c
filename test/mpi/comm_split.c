/* MPI_Comm_split by colour/key with ties, MPI_UNDEFINED, nested dups,
 * compare, names, groups of the results, and traffic on each. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond, ...) do { if (!(cond)) { fprintf(stderr, "rank %d: check failed: %s: ", wrank, #cond); \
  fprintf(stderr, __VA_ARGS__); fprintf(stderr, "\n"); MPI_Abort(MPI_COMM_WORLD, 1); } } while (0)

static int wrank, wsize;

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &wrank);
  MPI_Comm_size(MPI_COMM_WORLD, &wsize);

  /* colour = rank % 3, key = (rank / 2) : ties broken by parent rank order. */
  MPI_Comm sub;
  MPI_Comm_split(MPI_COMM_WORLD, wrank % 3, wrank / 2, &sub);
  int srank, ssize;
  MPI_Comm_rank(sub, &srank);
  MPI_Comm_size(sub, &ssize);
  int expect_rank = 0, expect_size = 0;
  /* Model: members of my colour sorted by (key, world rank). */
  int members[64], n = 0;
  for (int r = 0; r < wsize; ++r) if (r % 3 == wrank % 3) members[n++] = r;
  for (int i = 0; i < n; ++i) for (int j = i + 1; j < n; ++j)
    if (members[j] / 2 < members[i] / 2 || (members[j] / 2 == members[i] / 2 && members[j] < members[i])) {
      int t = members[i]; members[i] = members[j]; members[j] = t; }
  expect_size = n;
  for (int i = 0; i < n; ++i) if (members[i] == wrank) expect_rank = i;
  CHECK(ssize == expect_size, "size %d, expected %d", ssize, expect_size);
  CHECK(srank == expect_rank, "rank %d, expected %d", srank, expect_rank);

  /* Reverse keys: ranks reversed. */
  MPI_Comm rev;
  MPI_Comm_split(MPI_COMM_WORLD, 0, -wrank, &rev);
  int rrank; MPI_Comm_rank(rev, &rrank);
  CHECK(rrank == wsize - 1 - wrank, "reverse split rank %d", rrank);
  int cmp; MPI_Comm_compare(rev, MPI_COMM_WORLD, &cmp);
  CHECK(cmp == (wsize == 1 ? MPI_CONGRUENT : MPI_SIMILAR), "compare reversed = %d", cmp);

  /* MPI_UNDEFINED gives MPI_COMM_NULL. */
  MPI_Comm none;
  MPI_Comm_split(MPI_COMM_WORLD, wrank == 0 ? MPI_UNDEFINED : 1, 0, &none);
  CHECK((wrank == 0) == (none == MPI_COMM_NULL), "undefined colour");
  if (none != MPI_COMM_NULL) MPI_Comm_free(&none);

  /* Group of the split communicator translates back to world ranks. */
  MPI_Group wg, sg;
  MPI_Comm_group(MPI_COMM_WORLD, &wg);
  MPI_Comm_group(sub, &sg);
  int *sranks = malloc(sizeof(int) * ssize), *tr = malloc(sizeof(int) * ssize);
  for (int i = 0; i < ssize; ++i) sranks[i] = i;
  MPI_Group_translate_ranks(sg, ssize, sranks, wg, tr);
  for (int i = 0; i < ssize; ++i) CHECK(tr[i] == members[i], "translate %d -> %d, want %d", i, tr[i], members[i]);
  free(sranks); free(tr);
  MPI_Group_free(&sg); MPI_Group_free(&wg);

  /* Nested dups: each level congruent, each carries its own traffic. */
  MPI_Comm level[6];
  level[0] = sub;
  for (int i = 1; i < 6; ++i) {
    MPI_Comm_dup(level[i - 1], &level[i]);
    MPI_Comm_compare(level[i], level[i - 1], &cmp);
    CHECK(cmp == MPI_CONGRUENT, "dup level %d compare %d", i, cmp);
  }
  /* Messages on different levels with the same tag never cross. */
  int next = (srank + 1) % ssize, prev = (srank + ssize - 1) % ssize;
  MPI_Request reqs[12];
  int got[6], sent[6];
  for (int i = 0; i < 6; ++i) { sent[i] = 1000 * i + srank; MPI_Irecv(&got[i], 1, MPI_INT, prev, 7, level[5 - i], &reqs[i]); }
  for (int i = 0; i < 6; ++i) MPI_Isend(&sent[i], 1, MPI_INT, next, 7, level[i], &reqs[6 + i]);
  MPI_Waitall(12, reqs, MPI_STATUSES_IGNORE);
  for (int i = 0; i < 6; ++i) CHECK(got[i] == 1000 * (5 - i) + prev, "level %d got %d", 5 - i, got[i]);

  /* A collective on the split communicator. */
  int one = 1, total = 0;
  MPI_Allreduce(&one, &total, 1, MPI_INT, MPI_SUM, level[5]);
  CHECK(total == ssize, "allreduce on dup gave %d", total);

  /* Names. */
  char name[MPI_MAX_OBJECT_NAME]; int len;
  MPI_Comm_get_name(MPI_COMM_WORLD, name, &len);
  CHECK(strcmp(name, "MPI_COMM_WORLD") == 0, "world name '%s'", name);
  MPI_Comm_get_name(level[1], name, &len);
  CHECK(len == 0, "a new communicator has an empty name, got '%s'", name);
  MPI_Comm_set_name(level[1], "level one");
  MPI_Comm_get_name(level[1], name, &len);
  CHECK(strcmp(name, "level one") == 0 && len == 9, "name '%s'", name);
  int inter; MPI_Comm_test_inter(level[1], &inter);
  CHECK(inter == 0, "test_inter");

  MPI_Comm_compare(level[1], rev, &cmp);
  CHECK(wsize == 1 || cmp == MPI_UNEQUAL || cmp == MPI_SIMILAR, "compare unrelated %d", cmp);

  for (int i = 5; i >= 1; --i) { MPI_Comm_free(&level[i]); CHECK(level[i] == MPI_COMM_NULL, "free sets NULL"); }
  MPI_Comm_free(&sub);
  MPI_Comm_free(&rev);
  MPI_Barrier(MPI_COMM_WORLD);
  if (wrank == 0) printf("OK\n");
  MPI_Finalize();
  return 0;
}
