// "external32" (MPI-4.0 §5.2.3, §14.5.2): every basic element big-endian at
// a fixed size: long and unsigned long are 4 bytes, wchar_t 2, long double
// an IEEE binary128 (converted from the host's long double format per
// LDBL_MANT_DIG). The walk is by basic elements (for_each_element), so
// it handles any derived type; the conversions are per component.
#include <cfloat>
#include <cmath>
#include <cstring>

#include "runtime/datatype.h"
#include "runtime/datatype_core.h"

namespace gyre {

namespace {

// Little-endian host (x86-64, aarch64 Linux): big-endian is a byte reverse.
void reverse_copy(std::byte* out, const std::byte* in, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = in[n - 1 - i];
}

uint64_t load_le(const std::byte* p, size_t n) {
  uint64_t v = 0;
  std::memcpy(&v, p, n);
  return v;
}

// x87 80-bit extended (64-bit mantissa with explicit integer bit) <->
// IEEE binary128 (112-bit fraction): same sign and exponent bias.
void x87_to_quad(uint64_t mant, uint16_t se, std::byte* out_be) {
  // fraction: the 63 bits after the integer bit, left-aligned in 112 bits.
  uint64_t frac = mant & 0x7fffffffffffffffull;
  uint64_t hi = (static_cast<uint64_t>(se) << 48) | (frac >> 15);
  uint64_t lo = frac << 49;
  for (int i = 0; i < 8; ++i) out_be[i] = static_cast<std::byte>(hi >> (56 - 8 * i));
  for (int i = 0; i < 8; ++i) out_be[8 + i] = static_cast<std::byte>(lo >> (56 - 8 * i));
}

void quad_to_x87(const std::byte* in_be, uint64_t* mant, uint16_t* se) {
  uint64_t hi = 0, lo = 0;
  for (int i = 0; i < 8; ++i) hi = (hi << 8) | static_cast<uint8_t>(in_be[i]);
  for (int i = 0; i < 8; ++i) lo = (lo << 8) | static_cast<uint8_t>(in_be[8 + i]);
  *se = static_cast<uint16_t>(hi >> 48);
  uint64_t frac = ((hi & 0xffffffffffffull) << 15) | (lo >> 49);
  uint16_t exp = *se & 0x7fff;
  uint64_t integer = exp != 0 ? (1ull << 63) : 0;  // normal (and inf/nan) numbers
  *mant = integer | frac;
}

}  // namespace

template <>
void long_double_to_ext32<64>(const std::byte* native, std::byte* out_be) {
  uint64_t mant;
  uint16_t se;
  std::memcpy(&mant, native, 8);
  std::memcpy(&se, native + 8, 2);
  x87_to_quad(mant, se, out_be);
}

template <>
void ext32_to_long_double<64>(const std::byte* in_be, std::byte* native) {
  uint64_t mant;
  uint16_t se;
  quad_to_x87(in_be, &mant, &se);
  std::memset(native, 0, LDBL_MANT_DIG == 64 ? sizeof(long double) : 16);  // the padding too
  std::memcpy(native, &mant, 8);
  std::memcpy(native + 8, &se, 2);
}

// binary128 long double: external32 is the same format, big-endian.
template <>
void long_double_to_ext32<113>(const std::byte* native, std::byte* out_be) {
  reverse_copy(out_be, native, 16);
}
template <>
void ext32_to_long_double<113>(const std::byte* in_be, std::byte* native) {
  reverse_copy(native, in_be, 16);
}

// long double == double: widen through the x87 layout (a double's 53-bit
// significand and 11-bit exponent fit it exactly), and narrow by rounding
// the top 64 significand bits to a double (ldexp handles overflow to
// infinity and subnormal results).
template <>
void long_double_to_ext32<53>(const std::byte* native, std::byte* out_be) {
  double x;
  std::memcpy(&x, native, 8);
  uint16_t sign = std::signbit(x) ? 0x8000 : 0;
  if (x == 0) return x87_to_quad(0, sign, out_be);
  if (std::isinf(x)) return x87_to_quad(1ull << 63, sign | 0x7fff, out_be);
  if (std::isnan(x)) return x87_to_quad(3ull << 62, sign | 0x7fff, out_be);  // quiet NaN
  int e = 0;
  double m = std::frexp(std::fabs(x), &e);  // [0.5, 1): value = m * 2^e
  auto mant = static_cast<uint64_t>(std::ldexp(m, 64));  // exact: 53 bits, top bit set
  x87_to_quad(mant, static_cast<uint16_t>(sign | (e - 1 + 16383)), out_be);
}
template <>
void ext32_to_long_double<53>(const std::byte* in_be, std::byte* native) {
  uint64_t mant;
  uint16_t se;
  quad_to_x87(in_be, &mant, &se);
  int exp = se & 0x7fff;
  double sign = (se & 0x8000) != 0 ? -1.0 : 1.0;
  double x;
  if (exp == 0x7fff)
    x = (mant << 1) == 0 ? sign * HUGE_VAL : std::copysign(std::nan(""), sign);
  else if (exp == 0)
    x = sign * 0.0;  // binary128 subnormals are far below a double's range
  else
    x = sign * std::ldexp(static_cast<double>(mant), exp - 16383 - 63);
  std::memcpy(native, &x, 8);
}

namespace {

void long_double_to_quad(const std::byte* in, std::byte* out_be) { long_double_to_ext32<LDBL_MANT_DIG>(in, out_be); }
void quad_to_long_double(const std::byte* in_be, std::byte* out) { ext32_to_long_double<LDBL_MANT_DIG>(in_be, out); }

void to_external(const Ext32Component& c, const std::byte* in, std::byte* out) {
  switch (c.kind) {
    case Ext32Kind::raw: std::memcpy(out, in, c.ext); return;
    case Ext32Kind::swap: reverse_copy(out, in, c.ext); return;
    case Ext32Kind::sint:
    case Ext32Kind::uint: {
      uint64_t v = load_le(in, c.native);
      for (size_t i = 0; i < c.ext; ++i) out[i] = static_cast<std::byte>(v >> (8 * (c.ext - 1 - i)));
      return;
    }
    case Ext32Kind::long_double: long_double_to_quad(in, out); return;
  }
}

void from_external(const Ext32Component& c, const std::byte* in, std::byte* out) {
  switch (c.kind) {
    case Ext32Kind::raw: std::memcpy(out, in, c.ext); return;
    case Ext32Kind::swap: reverse_copy(out, in, c.ext); return;
    case Ext32Kind::sint:
    case Ext32Kind::uint: {
      uint64_t v = 0;
      for (size_t i = 0; i < c.ext; ++i) v = (v << 8) | static_cast<uint8_t>(in[i]);
      if (c.kind == Ext32Kind::sint && c.ext < 8 && (v >> (8 * c.ext - 1)) != 0) v |= ~0ull << (8 * c.ext);
      std::memcpy(out, &v, c.native);
      return;
    }
    case Ext32Kind::long_double: quad_to_long_double(in, out); return;
  }
}

struct Walk {
  std::byte* stream;
  bool to_ext;
  bool ok = true;
  size_t bytes = 0;
  bool measure_only = false;
};

void visit(void* ctx, uintptr_t addr, const Datatype& t, size_t n) {
  auto* w = static_cast<Walk*>(ctx);
  const TypeCore& c = t.core();
  if (c.ext32.empty()) {
    w->ok = false;
    return;
  }
  w->bytes += n * c.ext32_size;
  if (w->measure_only) return;
  for (size_t k = 0; k < n; ++k) {
    auto* elem = reinterpret_cast<std::byte*>(addr + static_cast<uintptr_t>(k) * static_cast<uintptr_t>(t.extent()));
    for (const Ext32Component& comp : c.ext32) {
      if (w->to_ext)
        to_external(comp, elem + comp.offset, w->stream);
      else
        from_external(comp, w->stream, elem + comp.offset);
      w->stream += comp.ext;
    }
  }
}

}  // namespace

size_t Datatype::external32_size() const {
  Walk w{nullptr, true};
  w.measure_only = true;
  for_each_element(0, 1, visit, &w);
  return w.ok ? w.bytes : 0;
}

bool Datatype::pack_external32(const void* buf, size_t count, void* dst) const {
  Walk w{static_cast<std::byte*>(dst), true};
  for_each_element(reinterpret_cast<uintptr_t>(buf), count, visit, &w);
  return w.ok;
}

bool Datatype::unpack_external32(const void* src, void* buf, size_t count) const {
  Walk w{static_cast<std::byte*>(const_cast<void*>(src)), false};
  for_each_element(reinterpret_cast<uintptr_t>(buf), count, visit, &w);
  return w.ok;
}

}  // namespace gyre
