#include "runtime/op.h"

#include <complex>
#include <cstdint>
#include <cstring>

#include "runtime/accel/accel.h"

// The typed loops below must vectorize: -O2 of GCC 12 uses the "very cheap"
// cost model, which leaves loops with a runtime trip count scalar. Ask for
// the full vectorizer here only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif

namespace gyre {

Op Op::predefined(OpKind kind, std::string name) {
  Op op;
  op.kind_ = kind;
  op.name_ = std::move(name);
  return op;
}

Op Op::user(UserFunction fn, bool commutative) {
  Op op;
  op.kind_ = OpKind::user;
  op.commutative_ = commutative;
  op.user_ = std::move(fn);
  op.name_ = "user op";
  return op;
}

namespace {

bool allowed(OpKind op, TypeClass cls) {
  switch (op) {
    case OpKind::max: case OpKind::min:
      return cls == TypeClass::c_integer || cls == TypeClass::fortran_integer || cls == TypeClass::floating;
    case OpKind::sum: case OpKind::prod:
      return cls == TypeClass::c_integer || cls == TypeClass::fortran_integer || cls == TypeClass::floating ||
             cls == TypeClass::complex;
    case OpKind::land: case OpKind::lor: case OpKind::lxor:
      return cls == TypeClass::c_integer || cls == TypeClass::logical;
    case OpKind::band: case OpKind::bor: case OpKind::bxor:
      return cls == TypeClass::c_integer || cls == TypeClass::fortran_integer || cls == TypeClass::byte;
    case OpKind::maxloc: case OpKind::minloc:
      return cls == TypeClass::pair;
    case OpKind::replace: case OpKind::no_op: case OpKind::user:
      return true;
  }
  return false;
}

template <class T, class F>
void each(const void* in, void* inout, size_t n, F f) {
  const T* __restrict a = static_cast<const T*>(in);
  T* __restrict b = static_cast<T*>(inout);
  for (size_t i = 0; i < n; ++i) b[i] = f(a[i], b[i]);
}

template <class T>
void arithmetic(OpKind op, const void* in, void* inout, size_t n) {
  switch (op) {
    case OpKind::sum: each<T>(in, inout, n, [](T a, T b) { return T(b + a); }); break;
    case OpKind::prod: each<T>(in, inout, n, [](T a, T b) { return T(b * a); }); break;
    default: break;
  }
}

template <class T>
void ordered(OpKind op, const void* in, void* inout, size_t n) {
  switch (op) {
    case OpKind::max: each<T>(in, inout, n, [](T a, T b) { return a > b ? a : b; }); break;
    case OpKind::min: each<T>(in, inout, n, [](T a, T b) { return a < b ? a : b; }); break;
    default: arithmetic<T>(op, in, inout, n); break;
  }
}

template <class T>
void integral(OpKind op, const void* in, void* inout, size_t n) {
  switch (op) {
    case OpKind::land: each<T>(in, inout, n, [](T a, T b) { return T((a != 0) && (b != 0)); }); break;
    case OpKind::lor: each<T>(in, inout, n, [](T a, T b) { return T((a != 0) || (b != 0)); }); break;
    case OpKind::lxor: each<T>(in, inout, n, [](T a, T b) { return T((a != 0) != (b != 0)); }); break;
    case OpKind::band: each<T>(in, inout, n, [](T a, T b) { return T(a & b); }); break;
    case OpKind::bor: each<T>(in, inout, n, [](T a, T b) { return T(a | b); }); break;
    case OpKind::bxor: each<T>(in, inout, n, [](T a, T b) { return T(a ^ b); }); break;
    default: ordered<T>(op, in, inout, n); break;
  }
}

// MAXLOC/MINLOC on {value, index}: ties keep the smaller index.
template <class V, class I>
void located(OpKind op, const void* in, void* inout, size_t n, size_t stride, size_t index_offset) {
  const auto* a = static_cast<const std::byte*>(in);
  auto* b = static_cast<std::byte*>(inout);
  for (size_t i = 0; i < n; ++i) {
    const V av = *reinterpret_cast<const V*>(a + i * stride);
    V& bv = *reinterpret_cast<V*>(b + i * stride);
    const I ai = *reinterpret_cast<const I*>(a + i * stride + index_offset);
    I& bi = *reinterpret_cast<I*>(b + i * stride + index_offset);
    bool take = op == OpKind::maxloc ? av > bv : av < bv;
    if (take || (av == bv && ai < bi)) {
      bv = av;
      bi = ai;
    }
  }
}

template <class V, class I = int>
void pair_op(OpKind op, const void* in, void* inout, size_t n) {
  struct Layout { V v; I i; };
  located<V, I>(op, in, inout, n, sizeof(Layout), offsetof(Layout, i));
}

}  // namespace

Error Op::check_type(const Datatype& type) const {
  if (kind_ == OpKind::user || kind_ == OpKind::replace || kind_ == OpKind::no_op) return Error::ok();
  // Derived types qualify when all their basic elements are of one
  // predefined type the op accepts (as MPICH does).
  if (!type.is_predefined() && type.basic() == BasicType::none)
    return Error(ErrClass::op, name_ + " is not defined for derived datatype " +
                                   (type.name().empty() ? std::string("(unnamed)") : type.name()) +
                                   " (its elements are not all of one predefined type)");
  if (!allowed(kind_, type.type_class()))
    return Error(ErrClass::op, name_ + " is not defined for datatype " + type.name());
  return Error::ok();
}

namespace {

// One run of n consecutive predefined elements of `type`.
void apply_basic(OpKind kind, const void* in, void* inout, size_t count, const Datatype& type) {
  switch (type.basic()) {
    case BasicType::int8: integral<int8_t>(kind, in, inout, count); break;
    case BasicType::int16: integral<int16_t>(kind, in, inout, count); break;
    case BasicType::int32: integral<int32_t>(kind, in, inout, count); break;
    case BasicType::int64: integral<int64_t>(kind, in, inout, count); break;
    case BasicType::uint8: integral<uint8_t>(kind, in, inout, count); break;
    case BasicType::uint16: integral<uint16_t>(kind, in, inout, count); break;
    case BasicType::uint32: integral<uint32_t>(kind, in, inout, count); break;
    case BasicType::uint64: integral<uint64_t>(kind, in, inout, count); break;
    case BasicType::c_bool: integral<bool>(kind, in, inout, count); break;
    case BasicType::float32: ordered<float>(kind, in, inout, count); break;
    case BasicType::float64: ordered<double>(kind, in, inout, count); break;
    case BasicType::long_double: ordered<long double>(kind, in, inout, count); break;
    case BasicType::float16: ordered<_Float16>(kind, in, inout, count); break;
    case BasicType::complex_float: arithmetic<std::complex<float>>(kind, in, inout, count); break;
    case BasicType::complex_double: arithmetic<std::complex<double>>(kind, in, inout, count); break;
    case BasicType::complex_long_double: arithmetic<std::complex<long double>>(kind, in, inout, count); break;
    case BasicType::float_int: pair_op<float>(kind, in, inout, count); break;
    case BasicType::double_int: pair_op<double>(kind, in, inout, count); break;
    case BasicType::long_int: pair_op<long>(kind, in, inout, count); break;
    case BasicType::int_int: pair_op<int>(kind, in, inout, count); break;
    case BasicType::short_int: pair_op<short>(kind, in, inout, count); break;
    case BasicType::long_double_int: pair_op<long double>(kind, in, inout, count); break;
    case BasicType::real_real: pair_op<float, float>(kind, in, inout, count); break;
    case BasicType::double_double: pair_op<double, double>(kind, in, inout, count); break;
    case BasicType::none: break;
  }
}

struct ElementRun {
  OpKind kind;
  std::ptrdiff_t in_delta;  // in - inout
};

void apply_run(void* ctx, uintptr_t addr, const Datatype& basic, size_t n) {
  auto* r = static_cast<ElementRun*>(ctx);
  auto* inout = reinterpret_cast<std::byte*>(addr);
  const std::byte* in = inout + r->in_delta;
  if (r->kind == OpKind::replace) {
    std::memmove(inout, in, n * static_cast<size_t>(basic.extent()));
    return;
  }
  apply_basic(r->kind, in, inout, n, basic);
}

}  // namespace

void Op::apply_host(const void* in, void* inout, size_t count, const Datatype& type) const {
  if (kind_ == OpKind::no_op || count == 0) return;
  if (kind_ == OpKind::user) {
    user_(in, inout, count, type);
    return;
  }
  if (type.is_predefined()) {
    if (kind_ == OpKind::replace) {
      std::memmove(inout, in, count * static_cast<size_t>(type.extent()));
      return;
    }
    apply_basic(kind_, in, inout, count, type);
    return;
  }
  // A derived type: apply to every run of basic elements, in and inout
  // having the same layout.
  ElementRun run{kind_, static_cast<const std::byte*>(in) - static_cast<std::byte*>(inout)};
  type.for_each_element(reinterpret_cast<uintptr_t>(inout), count, apply_run, &run);
}

}  // namespace gyre
