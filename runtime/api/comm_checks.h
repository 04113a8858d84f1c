// Argument checks shared by the communicator, group, info, attribute and
// topology bindings (the general ones are in binding.h). Each returns an
// Error naming the argument.
#pragma once
#include "runtime/api/binding.h"

namespace gyre::api {

inline Error check_group(Runtime& rt, MPI_Group g, Group** out, const char* name = "group") {
  *out = rt.groups.lookup(g);
  if (*out != nullptr) return Error::ok();
  if (g == MPI_GROUP_NULL) return Error(ErrClass::group, std::string(name) + " is MPI_GROUP_NULL");
  return Error(ErrClass::group, std::string("invalid ") + name + " handle " + std::to_string(g));
}

inline Error check_info(Runtime& rt, MPI_Info i, Info** out, bool allow_null, const char* name = "info") {
  *out = rt.infos.lookup(i);
  if (*out != nullptr || (allow_null && i == MPI_INFO_NULL)) return Error::ok();
  if (i == MPI_INFO_NULL) return Error(ErrClass::info, std::string(name) + " is MPI_INFO_NULL");
  return Error(ErrClass::info, std::string("invalid ") + name + " handle " + std::to_string(i));
}

inline Error check_intra(const Communicator& c, const char* what) {
  if (!c.is_inter()) return Error::ok();
  return Error(ErrClass::comm, std::string(what) + " needs an intracommunicator");
}

inline Error check_out(const void* p, const char* name) { return check_not_null(p, name); }

// The checks apply_comm_info makes, without changing anything: run first, so
// that a bad hint is refused before any hint has been applied.
Error validate_comm_info(const Info& info);

// Apply the hints Gyre understands (gyre_coll_<op> → the coll override) and
// keep every hint on the communicator for MPI_Comm_get_info.
Error apply_comm_info(Communicator& c, const Info& info);

}  // namespace gyre::api
