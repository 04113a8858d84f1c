// Helpers shared by the datatype bindings (runtime/api/type_*.cc,
// pack_*.cc): argument checks that name the argument, registering a new
// type under a handle, and attribute hooks for dup/free.
#pragma once
#include <string>
#include <vector>

#include "runtime/api/binding.h"

namespace gyre::api {

// The type behind `handle` (any state), or an MPI_ERR_TYPE error.
inline Error type_arg(Runtime& rt, MPI_Datatype handle, Datatype** out, const char* name) {
  return check_datatype(rt, handle, out, name);
}

// A type usable as a constructor's old type: MPI_LB/MPI_UB only in structs.
inline Error old_type_arg(Runtime& rt, MPI_Datatype handle, Datatype** out, const char* name = "oldtype") {
  GYRE_TRY(check_datatype(rt, handle, out, name));
  if (handle == MPI_LB || handle == MPI_UB)
    return Error(ErrClass::type, std::string(name) + " may not be MPI_LB or MPI_UB here");
  return Error::ok();
}

// Transfers to the handle table; sets the handle inside the object.
inline MPI_Datatype register_type(Runtime& rt, Datatype t) {
  int h = rt.datatypes.insert(std::make_unique<Datatype>(std::move(t)));
  rt.datatypes.lookup(h)->set_handle(h);
  return h;
}

inline Error nonnegative(long long v, const char* name) {
  if (v >= 0) return Error::ok();
  return Error(ErrClass::arg, std::string(name) + " is negative (" + std::to_string(v) + ")");
}

template <class T>
Error nonnegative_array(const T* a, long long n, const char* name) {
  if (n > 0 && a == nullptr) return Error(ErrClass::arg, std::string(name) + " is NULL");
  for (long long i = 0; i < n; ++i)
    if (a[i] < 0)
      return Error(ErrClass::arg, std::string(name) + "[" + std::to_string(i) + "] is negative (" +
                                      std::to_string(static_cast<long long>(a[i])) + ")");
  return Error::ok();
}

// Type attributes (runtime/api/type_attr.cc): copied at MPI_Type_dup,
// deleted at MPI_Type_free.
Error type_attributes_dup(Runtime& rt, MPI_Datatype oldtype, MPI_Datatype newtype);
Error type_attributes_free(Runtime& rt, MPI_Datatype type);

}  // namespace gyre::api
