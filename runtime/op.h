// Reduction operations: the predefined ones, applied by a table of typed
// loops (written so the compiler vectorizes them), and user ops.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "runtime/datatype.h"
#include "runtime/error.h"

namespace gyre {

enum class OpKind : uint8_t {
  max, min, sum, prod, land, band, lor, bor, lxor, bxor, maxloc, minloc, replace, no_op, user
};

class Op {
 public:
  // in, inout, element count, the datatype the user passed.
  using UserFunction = std::function<void(const void*, void*, size_t, const Datatype&)>;

  static Op predefined(OpKind kind, std::string name);
  static Op user(UserFunction fn, bool commutative);

  OpKind kind() const { return kind_; }
  bool commutative() const { return commutative_; }
  bool is_predefined() const { return kind_ != OpKind::user; }
  const std::string& name() const { return name_; }

  // Whether this op may be applied to this type (MPI-4.0 §6.9.2). Inline:
  // a passing check is a mask test (every reduction call makes it); the
  // message of a failing one is built out of line.
  Error check_type(const Datatype& type) const {
    if (accepts(type)) [[likely]] return Error::ok();
    return type_error(type);
  }
  // check_type's common case, without an Error: true means it passes
  // (false may still pass: ask check_type).
  bool accepts(const Datatype& type) const {
    return (classes_ >> static_cast<unsigned>(type.type_class()) & 1u) != 0 &&
           (type.is_predefined() || type.basic() != BasicType::none);
  }

  // inout[i] = in[i] op inout[i] on host memory. Callers go through
  // accel::reduce, which picks host or device.
  void apply_host(const void* in, void* inout, size_t count, const Datatype& type) const;

 private:
  [[gnu::cold]] Error type_error(const Datatype& type) const;

  OpKind kind_ = OpKind::no_op;
  bool commutative_ = true;
  uint32_t classes_ = ~0u;  // bit c: defined on TypeClass c (all for user, replace and no_op)
  std::string name_;
  UserFunction user_;
};

}  // namespace gyre
