// The typed loops of the predefined reduction ops. Included by op.cc once
// per instruction set (inside a namespace of its own and, for the wider
// sets, under a `#pragma GCC target`), so the same source is compiled for
// baseline x86-64 and for AVX2; op.cc picks the widest the CPU has. Not a
// header: it has no include guard and declares no namespace.

// Out of line, as is every family below: apply_basic and the families
// then stay jump tables that tail-call a loop, with no registers to save;
// everything inlined into apply_basic made its prologue and epilogue
// cost more than folding one double (~50 instructions a call).
template <class T, class F>
[[gnu::noinline]] void each(const void* in, void* inout, size_t n, F f) {
  const T* __restrict a = static_cast<const T*>(in);
  T* __restrict b = static_cast<T*>(inout);
  for (size_t i = 0; i < n; ++i) b[i] = f(a[i], b[i]);
}

template <class T>
[[gnu::noinline]] void arithmetic(OpKind op, const void* in, void* inout, size_t n) {
  switch (op) {
    case OpKind::sum: each<T>(in, inout, n, [](T a, T b) { return T(b + a); }); break;
    case OpKind::prod: each<T>(in, inout, n, [](T a, T b) { return T(b * a); }); break;
    default: break;
  }
}

template <class T>
[[gnu::noinline]] void ordered(OpKind op, const void* in, void* inout, size_t n) {
  switch (op) {
    case OpKind::max: each<T>(in, inout, n, [](T a, T b) { return a > b ? a : b; }); break;
    case OpKind::min: each<T>(in, inout, n, [](T a, T b) { return a < b ? a : b; }); break;
    default: arithmetic<T>(op, in, inout, n); break;
  }
}

template <class T>
[[gnu::noinline]] void integral(OpKind op, const void* in, void* inout, size_t n) {
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
[[gnu::noinline]] void located(OpKind op, const void* in, void* inout, size_t n, size_t stride, size_t index_offset) {
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
