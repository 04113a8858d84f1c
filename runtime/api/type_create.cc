// Derived-datatype constructors (MPI-4.0 §5.1.2): contiguous, vector,
// hvector, indexed, hindexed, indexed_block, hindexed_block, struct,
// resized, dup; each with its MPI-4 large-count `_c` variant, plus the
// removed MPI-1 names that old binaries still call. Every constructor records
// its arguments for MPI_Type_get_envelope / get_contents.
#include <type_traits>
#include <vector>

#include "runtime/api/type_util.h"

using gyre::Datatype;
using gyre::Error;
using gyre::ErrClass;
using gyre::TypeContents;
using gyre::Combiner;
namespace api = gyre::api;

namespace {

// Large-count calls record their counts as large counts; classic calls as
// ints (the MPI_Type_get_contents tables of MPI-4.0 §5.1.13).
template <class C>
constexpr bool kLarge = sizeof(C) > sizeof(int);

template <class C>
void put_count(TypeContents& c, C v) {
  if constexpr (kLarge<C>)
    c.large_counts.push_back(static_cast<long long>(v));
  else
    c.ints.push_back(static_cast<int>(v));
}

#define TYPE_PROLOGUE(fname)                         \
  api::Call call(fname);                             \
  if (!call.ok()) return call.not_initialized();

int finish(const api::Call& call, Datatype t, TypeContents contents, MPI_Datatype* newtype) {
  t.set_contents(std::move(contents));
  *newtype = api::register_type(call.rt(), std::move(t));
  return MPI_SUCCESS;
}

template <class C>
int contiguous(const char* fname, C count, MPI_Datatype oldtype, MPI_Datatype* newtype) {
  TYPE_PROLOGUE(fname);
  Datatype* old = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_count(count));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::old_type_arg(call.rt(), oldtype, &old));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(newtype, "newtype"));
  TypeContents c;
  c.combiner = Combiner::contiguous;
  put_count(c, count);
  c.types = {*old};
  return finish(call, Datatype::contiguous(static_cast<size_t>(count), *old), std::move(c), newtype);
}

// vector (stride in elements) and hvector (stride in bytes).
template <class C, class S>
int vector(const char* fname, bool bytes, C count, C blocklength, S stride, MPI_Datatype oldtype,
           MPI_Datatype* newtype, Combiner combiner) {
  TYPE_PROLOGUE(fname);
  Datatype* old = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_count(count));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::nonnegative(blocklength, "blocklength"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::old_type_arg(call.rt(), oldtype, &old));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(newtype, "newtype"));
  TypeContents c;
  c.combiner = combiner;
  put_count(c, count);
  put_count(c, blocklength);
  if (!bytes)
    put_count(c, stride);
  else if constexpr (kLarge<C>)
    c.large_counts.push_back(static_cast<long long>(stride));
  else
    c.addresses.push_back(static_cast<std::ptrdiff_t>(stride));
  c.types = {*old};
  std::ptrdiff_t sb = bytes ? static_cast<std::ptrdiff_t>(stride) : static_cast<std::ptrdiff_t>(stride) * old->extent();
  return finish(call, Datatype::vector(static_cast<size_t>(count), static_cast<size_t>(blocklength), sb, *old),
                std::move(c), newtype);
}

// indexed / hindexed / indexed_block / hindexed_block. blocklengths is
// either an array (per block) or one value (block variants).
template <class C, class D>
int indexed(const char* fname, bool bytes, C count, const C* blocklengths, C one_blocklength, const D* displs,
            MPI_Datatype oldtype, MPI_Datatype* newtype, Combiner combiner) {
  TYPE_PROLOGUE(fname);
  Datatype* old = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_count(count));
  if (blocklengths != nullptr || count == 0)
    GYRE_CHECK(call, MPI_COMM_WORLD, api::nonnegative_array(blocklengths, count, "array_of_blocklengths"));
  else
    GYRE_CHECK(call, MPI_COMM_WORLD, api::nonnegative(one_blocklength, "blocklength"));
  if (count > 0) GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(displs, "array_of_displacements"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::old_type_arg(call.rt(), oldtype, &old));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(newtype, "newtype"));
  auto n = static_cast<size_t>(count);
  std::vector<size_t> bls(n);
  std::vector<std::ptrdiff_t> ds(n);
  for (size_t i = 0; i < n; ++i) {
    bls[i] = static_cast<size_t>(blocklengths != nullptr ? blocklengths[i] : one_blocklength);
    ds[i] = bytes ? static_cast<std::ptrdiff_t>(displs[i]) : static_cast<std::ptrdiff_t>(displs[i]) * old->extent();
  }
  TypeContents c;
  c.combiner = combiner;
  put_count(c, count);
  if (blocklengths != nullptr)
    for (size_t i = 0; i < n; ++i) put_count(c, blocklengths[i]);
  else
    put_count(c, one_blocklength);
  for (size_t i = 0; i < n; ++i) {
    if (!bytes)
      put_count(c, displs[i]);
    else if constexpr (kLarge<C>)
      c.large_counts.push_back(static_cast<long long>(displs[i]));
    else
      c.addresses.push_back(static_cast<std::ptrdiff_t>(displs[i]));
  }
  c.types = {*old};
  return finish(call, Datatype::indexed(bls, ds, *old), std::move(c), newtype);
}

template <class C, class D>
int structure(const char* fname, C count, const C* blocklengths, const D* displs, const MPI_Datatype* types,
              MPI_Datatype* newtype) {
  TYPE_PROLOGUE(fname);
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_count(count));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::nonnegative_array(blocklengths, count, "array_of_blocklengths"));
  if (count > 0) {
    GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(displs, "array_of_displacements"));
    GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(types, "array_of_types"));
  }
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(newtype, "newtype"));
  auto n = static_cast<size_t>(count);
  std::vector<size_t> bls(n);
  std::vector<std::ptrdiff_t> ds(n);
  std::vector<const Datatype*> ts(n);
  TypeContents c;
  c.combiner = Combiner::struct_;
  put_count(c, count);
  for (size_t i = 0; i < n; ++i) {
    Datatype* t = nullptr;
    std::string name = "array_of_types[" + std::to_string(i) + "]";
    GYRE_CHECK(call, MPI_COMM_WORLD, api::type_arg(call.rt(), types[i], &t, name.c_str()));
    bls[i] = static_cast<size_t>(blocklengths[i]);
    ds[i] = static_cast<std::ptrdiff_t>(displs[i]);
    ts[i] = t;
    put_count(c, blocklengths[i]);
    c.types.push_back(*t);
  }
  // MPI-4.0 §5.1.13: MPI_Type_create_struct_c records count, the
  // blocklengths and the displacements all as large counts (ni = na = 0,
  // nc = 2*count + 1); the classic call puts displacements in addresses.
  for (size_t i = 0; i < n; ++i) {
    if constexpr (kLarge<C>)
      c.large_counts.push_back(static_cast<long long>(ds[i]));
    else
      c.addresses.push_back(ds[i]);
  }
  return finish(call, Datatype::structure(bls, ds, ts), std::move(c), newtype);
}

template <class A>
int resized(const char* fname, MPI_Datatype oldtype, A lb, A extent, MPI_Datatype* newtype) {
  TYPE_PROLOGUE(fname);
  Datatype* old = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::old_type_arg(call.rt(), oldtype, &old));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(newtype, "newtype"));
  TypeContents c;
  c.combiner = Combiner::resized;
  if constexpr (sizeof(A) > sizeof(MPI_Aint) || !std::is_same_v<A, MPI_Aint>) {
    c.large_counts = {static_cast<long long>(lb), static_cast<long long>(extent)};
  } else {
    c.addresses = {lb, extent};
  }
  c.types = {*old};
  return finish(call, Datatype::resized(*old, static_cast<std::ptrdiff_t>(lb), static_cast<std::ptrdiff_t>(extent)),
                std::move(c), newtype);
}

}  // namespace

GYRE_BINDING(int, MPI_Type_contiguous, (int count, MPI_Datatype oldtype, MPI_Datatype* newtype)) {
  return contiguous("MPI_Type_contiguous", count, oldtype, newtype);
}
GYRE_BINDING(int, MPI_Type_contiguous_c, (MPI_Count count, MPI_Datatype oldtype, MPI_Datatype* newtype)) {
  return contiguous("MPI_Type_contiguous_c", count, oldtype, newtype);
}

GYRE_BINDING(int, MPI_Type_vector,
             (int count, int blocklength, int stride, MPI_Datatype oldtype, MPI_Datatype* newtype)) {
  return vector("MPI_Type_vector", false, count, blocklength, stride, oldtype, newtype, Combiner::vector);
}
GYRE_BINDING(int, MPI_Type_vector_c, (MPI_Count count, MPI_Count blocklength, MPI_Count stride,
                                      MPI_Datatype oldtype, MPI_Datatype* newtype)) {
  return vector("MPI_Type_vector_c", false, count, blocklength, stride, oldtype, newtype, Combiner::vector);
}
GYRE_BINDING(int, MPI_Type_create_hvector,
             (int count, int blocklength, MPI_Aint stride, MPI_Datatype oldtype, MPI_Datatype* newtype)) {
  return vector("MPI_Type_create_hvector", true, count, blocklength, stride, oldtype, newtype, Combiner::hvector);
}
GYRE_BINDING(int, MPI_Type_create_hvector_c, (MPI_Count count, MPI_Count blocklength, MPI_Count stride,
                                              MPI_Datatype oldtype, MPI_Datatype* newtype)) {
  return vector("MPI_Type_create_hvector_c", true, count, blocklength, stride, oldtype, newtype, Combiner::hvector);
}
GYRE_BINDING(int, MPI_Type_hvector,
             (int count, int blocklength, MPI_Aint stride, MPI_Datatype oldtype, MPI_Datatype* newtype)) {
  return vector("MPI_Type_hvector", true, count, blocklength, stride, oldtype, newtype, Combiner::hvector);
}

GYRE_BINDING(int, MPI_Type_indexed, (int count, const int blocklengths[], const int displacements[],
                                     MPI_Datatype oldtype, MPI_Datatype* newtype)) {
  return indexed("MPI_Type_indexed", false, count, blocklengths, 0, displacements, oldtype, newtype,
                 Combiner::indexed);
}
GYRE_BINDING(int, MPI_Type_indexed_c, (MPI_Count count, const MPI_Count blocklengths[],
                                       const MPI_Count displacements[], MPI_Datatype oldtype,
                                       MPI_Datatype* newtype)) {
  return indexed("MPI_Type_indexed_c", false, count, blocklengths, MPI_Count{0}, displacements, oldtype, newtype,
                 Combiner::indexed);
}
GYRE_BINDING(int, MPI_Type_create_hindexed, (int count, const int blocklengths[], const MPI_Aint displacements[],
                                             MPI_Datatype oldtype, MPI_Datatype* newtype)) {
  return indexed("MPI_Type_create_hindexed", true, count, blocklengths, 0, displacements, oldtype, newtype,
                 Combiner::hindexed);
}
GYRE_BINDING(int, MPI_Type_create_hindexed_c, (MPI_Count count, const MPI_Count blocklengths[],
                                               const MPI_Count displacements[], MPI_Datatype oldtype,
                                               MPI_Datatype* newtype)) {
  return indexed("MPI_Type_create_hindexed_c", true, count, blocklengths, MPI_Count{0}, displacements, oldtype,
                 newtype, Combiner::hindexed);
}
GYRE_BINDING(int, MPI_Type_hindexed, (int count, int blocklengths[], MPI_Aint displacements[],
                                      MPI_Datatype oldtype, MPI_Datatype* newtype)) {
  return indexed("MPI_Type_hindexed", true, count, static_cast<const int*>(blocklengths), 0,
                 static_cast<const MPI_Aint*>(displacements), oldtype, newtype, Combiner::hindexed);
}
GYRE_BINDING(int, MPI_Type_create_indexed_block, (int count, int blocklength, const int displacements[],
                                                  MPI_Datatype oldtype, MPI_Datatype* newtype)) {
  return indexed("MPI_Type_create_indexed_block", false, count, static_cast<const int*>(nullptr), blocklength,
                 displacements, oldtype, newtype, Combiner::indexed_block);
}
GYRE_BINDING(int, MPI_Type_create_indexed_block_c, (MPI_Count count, MPI_Count blocklength,
                                                    const MPI_Count displacements[], MPI_Datatype oldtype,
                                                    MPI_Datatype* newtype)) {
  return indexed("MPI_Type_create_indexed_block_c", false, count, static_cast<const MPI_Count*>(nullptr),
                 blocklength, displacements, oldtype, newtype, Combiner::indexed_block);
}
GYRE_BINDING(int, MPI_Type_create_hindexed_block, (int count, int blocklength, const MPI_Aint displacements[],
                                                   MPI_Datatype oldtype, MPI_Datatype* newtype)) {
  return indexed("MPI_Type_create_hindexed_block", true, count, static_cast<const int*>(nullptr), blocklength,
                 displacements, oldtype, newtype, Combiner::hindexed_block);
}
GYRE_BINDING(int, MPI_Type_create_hindexed_block_c, (MPI_Count count, MPI_Count blocklength,
                                                     const MPI_Count displacements[], MPI_Datatype oldtype,
                                                     MPI_Datatype* newtype)) {
  return indexed("MPI_Type_create_hindexed_block_c", true, count, static_cast<const MPI_Count*>(nullptr),
                 blocklength, displacements, oldtype, newtype, Combiner::hindexed_block);
}

GYRE_BINDING(int, MPI_Type_create_struct, (int count, const int blocklengths[], const MPI_Aint displacements[],
                                           const MPI_Datatype types[], MPI_Datatype* newtype)) {
  return structure("MPI_Type_create_struct", count, blocklengths, displacements, types, newtype);
}
GYRE_BINDING(int, MPI_Type_create_struct_c, (MPI_Count count, const MPI_Count blocklengths[],
                                             const MPI_Count displacements[], const MPI_Datatype types[],
                                             MPI_Datatype* newtype)) {
  return structure("MPI_Type_create_struct_c", count, blocklengths, displacements, types, newtype);
}
GYRE_BINDING(int, MPI_Type_struct, (int count, int blocklengths[], MPI_Aint displacements[], MPI_Datatype types[],
                                    MPI_Datatype* newtype)) {
  return structure("MPI_Type_struct", count, static_cast<const int*>(blocklengths),
                   static_cast<const MPI_Aint*>(displacements), static_cast<const MPI_Datatype*>(types), newtype);
}

GYRE_BINDING(int, MPI_Type_create_resized, (MPI_Datatype oldtype, MPI_Aint lb, MPI_Aint extent,
                                            MPI_Datatype* newtype)) {
  return resized("MPI_Type_create_resized", oldtype, lb, extent, newtype);
}
GYRE_BINDING(int, MPI_Type_create_resized_c, (MPI_Datatype oldtype, MPI_Count lb, MPI_Count extent,
                                              MPI_Datatype* newtype)) {
  return resized("MPI_Type_create_resized_c", oldtype, lb, extent, newtype);
}

GYRE_BINDING(int, MPI_Type_dup, (MPI_Datatype oldtype, MPI_Datatype* newtype)) {
  TYPE_PROLOGUE("MPI_Type_dup");
  Datatype* old = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::type_arg(call.rt(), oldtype, &old, "oldtype"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(newtype, "newtype"));
  TypeContents c;
  c.combiner = Combiner::dup;
  c.types = {*old};
  Datatype t = old->duplicate();
  t.set_contents(std::move(c));
  MPI_Datatype h = api::register_type(call.rt(), std::move(t));
  if (Error e = api::type_attributes_dup(call.rt(), oldtype, h)) {
    call.rt().datatypes.erase(h);
    *newtype = MPI_DATATYPE_NULL;
    return call.fail(MPI_COMM_WORLD, e);
  }
  *newtype = h;
  return MPI_SUCCESS;
}
