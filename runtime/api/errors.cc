// Error handlers and error classes (MPI-4 §9.3-9.5). The classes, codes
// and strings the application adds live in the Runtime (runtime/user_errors.h).
#include <cstring>
#include <mutex>

#include "runtime/api/binding.h"
#include "runtime/log.h"

using gyre::Communicator;
using gyre::Errhandler;
using gyre::Error;
using gyre::ErrClass;
using gyre::UserErrors;
namespace api = gyre::api;

namespace {

constexpr int kLastPredefined = UserErrors::kLastPredefined;
constexpr int kFirstUserClass = UserErrors::kFirstUserClass;

UserErrors& user_errors() { return gyre::Runtime::get().user_errors; }

// Class of a code, or -1 when the code is not valid.
int class_of(int code) {
  if (code >= 0 && code <= kLastPredefined) return code;
  UserErrors& u = user_errors();
  std::lock_guard lock(u.mu);
  if (u.classes.count(code)) return code;
  auto it = u.code_class.find(code);
  return it == u.code_class.end() ? -1 : it->second;
}

}  // namespace

namespace gyre::api {
// Read by MPI_Comm_get_attr(MPI_LASTUSEDCODE).
int last_used_error_code() {
  UserErrors& u = user_errors();
  std::lock_guard lock(u.mu);
  return u.last_used();
}
}  // namespace gyre::api

GYRE_BINDING(int, MPI_Comm_create_errhandler,
             (MPI_Comm_errhandler_function * comm_errhandler_fn, MPI_Errhandler* errhandler)) {
  api::Call call("MPI_Comm_create_errhandler");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_SELF, api::check_not_null(reinterpret_cast<const void*>(comm_errhandler_fn),
                                                      "comm_errhandler_fn"));
  GYRE_CHECK(call, MPI_COMM_SELF, api::check_not_null(errhandler, "errhandler"));
  auto fn = comm_errhandler_fn;
  *errhandler = call.rt().errhandlers.insert(
      std::make_unique<Errhandler>([fn](int* handle, int* code) { fn(handle, code); }));
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Errhandler_create, (MPI_Handler_function * function, MPI_Errhandler* errhandler)) {
  return PMPI_Comm_create_errhandler(function, errhandler);
}

GYRE_BINDING(int, MPI_Comm_set_errhandler, (MPI_Comm comm, MPI_Errhandler errhandler)) {
  api::Call call("MPI_Comm_set_errhandler");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  if (call.rt().errhandlers.lookup(errhandler) == nullptr)
    return call.fail(comm, Error(ErrClass::arg, "invalid errhandler " + std::to_string(errhandler)));
  c->set_errhandler(errhandler);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Errhandler_set, (MPI_Comm comm, MPI_Errhandler errhandler)) {
  return PMPI_Comm_set_errhandler(comm, errhandler);
}

GYRE_BINDING(int, MPI_Comm_get_errhandler, (MPI_Comm comm, MPI_Errhandler* errhandler)) {
  api::Call call("MPI_Comm_get_errhandler");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_not_null(errhandler, "errhandler"));
  *errhandler = c->errhandler();
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Errhandler_get, (MPI_Comm comm, MPI_Errhandler* errhandler)) {
  return PMPI_Comm_get_errhandler(comm, errhandler);
}

GYRE_BINDING(int, MPI_Comm_call_errhandler, (MPI_Comm comm, int errorcode)) {
  api::Call call("MPI_Comm_call_errhandler");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  Errhandler* h = call.rt().errhandlers.lookup(c->errhandler());
  int rc = call.fail(comm, Error(static_cast<ErrClass>(errorcode), "error " + std::to_string(errorcode) +
                                                                       " raised by the application"));
  // A user handler that returns, or MPI_ERRORS_RETURN: the call succeeded.
  (void)h;
  (void)rc;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Errhandler_free, (MPI_Errhandler * errhandler)) {
  api::Call call("MPI_Errhandler_free");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_SELF, api::check_not_null(errhandler, "errhandler"));
  auto& rt = call.rt();
  if (rt.errhandlers.lookup(*errhandler) == nullptr)
    return call.fail(MPI_COMM_SELF, Error(ErrClass::arg, "invalid errhandler " + std::to_string(*errhandler)));
  if (!rt.errhandlers.is_predefined(*errhandler)) {
    // The handler stays while a communicator uses it (MPI-4 §9.3.4).
    bool used = false;
    int h = *errhandler;
    rt.comms.for_each_created([&](Communicator& c) { used = used || c.errhandler() == h; });
    for (int pre : {MPI_COMM_WORLD, MPI_COMM_SELF})
      if (Communicator* c = rt.comms.lookup(pre)) used = used || c->errhandler() == h;
    if (!used) rt.errhandlers.erase(h);
  }
  *errhandler = MPI_ERRHANDLER_NULL;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Error_class, (int errorcode, int* errorclass)) {
  api::Call call("MPI_Error_class");
  GYRE_CHECK(call, MPI_COMM_SELF, api::check_not_null(errorclass, "errorclass"));
  int cls = class_of(errorcode);
  if (cls < 0) {
    if (!call.ok()) return MPI_ERR_ARG;
    return call.fail(MPI_COMM_SELF, Error(ErrClass::arg, "errorcode " + std::to_string(errorcode) +
                                                             " is not a valid error code"));
  }
  *errorclass = cls;
  return MPI_SUCCESS;
}

namespace {
const char* describe(int cls) {
  switch (cls) {
    case MPI_SUCCESS: return "no error";
    case MPI_ERR_BUFFER: return "invalid buffer pointer";
    case MPI_ERR_COUNT: return "invalid count argument";
    case MPI_ERR_TYPE: return "invalid datatype";
    case MPI_ERR_TAG: return "invalid tag";
    case MPI_ERR_COMM: return "invalid communicator";
    case MPI_ERR_RANK: return "invalid rank";
    case MPI_ERR_ROOT: return "invalid root";
    case MPI_ERR_GROUP: return "invalid group";
    case MPI_ERR_OP: return "invalid reduction operation";
    case MPI_ERR_TOPOLOGY: return "invalid topology";
    case MPI_ERR_DIMS: return "invalid dimension argument";
    case MPI_ERR_ARG: return "invalid argument";
    case MPI_ERR_UNKNOWN: return "unknown error";
    case MPI_ERR_TRUNCATE: return "message truncated";
    case MPI_ERR_OTHER: return "other error";
    case MPI_ERR_INTERN: return "internal error";
    case MPI_ERR_IN_STATUS: return "error code is in status";
    case MPI_ERR_PENDING: return "pending request";
    case MPI_ERR_REQUEST: return "invalid request";
    case MPI_ERR_INFO: return "invalid info object";
    case MPI_ERR_INFO_KEY: return "invalid info key";
    case MPI_ERR_INFO_VALUE: return "invalid info value";
    case MPI_ERR_INFO_NOKEY: return "info key not defined";
    case MPI_ERR_NO_MEM: return "out of memory";
    case MPI_ERR_KEYVAL: return "invalid keyval";
    case MPI_ERR_UNSUPPORTED_OPERATION: return "unsupported operation";
    case MPI_ERR_PROC_ABORTED: return "a process aborted";
    case MPI_ERR_VALUE_TOO_LARGE: return "value too large";
    default: return "error";
  }
}
}  // namespace

GYRE_BINDING(int, MPI_Error_string, (int errorcode, char* string, int* resultlen)) {
  api::Call call("MPI_Error_string");
  GYRE_CHECK(call, MPI_COMM_SELF, api::check_not_null(string, "string"));
  GYRE_CHECK(call, MPI_COMM_SELF, api::check_not_null(resultlen, "resultlen"));
  int cls = class_of(errorcode);
  if (cls < 0) {
    if (!call.ok()) return MPI_ERR_ARG;
    return call.fail(MPI_COMM_SELF, Error(ErrClass::arg, "errorcode " + std::to_string(errorcode) +
                                                             " is not a valid error code"));
  }
  std::string out;
  {
    UserErrors& u = user_errors();
    std::lock_guard lock(u.mu);
    auto it = u.strings.find(errorcode);
    if (it != u.strings.end()) out = it->second;
  }
  if (out.empty() && errorcode >= kFirstUserClass) out = "";  // user code without a string: empty
  else if (out.empty()) {
    out = describe(cls);
    // The detailed message of the most recent failure, so a program using
    // MPI_ERRORS_RETURN can show what went wrong.
    const std::string last = api::last_error_message(errorcode);
    if (errorcode != MPI_SUCCESS && !last.empty()) out += " (last error: " + last + ")";
  }
  std::strncpy(string, out.c_str(), MPI_MAX_ERROR_STRING - 1);
  string[MPI_MAX_ERROR_STRING - 1] = '\0';
  *resultlen = static_cast<int>(std::strlen(string));
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Add_error_class, (int* errorclass)) {
  api::Call call("MPI_Add_error_class");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_SELF, api::check_not_null(errorclass, "errorclass"));
  UserErrors& u = user_errors();
  std::lock_guard lock(u.mu);
  int cls = u.next_class++;
  u.classes[cls] = true;
  *errorclass = cls;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Add_error_code, (int errorclass, int* errorcode)) {
  api::Call call("MPI_Add_error_code");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_SELF, api::check_not_null(errorcode, "errorcode"));
  if (class_of(errorclass) != errorclass)
    return call.fail(MPI_COMM_SELF, Error(ErrClass::arg, "errorclass " + std::to_string(errorclass) +
                                                             " is not an error class"));
  UserErrors& u = user_errors();
  std::lock_guard lock(u.mu);
  int code = u.next_code++;
  u.code_class[code] = errorclass;
  *errorcode = code;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Add_error_string, (int errorcode, const char* string)) {
  api::Call call("MPI_Add_error_string");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_SELF, api::check_not_null(string, "string"));
  if (class_of(errorcode) < 0 || errorcode <= kLastPredefined)
    return call.fail(MPI_COMM_SELF, Error(ErrClass::arg, "errorcode " + std::to_string(errorcode) +
                                                             " is not a user-defined error code or class"));
  if (std::strlen(string) >= MPI_MAX_ERROR_STRING)
    return call.fail(MPI_COMM_SELF, Error(ErrClass::arg, "string is longer than MPI_MAX_ERROR_STRING - 1"));
  UserErrors& u = user_errors();
  std::lock_guard lock(u.mu);
  u.strings[errorcode] = string;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Remove_error_class, (int errorclass)) {
  api::Call call("MPI_Remove_error_class");
  if (!call.ok()) return call.not_initialized();
  UserErrors& u = user_errors();
  std::unique_lock lock(u.mu);
  if (!u.classes.count(errorclass)) {
    lock.unlock();
    return call.fail(MPI_COMM_SELF, Error(ErrClass::arg, "errorclass " + std::to_string(errorclass) +
                                                             " is not a user-defined class"));
  }
  for (auto& [code, cls] : u.code_class)
    if (cls == errorclass) {
      lock.unlock();
      return call.fail(MPI_COMM_SELF, Error(ErrClass::arg, "errorclass " + std::to_string(errorclass) +
                                                               " still has error code " + std::to_string(code)));
    }
  u.classes.erase(errorclass);
  u.strings.erase(errorclass);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Remove_error_code, (int errorcode)) {
  api::Call call("MPI_Remove_error_code");
  if (!call.ok()) return call.not_initialized();
  UserErrors& u = user_errors();
  std::unique_lock lock(u.mu);
  if (!u.code_class.count(errorcode)) {
    lock.unlock();
    return call.fail(MPI_COMM_SELF, Error(ErrClass::arg, "errorcode " + std::to_string(errorcode) +
                                                             " is not a user-defined code"));
  }
  u.code_class.erase(errorcode);
  u.strings.erase(errorcode);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Remove_error_string, (int errorcode)) {
  api::Call call("MPI_Remove_error_string");
  if (!call.ok()) return call.not_initialized();
  UserErrors& u = user_errors();
  std::unique_lock lock(u.mu);
  if (!u.strings.erase(errorcode)) {
    lock.unlock();
    return call.fail(MPI_COMM_SELF, Error(ErrClass::arg, "errorcode " + std::to_string(errorcode) +
                                                             " has no user-defined string"));
  }
  return MPI_SUCCESS;
}
