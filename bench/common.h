// gyre-bench: what every test shares — options, buffers, data patterns and their
// checks, iteration counts, message sizes, result printing.
//
// Plain MPI C API + C++17 only, so the same source builds with any mpicxx.
#pragma once

// The C API only: keep the deprecated C++ bindings of Open MPI and MPICH out.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace bench {

struct Options {
  std::vector<std::string> tests;
  long min_bytes = -1;  // -1: the test's own default
  long max_bytes = -1;
  long factor = 2;      // message sizes grow by this factor
  int iters = -1;       // -1: the test's own default
  int warmup = -1;
  bool csv = false;
  std::string impl;     // label in the output; detected when empty
};

// Set once by main() after MPI_Init.
extern Options opt;
extern int rank, nranks;

// ---- failures -----------------------------------------------------------------

// A wrong result makes a timing worthless: say what was wrong and end the job.
[[noreturn]] void fail(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// A line for the reader (skipped test, what a column means): stdout as a "# "
// comment in the human format, stderr in CSV mode so the CSV stays clean.
void note(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// ---- memory ---------------------------------------------------------------------

// Page-aligned, zero-filled (so every page is touched before timing) memory.
class Buffer {
 public:
  explicit Buffer(size_t bytes);
  ~Buffer() { std::free(p_); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  char* data() { return static_cast<char*>(p_); }
  float* floats() { return static_cast<float*>(p_); }
  double* doubles() { return static_cast<double*>(p_); }

 private:
  void* p_;
};

// ---- data patterns ----------------------------------------------------------------

// Byte i of a message from rank `src`, varied by `salt` (e.g. the destination).
// Terms in i>>8 and i>>16 make a block shifted by 256 B or 64 KiB show up as wrong.
inline uint8_t pattern_byte(int src, size_t i, int salt) {
  return uint8_t(i + 3 * (i >> 8) + 5 * (i >> 16) + 29 * size_t(src) + 7 * size_t(salt) + 1);
}
// Element i of rank src's reduction input: small integers, so float sums are
// exact in any order and the expected result is known exactly.
inline float pattern_float(int src, size_t i) { return float((i + 31 * size_t(src)) % 113); }
// Sum over all ranks of pattern_float(r, i).
float expected_sum(size_t i);

void fill_bytes(char* p, size_t n, int src, int salt);
// Fails the job on the first byte that differs, naming test, size and position.
void check_bytes(const char* p, size_t n, int src, int salt, const char* test, long bytes,
                 const char* what);
void check_sum(const float* p, size_t n, size_t first, const char* test, long bytes);

// ---- sizes and iterations ---------------------------------------------------------

// Message sizes in [min, max] (options, else the defaults), growing by opt.factor;
// a minimum of 0 adds 0 then continues from 1. Only sizes that are multiples of
// `multiple` are kept.
std::vector<long> sizes(long default_min, long default_max, long multiple = 1);

// OSU-style scaling: the full count up to 8 KiB, then fewer in proportion to the
// square root of the size, never fewer than `floor` (or the base, if smaller).
int scaled(int base, long bytes, int floor);
inline int iters_for(int default_iters, long bytes) {
  return scaled(opt.iters >= 0 ? opt.iters : default_iters, bytes, 5);
}
inline int warmup_for(int default_warmup, long bytes) {
  return scaled(opt.warmup >= 0 ? opt.warmup : default_warmup, bytes, 1);
}

// Maximum of a value over all ranks, valid on rank 0 (collectives report the
// slowest rank, like OSU).
double max_over_ranks(double local);

// A barrier that sleeps between tests, for ranks that sit out a test: they must
// not busy-poll a core away from the ranks being measured.
void idle_barrier();

// ---- output -----------------------------------------------------------------------

// Column header for one test (human format only; CSV has one header for all).
void header(const char* test, const char* what_mbps);
// One result row, rank 0 only: `impl,test,np,bytes,usec,MBps` in CSV.
void row(const char* test, long bytes, double usec, double mbps);

// ---- the tests --------------------------------------------------------------------

void run_latency();
void run_bandwidth();
void run_noncontig();
// op: allreduce bcast reduce allgather reduce_scatter alltoall barrier busbw
void run_collective(const std::string& op);
void run_overlap();
void run_startup(double init_usec, double exec_usec, double launch_usec);

}  // namespace bench
