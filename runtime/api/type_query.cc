// Datatype life cycle and queries: commit, free, extents and sizes (with
// _c and _x variants), envelope and contents, names, match_size, f90 types,
// addresses, and the removed MPI-1 queries old binaries still call.
#include <climits>
#include <cstring>
#include <map>
#include <type_traits>

#include "runtime/api/binding_state.h"
#include "runtime/api/type_util.h"

using gyre::Combiner;
using gyre::Datatype;
using gyre::Error;
using gyre::ErrClass;
using gyre::TypeContents;
namespace api = gyre::api;

namespace {

// MPICH's MPIX_C_FLOAT16 (IEEE half precision).
constexpr MPI_Datatype kFloat16 = static_cast<MPI_Datatype>(0x4c000246);

#define TYPE_PROLOGUE(fname)                         \
  api::Call call(fname);                             \
  if (!call.ok()) return call.not_initialized();

// Store v in *out, or report MPI_ERR_VALUE_TOO_LARGE... for classic int
// outputs MPI says MPI_UNDEFINED when the value does not fit.
template <class T>
void store(T* out, long long v) {
  if constexpr (std::is_same_v<T, int>)
    *out = v > INT_MAX || v < INT_MIN ? MPI_UNDEFINED : static_cast<int>(v);
  else
    *out = static_cast<T>(v);
}

template <class T>
int get_extent(const char* fname, MPI_Datatype type, T* lb, T* extent, bool true_extent) {
  TYPE_PROLOGUE(fname);
  Datatype* t = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::type_arg(call.rt(), type, &t, "datatype"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(lb, true_extent ? "true_lb" : "lb"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(extent, true_extent ? "true_extent" : "extent"));
  *lb = static_cast<T>(true_extent ? t->true_lb() : t->lb());
  *extent = static_cast<T>(true_extent ? t->true_extent() : t->extent());
  return MPI_SUCCESS;
}

template <class T>
int get_size(const char* fname, MPI_Datatype type, T* size) {
  TYPE_PROLOGUE(fname);
  Datatype* t = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::type_arg(call.rt(), type, &t, "datatype"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(size, "size"));
  store(size, static_cast<long long>(t->size()));
  return MPI_SUCCESS;
}

// The handle a get_contents caller receives for a constituent type:
// predefined types as themselves, derived ones as a new handle to the same
// type (the caller frees it, MPI-4.0 §5.1.13).
MPI_Datatype content_handle(gyre::Runtime& rt, const Datatype& t) {
  if (t.is_predefined() && rt.datatypes.is_predefined(t.handle())) return t.handle();
  Datatype copy = t;
  copy.commit();
  return api::register_type(rt, std::move(copy));
}

}  // namespace

GYRE_BINDING(int, MPI_Type_commit, (MPI_Datatype * datatype)) {
  TYPE_PROLOGUE("MPI_Type_commit");
  Datatype* t = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(datatype, "datatype"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::type_arg(call.rt(), *datatype, &t, "datatype"));
  t->commit();  // the engine's program was compiled at construction
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Type_free, (MPI_Datatype * datatype)) {
  TYPE_PROLOGUE("MPI_Type_free");
  Datatype* t = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(datatype, "datatype"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::type_arg(call.rt(), *datatype, &t, "datatype"));
  if (call.rt().datatypes.is_predefined(*datatype))
    return call.fail(MPI_COMM_WORLD, Error(ErrClass::type, "cannot free predefined datatype " + t->name()));
  if (Combiner k = t->combiner(); k == Combiner::f90_integer || k == Combiner::f90_real || k == Combiner::f90_complex)
    return call.fail(MPI_COMM_WORLD, Error(ErrClass::type, "cannot free datatype " + t->name() +
                                                               " returned by MPI_Type_create_f90_* (it is predefined)"));
  // Every delete callback runs first; if one fails the free fails and the
  // handle stays valid, with the attributes whose callbacks failed.
  GYRE_CHECK(call, MPI_COMM_WORLD, api::type_attributes_free(call.rt(), *datatype));
  // Operations in flight keep their own copy of the layout (shared core).
  call.rt().datatypes.erase(*datatype);
  *datatype = MPI_DATATYPE_NULL;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Type_get_extent, (MPI_Datatype datatype, MPI_Aint* lb, MPI_Aint* extent)) {
  return get_extent("MPI_Type_get_extent", datatype, lb, extent, false);
}
GYRE_BINDING(int, MPI_Type_get_extent_c, (MPI_Datatype datatype, MPI_Count* lb, MPI_Count* extent)) {
  return get_extent("MPI_Type_get_extent_c", datatype, lb, extent, false);
}
GYRE_BINDING(int, MPI_Type_get_extent_x, (MPI_Datatype datatype, MPI_Count* lb, MPI_Count* extent)) {
  return get_extent("MPI_Type_get_extent_x", datatype, lb, extent, false);
}
GYRE_BINDING(int, MPI_Type_get_true_extent, (MPI_Datatype datatype, MPI_Aint* lb, MPI_Aint* extent)) {
  return get_extent("MPI_Type_get_true_extent", datatype, lb, extent, true);
}
GYRE_BINDING(int, MPI_Type_get_true_extent_c, (MPI_Datatype datatype, MPI_Count* lb, MPI_Count* extent)) {
  return get_extent("MPI_Type_get_true_extent_c", datatype, lb, extent, true);
}
GYRE_BINDING(int, MPI_Type_get_true_extent_x, (MPI_Datatype datatype, MPI_Count* lb, MPI_Count* extent)) {
  return get_extent("MPI_Type_get_true_extent_x", datatype, lb, extent, true);
}
GYRE_BINDING(int, MPI_Type_size, (MPI_Datatype datatype, int* size)) {
  return get_size("MPI_Type_size", datatype, size);
}
GYRE_BINDING(int, MPI_Type_size_c, (MPI_Datatype datatype, MPI_Count* size)) {
  return get_size("MPI_Type_size_c", datatype, size);
}
GYRE_BINDING(int, MPI_Type_size_x, (MPI_Datatype datatype, MPI_Count* size)) {
  return get_size("MPI_Type_size_x", datatype, size);
}

// Removed in MPI-3.0, still exported for old binaries.
GYRE_BINDING(int, MPI_Type_extent, (MPI_Datatype datatype, MPI_Aint* extent)) {
  MPI_Aint lb;
  return get_extent("MPI_Type_extent", datatype, &lb, extent, false);
}
GYRE_BINDING(int, MPI_Type_lb, (MPI_Datatype datatype, MPI_Aint* displacement)) {
  MPI_Aint extent;
  return get_extent("MPI_Type_lb", datatype, displacement, &extent, false);
}
GYRE_BINDING(int, MPI_Type_ub, (MPI_Datatype datatype, MPI_Aint* displacement)) {
  MPI_Aint lb, extent;
  int rc = get_extent("MPI_Type_ub", datatype, &lb, &extent, false);
  if (rc == MPI_SUCCESS) *displacement = lb + extent;
  return rc;
}

namespace {

// A type built by a large-count (_c) constructor records large counts that
// the classic MPI_Type_get_envelope/contents cannot return: both refuse it
// with the same class, MPI_ERR_TYPE (the datatype argument is the problem;
// the _c forms answer).
Error classic_query_ok(const TypeContents& c, const char* which) {
  if (!c.large_counts.empty())
    return Error(ErrClass::type, std::string("datatype was built by a large-count constructor: use ") + which + "_c");
  return Error::ok();
}

template <class T>
int envelope(const char* fname, MPI_Datatype type, T* ni, T* na, T* nc, T* nd, int* combiner, bool large) {
  TYPE_PROLOGUE(fname);
  Datatype* t = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::type_arg(call.rt(), type, &t, "datatype"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(ni, "num_integers"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(na, "num_addresses"));
  if (large) GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(nc, "num_large_counts"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(nd, "num_datatypes"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(combiner, "combiner"));
  const TypeContents& c = t->contents();
  if (!large) GYRE_CHECK(call, MPI_COMM_WORLD, classic_query_ok(c, "MPI_Type_get_envelope"));
  *ni = static_cast<T>(c.ints.size());
  *na = static_cast<T>(c.addresses.size());
  if (large) *nc = static_cast<T>(c.large_counts.size());
  *nd = static_cast<T>(c.types.size());
  *combiner = static_cast<int>(c.combiner);
  return MPI_SUCCESS;
}

template <class T>
int contents(const char* fname, MPI_Datatype type, T max_i, T max_a, T max_c, T max_d, int ints[], MPI_Aint addrs[],
             MPI_Count counts[], MPI_Datatype types[], bool large) {
  TYPE_PROLOGUE(fname);
  Datatype* t = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::type_arg(call.rt(), type, &t, "datatype"));
  const TypeContents c = t->contents();  // a copy: registering handles may move *t
  if (c.combiner == Combiner::named)
    return call.fail(MPI_COMM_WORLD, Error(ErrClass::arg, "datatype " + t->name() + " is predefined (MPI_COMBINER_NAMED)"));
  if (!large) GYRE_CHECK(call, MPI_COMM_WORLD, classic_query_ok(c, "MPI_Type_get_contents"));
  if (max_i < 0 || max_a < 0 || max_c < 0 || max_d < 0)
    return call.fail(MPI_COMM_WORLD, Error(ErrClass::arg, "a max_* array size is negative"));
  auto too_small = [](long long have, size_t need) { return have < static_cast<long long>(need); };
  if (too_small(max_i, c.ints.size()) || too_small(max_a, c.addresses.size()) ||
      too_small(max_c, c.large_counts.size()) || too_small(max_d, c.types.size()))
    return call.fail(MPI_COMM_WORLD, Error(ErrClass::arg, "array sizes are smaller than the envelope says"));
  // The arrays that receive something must be there (an empty one may be NULL).
  if (!c.ints.empty()) GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(ints, "array_of_integers"));
  if (!c.addresses.empty()) GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(addrs, "array_of_addresses"));
  if (!c.large_counts.empty())
    GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(counts, "array_of_large_counts"));
  if (!c.types.empty()) GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(types, "array_of_datatypes"));
  for (size_t i = 0; i < c.ints.size(); ++i) ints[i] = c.ints[i];
  for (size_t i = 0; i < c.addresses.size(); ++i) addrs[i] = c.addresses[i];
  for (size_t i = 0; i < c.large_counts.size(); ++i) counts[i] = c.large_counts[i];
  for (size_t i = 0; i < c.types.size(); ++i) types[i] = content_handle(call.rt(), c.types[i]);
  return MPI_SUCCESS;
}

}  // namespace

GYRE_BINDING(int, MPI_Type_get_envelope, (MPI_Datatype datatype, int* num_integers, int* num_addresses,
                                          int* num_datatypes, int* combiner)) {
  return envelope<int>("MPI_Type_get_envelope", datatype, num_integers, num_addresses, nullptr, num_datatypes,
                       combiner, false);
}
GYRE_BINDING(int, MPI_Type_get_envelope_c, (MPI_Datatype datatype, MPI_Count* num_integers,
                                            MPI_Count* num_addresses, MPI_Count* num_large_counts,
                                            MPI_Count* num_datatypes, int* combiner)) {
  return envelope<MPI_Count>("MPI_Type_get_envelope_c", datatype, num_integers, num_addresses, num_large_counts,
                             num_datatypes, combiner, true);
}
GYRE_BINDING(int, MPI_Type_get_contents, (MPI_Datatype datatype, int max_integers, int max_addresses,
                                          int max_datatypes, int array_of_integers[],
                                          MPI_Aint array_of_addresses[], MPI_Datatype array_of_datatypes[])) {
  return contents<int>("MPI_Type_get_contents", datatype, max_integers, max_addresses, 0, max_datatypes,
                       array_of_integers, array_of_addresses, nullptr, array_of_datatypes, false);
}
GYRE_BINDING(int, MPI_Type_get_contents_c, (MPI_Datatype datatype, MPI_Count max_integers, MPI_Count max_addresses,
                                            MPI_Count max_large_counts, MPI_Count max_datatypes,
                                            int array_of_integers[], MPI_Aint array_of_addresses[],
                                            MPI_Count array_of_large_counts[], MPI_Datatype array_of_datatypes[])) {
  return contents<MPI_Count>("MPI_Type_get_contents_c", datatype, max_integers, max_addresses, max_large_counts,
                             max_datatypes, array_of_integers, array_of_addresses, array_of_large_counts,
                             array_of_datatypes, true);
}

GYRE_BINDING(int, MPI_Type_set_name, (MPI_Datatype datatype, const char* type_name)) {
  TYPE_PROLOGUE("MPI_Type_set_name");
  Datatype* t = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::type_arg(call.rt(), datatype, &t, "datatype"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(type_name, "type_name"));
  t->set_name(std::string(type_name, strnlen(type_name, MPI_MAX_OBJECT_NAME - 1)));
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Type_get_name, (MPI_Datatype datatype, char* type_name, int* resultlen)) {
  TYPE_PROLOGUE("MPI_Type_get_name");
  Datatype* t = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::type_arg(call.rt(), datatype, &t, "datatype"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(type_name, "type_name"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(resultlen, "resultlen"));
  size_t n = std::min<size_t>(t->name().size(), MPI_MAX_OBJECT_NAME - 1);
  std::memcpy(type_name, t->name().data(), n);
  type_name[n] = '\0';
  *resultlen = static_cast<int>(n);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Type_match_size, (int typeclass, int size, MPI_Datatype* datatype)) {
  TYPE_PROLOGUE("MPI_Type_match_size");
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(datatype, "datatype"));
  // The Fortran-named types, as MPICH answers (REAL4, INTEGER8, COMPLEX16...).
  MPI_Datatype found = MPI_DATATYPE_NULL;
  switch (typeclass) {
    case MPI_TYPECLASS_REAL:
      found = size == 4 ? MPI_REAL4 : size == 8 ? MPI_REAL8 : size == 16 ? MPI_REAL16 : size == 2 ? kFloat16 : MPI_DATATYPE_NULL;
      break;
    case MPI_TYPECLASS_INTEGER:
      found = size == 1 ? MPI_INTEGER1 : size == 2 ? MPI_INTEGER2 : size == 4 ? MPI_INTEGER4 : size == 8 ? MPI_INTEGER8 : MPI_DATATYPE_NULL;
      break;
    case MPI_TYPECLASS_COMPLEX:
      found = size == 8 ? MPI_COMPLEX8 : size == 16 ? MPI_COMPLEX16 : size == 32 ? MPI_COMPLEX32 : MPI_DATATYPE_NULL;
      break;
    default:
      return call.fail(MPI_COMM_WORLD, Error(ErrClass::arg, "invalid typeclass " + std::to_string(typeclass)));
  }
  if (found == MPI_DATATYPE_NULL)
    return call.fail(MPI_COMM_WORLD, Error(ErrClass::arg, "no predefined type of typeclass " + std::to_string(typeclass) +
                                                              " has size " + std::to_string(size)));
  *datatype = found;
  return MPI_SUCCESS;
}

namespace {
// MPI_Type_create_f90_*: the predefined type of the requested precision and
// range, as a "named" f90 type (MPI-4.0 §19.1.9).
int f90(const char* fname, MPI_Datatype base, Combiner combiner, std::vector<int> args, MPI_Datatype* newtype) {
  TYPE_PROLOGUE(fname);
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(newtype, "newtype"));
  if (base == MPI_DATATYPE_NULL)
    return call.fail(MPI_COMM_WORLD, Error(ErrClass::arg, "no Fortran type has the requested precision/range"));
  // MPI-4.0 §19.1.9: these return predefined-like types that the program
  // must not free; repeated calls with the same arguments return the same
  // handle (one per combiner and (p, r) for the whole run), so they do not
  // leak. MPI_Type_free refuses them (MPI_ERR_TYPE).
  std::map<std::vector<int>, MPI_Datatype>& cache = call.rt().bindings().f90_types;
  std::vector<int> key = args;
  key.push_back(static_cast<int>(combiner));
  if (auto it = cache.find(key); it != cache.end() && call.rt().datatypes.lookup(it->second) != nullptr) {
    *newtype = it->second;
    return MPI_SUCCESS;
  }
  Datatype* t = call.rt().datatypes.lookup(base);
  Datatype copy = *t;
  TypeContents c;
  c.combiner = combiner;
  c.ints = std::move(args);
  copy.set_contents(std::move(c));
  copy.commit();
  *newtype = api::register_type(call.rt(), std::move(copy));
  cache[key] = *newtype;
  return MPI_SUCCESS;
}
}  // namespace

GYRE_BINDING(int, MPI_Type_create_f90_integer, (int r, MPI_Datatype* newtype)) {
  MPI_Datatype b = r <= 2 ? MPI_INTEGER1 : r <= 4 ? MPI_INTEGER2 : r <= 9 ? MPI_INTEGER4 : r <= 18 ? MPI_INTEGER8 : MPI_DATATYPE_NULL;
  return f90("MPI_Type_create_f90_integer", b, Combiner::f90_integer, {r}, newtype);
}
GYRE_BINDING(int, MPI_Type_create_f90_real, (int p, int r, MPI_Datatype* newtype)) {
  bool single = (p == MPI_UNDEFINED || p <= 6) && (r == MPI_UNDEFINED || r <= 37);
  bool dbl = (p == MPI_UNDEFINED || p <= 15) && (r == MPI_UNDEFINED || r <= 307);
  bool quad = (p == MPI_UNDEFINED || p <= 18) && (r == MPI_UNDEFINED || r <= 4931);
  MPI_Datatype b = single ? MPI_REAL4 : dbl ? MPI_REAL8 : quad ? MPI_REAL16 : MPI_DATATYPE_NULL;
  return f90("MPI_Type_create_f90_real", b, Combiner::f90_real, {p, r}, newtype);
}
GYRE_BINDING(int, MPI_Type_create_f90_complex, (int p, int r, MPI_Datatype* newtype)) {
  bool single = (p == MPI_UNDEFINED || p <= 6) && (r == MPI_UNDEFINED || r <= 37);
  bool dbl = (p == MPI_UNDEFINED || p <= 15) && (r == MPI_UNDEFINED || r <= 307);
  bool quad = (p == MPI_UNDEFINED || p <= 18) && (r == MPI_UNDEFINED || r <= 4931);
  MPI_Datatype b = single ? MPI_COMPLEX8 : dbl ? MPI_COMPLEX16 : quad ? MPI_COMPLEX32 : MPI_DATATYPE_NULL;
  return f90("MPI_Type_create_f90_complex", b, Combiner::f90_complex, {p, r}, newtype);
}

GYRE_BINDING(int, MPI_Get_address, (const void* location, MPI_Aint* address)) {
  // Usable before MPI_Init (MPI-4.0 §5.1.5 lists it among the calls that are).
  if (address == nullptr) return MPI_ERR_ARG;
  *address = static_cast<MPI_Aint>(reinterpret_cast<uintptr_t>(location));
  return MPI_SUCCESS;
}
GYRE_BINDING(int, MPI_Address, (void* location, MPI_Aint* address)) {
  if (address == nullptr) return MPI_ERR_ARG;
  *address = static_cast<MPI_Aint>(reinterpret_cast<uintptr_t>(location));
  return MPI_SUCCESS;
}
GYRE_BINDING(MPI_Aint, MPI_Aint_add, (MPI_Aint base, MPI_Aint disp)) {
  return static_cast<MPI_Aint>(static_cast<uintptr_t>(base) + static_cast<uintptr_t>(disp));
}
GYRE_BINDING(MPI_Aint, MPI_Aint_diff, (MPI_Aint addr1, MPI_Aint addr2)) {
  return static_cast<MPI_Aint>(static_cast<uintptr_t>(addr1) - static_cast<uintptr_t>(addr2));
}
