// Error handlers and error classes (MPI chapter 9.3-9.5).
#include <cstring>

#include "runtime/api/binding.h"

using gyre::Communicator;
using gyre::Errhandler;
using gyre::Error;
using gyre::ErrClass;

GYRE_BINDING(int, MPI_Comm_set_errhandler, (MPI_Comm comm, MPI_Errhandler errhandler)) {
  gyre::api::Call call("MPI_Comm_set_errhandler");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, gyre::api::check_comm(call.rt(), comm, &c));
  if (call.rt().errhandlers.lookup(errhandler) == nullptr)
    return call.fail(comm, Error(ErrClass::arg, "invalid errhandler " + std::to_string(errhandler)));
  c->set_errhandler(errhandler);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Comm_get_errhandler, (MPI_Comm comm, MPI_Errhandler* errhandler)) {
  gyre::api::Call call("MPI_Comm_get_errhandler");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, gyre::api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, gyre::api::check_not_null(errhandler, "errhandler"));
  *errhandler = c->errhandler();
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Errhandler_free, (MPI_Errhandler* errhandler)) {
  gyre::api::Call call("MPI_Errhandler_free");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(errhandler, "errhandler"));
  if (call.rt().errhandlers.lookup(*errhandler) == nullptr)
    return call.fail(Error(ErrClass::arg, "invalid errhandler " + std::to_string(*errhandler)));
  // Predefined handlers stay; created ones are kept alive while communicators
  // still refer to them (the communicators issue adds reference counts).
  *errhandler = MPI_ERRHANDLER_NULL;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Error_class, (int errorcode, int* errorclass)) {
  if (errorclass == nullptr) return MPI_ERR_ARG;
  *errorclass = errorcode;  // Gyre returns classes as codes
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
    case MPI_ERR_INFO_KEY: return "invalid info key";
    case MPI_ERR_INFO_VALUE: return "invalid info value";
    case MPI_ERR_INFO_NOKEY: return "info key not defined";
    case MPI_ERR_NO_MEM: return "out of memory";
    case MPI_ERR_KEYVAL: return "invalid keyval";
    case MPI_ERR_PROC_ABORTED: return "a process aborted";
    default: return nullptr;
  }
}
}  // namespace

GYRE_BINDING(int, MPI_Error_string, (int errorcode, char* string, int* resultlen)) {
  if (string == nullptr || resultlen == nullptr) return MPI_ERR_ARG;
  const char* text = describe(errorcode);
  if (text == nullptr) return MPI_ERR_ARG;
  std::string out = text;
  // The detailed message of the most recent failure of this class, so a
  // program using MPI_ERRORS_RETURN can still show what went wrong.
  const std::string& last = gyre::api::last_error_message();
  if (errorcode != MPI_SUCCESS && !last.empty()) out += " (last error: " + last + ")";
  std::strncpy(string, out.c_str(), MPI_MAX_ERROR_STRING - 1);
  string[MPI_MAX_ERROR_STRING - 1] = '\0';
  *resultlen = static_cast<int>(std::strlen(string));
  return MPI_SUCCESS;
}
