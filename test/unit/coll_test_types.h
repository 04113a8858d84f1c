// The predefined datatype and op the collective unit tests reduce with,
// built once per test binary (as the runtime's predefined table would).
#pragma once
#include "runtime/datatype.h"
#include "runtime/op.h"

namespace gyre::test {

inline const Datatype& t_int() {
  static Datatype t = Datatype::predefined("MPI_INT", 4, BasicType::int32, TypeClass::c_integer);
  return t;
}

inline const Op& op_sum() {
  static Op o = Op::predefined(OpKind::sum, "MPI_SUM");
  return o;
}

}  // namespace gyre::test
