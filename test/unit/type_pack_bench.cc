// Throughput of the datatype engine's pack/unpack in the pml's segment
// size (max_frame - sizeof(DataHeader) = 32768 + 256 - 24 bytes with the
// sm defaults), for the two layouts of `gyre-bench noncontig`: the halo
// column (MPI_Type_vector(rows, 1, 16, MPI_DOUBLE), count 1) and the
// particle struct (3 doubles + int + float of a 56-byte struct, resized).
// Not a test: run by hand, `type_pack_bench [message bytes] [segment bytes]`.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "runtime/datatype.h"

using gyre::BasicType;
using gyre::Datatype;
using gyre::TypeClass;

namespace {

template <class F>
double gbps(size_t bytes, F f) {
  f();  // warm up
  int reps = 0;
  auto t0 = std::chrono::steady_clock::now();
  double secs = 0;
  do {
    f();
    ++reps;
    secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  } while (secs < 0.5);
  return double(bytes) * reps / secs / 1e9;
}

void run(const char* name, const Datatype& t, size_t count, size_t seg) {
  size_t extent = size_t(t.extent()) * count;
  std::vector<std::byte> buf(extent + 64), back(extent + 64), stream(t.size() * count);
  for (size_t i = 0; i < buf.size(); ++i) buf[i] = std::byte(i * 7);
  size_t total = t.size() * count;
  double p = gbps(total, [&] {
    for (size_t off = 0; off < total; off += seg) t.pack(buf.data(), count, off, stream.data() + off, seg);
  });
  double u = gbps(total, [&] {
    for (size_t off = 0; off < total; off += seg) t.unpack(back.data(), count, off, stream.data() + off, seg);
  });
  double whole = gbps(total, [&] { t.pack(buf.data(), count, 0, stream.data(), total); });
  std::printf("%-8s %8zu B  seg %6zu: pack %6.2f GB/s  unpack %6.2f GB/s  (one call: pack %6.2f GB/s)\n", name,
              total, seg, p, u, whole);
}

}  // namespace

int main(int argc, char** argv) {
  size_t bytes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1 << 20;
  size_t seg = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 32768 + 256 - 24;
  Datatype dbl = Datatype::predefined("MPI_DOUBLE", 8, BasicType::float64, TypeClass::floating);
  Datatype i32 = Datatype::predefined("MPI_INT", 4, BasicType::int32, TypeClass::c_integer);
  Datatype f32 = Datatype::predefined("MPI_FLOAT", 4, BasicType::float32, TypeClass::floating);
  Datatype column = Datatype::vector(bytes / 8, 1, 16 * 8, dbl);
  run("halo", column, 1, seg);
  Datatype raw = Datatype::structure({3, 1, 1}, {0, 48, 52}, {&dbl, &i32, &f32});
  Datatype particle = Datatype::resized(raw, 0, 56);
  run("struct", particle, bytes / 32, seg);
  return 0;
}
