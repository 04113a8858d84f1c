// Communicator keyvals and attributes (MPI-4 §7.7), the deprecated MPI-1
// forms, and the predefined attributes (MPI_TAG_UB, MPI_HOST, MPI_IO,
// MPI_WTIME_IS_GLOBAL, MPI_UNIVERSE_SIZE, MPI_LASTUSEDCODE, MPI_APPNUM).
#include "runtime/api/binding_state.h"
#include "runtime/api/comm_checks.h"
#include "runtime/predefined.h"

using gyre::AttrKind;
using gyre::Communicator;
using gyre::Error;
using gyre::ErrClass;
using gyre::Keyval;
namespace api = gyre::api;

namespace gyre::api {
int last_used_error_code();
}

// MPI_DUP_FN / MPI_COMM_DUP_FN / MPI_TYPE_DUP_FN / MPI_WIN_DUP_FN.
extern "C" __attribute__((visibility("default"))) int MPIR_Dup_fn(MPI_Comm, int, void*, void* attribute_val_in,
                                                                  void* attribute_val_out, int* flag) {
  *static_cast<void**>(attribute_val_out) = attribute_val_in;
  *flag = 1;
  return MPI_SUCCESS;
}

namespace {

bool is_predefined_keyval(int keyval) {
  switch (keyval) {
    case MPI_TAG_UB: case MPI_HOST: case MPI_IO: case MPI_WTIME_IS_GLOBAL:
    case MPI_UNIVERSE_SIZE: case MPI_LASTUSEDCODE: case MPI_APPNUM:
      return true;
    default:
      return false;
  }
}

Error check_comm_keyval(api::Call& call, int keyval, Keyval** out) {
  *out = call.rt().keyvals.find(keyval);
  if (*out == nullptr) {
    if (keyval == MPI_KEYVAL_INVALID) return Error(ErrClass::keyval, "keyval is MPI_KEYVAL_INVALID");
    return Error(ErrClass::keyval, "invalid keyval " + std::to_string(keyval));
  }
  if ((*out)->kind() != AttrKind::comm) return Error(ErrClass::keyval, "keyval " + std::to_string(keyval) +
                                                                          " is not a communicator keyval");
  return Error::ok();
}

int create_keyval(api::Call& call, Keyval::CopyFn copy, Keyval::DeleteFn del, int* keyval, void* extra) {
  GYRE_CHECK(call, MPI_COMM_SELF, api::check_out(keyval, "comm_keyval"));
  *keyval = call.rt().keyvals.create(AttrKind::comm, copy, del, extra);
  return MPI_SUCCESS;
}

int free_keyval(api::Call& call, int* keyval) {
  GYRE_CHECK(call, MPI_COMM_SELF, api::check_out(keyval, "comm_keyval"));
  if (is_predefined_keyval(*keyval))
    return call.fail(MPI_COMM_SELF, Error(ErrClass::keyval, "cannot free a predefined keyval"));
  Keyval* k = nullptr;
  GYRE_CHECK(call, MPI_COMM_SELF, check_comm_keyval(call, *keyval, &k));
  // A stale copy of a handle already freed (the keyval lives on for its
  // attributes): releasing again would free it under their feet.
  if (k->user_freed())
    return call.fail(MPI_COMM_SELF, Error(ErrClass::keyval, "keyval " + std::to_string(*keyval) +
                                                                " was already freed"));
  k->mark_user_freed();
  call.rt().keyvals.release(*keyval);  // the keyval itself goes when its last attribute does
  *keyval = MPI_KEYVAL_INVALID;
  return MPI_SUCCESS;
}

int set_attr(api::Call& call, MPI_Comm comm, int keyval, void* value) {
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  if (is_predefined_keyval(keyval))
    return call.fail(comm, Error(ErrClass::keyval, "predefined attributes cannot be set"));
  Keyval* k = nullptr;
  GYRE_CHECK(call, comm, check_comm_keyval(call, keyval, &k));
  GYRE_CHECK(call, comm, c->attributes().set(call.rt().keyvals, comm, keyval, value));
  return MPI_SUCCESS;
}

int get_attr(api::Call& call, MPI_Comm comm, int keyval, void* value, int* flag) {
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_out(value, "attribute_val"));
  GYRE_CHECK(call, comm, api::check_out(flag, "flag"));
  if (is_predefined_keyval(keyval)) {
    api::PredefinedAttributeValues& v = call.rt().bindings().predefined_attributes;
    const gyre::ProcessIdentity& id = call.rt().identity();
    v.universe_size = id.universe_size > 0 ? id.universe_size : id.world_size;
    v.appnum = id.appnum;
    v.lastusedcode = api::last_used_error_code();
    int* p = nullptr;
    switch (keyval) {
      case MPI_TAG_UB: p = &v.tag_ub; break;
      case MPI_HOST: p = &v.host; break;
      case MPI_IO: p = &v.io; break;
      case MPI_WTIME_IS_GLOBAL: p = &v.wtime_is_global; break;
      case MPI_UNIVERSE_SIZE: p = &v.universe_size; break;
      case MPI_LASTUSEDCODE: p = &v.lastusedcode; break;
      case MPI_APPNUM: p = &v.appnum; break;
    }
    *static_cast<void**>(value) = p;
    *flag = 1;
    return MPI_SUCCESS;
  }
  Keyval* k = nullptr;
  GYRE_CHECK(call, comm, check_comm_keyval(call, keyval, &k));
  void* got = nullptr;
  *flag = c->attributes().get(keyval, &got) ? 1 : 0;
  if (*flag) *static_cast<void**>(value) = got;
  return MPI_SUCCESS;
}

int delete_attr(api::Call& call, MPI_Comm comm, int keyval) {
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  if (is_predefined_keyval(keyval))
    return call.fail(comm, Error(ErrClass::keyval, "predefined attributes cannot be deleted"));
  Keyval* k = nullptr;
  GYRE_CHECK(call, comm, check_comm_keyval(call, keyval, &k));
  GYRE_CHECK(call, comm, c->attributes().remove(call.rt().keyvals, comm, keyval));
  return MPI_SUCCESS;
}

#define ATTR_CALL(fname)                 \
  api::Call call(fname);                 \
  if (!call.ok()) return call.not_initialized()

}  // namespace

GYRE_BINDING(int, MPI_Comm_create_keyval,
             (MPI_Comm_copy_attr_function * comm_copy_attr_fn, MPI_Comm_delete_attr_function* comm_delete_attr_fn,
              int* comm_keyval, void* extra_state)) {
  ATTR_CALL("MPI_Comm_create_keyval");
  return create_keyval(call, comm_copy_attr_fn, comm_delete_attr_fn, comm_keyval, extra_state);
}

GYRE_BINDING(int, MPI_Keyval_create,
             (MPI_Copy_function * copy_fn, MPI_Delete_function* delete_fn, int* keyval, void* extra_state)) {
  ATTR_CALL("MPI_Keyval_create");
  return create_keyval(call, copy_fn, delete_fn, keyval, extra_state);
}

GYRE_BINDING(int, MPI_Comm_free_keyval, (int* comm_keyval)) {
  ATTR_CALL("MPI_Comm_free_keyval");
  return free_keyval(call, comm_keyval);
}

GYRE_BINDING(int, MPI_Keyval_free, (int* keyval)) {
  ATTR_CALL("MPI_Keyval_free");
  return free_keyval(call, keyval);
}

GYRE_BINDING(int, MPI_Comm_set_attr, (MPI_Comm comm, int comm_keyval, void* attribute_val)) {
  ATTR_CALL("MPI_Comm_set_attr");
  return set_attr(call, comm, comm_keyval, attribute_val);
}

GYRE_BINDING(int, MPI_Attr_put, (MPI_Comm comm, int keyval, void* attribute_val)) {
  ATTR_CALL("MPI_Attr_put");
  return set_attr(call, comm, keyval, attribute_val);
}

GYRE_BINDING(int, MPI_Comm_get_attr, (MPI_Comm comm, int comm_keyval, void* attribute_val, int* flag)) {
  ATTR_CALL("MPI_Comm_get_attr");
  return get_attr(call, comm, comm_keyval, attribute_val, flag);
}

GYRE_BINDING(int, MPI_Attr_get, (MPI_Comm comm, int keyval, void* attribute_val, int* flag)) {
  ATTR_CALL("MPI_Attr_get");
  return get_attr(call, comm, keyval, attribute_val, flag);
}

GYRE_BINDING(int, MPI_Comm_delete_attr, (MPI_Comm comm, int comm_keyval)) {
  ATTR_CALL("MPI_Comm_delete_attr");
  return delete_attr(call, comm, comm_keyval);
}

GYRE_BINDING(int, MPI_Attr_delete, (MPI_Comm comm, int keyval)) {
  ATTR_CALL("MPI_Attr_delete");
  return delete_attr(call, comm, keyval);
}
