// gyre-bench collective tests: latency of each collective over a range of sizes
// (slowest rank's average, like OSU), allreduce bus bandwidth, and overlap of a
// nonblocking allreduce with computation.
//
// Sizes follow OSU: allreduce / reduce / bcast: the whole buffer; allgather and
// alltoall: what each rank sends to each rank; reduce_scatter: the whole input,
// of which each rank gets 1/np. Reductions sum MPI_FLOATs holding small integers,
// so the expected result is exact.
#include <cstring>

#include "common.h"

namespace bench {
namespace {

constexpr long kMiB = 1024 * 1024;

enum class Coll { allreduce, bcast, reduce, allgather, reduce_scatter, alltoall };

Coll parse(const std::string& op) {
  if (op == "allreduce" || op == "busbw") return Coll::allreduce;
  if (op == "bcast") return Coll::bcast;
  if (op == "reduce") return Coll::reduce;
  if (op == "allgather") return Coll::allgather;
  if (op == "reduce_scatter") return Coll::reduce_scatter;
  if (op == "alltoall") return Coll::alltoall;
  fail("no collective test '%s'", op.c_str());
}

struct Sizes {
  size_t send, recv;
};

Sizes buffer_sizes(Coll c, long bytes) {
  const size_t b = size_t(bytes), n = size_t(nranks);
  switch (c) {
    case Coll::allgather: return {b, b * n};
    case Coll::alltoall: return {b * n, b * n};
    case Coll::reduce_scatter: return {b, b / sizeof(float) / n * sizeof(float)};
    case Coll::bcast: return {b, 0};
    default: return {b, b};
  }
}

// Inputs set, outputs cleared: what the check looks for must come from this call.
void prepare(Coll c, long bytes, char* s, char* r) {
  const size_t b = size_t(bytes);
  Sizes z = buffer_sizes(c, bytes);
  std::memset(r, 0, z.recv);
  switch (c) {
    case Coll::allreduce:
    case Coll::reduce:
    case Coll::reduce_scatter:
      for (size_t i = 0; i < b / sizeof(float); ++i)
        reinterpret_cast<float*>(s)[i] = pattern_float(rank, i);
      break;
    case Coll::bcast:
      if (rank == 0) fill_bytes(s, b, 0, 6);
      else std::memset(s, 0, b);
      break;
    case Coll::allgather: fill_bytes(s, b, rank, 7); break;
    case Coll::alltoall:
      for (int j = 0; j < nranks; ++j) fill_bytes(s + size_t(j) * b, b, rank, j);
      break;
  }
}

void call(Coll c, long bytes, char* s, char* r) {
  const int b = int(bytes), count = int(bytes / long(sizeof(float)));
  MPI_Comm w = MPI_COMM_WORLD;
  switch (c) {
    case Coll::allreduce: MPI_Allreduce(s, r, count, MPI_FLOAT, MPI_SUM, w); break;
    case Coll::bcast: MPI_Bcast(s, b, MPI_BYTE, 0, w); break;
    case Coll::reduce: MPI_Reduce(s, r, count, MPI_FLOAT, MPI_SUM, 0, w); break;
    case Coll::allgather: MPI_Allgather(s, b, MPI_BYTE, r, b, MPI_BYTE, w); break;
    case Coll::reduce_scatter:
      MPI_Reduce_scatter_block(s, r, count / nranks, MPI_FLOAT, MPI_SUM, w);
      break;
    case Coll::alltoall: MPI_Alltoall(s, b, MPI_BYTE, r, b, MPI_BYTE, w); break;
  }
}

void check(Coll c, const char* test, long bytes, const char* s, const char* r) {
  const size_t b = size_t(bytes), count = b / sizeof(float);
  const float* rf = reinterpret_cast<const float*>(r);
  switch (c) {
    case Coll::allreduce: check_sum(rf, count, 0, test, bytes); break;
    case Coll::reduce:
      if (rank == 0) check_sum(rf, count, 0, test, bytes);
      break;
    case Coll::reduce_scatter: {
      size_t block = count / size_t(nranks);
      check_sum(rf, block, size_t(rank) * block, test, bytes);
      break;
    }
    case Coll::bcast: check_bytes(s, b, 0, 6, test, bytes, "received"); break;
    case Coll::allgather:
      for (int j = 0; j < nranks; ++j)
        check_bytes(r + size_t(j) * b, b, j, 7, test, bytes, "gathered block");
      break;
    case Coll::alltoall:
      for (int j = 0; j < nranks; ++j)
        check_bytes(r + size_t(j) * b, b, j, rank, test, bytes, "received block");
      break;
  }
}

// Warm-up, barrier, timed loop; the slowest rank's average per call (rank 0).
template <class F>
double time_calls(int warmup, int iters, F body) {
  for (int i = 0; i < warmup; ++i) body();
  MPI_Barrier(MPI_COMM_WORLD);
  double t0 = MPI_Wtime();
  for (int i = 0; i < iters; ++i) body();
  return max_over_ranks((MPI_Wtime() - t0) * 1e6 / iters);
}

}  // namespace

void run_collective(const std::string& test) {
  if (test == "barrier") {
    header("barrier", nullptr);
    double usec = time_calls(warmup_for(100, 0), iters_for(1000, 0),
                             [] { MPI_Barrier(MPI_COMM_WORLD); });
    row("barrier", 0, usec, 0);
    return;
  }
  const bool busbw = test == "busbw";
  const Coll c = parse(test);
  const bool floats = c == Coll::allreduce || c == Coll::reduce || c == Coll::reduce_scatter;
  std::vector<long> all = busbw ? sizes(256 * 1024, 16 * kMiB, sizeof(float))
                                : sizes(4, 16 * kMiB, floats ? sizeof(float) : 1);
  if (c == Coll::reduce_scatter) {  // each rank must get at least one element
    std::vector<long> kept;
    for (long b : all)
      if (b / long(sizeof(float)) >= nranks) kept.push_back(b);
    all.swap(kept);
  }
  const double bus_factor = nranks > 1 ? 2.0 * (nranks - 1) / nranks : 0.0;
  header(test.c_str(), busbw ? "bus bandwidth 2(n-1)/n x bytes / time (NCCL busbw)"
                             : "bytes / time (algorithm bandwidth)");
  if (all.empty()) return;
  Sizes most = buffer_sizes(c, all.back());
  Buffer sbuf(most.send), rbuf(most.recv);
  for (long bytes : all) {
    prepare(c, bytes, sbuf.data(), rbuf.data());
    double usec = time_calls(warmup_for(100, bytes), iters_for(1000, bytes),
                             [&] { call(c, bytes, sbuf.data(), rbuf.data()); });
    check(c, test.c_str(), bytes, sbuf.data(), rbuf.data());
    double algbw = usec > 0 ? double(bytes) / usec : 0;
    row(test.c_str(), bytes, usec, busbw ? algbw * bus_factor : algbw);
  }
}

// ---- overlap ----------------------------------------------------------------------
//
// A data-parallel training step: MPI_Iallreduce of a gradient-sized buffer (25 MiB,
// or --max), then computation, then MPI_Wait. Timed: the allreduce alone
// (Iallreduce + Wait), the computation alone (calibrated to last as long), both
// together, and both together with MPI_Test every few microseconds of computation.
// overlap% = 100 x (1 - (total - compute) / comm), as OSU: 100 when the
// allreduce is hidden behind the computation, 0 when it runs after it.
// In the CSV the usec column of the two overlap% rows holds the percentage.

namespace {

volatile double g_sink;

// `units` slices of floating-point work on a small cache-resident array; with a
// request, MPI_Test is called every 8 slices (a few microseconds) to drive progress.
void compute(long units, MPI_Request* req) {
  static std::vector<double> a(1024, 1.0);
  double acc = 0;
  for (long u = 0; u < units; ++u) {
    for (double& x : a) {
      x = x * 0.9999999 + 1e-7;
      acc += x;
    }
    if (req && (u & 7) == 7 && *req != MPI_REQUEST_NULL) {
      int done = 0;
      MPI_Test(req, &done, MPI_STATUS_IGNORE);
    }
  }
  g_sink = acc;
}

double agreed_max(double v) {
  double m = 0;
  MPI_Allreduce(&v, &m, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return m;
}

// Compute slices per microsecond on this rank.
double compute_rate() {
  for (long units = 1000;; units *= 2) {
    double t0 = MPI_Wtime();
    compute(units, nullptr);
    double usec = (MPI_Wtime() - t0) * 1e6;
    if (usec > 20000) return double(units) / usec;
  }
}

}  // namespace

void run_overlap() {
  long bytes = (opt.max_bytes >= 0 ? opt.max_bytes : 25 * kMiB) / 4 * 4;
  const int count = int(bytes / 4);
  const int n = iters_for(1000, bytes), w = warmup_for(100, bytes);
  Buffer sbuf{size_t(bytes)}, rbuf{size_t(bytes)};
  for (int i = 0; i < count; ++i) sbuf.floats()[i] = pattern_float(rank, size_t(i));

  // One phase: iallreduce (or not) around compute (or not); all ranks agree on
  // the slowest rank's average so the compute can be calibrated to it.
  auto phase = [&](const char* name, bool comm, long units, bool test) {
    std::memset(rbuf.data(), 0, size_t(bytes));
    auto step = [&] {
      MPI_Request req = MPI_REQUEST_NULL;
      if (comm)
        MPI_Iallreduce(sbuf.data(), rbuf.data(), count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD, &req);
      compute(units, test ? &req : nullptr);
      MPI_Wait(&req, MPI_STATUS_IGNORE);
    };
    for (int i = 0; i < w; ++i) step();
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    for (int i = 0; i < n; ++i) step();
    double usec = agreed_max((MPI_Wtime() - t0) * 1e6 / n);
    if (comm) check_sum(rbuf.floats(), size_t(count), 0, name, bytes);
    return usec;
  };

  header("overlap", "bytes / time of the allreduce alone");
  double t_comm = phase("overlap-comm", true, 0, false);
  long units = long(t_comm * compute_rate());
  double t_comp = phase("overlap-compute", false, units, false);
  // The formula assumes compute ~ comm; a single calibration can miss by 2-3x
  // (clock scaling, a busy host), so correct it once by the measured time.
  if (t_comp > 0 && (t_comp < 0.8 * t_comm || t_comp > 1.25 * t_comm)) {
    units = long(double(units) * t_comm / t_comp);
    t_comp = phase("overlap-compute", false, units, false);
  }
  double t_total = phase("overlap-total", true, units, false);
  double t_test = phase("overlap-total-test", true, units, true);
  auto pct = [&](double total) {
    double p = t_comm > 0 ? 100.0 * (1.0 - (total - t_comp) / t_comm) : 0;
    return p < 0 ? 0 : p > 100 ? 100 : p;
  };
  row("overlap-comm", bytes, t_comm, t_comm > 0 ? double(bytes) / t_comm : 0);
  row("overlap-compute", bytes, t_comp, 0);
  row("overlap-total", bytes, t_total, 0);
  row("overlap-total-test", bytes, t_test, 0);
  row("overlap%", bytes, pct(t_total), 0);
  row("overlap-test%", bytes, pct(t_test), 0);
  note("overlap: %.0f%% without MPI_Test in the compute loop, %.0f%% with it "
       "(100%% = allreduce fully hidden)", pct(t_total), pct(t_test));
}

}  // namespace bench
