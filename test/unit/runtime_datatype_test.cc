// Datatype pack/unpack over the packed stream, against a naive reference.
#include <catch2/catch.hpp>

#include <cstring>
#include <numeric>
#include <random>
#include <vector>

#include "runtime/datatype.h"
#include "runtime/op.h"

using namespace gyre;

namespace {
// Reference: walk every block of every element byte by byte.
std::vector<unsigned char> naive_pack(const Datatype& t, const unsigned char* buf, size_t count) {
  std::vector<unsigned char> out;
  for (size_t e = 0; e < count; ++e)
    for (const TypeBlock& b : t.blocks())
      for (size_t i = 0; i < b.length; ++i) out.push_back(buf[static_cast<std::ptrdiff_t>(e) * t.extent() + b.offset + static_cast<std::ptrdiff_t>(i)]);
  return out;
}
}  // namespace

TEST_CASE("predefined types are contiguous", "[datatype]") {
  Datatype d = Datatype::predefined("MPI_DOUBLE", 8, BasicType::float64, TypeClass::floating);
  CHECK(d.contiguous());
  CHECK(d.size() == 8);
  CHECK(d.extent() == 8);
}

TEST_CASE("pair types have C struct layout", "[datatype]") {
  Datatype di = Datatype::pair("MPI_DOUBLE_INT", sizeof(double), alignof(double), BasicType::double_int);
  struct DI { double d; int i; };
  CHECK(di.extent() == static_cast<std::ptrdiff_t>(sizeof(DI)));
  CHECK(di.size() == sizeof(double) + sizeof(int));
  CHECK_FALSE(di.contiguous());
  Datatype ii = Datatype::pair("MPI_2INT", sizeof(int), alignof(int), BasicType::int_int);
  CHECK(ii.contiguous());
}

TEST_CASE("strided pack and unpack in arbitrary pieces match the reference", "[datatype]") {
  // A vector-like type: 3 blocks of 5 bytes every 8, extent 24, plus a gap.
  Datatype t = Datatype::from_blocks({{0, 5}, {8, 5}, {16, 5}}, 0, 24, BasicType::none);
  const size_t count = 37;
  std::vector<unsigned char> buf(static_cast<size_t>(t.extent()) * count);
  std::iota(buf.begin(), buf.end(), 0);
  std::vector<unsigned char> expect = naive_pack(t, buf.data(), count);
  REQUIRE(expect.size() == t.size() * count);
  std::mt19937 rng(42);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<unsigned char> packed(expect.size());
    size_t pos = 0;
    while (pos < packed.size()) {
      size_t piece = 1 + rng() % 40;
      pos += t.pack(buf.data(), count, pos, packed.data() + pos, piece);
    }
    REQUIRE(packed == expect);
    std::vector<unsigned char> back(buf.size(), 0xff);
    pos = 0;
    while (pos < packed.size()) {
      size_t piece = 1 + rng() % 40;
      pos += t.unpack(back.data(), count, pos, packed.data() + pos, piece);
    }
    REQUIRE(naive_pack(t, back.data(), count) == expect);
  }
}

TEST_CASE("predefined ops reduce with the right semantics", "[op]") {
  Datatype i32 = Datatype::predefined("MPI_INT", 4, BasicType::int32, TypeClass::c_integer);
  std::vector<int> a{1, 5, -3}, b{4, 2, 7};
  Op::predefined(OpKind::sum, "MPI_SUM").apply_host(a.data(), b.data(), 3, i32);
  CHECK(b == std::vector<int>{5, 7, 4});
  Op::predefined(OpKind::max, "MPI_MAX").apply_host(a.data(), b.data(), 3, i32);
  CHECK(b == std::vector<int>{5, 7, 4});
  Datatype di = Datatype::pair("MPI_DOUBLE_INT", sizeof(double), alignof(double), BasicType::double_int);
  struct DI { double d; int i; };
  DI x[2] = {{3.0, 1}, {2.0, 0}}, y[2] = {{3.0, 0}, {5.0, 2}};
  Op::predefined(OpKind::maxloc, "MPI_MAXLOC").apply_host(x, y, 2, di);
  CHECK(y[0].d == 3.0);
  CHECK(y[0].i == 0);  // tie keeps the smaller index
  CHECK(y[1].d == 5.0);
  CHECK(y[1].i == 2);
}

namespace {

// Every element of inout = in op inout, checked one by one against a scalar
// reference, at counts that end mid-vector (the kernels are vectorized, so
// their tails and odd starts are where a mistake would hide).
template <class T, class F>
void check_kernel(OpKind kind, BasicType basic, TypeClass cls, F reference) {
  Datatype t = Datatype::predefined("T", sizeof(T), basic, cls);
  Op op = Op::predefined(kind, "op");
  std::mt19937 rng(static_cast<unsigned>(kind) * 31 + static_cast<unsigned>(basic));
  for (size_t count : {0, 1, 3, 7, 15, 16, 17, 31, 33, 63, 65, 1000, 1027}) {
    for (size_t skew : {0, 1}) {  // also from an address one element off alignment
      std::vector<T> in(count + skew), inout(count + skew);
      for (size_t i = 0; i < count + skew; ++i) {
        in[i] = static_cast<T>(static_cast<int>(rng() % 7) - 3);
        inout[i] = static_cast<T>(static_cast<int>(rng() % 7) - 3);
      }
      std::vector<T> expect(inout);
      for (size_t i = skew; i < count + skew; ++i) expect[i] = reference(in[i], inout[i]);
      op.apply_host(in.data() + skew, inout.data() + skew, count, t);
      INFO("kind " << static_cast<int>(kind) << " count " << count << " skew " << skew);
      CHECK(std::memcmp(inout.data(), expect.data(), inout.size() * sizeof(T)) == 0);
    }
  }
}

template <class T>
void check_arithmetic(BasicType basic, TypeClass cls) {
  check_kernel<T>(OpKind::sum, basic, cls, [](T a, T b) { return T(b + a); });
  check_kernel<T>(OpKind::prod, basic, cls, [](T a, T b) { return T(b * a); });
  check_kernel<T>(OpKind::max, basic, cls, [](T a, T b) { return a > b ? a : b; });
  check_kernel<T>(OpKind::min, basic, cls, [](T a, T b) { return a < b ? a : b; });
}

template <class T>
void check_bitwise(BasicType basic) {
  check_arithmetic<T>(basic, TypeClass::c_integer);
  check_kernel<T>(OpKind::band, basic, TypeClass::c_integer, [](T a, T b) { return T(a & b); });
  check_kernel<T>(OpKind::bor, basic, TypeClass::c_integer, [](T a, T b) { return T(a | b); });
  check_kernel<T>(OpKind::bxor, basic, TypeClass::c_integer, [](T a, T b) { return T(a ^ b); });
  check_kernel<T>(OpKind::land, basic, TypeClass::c_integer, [](T a, T b) { return T(a != 0 && b != 0); });
  check_kernel<T>(OpKind::lor, basic, TypeClass::c_integer, [](T a, T b) { return T(a != 0 || b != 0); });
  check_kernel<T>(OpKind::lxor, basic, TypeClass::c_integer, [](T a, T b) { return T((a != 0) != (b != 0)); });
}

}  // namespace

TEST_CASE("vectorized op kernels match a scalar loop at every length", "[op]") {
  check_bitwise<int8_t>(BasicType::int8);
  check_bitwise<uint16_t>(BasicType::uint16);
  check_bitwise<int32_t>(BasicType::int32);
  check_bitwise<uint32_t>(BasicType::uint32);
  check_bitwise<int64_t>(BasicType::int64);
  check_arithmetic<float>(BasicType::float32, TypeClass::floating);
  check_arithmetic<double>(BasicType::float64, TypeClass::floating);
}

TEST_CASE("op/type legality follows the standard", "[op]") {
  Datatype f = Datatype::predefined("MPI_FLOAT", 4, BasicType::float32, TypeClass::floating);
  CHECK(Op::predefined(OpKind::band, "MPI_BAND").check_type(f).cls() == ErrClass::op);
  CHECK_FALSE(Op::predefined(OpKind::sum, "MPI_SUM").check_type(f).failed());
}
