/* CHECK(cond, fmt, ...): the check of the test programs in test/mpi,
 * included as "check.h" (found next to the including .c file). The message
 * names the including file and line.
 *
 * By default a failed check aborts the job; the program defines
 * `static int rank` (its rank in MPI_COMM_WORLD) for the message. A program
 * that defines CHECK_COUNTS_FAILURES before the include instead counts
 * failures in its `static int failures` and goes on, printing the failed
 * condition too. */
#ifndef GYRE_TEST_CHECK_H
#define GYRE_TEST_CHECK_H

#include <mpi.h>
#include <stdio.h>

#ifdef CHECK_COUNTS_FAILURES
#define CHECK(cond, ...)                                                 \
  do {                                                                   \
    if (!(cond)) {                                                       \
      fprintf(stderr, "FAILED %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                      \
      fprintf(stderr, "\n");                                             \
      failures++;                                                        \
    }                                                                    \
  } while (0)
#else
#define CHECK(cond, ...)                                 \
  do {                                                   \
    if (!(cond)) {                                       \
      fprintf(stderr, "rank %d: FAILED: ", rank);        \
      fprintf(stderr, __VA_ARGS__);                      \
      fprintf(stderr, " (%s:%d)\n", __FILE__, __LINE__); \
      MPI_Abort(MPI_COMM_WORLD, 1);                      \
    }                                                    \
  } while (0)
#endif

#endif
