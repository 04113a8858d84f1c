// The datatype engine against a naive reference: random nested types
// (struct of vectors of indexed, negative strides, resized extents,
// zero-length blocks) are described once as a spec, built through the
// Datatype constructors, and packed both ways; the reference derives the
// type map byte by byte from the spec alone.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

#include <cmath>
#include "runtime/datatype.h"
#include "runtime/datatype_core.h"

using namespace gyre;

namespace {

struct Spec {
  enum Kind { basic, contiguous, vector, indexed, structure, resized } kind;
  size_t basic_size = 0;
  size_t count = 0, blocklength = 0;
  std::ptrdiff_t stride = 0;  // bytes
  std::vector<size_t> bls;
  std::vector<std::ptrdiff_t> displs;  // bytes
  std::vector<std::shared_ptr<Spec>> children;
  std::ptrdiff_t new_lb = 0, new_extent = 0;
};
using SpecP = std::shared_ptr<Spec>;

// Reference: every data byte's offset in type-map order, plus bounds.
struct Ref {
  std::vector<std::ptrdiff_t> bytes;
  std::ptrdiff_t lb = 0, ub = 0;
  bool any = false;
  size_t align = 1;
  bool sticky = false;  // resized somewhere inside: no struct padding
};

Ref reference(const Spec& s) {
  Ref r;
  auto place = [&r](const Ref& c, std::ptrdiff_t disp) {
    for (std::ptrdiff_t b : c.bytes) r.bytes.push_back(disp + b);
    if (c.any || true) {
      std::ptrdiff_t lo = disp + c.lb, hi = disp + c.ub;
      r.lb = r.any ? std::min(r.lb, lo) : lo;
      r.ub = r.any ? std::max(r.ub, hi) : hi;
      r.any = true;
    }
  };
  auto merge_flags = [&r](const Ref& c) {
    r.align = std::max(r.align, c.align);
    r.sticky = r.sticky || c.sticky;
  };
  switch (s.kind) {
    case Spec::basic:
      for (size_t i = 0; i < s.basic_size; ++i) r.bytes.push_back(static_cast<std::ptrdiff_t>(i));
      r.ub = static_cast<std::ptrdiff_t>(s.basic_size);
      r.any = true;
      r.align = s.basic_size;
      return r;
    case Spec::contiguous: {
      Ref c = reference(*s.children[0]);
      merge_flags(c);
      for (size_t i = 0; i < s.count; ++i) place(c, static_cast<std::ptrdiff_t>(i) * (c.ub - c.lb));
      break;
    }
    case Spec::vector: {
      Ref c = reference(*s.children[0]);
      merge_flags(c);
      for (size_t i = 0; i < s.count; ++i)
        for (size_t j = 0; j < s.blocklength; ++j)
          place(c, static_cast<std::ptrdiff_t>(i) * s.stride + static_cast<std::ptrdiff_t>(j) * (c.ub - c.lb));
      break;
    }
    case Spec::indexed: {
      Ref c = reference(*s.children[0]);
      if (!s.bls.empty()) merge_flags(c);  // no blocks: nothing of the child
      for (size_t i = 0; i < s.bls.size(); ++i)
        for (size_t j = 0; j < s.bls[i]; ++j) place(c, s.displs[i] + static_cast<std::ptrdiff_t>(j) * (c.ub - c.lb));
      break;
    }
    case Spec::structure: {
      for (size_t i = 0; i < s.bls.size(); ++i) {
        Ref c = reference(*s.children[i]);
        merge_flags(c);
        for (size_t j = 0; j < s.bls[i]; ++j) place(c, s.displs[i] + static_cast<std::ptrdiff_t>(j) * (c.ub - c.lb));
      }
      if (!r.sticky && r.align > 1) {
        auto a = static_cast<std::ptrdiff_t>(r.align);
        r.ub = r.lb + (r.ub - r.lb + a - 1) / a * a;
      }
      break;
    }
    case Spec::resized: {
      Ref c = reference(*s.children[0]);
      r.bytes = c.bytes;
      r.align = c.align;
      r.lb = s.new_lb;
      r.ub = s.new_lb + s.new_extent;
      r.any = true;
      r.sticky = true;
      return r;
    }
  }
  if (!r.any) r.lb = r.ub = 0;
  return r;
}

std::string describe(const Spec& s) {
  std::string out;
  auto list = [](const auto& v) {
    std::string r = "[";
    for (auto x : v) r += std::to_string(x) + " ";
    return r + "]";
  };
  switch (s.kind) {
    case Spec::basic: return "b" + std::to_string(s.basic_size);
    case Spec::contiguous: out = "contig(" + std::to_string(s.count); break;
    case Spec::vector:
      out = "vector(" + std::to_string(s.count) + "," + std::to_string(s.blocklength) + "," + std::to_string(s.stride);
      break;
    case Spec::indexed: out = "indexed(" + list(s.bls) + list(s.displs); break;
    case Spec::structure: out = "struct(" + list(s.bls) + list(s.displs); break;
    case Spec::resized: out = "resized(" + std::to_string(s.new_lb) + "," + std::to_string(s.new_extent); break;
  }
  for (auto& c : s.children) out += ", " + describe(*c);
  return out + ")";
}

Datatype build(const Spec& s) {
  switch (s.kind) {
    case Spec::basic: {
      BasicType b = s.basic_size == 1 ? BasicType::uint8 : s.basic_size == 2 ? BasicType::int16
                    : s.basic_size == 4 ? BasicType::int32 : BasicType::float64;
      return Datatype::predefined("basic", s.basic_size, b, TypeClass::c_integer);
    }
    case Spec::contiguous: return Datatype::contiguous(s.count, build(*s.children[0]));
    case Spec::vector: return Datatype::vector(s.count, s.blocklength, s.stride, build(*s.children[0]));
    case Spec::indexed: return Datatype::indexed(s.bls, s.displs, build(*s.children[0]));
    case Spec::structure: {
      std::vector<Datatype> kids;
      for (auto& c : s.children) kids.push_back(build(*c));
      std::vector<const Datatype*> ptrs;
      for (auto& k : kids) ptrs.push_back(&k);
      return Datatype::structure(s.bls, s.displs, ptrs);
    }
    case Spec::resized: return Datatype::resized(build(*s.children[0]), s.new_lb, s.new_extent);
  }
  return {};
}

SpecP random_spec(std::mt19937& rng, int depth) {
  auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto s = std::make_shared<Spec>();
  if (depth == 0 || pick(5) == 0) {
    static const size_t sizes[] = {1, 2, 4, 8};
    s->kind = Spec::basic;
    s->basic_size = sizes[pick(4)];
    return s;
  }
  s->kind = static_cast<Spec::Kind>(1 + pick(5));
  auto child = [&] { return random_spec(rng, depth - 1); };
  switch (s->kind) {
    case Spec::contiguous:
      s->count = static_cast<size_t>(pick(4));
      s->children = {child()};
      break;
    case Spec::vector: {
      s->children = {child()};
      Ref c = reference(*s->children[0]);
      std::ptrdiff_t ext = c.ub - c.lb;
      s->count = static_cast<size_t>(pick(5));
      s->blocklength = static_cast<size_t>(pick(4));
      // Element or byte strides, sometimes negative, sometimes dense.
      std::ptrdiff_t k = pick(3) == 0 ? static_cast<std::ptrdiff_t>(s->blocklength) : pick(7) - 3;
      s->stride = pick(4) == 0 ? pick(64) - 32 : k * ext;
      break;
    }
    case Spec::indexed: {
      s->children = {child()};
      Ref c = reference(*s->children[0]);
      int n = pick(5);
      for (int i = 0; i < n; ++i) {
        s->bls.push_back(static_cast<size_t>(pick(4)));  // zero-length blocks too
        s->displs.push_back((pick(12) - 4) * std::max<std::ptrdiff_t>(1, c.ub - c.lb));
      }
      break;
    }
    case Spec::structure: {
      int n = 1 + pick(3);
      for (int i = 0; i < n; ++i) {
        s->children.push_back(child());
        s->bls.push_back(static_cast<size_t>(pick(3)));
        s->displs.push_back(pick(80) - 16);
      }
      break;
    }
    case Spec::resized: {
      s->children = {child()};
      Ref c = reference(*s->children[0]);
      s->new_lb = c.lb - pick(8);
      s->new_extent = (c.ub - c.lb) + pick(16);
      break;
    }
    default: break;
  }
  return s;
}

}  // namespace

TEST_CASE("random nested types pack and unpack like the reference", "[typeengine]") {
  std::mt19937 rng(12345);
  int checked = 0;
  for (int trial = 0; trial < 1500; ++trial) {
    SpecP spec = random_spec(rng, 3);
    Ref ref = reference(*spec);
    Datatype t = build(*spec);
    INFO("trial " << trial << ": " << describe(*spec));
    REQUIRE(t.size() == ref.bytes.size());
    REQUIRE(t.lb() == ref.lb);
    REQUIRE(t.extent() == ref.ub - ref.lb);
    if (!ref.bytes.empty()) {
      auto [lo, hi] = std::minmax_element(ref.bytes.begin(), ref.bytes.end());
      REQUIRE(t.true_lb() == *lo);
      REQUIRE(t.true_extent() == *hi + 1 - *lo);
    }
    size_t count = 1 + rng() % 4;
    std::ptrdiff_t ext = t.extent();
    // A buffer that covers every byte of every element, with margin.
    std::ptrdiff_t lo = 0, hi = 1;
    for (std::ptrdiff_t b : ref.bytes)
      for (size_t k : {size_t{0}, count - 1}) {
        lo = std::min(lo, b + static_cast<std::ptrdiff_t>(k) * ext);
        hi = std::max(hi, b + static_cast<std::ptrdiff_t>(k) * ext + 1);
      }
    std::vector<unsigned char> mem(static_cast<size_t>(hi - lo) + 64);
    for (auto& c : mem) c = static_cast<unsigned char>(rng());
    unsigned char* base = mem.data() + 32 - lo;
    std::vector<unsigned char> expect;
    for (size_t k = 0; k < count; ++k)
      for (std::ptrdiff_t b : ref.bytes) expect.push_back(base[static_cast<std::ptrdiff_t>(k) * ext + b]);

    // Whole, then in random segments (resume at any stream offset).
    std::vector<unsigned char> packed(expect.size() + 1, 0);
    REQUIRE(t.pack(base, count, 0, packed.data(), packed.size()) == expect.size());
    packed.resize(expect.size());
    REQUIRE(packed == expect);
    std::vector<unsigned char> seg(expect.size(), 0);
    size_t pos = 0;
    while (pos < seg.size()) pos += t.pack(base, count, pos, seg.data() + pos, 1 + rng() % 13);
    REQUIRE(seg == expect);

    // Unpack in segments into a scratch copy: the data bytes come back,
    // every other byte stays untouched.
    std::vector<unsigned char> back(mem.size(), 0xee);
    unsigned char* bbase = back.data() + 32 - lo;
    pos = 0;
    while (pos < expect.size()) pos += t.unpack(bbase, count, pos, expect.data() + pos, 1 + rng() % 17);
    std::vector<unsigned char> repacked(expect.size());
    t.pack(bbase, count, 0, repacked.data(), repacked.size());
    REQUIRE(repacked == expect);

    // blocks() agrees with the reference for one element.
    std::vector<std::ptrdiff_t> from_blocks;
    for (const TypeBlock& b : t.blocks())
      for (size_t i = 0; i < b.length; ++i) from_blocks.push_back(b.offset + static_cast<std::ptrdiff_t>(i));
    REQUIRE(from_blocks == ref.bytes);
    ++checked;
  }
  CHECK(checked == 1500);
}

// Many elements in segments of whole elements and more: the engine copies
// runs of whole elements of a flat type (a struct of scalars, a short
// indexed type) one piece at a time across all of them (Mover::flat);
// partial first and last elements go through the general walk.
TEST_CASE("many elements in large segments pack and unpack like the reference", "[typeengine]") {
  std::mt19937 rng(777);
  for (int trial = 0; trial < 600; ++trial) {
    SpecP spec = random_spec(rng, 2);
    Ref ref = reference(*spec);
    Datatype t = build(*spec);
    INFO("trial " << trial << ": " << describe(*spec));
    if (ref.bytes.empty()) continue;
    size_t count = 1 + rng() % 300;
    std::ptrdiff_t ext = t.extent();
    std::ptrdiff_t lo = 0, hi = 1;
    for (std::ptrdiff_t b : ref.bytes)
      for (size_t k : {size_t{0}, count - 1}) {
        lo = std::min(lo, b + static_cast<std::ptrdiff_t>(k) * ext);
        hi = std::max(hi, b + static_cast<std::ptrdiff_t>(k) * ext + 1);
      }
    std::vector<unsigned char> mem(static_cast<size_t>(hi - lo) + 64);
    for (auto& c : mem) c = static_cast<unsigned char>(rng());
    unsigned char* base = mem.data() + 32 - lo;
    std::vector<unsigned char> expect;
    for (size_t k = 0; k < count; ++k)
      for (std::ptrdiff_t b : ref.bytes) expect.push_back(base[static_cast<std::ptrdiff_t>(k) * ext + b]);
    const size_t seg_max = 3 * t.size() + 7;
    std::vector<unsigned char> seg(expect.size(), 0);
    size_t pos = 0;
    while (pos < seg.size()) pos += t.pack(base, count, pos, seg.data() + pos, 1 + rng() % seg_max);
    REQUIRE(seg == expect);
    std::vector<unsigned char> whole(expect.size(), 0);
    REQUIRE(t.pack(base, count, 0, whole.data(), whole.size()) == expect.size());
    REQUIRE(whole == expect);
    // Unpack into a scratch copy: data bytes land, gaps stay untouched.
    std::vector<unsigned char> back(mem.size(), 0xee);
    unsigned char* bbase = back.data() + 32 - lo;
    pos = 0;
    while (pos < expect.size()) pos += t.unpack(bbase, count, pos, expect.data() + pos, 1 + rng() % seg_max);
    std::vector<unsigned char> want(mem.size(), 0xee);
    unsigned char* wbase = want.data() + 32 - lo;
    size_t j = 0;
    for (size_t k = 0; k < count; ++k)
      for (std::ptrdiff_t b : ref.bytes) wbase[static_cast<std::ptrdiff_t>(k) * ext + b] = expect[j++];
    REQUIRE(back == want);
  }
}

TEST_CASE("a struct of scalars packs many elements at once", "[typeengine]") {
  Datatype d = Datatype::predefined("MPI_DOUBLE", 8, BasicType::float64, TypeClass::floating);
  Datatype i = Datatype::predefined("MPI_INT", 4, BasicType::int32, TypeClass::c_integer);
  Datatype f = Datatype::predefined("MPI_FLOAT", 4, BasicType::float32, TypeClass::floating);
  // The particle of gyre-bench noncontig: pos[3] at 0, id at 48, charge at 52, extent 56.
  Datatype p = Datatype::resized(Datatype::structure({3, 1, 1}, {0, 48, 52}, {&d, &i, &f}), 0, 56);
  REQUIRE(p.size() == 32);
  const size_t n = 1000;
  std::vector<unsigned char> src(56 * n);
  for (size_t k = 0; k < src.size(); ++k) src[k] = static_cast<unsigned char>(k * 13 + 1);
  std::vector<unsigned char> out(32 * n), expect;
  for (size_t e = 0; e < n; ++e) {
    expect.insert(expect.end(), src.begin() + 56 * e, src.begin() + 56 * e + 24);
    expect.insert(expect.end(), src.begin() + 56 * e + 48, src.begin() + 56 * e + 56);
  }
  // Segments that start and end inside elements, as the pml cuts them.
  for (size_t seg : {size_t{33000 % 32000}, size_t{100}, size_t{31}, size_t{32 * n}}) {
    std::fill(out.begin(), out.end(), 0);
    for (size_t off = 0; off < out.size(); off += seg) p.pack(src.data(), n, off, out.data() + off, seg);
    CHECK(out == expect);
  }
}

TEST_CASE("a vector of a million blocks is a loop, not a block list", "[typeengine]") {
  Datatype d = Datatype::predefined("MPI_DOUBLE", 8, BasicType::float64, TypeClass::floating);
  Datatype v = Datatype::vector(1 << 20, 1, 16, d);
  CHECK(v.program_footprint() <= 4);
  CHECK(v.block_count() == (1u << 20));
  CHECK_FALSE(v.contiguous());
  // Vector of vectors (a 3-D halo face) stays a two-level loop.
  Datatype face = Datatype::vector(512, 1, 512 * 8 * 4, Datatype::vector(512, 2, 8 * 4, d));
  CHECK(face.program_footprint() <= 8);
  // Seeking into the middle works without walking from the start.
  std::vector<double> src(2u << 20);
  for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<double>(i);
  double out[3];
  REQUIRE(v.pack(src.data(), 1, 8 * 777777, out, sizeof out) == sizeof out);
  CHECK(out[0] == 2.0 * 777777);
  CHECK(out[2] == 2.0 * 777779);
}

TEST_CASE("contiguous runs merge", "[typeengine]") {
  Datatype i = Datatype::predefined("MPI_INT", 4, BasicType::int32, TypeClass::c_integer);
  CHECK(Datatype::contiguous(100, i).contiguous());
  CHECK(Datatype::vector(10, 3, 12, i).contiguous());  // stride == block
  CHECK(Datatype::vector(10, 3, 24, i).block_count() == 10);
  // An indexed type whose blocks touch is one block.
  CHECK(Datatype::indexed({2, 3, 1}, {0, 8, 20}, i).block_count() == 1);
  // Regular indexed blocks become a vector.
  CHECK(Datatype::indexed({1, 1, 1, 1}, {0, 16, 32, 48}, i).program_footprint() <= 3);
  // A struct of int and double is two blocks with padding.
  Datatype d = Datatype::predefined("MPI_DOUBLE", 8, BasicType::float64, TypeClass::floating);
  Datatype s = Datatype::structure({1, 1}, {0, 8}, {&i, &d});
  CHECK(s.extent() == 16);
  CHECK(s.size() == 12);
  CHECK(s.block_count() == 2);
  Datatype s2 = Datatype::structure({1, 1}, {0, 8}, {&d, &i});
  CHECK(s2.extent() == 16);  // padded to the alignment of double
  CHECK(s2.true_extent() == 12);
  CHECK_FALSE(s2.contiguous());
  CHECK(s2.block_count() == 1);
}

TEST_CASE("elements_in counts basic elements of partial streams", "[typeengine]") {
  Datatype i = Datatype::predefined("MPI_INT", 4, BasicType::int32, TypeClass::c_integer);
  Datatype d = Datatype::predefined("MPI_DOUBLE", 8, BasicType::float64, TypeClass::floating);
  Datatype s = Datatype::structure({2, 1}, {0, 8}, {&i, &d});  // 16 bytes: 3 elements
  CHECK(s.elements() == 3);
  CHECK(s.elements_in(0) == 0);
  CHECK(s.elements_in(4) == 1);
  CHECK(s.elements_in(8) == 2);
  CHECK(s.elements_in(16) == 3);
  CHECK(s.elements_in(24) == 5);
  CHECK(s.elements_in(12) == -1);
  Datatype v = Datatype::vector(3, 2, 40, s);
  CHECK(v.elements_in(3 * 16 + 4) == 10);
}

// external32 long double is IEEE binary128 whatever the host's long double
// is (LDBL_MANT_DIG 64: x87 extended, 113: binary128, 53: double).
TEST_CASE("long double converts to binary128 from each host format", "[typeengine]") {
  // 1.5 as binary128, big-endian: sign 0, exponent 0x3fff, fraction .1
  const unsigned char one_and_half[16] = {0x3f, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  // -0.1 rounded to a double, as binary128 (exact widening of the double).
  auto bytes = [](const unsigned char* p) { return reinterpret_cast<const std::byte*>(p); };
  std::byte out[16], back[16];

  // 53: long double is a double.
  double d = 1.5;
  gyre::long_double_to_ext32<53>(reinterpret_cast<const std::byte*>(&d), out);
  CHECK(std::memcmp(out, one_and_half, 16) == 0);
  for (double v : {1.5, -0.1, 1e-310 /* subnormal */, 1e300, -0.0, 3.0e-5}) {
    gyre::long_double_to_ext32<53>(reinterpret_cast<const std::byte*>(&v), out);
    double r = 0;
    gyre::ext32_to_long_double<53>(out, reinterpret_cast<std::byte*>(&r));
    CHECK(r == v);
    CHECK(std::signbit(r) == std::signbit(v));
  }
  double inf = HUGE_VAL, r = 0;
  gyre::long_double_to_ext32<53>(reinterpret_cast<const std::byte*>(&inf), out);
  gyre::ext32_to_long_double<53>(out, reinterpret_cast<std::byte*>(&r));
  CHECK(r == inf);

  // 113: binary128 little-endian in memory, so external32 is the byte reverse.
  unsigned char le[16];
  for (int i = 0; i < 16; ++i) le[i] = one_and_half[15 - i];
  gyre::long_double_to_ext32<113>(bytes(le), out);
  CHECK(std::memcmp(out, one_and_half, 16) == 0);
  gyre::ext32_to_long_double<113>(bytes(one_and_half), back);
  CHECK(std::memcmp(back, le, 16) == 0);

  // 64: x87 extended, 1.5 = mantissa 0xc000000000000000, exponent 0x3fff.
  unsigned char x87[16] = {0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0x3f, 0, 0, 0, 0, 0, 0};
  gyre::long_double_to_ext32<64>(bytes(x87), out);
  CHECK(std::memcmp(out, one_and_half, 16) == 0);
  gyre::ext32_to_long_double<64>(bytes(one_and_half), back);
  CHECK(std::memcmp(back, x87, 10) == 0);
}
