// Communicator accessors (MPI-4 §7.4.1, §7.6, §7.7): compare, names, info
// hints, intercommunicator tests.
#include <cstring>

#include "runtime/api/comm_checks.h"

using gyre::Communicator;
using gyre::Error;
using gyre::ErrClass;
using gyre::Group;
using gyre::Info;
namespace api = gyre::api;

GYRE_BINDING(int, MPI_Comm_compare, (MPI_Comm comm1, MPI_Comm comm2, int* result)) {
  api::Call call("MPI_Comm_compare");
  if (!call.ok()) return call.not_initialized();
  Communicator *a = nullptr, *b = nullptr;
  GYRE_CHECK(call, comm1, api::check_comm(call.rt(), comm1, &a));
  GYRE_CHECK(call, comm1, api::check_comm(call.rt(), comm2, &b));
  GYRE_CHECK(call, comm1, api::check_out(result, "result"));
  if (comm1 == comm2) {
    *result = MPI_IDENT;
    return MPI_SUCCESS;
  }
  if (a->is_inter() != b->is_inter()) {
    *result = MPI_UNEQUAL;
    return MPI_SUCCESS;
  }
  Group::Comparison local = Group::compare(a->group(), b->group());
  Group::Comparison remote =
      a->is_inter() ? Group::compare(a->remote_group(), b->remote_group()) : Group::Comparison::ident;
  if (local == Group::Comparison::ident && remote == Group::Comparison::ident) *result = MPI_CONGRUENT;
  else if (local != Group::Comparison::unequal && remote != Group::Comparison::unequal) *result = MPI_SIMILAR;
  else *result = MPI_UNEQUAL;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Comm_set_name, (MPI_Comm comm, const char* comm_name)) {
  api::Call call("MPI_Comm_set_name");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_out(comm_name, "comm_name"));
  std::string name(comm_name, strnlen(comm_name, MPI_MAX_OBJECT_NAME));
  if (name.size() >= MPI_MAX_OBJECT_NAME) name.resize(MPI_MAX_OBJECT_NAME - 1);  // truncated, as MPI allows
  c->set_name(std::move(name));
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Comm_get_name, (MPI_Comm comm, char* comm_name, int* resultlen)) {
  api::Call call("MPI_Comm_get_name");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_out(comm_name, "comm_name"));
  GYRE_CHECK(call, comm, api::check_out(resultlen, "resultlen"));
  size_t n = std::min(c->name().size(), static_cast<size_t>(MPI_MAX_OBJECT_NAME - 1));
  std::memcpy(comm_name, c->name().data(), n);
  comm_name[n] = '\0';
  *resultlen = static_cast<int>(n);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Comm_test_inter, (MPI_Comm comm, int* flag)) {
  api::Call call("MPI_Comm_test_inter");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_out(flag, "flag"));
  *flag = c->is_inter() ? 1 : 0;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Comm_remote_size, (MPI_Comm comm, int* size)) {
  api::Call call("MPI_Comm_remote_size");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_out(size, "size"));
  if (!c->is_inter()) return call.fail(comm, Error(ErrClass::comm, "comm is not an intercommunicator"));
  *size = c->remote_size();
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Comm_set_info, (MPI_Comm comm, MPI_Info info)) {
  api::Call call("MPI_Comm_set_info");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  Info* hints = nullptr;
  GYRE_CHECK(call, comm, api::check_info(call.rt(), info, &hints, false));
  // All or nothing: a bad hint anywhere in info is refused before any hint
  // (an earlier coll override, say) has been applied.
  GYRE_CHECK(call, comm, api::validate_comm_info(*hints));
  GYRE_CHECK(call, comm, api::apply_comm_info(*c, *hints));
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Comm_get_info, (MPI_Comm comm, MPI_Info* info_used)) {
  api::Call call("MPI_Comm_get_info");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_out(info_used, "info_used"));
  *info_used = call.rt().infos.insert(std::make_unique<Info>(c->info()));
  return MPI_SUCCESS;
}
