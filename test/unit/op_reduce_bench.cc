// A tiny benchmark (not a test): host reduction bandwidth of MPI_SUM on
// 16 MiB of doubles, and datatype-engine pack/unpack speed of common
// non-contiguous layouts, against memcpy of the same bytes.
//   ./test/unit/op_reduce_bench
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include "runtime/datatype.h"
#include "runtime/op.h"

using namespace gyre;
using Clock = std::chrono::steady_clock;

template <class F>
double best_seconds(int reps, F f) {
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    auto t0 = Clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
  }
  return best;
}

int main() {
  const size_t n = (16u << 20) / sizeof(double);
  std::vector<double> a(n, 1.0), b(n, 2.0);
  Datatype dbl = Datatype::predefined("MPI_DOUBLE", 8, BasicType::float64, TypeClass::floating);
  Datatype i32 = Datatype::predefined("MPI_INT", 4, BasicType::int32, TypeClass::c_integer);
  Op sum = Op::predefined(OpKind::sum, "MPI_SUM");
  Op max = Op::predefined(OpKind::max, "MPI_MAX");
  double bytes = 16.0 * (1 << 20);
  double t = best_seconds(20, [&] { sum.apply_host(a.data(), b.data(), n, dbl); });
  double tm = best_seconds(20, [&] { std::memcpy(b.data(), a.data(), n * 8); });
  std::printf("reduce SUM double 16 MiB: %.2f GB/s of input (%.2f GB/s read+read+write); memcpy 16 MiB %.2f GB/s\n",
              bytes / t / 1e9, 3 * bytes / t / 1e9, bytes / tm / 1e9);
  t = best_seconds(20, [&] { max.apply_host(a.data(), b.data(), n, dbl); });
  std::printf("reduce MAX double 16 MiB: %.2f GB/s of input\n", bytes / t / 1e9);
  t = best_seconds(20, [&] { sum.apply_host(a.data(), b.data(), n * 2, i32); });
  std::printf("reduce SUM int 16 MiB:    %.2f GB/s of input\n", bytes / t / 1e9);

  // Pack: 8 MiB of payload from a 16 MiB array.
  struct Case {
    const char* name;
    Datatype type;
    size_t count;
  };
  std::vector<double> src(2 * n), dst(n);
  Datatype col = Datatype::vector(n / 2, 1, 16, dbl);                           // every other double
  Datatype blocks = Datatype::vector(n / 16, 8, 128, dbl);                      // 64 B blocks, stride 128 B
  Datatype face = Datatype::vector(1024, 512, 2 * 512 * 8, dbl);                // 2-D halo: 4 KiB rows
  Datatype cells = Datatype::vector(512, 1, 8 * 1024 * 2, Datatype::vector(1024, 1, 16, dbl));  // nested strided
  for (const Case& c : {Case{"vector 8 B blocks, stride 16 B", col, 1}, Case{"vector 64 B blocks, stride 128 B", blocks, 1},
                        Case{"vector 4 KiB rows", face, 1}, Case{"vector of vector 8 B", cells, 1}}) {
    size_t payload = c.type.size() * c.count;
    double tp = best_seconds(10, [&] { c.type.pack(src.data(), c.count, 0, dst.data(), payload); });
    double tu = best_seconds(10, [&] { c.type.unpack(src.data(), c.count, 0, dst.data(), payload); });
    // Pipelined: 64 KiB segments resumed at their stream offsets.
    double ts = best_seconds(10, [&] {
      for (size_t off = 0; off < payload; off += 65536)
        c.type.pack(src.data(), c.count, off, reinterpret_cast<char*>(dst.data()) + off, 65536);
    });
    std::printf("pack %-34s %6.2f GB/s  unpack %6.2f GB/s  pack in 64 KiB segments %6.2f GB/s (payload %zu MiB)\n",
                c.name, payload / tp / 1e9, payload / tu / 1e9, payload / ts / 1e9, payload >> 20);
  }
  return 0;
}
