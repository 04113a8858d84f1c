// The predefined objects every MPI program starts with, under the handle
// values of the MPICH ABI: datatypes, reduction ops, error handlers.
#include "runtime/predefined.h"

#include <complex>

#include "runtime/runtime.h"

namespace gyre {
namespace {

struct TypeEntry {
  uint32_t handle;
  const char* name;
  size_t size;
  BasicType basic;
  TypeClass cls;
};

using B = BasicType;
using C = TypeClass;

// Sizes are those of this platform (LP64); the handle encodes the same size.
const TypeEntry kTypes[] = {
    {0x4c000101, "MPI_CHAR", 1, B::int8, C::other},
    {0x4c000118, "MPI_SIGNED_CHAR", 1, B::int8, C::c_integer},
    {0x4c000102, "MPI_UNSIGNED_CHAR", 1, B::uint8, C::c_integer},
    {0x4c00010d, "MPI_BYTE", 1, B::uint8, C::byte},
    {0x4c00040e, "MPI_WCHAR", 4, B::int32, C::other},
    {0x4c000203, "MPI_SHORT", 2, B::int16, C::c_integer},
    {0x4c000204, "MPI_UNSIGNED_SHORT", 2, B::uint16, C::c_integer},
    {0x4c000405, "MPI_INT", 4, B::int32, C::c_integer},
    {0x4c000406, "MPI_UNSIGNED", 4, B::uint32, C::c_integer},
    {0x4c000807, "MPI_LONG", 8, B::int64, C::c_integer},
    {0x4c000808, "MPI_UNSIGNED_LONG", 8, B::uint64, C::c_integer},
    {0x4c00040a, "MPI_FLOAT", 4, B::float32, C::floating},
    {0x4c00080b, "MPI_DOUBLE", 8, B::float64, C::floating},
    {0x4c00100c, "MPI_LONG_DOUBLE", sizeof(long double), B::long_double, C::floating},
    {0x4c000809, "MPI_LONG_LONG_INT", 8, B::int64, C::c_integer},
    {0x4c000819, "MPI_UNSIGNED_LONG_LONG", 8, B::uint64, C::c_integer},
    {0x4c00010f, "MPI_PACKED", 1, B::none, C::other},
    {0x4c000010, "MPI_LB", 0, B::none, C::other},
    {0x4c000011, "MPI_UB", 0, B::none, C::other},
    {0x4c00081e, "MPI_COMPLEX", 8, B::complex_float, C::complex},
    {0x4c001022, "MPI_DOUBLE_COMPLEX", 16, B::complex_double, C::complex},
    {0x4c00041d, "MPI_LOGICAL", 4, B::int32, C::logical},
    {0x4c00041c, "MPI_REAL", 4, B::float32, C::floating},
    {0x4c00081f, "MPI_DOUBLE_PRECISION", 8, B::float64, C::floating},
    {0x4c00041b, "MPI_INTEGER", 4, B::int32, C::fortran_integer},
    {0x4c00011a, "MPI_CHARACTER", 1, B::uint8, C::other},
    {0x4c000427, "MPI_REAL4", 4, B::float32, C::floating},
    {0x4c000829, "MPI_REAL8", 8, B::float64, C::floating},
    {0x4c00102b, "MPI_REAL16", sizeof(long double), B::long_double, C::floating},
    {0x4c000828, "MPI_COMPLEX8", 8, B::complex_float, C::complex},
    {0x4c00102a, "MPI_COMPLEX16", 16, B::complex_double, C::complex},
    {0x4c00202c, "MPI_COMPLEX32", 2 * sizeof(long double), B::complex_long_double, C::complex},
    {0x4c00012d, "MPI_INTEGER1", 1, B::int8, C::fortran_integer},
    {0x4c00022f, "MPI_INTEGER2", 2, B::int16, C::fortran_integer},
    {0x4c000430, "MPI_INTEGER4", 4, B::int32, C::fortran_integer},
    {0x4c000831, "MPI_INTEGER8", 8, B::int64, C::fortran_integer},
    {0x4c000137, "MPI_INT8_T", 1, B::int8, C::c_integer},
    {0x4c000238, "MPI_INT16_T", 2, B::int16, C::c_integer},
    {0x4c000439, "MPI_INT32_T", 4, B::int32, C::c_integer},
    {0x4c00083a, "MPI_INT64_T", 8, B::int64, C::c_integer},
    {0x4c00013b, "MPI_UINT8_T", 1, B::uint8, C::c_integer},
    {0x4c00023c, "MPI_UINT16_T", 2, B::uint16, C::c_integer},
    {0x4c00043d, "MPI_UINT32_T", 4, B::uint32, C::c_integer},
    {0x4c00083e, "MPI_UINT64_T", 8, B::uint64, C::c_integer},
    {0x4c00013f, "MPI_C_BOOL", 1, B::c_bool, C::logical},
    {0x4c000840, "MPI_C_FLOAT_COMPLEX", 8, B::complex_float, C::complex},
    {0x4c001041, "MPI_C_DOUBLE_COMPLEX", 16, B::complex_double, C::complex},
    {0x4c002042, "MPI_C_LONG_DOUBLE_COMPLEX", 2 * sizeof(long double), B::complex_long_double, C::complex},
    {0x4c000843, "MPI_AINT", 8, B::int64, C::c_integer},
    {0x4c000844, "MPI_OFFSET", 8, B::int64, C::c_integer},
    {0x4c000845, "MPI_COUNT", 8, B::int64, C::c_integer},
    {0x4c000133, "MPI_CXX_BOOL", 1, B::c_bool, C::logical},
    {0x4c000834, "MPI_CXX_FLOAT_COMPLEX", 8, B::complex_float, C::complex},
    {0x4c001035, "MPI_CXX_DOUBLE_COMPLEX", 16, B::complex_double, C::complex},
    {0x4c002036, "MPI_CXX_LONG_DOUBLE_COMPLEX", 2 * sizeof(long double), B::complex_long_double, C::complex},
    // MPICH's extension: IEEE half precision (C _Float16).
    {0x4c000246, "MPIX_C_FLOAT16", 2, B::float16, C::floating},
};

struct PairEntry {
  uint32_t handle;
  const char* name;
  size_t value_size;
  size_t value_align;
  BasicType basic;
};

const PairEntry kPairs[] = {
    {0x8c000000, "MPI_FLOAT_INT", sizeof(float), alignof(float), B::float_int},
    {0x8c000001, "MPI_DOUBLE_INT", sizeof(double), alignof(double), B::double_int},
    {0x8c000002, "MPI_LONG_INT", sizeof(long), alignof(long), B::long_int},
    {0x8c000003, "MPI_SHORT_INT", sizeof(short), alignof(short), B::short_int},
    {0x8c000004, "MPI_LONG_DOUBLE_INT", sizeof(long double), alignof(long double), B::long_double_int},
    {0x4c000816, "MPI_2INT", sizeof(int), alignof(int), B::int_int},
    {0x4c000820, "MPI_2INTEGER", sizeof(int), alignof(int), B::int_int},
    {0x4c000821, "MPI_2REAL", sizeof(float), alignof(float), B::real_real},
    {0x4c001023, "MPI_2DOUBLE_PRECISION", sizeof(double), alignof(double), B::double_double},
};

struct OpEntry {
  uint32_t handle;
  OpKind kind;
  const char* name;
};

const OpEntry kOps[] = {
    {0x58000001, OpKind::max, "MPI_MAX"},       {0x58000002, OpKind::min, "MPI_MIN"},
    {0x58000003, OpKind::sum, "MPI_SUM"},       {0x58000004, OpKind::prod, "MPI_PROD"},
    {0x58000005, OpKind::land, "MPI_LAND"},     {0x58000006, OpKind::band, "MPI_BAND"},
    {0x58000007, OpKind::lor, "MPI_LOR"},       {0x58000008, OpKind::bor, "MPI_BOR"},
    {0x58000009, OpKind::lxor, "MPI_LXOR"},     {0x5800000a, OpKind::bxor, "MPI_BXOR"},
    {0x5800000b, OpKind::minloc, "MPI_MINLOC"}, {0x5800000c, OpKind::maxloc, "MPI_MAXLOC"},
    {0x5800000d, OpKind::replace, "MPI_REPLACE"}, {0x5800000e, OpKind::no_op, "MPI_NO_OP"},
};

}  // namespace

void register_predefined(Runtime& rt) {
  // Every predefined type knows its handle: user reduction functions get it.
  auto add_type = [&rt](uint32_t handle, Datatype t) {
    t.set_handle(static_cast<int>(handle));
    rt.datatypes.add_predefined(static_cast<int>(handle), std::make_unique<Datatype>(std::move(t)));
  };
  for (const TypeEntry& e : kTypes) add_type(e.handle, Datatype::predefined(e.name, e.size, e.basic, e.cls));
  for (const PairEntry& e : kPairs)
    add_type(e.handle, Datatype::pair(e.name, e.value_size, e.value_align, e.basic));
  for (const OpEntry& e : kOps)
    rt.ops.add_predefined(static_cast<int>(e.handle), std::make_unique<Op>(Op::predefined(e.kind, e.name)));
  rt.errhandlers.add_predefined(static_cast<int>(kErrorsAreFatal),
                                std::make_unique<Errhandler>(Errhandler::Kind::fatal));
  rt.errhandlers.add_predefined(static_cast<int>(kErrorsReturn),
                                std::make_unique<Errhandler>(Errhandler::Kind::return_codes));
  rt.errhandlers.add_predefined(static_cast<int>(kErrorsAbort),
                                std::make_unique<Errhandler>(Errhandler::Kind::abort_comm));
}

}  // namespace gyre
