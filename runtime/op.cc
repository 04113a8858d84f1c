#include "runtime/op.h"

#include <complex>
#include <cstdint>
#include <cstring>

#include "runtime/accel/accel.h"

// The typed loops must vectorize: -O2 of GCC 12 uses the "very cheap"
// cost model, which leaves loops with a runtime trip count scalar. Ask for
// the full vectorizer here only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#if defined(__x86_64__) && !defined(__AVX2__)
#define GYRE_OP_AVX2_KERNELS 1
#endif
#endif

namespace gyre {

// The kernels once for the baseline instruction set (SSE2 on x86-64)...
namespace kernels_base {
namespace {
#include "runtime/op_kernels.h"
}  // namespace
}  // namespace kernels_base

// ...and once for AVX2, which folds twice as fast where the data sit in
// cache (float sum, one Zen 4 core: 32 KiB 1.13 -> 0.56 us, 256 KiB 9.0 ->
// 4.7 us; still ~1.7x at 4 MiB out of L3). AVX-512 measured no faster.
#ifdef GYRE_OP_AVX2_KERNELS
#pragma GCC push_options
#pragma GCC target("avx2")
namespace kernels_avx2 {
namespace {
#include "runtime/op_kernels.h"
}  // namespace
}  // namespace kernels_avx2
#pragma GCC pop_options
#endif

namespace {
bool allowed(OpKind op, TypeClass cls);
}  // namespace

Op Op::predefined(OpKind kind, std::string name) {
  Op op;
  op.kind_ = kind;
  op.name_ = std::move(name);
  op.classes_ = 0;
  for (unsigned c = 0; c <= static_cast<unsigned>(TypeClass::other); ++c)
    if (allowed(kind, static_cast<TypeClass>(c))) op.classes_ |= 1u << c;
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

}  // namespace

// check_type's answer where its inline test fails: ok for the ops defined
// on every type, else the error naming the op and the type.
Error Op::type_error(const Datatype& type) const {
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

using BasicKernel = void (*)(OpKind, const void*, void*, size_t, const Datatype&);

BasicKernel widest_kernels() {
#ifdef GYRE_OP_AVX2_KERNELS
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2")) return kernels_avx2::apply_basic;
#endif
  return kernels_base::apply_basic;
}

// The kernels, chosen once when the library loads (the CPU does not change
// under us): a constant, not a function-local static, so that a call is a
// tail jump without the guard check (ops run only after MPI_Init).
const BasicKernel kBasicKernel = widest_kernels();

// One run of n consecutive predefined elements of `type`.
void apply_basic(OpKind kind, const void* in, void* inout, size_t count, const Datatype& type) {
  kBasicKernel(kind, in, inout, count, type);
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
  // The common case first: a predefined op that folds (max .. minloc) on
  // a predefined type goes straight to the kernels (count 0 folds nothing).
  if (kind_ < OpKind::replace && type.is_predefined()) [[likely]] {
    apply_basic(kind_, in, inout, count, type);
    return;
  }
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
