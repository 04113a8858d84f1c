// gyre-bench — OSU-style MPI micro-benchmarks in plain MPI, buildable with any mpicxx:
//
//   mpicxx -O2 bench/gyre-bench.cc bench/pt2pt.cc bench/coll.cc -o gyre-bench
//   mpirun -np 2 ./gyre-bench latency bandwidth allreduce --max 1M --csv
//
// This file: command line, main(), startup timing, and the helpers of common.h.
// pt2pt.cc has latency / bandwidth / noncontig, coll.cc the collectives and overlap.
// Every test checks its result buffers once per size and ends the job on a mismatch.
#include "common.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <unistd.h>

namespace bench {

Options opt;
int rank = 0, nranks = 1;

void fail(const char* fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fprintf(stderr, "gyre-bench: ERROR on rank %d: %s\n", rank, msg);
  fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, 2);
  std::abort();
}

void note(const char* fmt, ...) {
  if (rank != 0) return;
  FILE* out = opt.csv ? stderr : stdout;
  va_list ap;
  va_start(ap, fmt);
  fputs(opt.csv ? "gyre-bench: " : "# ", out);
  vfprintf(out, fmt, ap);
  va_end(ap);
  fputc('\n', out);
  fflush(out);
}

Buffer::Buffer(size_t bytes) {
  size_t rounded = (std::max<size_t>(bytes, 1) + 4095) / 4096 * 4096;
  p_ = std::aligned_alloc(4096, rounded);
  if (!p_) fail("cannot allocate %zu bytes", rounded);
  std::memset(p_, 0, rounded);
}

float expected_sum(size_t i) {
  float s = 0;
  for (int r = 0; r < nranks; ++r) s += pattern_float(r, i);
  return s;
}

void fill_bytes(char* p, size_t n, int src, int salt) {
  for (size_t i = 0; i < n; ++i) p[i] = char(pattern_byte(src, i, salt));
}

void check_bytes(const char* p, size_t n, int src, int salt, const char* test, long bytes,
                 const char* what) {
  for (size_t i = 0; i < n; ++i) {
    uint8_t want = pattern_byte(src, i, salt), got = uint8_t(p[i]);
    if (got != want)
      fail("%s %ld B: %s byte %zu is 0x%02x, expected 0x%02x (data of rank %d)", test, bytes,
           what, i, got, want, src);
  }
}

void check_sum(const float* p, size_t n, size_t first, const char* test, long bytes) {
  for (size_t i = 0; i < n; ++i) {
    float want = expected_sum(first + i);
    if (p[i] != want)
      fail("%s %ld B: element %zu is %g, expected %g (sum over %d ranks)", test, bytes,
           first + i, double(p[i]), double(want), nranks);
  }
}

std::vector<long> sizes(long default_min, long default_max, long multiple) {
  long hi = opt.max_bytes >= 0 ? opt.max_bytes : default_max;
  long lo = opt.min_bytes >= 0 ? opt.min_bytes : std::min(default_min, hi);
  std::vector<long> out;
  long s = lo;
  if (s == 0) {
    out.push_back(0);
    s = 1;
  }
  for (; s <= hi; s *= opt.factor)
    if (s % multiple == 0) out.push_back(s);
  return out;
}

int scaled(int base, long bytes, int floor) {
  if (bytes <= 8192) return base;
  int n = int(base * std::sqrt(8192.0 / double(bytes)));
  return std::max(n, std::min(base, floor));
}

double max_over_ranks(double local) {
  double m = 0;
  MPI_Reduce(&local, &m, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  return m;
}

void idle_barrier() {
  MPI_Request req;
  MPI_Ibarrier(MPI_COMM_WORLD, &req);
  for (int done = 0;;) {
    MPI_Test(&req, &done, MPI_STATUS_IGNORE);
    if (done) return;
    timespec ts{0, 100 * 1000};  // 100 us
    nanosleep(&ts, nullptr);
  }
}

void header(const char* test, const char* what_mbps) {
  if (rank != 0 || opt.csv) return;
  printf("\n# %s (%s, np %d)%s%s\n", test, opt.impl.c_str(), nranks, what_mbps ? "; MB/s = " : "",
         what_mbps ? what_mbps : "");
  printf("%-20s %12s %14s %14s\n", "# test", "bytes", "usec", "MB/s");
  fflush(stdout);
}

void row(const char* test, long bytes, double usec, double mbps) {
  if (rank != 0) return;
  if (opt.csv)
    printf("%s,%s,%d,%ld,%.3f,%.2f\n", opt.impl.c_str(), test, nranks, bytes, usec, mbps);
  else
    printf("%-20s %12ld %14.2f %14.2f\n", test, bytes, usec, mbps);
  fflush(stdout);
}

// startup: how long it takes to become an MPI process.
//   startup-init    MPI_Init alone
//   startup-exec    exec() of this process -> MPI_Init returned (kernel start time,
//                   10 ms resolution: includes loading the MPI library)
//   startup-launch  GYRE_BENCH_LAUNCH_T0 (wall-clock seconds, set just before mpirun,
//                   e.g. GYRE_BENCH_LAUNCH_T0=$(date +%s.%N)) -> MPI_Init returned
//   startup-barrier the first MPI_Barrier (connections many MPIs set up lazily)
// Each is the slowest rank's. For the whole job, init to finalize, time
// `mpirun -np N gyre-bench hello` with hyperfine.
void run_startup(double init_usec, double exec_usec, double launch_usec) {
  double t0 = MPI_Wtime();
  MPI_Barrier(MPI_COMM_WORLD);
  double barrier_usec = (MPI_Wtime() - t0) * 1e6;
  header("startup", nullptr);
  row("startup-init", 0, max_over_ranks(init_usec), 0);
  if (exec_usec >= 0) row("startup-exec", 0, max_over_ranks(exec_usec), 0);
  if (launch_usec >= 0) row("startup-launch", 0, max_over_ranks(launch_usec), 0);
  row("startup-barrier", 0, max_over_ranks(barrier_usec), 0);
}

}  // namespace bench

namespace {

using namespace bench;

const char* const kAllTests[] = {"latency",   "bandwidth",      "allreduce", "bcast",
                                 "reduce",    "allgather",      "reduce_scatter",
                                 "alltoall",  "barrier",        "busbw",
                                 "overlap",   "noncontig"};

void usage(FILE* out) {
  fputs(
      "usage: mpirun -np N gyre-bench TEST... [options]\n"
      "tests: latency bandwidth                 ping-pong / windowed streaming (np >= 2)\n"
      "       allreduce bcast reduce allgather reduce_scatter alltoall barrier\n"
      "       busbw                             allreduce bus bandwidth 2(n-1)/n x bytes/time\n"
      "       overlap                           Iallreduce + compute vs each alone\n"
      "       noncontig                         MPI_Type_vector halo, MPI_Type_create_struct\n"
      "       startup                           MPI_Init / exec-to-init / first barrier\n"
      "       hello                             MPI_Init + MPI_Finalize only\n"
      "       all                               every test but startup and hello\n"
      "options: --min BYTES --max BYTES (K/M/G suffixes: 1K = 1024)  --factor F (default 2)\n"
      "         --iters N --warmup N  (counts for small messages; scaled down above 8 KiB)\n"
      "         --csv  (impl,test,np,bytes,usec,MBps)   --impl NAME  (default: detected)\n",
      out);
}

long parse_bytes(const char* s) {
  char* end = nullptr;
  double v = strtod(s, &end);
  switch (std::toupper(static_cast<unsigned char>(*end))) {
    case 'K': v *= 1024; ++end; break;
    case 'M': v *= 1024 * 1024; ++end; break;
    case 'G': v *= 1024.0 * 1024 * 1024; ++end; break;
  }
  if (end == s || *end || v < 0) return -2;
  return long(v);
}

// Returns an empty string when the arguments are fine, else what is wrong.
std::string parse_args(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--csv") {
      opt.csv = true;
    } else if (a == "--min" || a == "--max") {
      const char* v = value();
      long b = v ? parse_bytes(v) : -2;
      if (b < 0) return a + " needs a byte count";
      (a == "--min" ? opt.min_bytes : opt.max_bytes) = b;
    } else if (a == "--factor" || a == "--iters" || a == "--warmup") {
      const char* v = value();
      long n = v ? parse_bytes(v) : -2;
      if (n < 0 || (a == "--factor" && n < 2)) return a + " needs a count";
      if (a == "--factor") opt.factor = n;
      else (a == "--iters" ? opt.iters : opt.warmup) = int(n);
    } else if (a == "--impl") {
      const char* v = value();
      if (!v) return "--impl needs a name";
      opt.impl = v;
    } else if (a == "-h" || a == "--help") {
      return "help";
    } else if (a == "all") {
      opt.tests.insert(opt.tests.end(), std::begin(kAllTests), std::end(kAllTests));
    } else if (a == "startup" || a == "hello" ||
               std::find(std::begin(kAllTests), std::end(kAllTests), a) != std::end(kAllTests)) {
      opt.tests.push_back(a);
    } else {
      return "unknown test or option '" + a + "'";
    }
  }
  if (opt.tests.empty()) return "no test named";
  if (opt.iters == 0) return "--iters must be at least 1";
  if (opt.max_bytes > (1L << 30)) return "--max is at most 1G (counts are C ints)";
  return "";
}

std::string detect_impl() {
  char v[MPI_MAX_LIBRARY_VERSION_STRING];
  int len = 0;
  MPI_Get_library_version(v, &len);
  std::string s(v, size_t(len));
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  for (const char* name : {"gyre", "open mpi", "mvapich", "intel", "mpich"})
    if (s.find(name) != std::string::npos)
      return name == std::string("open mpi") ? "openmpi" : name;
  return "unknown";
}

// Microseconds since the kernel started this process (resolution: one clock tick),
// or -1 where /proc does not say.
double usec_since_exec() {
  FILE* f = fopen("/proc/self/stat", "r");
  if (!f) return -1;
  char buf[4096];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  const char* p = strrchr(buf, ')');  // the command name may hold spaces
  if (!p) return -1;
  // Fields after ")": state is field 3; starttime is field 22.
  unsigned long long start_ticks = 0;
  int field = 2;
  for (const char* q = p + 1; *q && field < 22; ++q)
    if (*q == ' ' && ++field == 22) start_ticks = strtoull(q + 1, nullptr, 10);
  timespec now;
  if (field != 22 || clock_gettime(CLOCK_BOOTTIME, &now) != 0) return -1;
  double start_s = double(start_ticks) / double(sysconf(_SC_CLK_TCK));
  return (double(now.tv_sec) + now.tv_nsec * 1e-9 - start_s) * 1e6;
}

double wall_seconds() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return double(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  MPI_Init(&argc, &argv);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double init_usec = (t1.tv_sec - t0.tv_sec) * 1e6 + (t1.tv_nsec - t0.tv_nsec) * 1e-3;
  double exec_usec = usec_since_exec();
  double launch_usec = -1;
  if (const char* t = getenv("GYRE_BENCH_LAUNCH_T0")) launch_usec = (wall_seconds() - atof(t)) * 1e6;

  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &nranks);

  std::string err = parse_args(argc, argv);
  if (!err.empty()) {
    if (rank == 0) {
      if (err != "help") fprintf(stderr, "gyre-bench: %s\n", err.c_str());
      usage(err == "help" ? stdout : stderr);
    }
    MPI_Finalize();
    return err == "help" ? 0 : 1;
  }
  if (opt.impl.empty()) opt.impl = detect_impl();
  if (opt.tests.size() == 1 && opt.tests[0] == "hello") {
    MPI_Finalize();
    return 0;
  }

  if (rank == 0) {
    if (opt.csv) {
      printf("impl,test,np,bytes,usec,MBps\n");
    } else {
      char v[MPI_MAX_LIBRARY_VERSION_STRING];
      int len = 0;
      MPI_Get_library_version(v, &len);
      printf("# gyre-bench: impl %s, np %d, library: %.*s\n", opt.impl.c_str(), nranks,
             int(strcspn(v, "\n")), v);
    }
    fflush(stdout);
  }

  // startup first, whatever its place on the command line: its first-barrier
  // time means something only before any other communication.
  if (std::find(opt.tests.begin(), opt.tests.end(), "startup") != opt.tests.end())
    run_startup(init_usec, exec_usec, launch_usec);
  for (const std::string& t : opt.tests) {
    if (t == "latency") run_latency();
    else if (t == "bandwidth") run_bandwidth();
    else if (t == "noncontig") run_noncontig();
    else if (t == "overlap") run_overlap();
    else if (t != "startup" && t != "hello") run_collective(t);
  }
  MPI_Finalize();
  return 0;
}
