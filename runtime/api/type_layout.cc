// MPI_Type_create_subarray and MPI_Type_create_darray (+ _c): argument
// checks and contents; the layouts are built in runtime/datatype_layout.cc.
#include <vector>

#include "runtime/api/type_util.h"

using gyre::Combiner;
using gyre::Datatype;
using gyre::Error;
using gyre::ErrClass;
using gyre::TypeContents;
namespace api = gyre::api;

namespace {

template <class C>
constexpr bool kLarge = sizeof(C) > sizeof(int);

Error check_order(int order) {
  if (order == MPI_ORDER_C || order == MPI_ORDER_FORTRAN) return Error::ok();
  return Error(ErrClass::arg, "order must be MPI_ORDER_C or MPI_ORDER_FORTRAN (got " + std::to_string(order) + ")");
}

std::string at(const char* name, int i) { return std::string(name) + "[" + std::to_string(i) + "]"; }

template <class C>
int subarray(const char* fname, int ndims, const C sizes[], const C subsizes[], const C starts[], int order,
             MPI_Datatype oldtype, MPI_Datatype* newtype) {
  api::Call call(fname);
  if (!call.ok()) return call.not_initialized();
  Datatype* old = nullptr;
  if (ndims <= 0) return call.fail(Error(ErrClass::arg, "ndims must be positive (got " + std::to_string(ndims) + ")"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(sizes, "array_of_sizes"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(subsizes, "array_of_subsizes"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(starts, "array_of_starts"));
  GYRE_CHECK(call, MPI_COMM_WORLD, check_order(order));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::old_type_arg(call.rt(), oldtype, &old));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(newtype, "newtype"));
  std::vector<long long> sz(ndims), sub(ndims), st(ndims);
  for (int i = 0; i < ndims; ++i) {
    sz[i] = sizes[i];
    sub[i] = subsizes[i];
    st[i] = starts[i];
    if (sz[i] <= 0) return call.fail(Error(ErrClass::arg, at("array_of_sizes", i) + " must be positive"));
    if (sub[i] <= 0 || sub[i] > sz[i])
      return call.fail(Error(ErrClass::arg, at("array_of_subsizes", i) + " must be in 1.." + std::to_string(sz[i])));
    if (st[i] < 0 || st[i] + sub[i] > sz[i])
      return call.fail(Error(ErrClass::arg, at("array_of_starts", i) + " puts the subarray outside the array"));
  }
  TypeContents c;
  c.combiner = Combiner::subarray;
  c.ints.push_back(ndims);
  for (const auto* a : {&sz, &sub, &st})
    for (long long v : *a) {
      if constexpr (kLarge<C>)
        c.large_counts.push_back(v);
      else
        c.ints.push_back(static_cast<int>(v));
    }
  c.ints.push_back(order);
  c.types = {*old};
  Datatype t = Datatype::subarray(sz, sub, st, order == MPI_ORDER_C, *old);
  t.set_contents(std::move(c));
  *newtype = api::register_type(call.rt(), std::move(t));
  return MPI_SUCCESS;
}

template <class C>
int darray(const char* fname, int size, int rank, int ndims, const C gsizes[], const int distribs[],
           const int dargs[], const int psizes[], int order, MPI_Datatype oldtype, MPI_Datatype* newtype) {
  api::Call call(fname);
  if (!call.ok()) return call.not_initialized();
  Datatype* old = nullptr;
  if (size <= 0) return call.fail(Error(ErrClass::arg, "size must be positive"));
  if (rank < 0 || rank >= size) return call.fail(Error(ErrClass::arg, "rank must be in 0..size-1"));
  if (ndims <= 0) return call.fail(Error(ErrClass::arg, "ndims must be positive"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(gsizes, "array_of_gsizes"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(distribs, "array_of_distribs"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(dargs, "array_of_dargs"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(psizes, "array_of_psizes"));
  GYRE_CHECK(call, MPI_COMM_WORLD, check_order(order));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::old_type_arg(call.rt(), oldtype, &old));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(newtype, "newtype"));
  std::vector<long long> g(ndims);
  std::vector<Datatype::Distribution> dist(ndims);
  std::vector<int> da(dargs, dargs + ndims), ps(psizes, psizes + ndims);
  long long procs = 1;
  for (int i = 0; i < ndims; ++i) {
    g[i] = gsizes[i];
    if (g[i] <= 0) return call.fail(Error(ErrClass::arg, at("array_of_gsizes", i) + " must be positive"));
    if (ps[i] <= 0) return call.fail(Error(ErrClass::arg, at("array_of_psizes", i) + " must be positive"));
    procs *= ps[i];
    switch (distribs[i]) {
      case MPI_DISTRIBUTE_BLOCK:
        dist[i] = Datatype::Distribution::block;
        if (da[i] != MPI_DISTRIBUTE_DFLT_DARG && (da[i] <= 0 || static_cast<long long>(da[i]) * ps[i] < g[i]))
          return call.fail(Error(ErrClass::arg, at("array_of_dargs", i) + " * psize is smaller than the dimension"));
        break;
      case MPI_DISTRIBUTE_CYCLIC:
        dist[i] = Datatype::Distribution::cyclic;
        if (da[i] != MPI_DISTRIBUTE_DFLT_DARG && da[i] <= 0)
          return call.fail(Error(ErrClass::arg, at("array_of_dargs", i) + " must be positive"));
        break;
      case MPI_DISTRIBUTE_NONE:
        dist[i] = Datatype::Distribution::none;
        if (ps[i] != 1)
          return call.fail(Error(ErrClass::arg, at("array_of_psizes", i) + " must be 1 for MPI_DISTRIBUTE_NONE"));
        break;
      default: return call.fail(Error(ErrClass::arg, at("array_of_distribs", i) + " is not a distribution"));
    }
  }
  if (procs != size)
    return call.fail(Error(ErrClass::arg, "the product of array_of_psizes (" + std::to_string(procs) +
                                              ") differs from size (" + std::to_string(size) + ")"));
  TypeContents c;
  c.combiner = Combiner::darray;
  c.ints = {size, rank, ndims};
  for (long long v : g) {
    if constexpr (kLarge<C>)
      c.large_counts.push_back(v);
    else
      c.ints.push_back(static_cast<int>(v));
  }
  for (int i = 0; i < ndims; ++i) c.ints.push_back(distribs[i]);
  for (int v : da) c.ints.push_back(v);
  for (int v : ps) c.ints.push_back(v);
  c.ints.push_back(order);
  c.types = {*old};
  Datatype t = Datatype::darray(size, rank, g, dist, da, ps, order == MPI_ORDER_C, *old);
  t.set_contents(std::move(c));
  *newtype = api::register_type(call.rt(), std::move(t));
  return MPI_SUCCESS;
}

}  // namespace

GYRE_BINDING(int, MPI_Type_create_subarray, (int ndims, const int sizes[], const int subsizes[], const int starts[],
                                             int order, MPI_Datatype oldtype, MPI_Datatype* newtype)) {
  return subarray("MPI_Type_create_subarray", ndims, sizes, subsizes, starts, order, oldtype, newtype);
}
GYRE_BINDING(int, MPI_Type_create_subarray_c, (int ndims, const MPI_Count sizes[], const MPI_Count subsizes[],
                                               const MPI_Count starts[], int order, MPI_Datatype oldtype,
                                               MPI_Datatype* newtype)) {
  return subarray("MPI_Type_create_subarray_c", ndims, sizes, subsizes, starts, order, oldtype, newtype);
}
GYRE_BINDING(int, MPI_Type_create_darray, (int size, int rank, int ndims, const int gsizes[], const int distribs[],
                                           const int dargs[], const int psizes[], int order, MPI_Datatype oldtype,
                                           MPI_Datatype* newtype)) {
  return darray("MPI_Type_create_darray", size, rank, ndims, gsizes, distribs, dargs, psizes, order, oldtype,
                newtype);
}
GYRE_BINDING(int, MPI_Type_create_darray_c, (int size, int rank, int ndims, const MPI_Count gsizes[],
                                             const int distribs[], const int dargs[], const int psizes[], int order,
                                             MPI_Datatype oldtype, MPI_Datatype* newtype)) {
  return darray("MPI_Type_create_darray_c", size, rank, ndims, gsizes, distribs, dargs, psizes, order, oldtype,
                newtype);
}
