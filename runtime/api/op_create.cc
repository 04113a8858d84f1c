// User reduction operations and local reductions: MPI_Op_create (_c),
// MPI_Op_free, MPI_Op_commutative, MPI_Reduce_local (_c). A user function
// receives the MPI_Datatype handle the program knows (Datatype::handle()).
#include <climits>

#include "runtime/accel/accel.h"
#include "runtime/api/type_util.h"

using gyre::Datatype;
using gyre::Error;
using gyre::ErrClass;
using gyre::Op;
namespace api = gyre::api;

namespace {

// Call fn on at most INT_MAX elements at a time (the classic callback's len
// is an int).
Op::UserFunction wrap(MPI_User_function* fn) {
  return [fn](const void* in, void* inout, size_t count, const Datatype& type) {
    MPI_Datatype h = type.handle();
    auto step = static_cast<size_t>(type.extent());
    auto* a = static_cast<std::byte*>(const_cast<void*>(in));
    auto* b = static_cast<std::byte*>(inout);
    while (count > 0) {
      int len = static_cast<int>(count < static_cast<size_t>(INT_MAX) ? count : static_cast<size_t>(INT_MAX));
      fn(a, b, &len, &h);
      count -= static_cast<size_t>(len);
      a += static_cast<size_t>(len) * step;
      b += static_cast<size_t>(len) * step;
    }
  };
}

Op::UserFunction wrap(MPI_User_function_c* fn) {
  return [fn](const void* in, void* inout, size_t count, const Datatype& type) {
    MPI_Datatype h = type.handle();
    auto len = static_cast<MPI_Count>(count);
    fn(const_cast<void*>(in), inout, &len, &h);
  };
}

template <class F>
int create(const char* fname, F* fn, int commute, MPI_Op* op) {
  api::Call call(fname);
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(reinterpret_cast<const void*>(fn), "user_fn"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(op, "op"));
  *op = call.rt().ops.insert(std::make_unique<Op>(Op::user(wrap(fn), commute != 0)));
  return MPI_SUCCESS;
}

template <class C>
int reduce_local(const char* fname, const void* inbuf, void* inoutbuf, C count, MPI_Datatype datatype, MPI_Op op) {
  api::Call call(fname);
  if (!call.ok()) return call.not_initialized();
  Datatype* t = nullptr;
  Op* o = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_count(count));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_datatype(call.rt(), datatype, &t));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_op(call.rt(), op, &o));
  GYRE_CHECK(call, MPI_COMM_WORLD, o->check_type(*t));
  if (count == 0) return MPI_SUCCESS;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(inbuf, "inbuf"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(inoutbuf, "inoutbuf"));
  gyre::accel::reduce(*o, *t, inbuf, inoutbuf, static_cast<size_t>(count));
  return MPI_SUCCESS;
}

}  // namespace

GYRE_BINDING(int, MPI_Op_create, (MPI_User_function * user_fn, int commute, MPI_Op* op)) {
  return create("MPI_Op_create", user_fn, commute, op);
}
GYRE_BINDING(int, MPI_Op_create_c, (MPI_User_function_c * user_fn, int commute, MPI_Op* op)) {
  return create("MPI_Op_create_c", user_fn, commute, op);
}

GYRE_BINDING(int, MPI_Op_free, (MPI_Op * op)) {
  api::Call call("MPI_Op_free");
  if (!call.ok()) return call.not_initialized();
  Op* o = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(op, "op"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_op(call.rt(), *op, &o));
  if (call.rt().ops.is_predefined(*op))
    return call.fail(MPI_COMM_WORLD, Error(ErrClass::op, "cannot free predefined op " + o->name()));
  call.rt().ops.erase(*op);
  *op = MPI_OP_NULL;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Op_commutative, (MPI_Op op, int* commute)) {
  api::Call call("MPI_Op_commutative");
  if (!call.ok()) return call.not_initialized();
  Op* o = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_op(call.rt(), op, &o));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(commute, "commute"));
  *commute = o->commutative() ? 1 : 0;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Reduce_local, (const void* inbuf, void* inoutbuf, int count, MPI_Datatype datatype,
                                     MPI_Op op)) {
  return reduce_local("MPI_Reduce_local", inbuf, inoutbuf, count, datatype, op);
}
GYRE_BINDING(int, MPI_Reduce_local_c, (const void* inbuf, void* inoutbuf, MPI_Count count, MPI_Datatype datatype,
                                       MPI_Op op)) {
  return reduce_local("MPI_Reduce_local_c", inbuf, inoutbuf, count, datatype, op);
}
