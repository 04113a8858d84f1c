/* Helpers shared by the point-to-point test programs (test/mpi/pt2pt_*.c).
 * They use only point-to-point calls (the barrier too), so a failure here
 * points at the pt2pt chapter and not at the collectives. */
#ifndef GYRE_TEST_PT2PT_UTIL_H
#define GYRE_TEST_PT2PT_UTIL_H

#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char* test_name = "pt2pt";

/* Fail the whole job with a message naming the check. */
#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      int rank_ = -1;                                                          \
      MPI_Comm_rank(MPI_COMM_WORLD, &rank_);                                   \
      fprintf(stderr, "%s: rank %d: check failed (%s:%d): ", test_name, rank_, \
              __FILE__, __LINE__);                                             \
      fprintf(stderr, __VA_ARGS__);                                            \
      fprintf(stderr, "\n");                                                   \
      fflush(stderr);                                                          \
      MPI_Abort(MPI_COMM_WORLD, 1);                                            \
    }                                                                          \
  } while (0)

#define CHECK_MPI(call)                                                        \
  do {                                                                         \
    int rc_ = (call);                                                          \
    CHECK(rc_ == MPI_SUCCESS, "%s returned %d", #call, rc_);                   \
  } while (0)

/* A barrier out of point-to-point messages (dissemination), on a tag the
 * tests do not otherwise use. */
#define PT2PT_BARRIER_TAG 32000
static inline void pt2pt_barrier(MPI_Comm comm) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  for (int dist = 1; dist < size; dist *= 2) {
    char out = 0, in = 0;
    int to = (rank + dist) % size, from = (rank - dist + size) % size;
    CHECK_MPI(MPI_Sendrecv(&out, 1, MPI_CHAR, to, PT2PT_BARRIER_TAG, &in, 1, MPI_CHAR, from,
                           PT2PT_BARRIER_TAG, comm, MPI_STATUS_IGNORE));
  }
}

/* Deterministic content so the receiver can verify every byte. */
static inline unsigned char pattern_byte(size_t i, unsigned seed) {
  uint64_t x = (uint64_t)i * 0x9E3779B97F4A7C15ull + seed * 0x632BE59BD9B4E019ull;
  return (unsigned char)(x >> 56);
}

static inline void fill_pattern(unsigned char* buf, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; ++i) buf[i] = pattern_byte(i, seed);
}

/* Index of the first wrong byte, or (size_t)-1 when all are right. */
static inline size_t check_pattern(const unsigned char* buf, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; ++i)
    if (buf[i] != pattern_byte(i, seed)) return i;
  return (size_t)-1;
}

static inline void* xmalloc(size_t n) {
  void* p = malloc(n ? n : 1);
  CHECK(p != NULL, "malloc(%zu) failed", n);
  return p;
}

static inline void report_ok(void) {
  int rank;
  pt2pt_barrier(MPI_COMM_WORLD);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 0) printf("%s: OK\n", test_name);
}

#endif
