// Datatype attributes (MPI-4.0 §7.7.4) on the generic keyval/attribute store
// of runtime/attribute.h. A datatype's attributes live beside the handle
// table, keyed by handle: they belong to the handle, not to the layout that
// in-flight operations share.
#include <unordered_map>

#include "runtime/api/binding_state.h"
#include "runtime/api/type_util.h"

using gyre::AttrKind;
using gyre::AttributeStore;
using gyre::Datatype;
using gyre::Error;
using gyre::ErrClass;
using gyre::Keyval;
namespace api = gyre::api;

namespace {

std::unordered_map<int, AttributeStore>& stores() { return gyre::Runtime::get().bindings().type_attributes; }

Error datatype_keyval(gyre::Runtime& rt, int keyval) {
  Keyval* k = rt.keyvals.find(keyval);
  if (k == nullptr) return Error(ErrClass::keyval, "invalid keyval " + std::to_string(keyval));
  if (k->kind() != AttrKind::datatype)
    return Error(ErrClass::keyval, "keyval " + std::to_string(keyval) + " was not created for datatypes");
  return Error::ok();
}

}  // namespace

namespace gyre::api {

Error type_attributes_dup(Runtime& rt, MPI_Datatype oldtype, MPI_Datatype newtype) {
  auto it = stores().find(oldtype);
  if (it == stores().end() || it->second.size() == 0) return Error::ok();
  AttributeStore copy;
  if (Error e = it->second.copy_to(rt.keyval_registry(), oldtype, copy)) {
    // The copies made before the failing callback: their delete callbacks
    // run (on newtype, still registered) and their keyval uses are released,
    // as MPI_Comm_dup does.
    Error ignored = copy.delete_all(rt.keyval_registry(), newtype);
    (void)ignored;  // the copy failure is the error to report
    return e;
  }
  stores()[newtype] = std::move(copy);
  return Error::ok();
}

Error type_attributes_free(Runtime& rt, MPI_Datatype type) {
  auto it = stores().find(type);
  if (it == stores().end()) return Error::ok();
  // MPI_Type_free fails as a whole when a delete callback fails: the
  // attributes whose callbacks failed stay, and so does the handle.
  GYRE_TRY(it->second.delete_each(rt.keyval_registry(), type));
  stores().erase(it);
  return Error::ok();
}

}  // namespace gyre::api

GYRE_BINDING(int, MPI_Type_create_keyval, (MPI_Type_copy_attr_function * copy_fn,
                                           MPI_Type_delete_attr_function* delete_fn, int* type_keyval,
                                           void* extra_state)) {
  api::Call call("MPI_Type_create_keyval");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(type_keyval, "type_keyval"));
  *type_keyval = call.rt().keyvals.create(AttrKind::datatype, reinterpret_cast<Keyval::CopyFn>(copy_fn),
                                          reinterpret_cast<Keyval::DeleteFn>(delete_fn), extra_state);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Type_free_keyval, (int* type_keyval)) {
  api::Call call("MPI_Type_free_keyval");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(type_keyval, "type_keyval"));
  GYRE_CHECK(call, MPI_COMM_WORLD, datatype_keyval(call.rt(), *type_keyval));
  // A stale copy of a handle already freed (the keyval lives on for its
  // attributes): releasing again would free it under their feet.
  Keyval* k = call.rt().keyvals.find(*type_keyval);
  if (k->user_freed())
    return call.fail(MPI_COMM_WORLD, Error(ErrClass::keyval, "keyval " + std::to_string(*type_keyval) +
                                                                 " was already freed"));
  k->mark_user_freed();
  call.rt().keyvals.release(*type_keyval);  // the keyval itself goes when its last attribute does
  *type_keyval = MPI_KEYVAL_INVALID;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Type_set_attr, (MPI_Datatype datatype, int type_keyval, void* attribute_val)) {
  api::Call call("MPI_Type_set_attr");
  if (!call.ok()) return call.not_initialized();
  Datatype* t = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::type_arg(call.rt(), datatype, &t, "datatype"));
  GYRE_CHECK(call, MPI_COMM_WORLD, datatype_keyval(call.rt(), type_keyval));
  GYRE_CHECK(call, MPI_COMM_WORLD, stores()[datatype].set(call.rt().keyval_registry(), datatype, type_keyval, attribute_val));
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Type_get_attr, (MPI_Datatype datatype, int type_keyval, void* attribute_val, int* flag)) {
  api::Call call("MPI_Type_get_attr");
  if (!call.ok()) return call.not_initialized();
  Datatype* t = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::type_arg(call.rt(), datatype, &t, "datatype"));
  GYRE_CHECK(call, MPI_COMM_WORLD, datatype_keyval(call.rt(), type_keyval));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(flag, "flag"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(attribute_val, "attribute_val"));
  auto it = stores().find(datatype);
  void* value = nullptr;
  *flag = it != stores().end() && it->second.get(type_keyval, &value) ? 1 : 0;
  if (*flag) *static_cast<void**>(attribute_val) = value;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Type_delete_attr, (MPI_Datatype datatype, int type_keyval)) {
  api::Call call("MPI_Type_delete_attr");
  if (!call.ok()) return call.not_initialized();
  Datatype* t = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, api::type_arg(call.rt(), datatype, &t, "datatype"));
  GYRE_CHECK(call, MPI_COMM_WORLD, datatype_keyval(call.rt(), type_keyval));
  GYRE_CHECK(call, MPI_COMM_WORLD, stores()[datatype].remove(call.rt().keyval_registry(), datatype, type_keyval));
  return MPI_SUCCESS;
}
