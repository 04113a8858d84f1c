// Info objects (MPI-4 §10). Errors are raised on MPI_COMM_SELF.
#include <cstring>

#include "runtime/api/comm_checks.h"

using gyre::Error;
using gyre::ErrClass;
using gyre::Info;
namespace api = gyre::api;

namespace {

constexpr MPI_Comm kSelf = MPI_COMM_SELF;

Error check_key(const char* key) {
  if (key == nullptr) return Error(ErrClass::arg, "key is NULL");
  size_t n = strnlen(key, MPI_MAX_INFO_KEY + 1);
  if (n == 0) return Error(ErrClass::info_key, "key is empty");
  if (n > MPI_MAX_INFO_KEY)
    return Error(ErrClass::info_key, "key is longer than MPI_MAX_INFO_KEY (" + std::to_string(MPI_MAX_INFO_KEY) + ")");
  return Error::ok();
}

#define INFO_CALL(fname)                 \
  api::Call call(fname);                 \
  if (!call.ok()) return call.not_initialized()

}  // namespace

GYRE_BINDING(int, MPI_Info_create, (MPI_Info * info)) {
  INFO_CALL("MPI_Info_create");
  GYRE_CHECK(call, kSelf, api::check_out(info, "info"));
  *info = call.rt().infos.insert(std::make_unique<Info>());
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Info_create_env, (int argc, char* argv[], MPI_Info* info)) {
  // May be called before MPI_Init (MPI-4 §11.2.1).
  api::Call call("MPI_Info_create_env");
  if (info == nullptr) return call.ok() ? call.fail(kSelf, Error(ErrClass::arg, "info is NULL")) : MPI_ERR_ARG;
  *info = call.rt().infos.insert(std::make_unique<Info>(Info::environment(argc, argv)));
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Info_set, (MPI_Info info, const char* key, const char* value)) {
  INFO_CALL("MPI_Info_set");
  Info* i = nullptr;
  GYRE_CHECK(call, kSelf, api::check_info(call.rt(), info, &i, false));
  if (call.rt().infos.is_predefined(info))
    return call.fail(kSelf, Error(ErrClass::info, "MPI_INFO_ENV cannot be changed"));
  GYRE_CHECK(call, kSelf, check_key(key));
  if (value == nullptr) return call.fail(kSelf, Error(ErrClass::arg, "value is NULL"));
  if (strnlen(value, MPI_MAX_INFO_VAL + 1) > MPI_MAX_INFO_VAL)
    return call.fail(kSelf, Error(ErrClass::info_value, "value is longer than MPI_MAX_INFO_VAL (" +
                                                             std::to_string(MPI_MAX_INFO_VAL) + ")"));
  i->set(key, value);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Info_get, (MPI_Info info, const char* key, int valuelen, char* value, int* flag)) {
  INFO_CALL("MPI_Info_get");
  Info* i = nullptr;
  GYRE_CHECK(call, kSelf, api::check_info(call.rt(), info, &i, false));
  GYRE_CHECK(call, kSelf, check_key(key));
  GYRE_CHECK(call, kSelf, api::check_out(flag, "flag"));
  if (valuelen < 0) return call.fail(kSelf, Error(ErrClass::arg, "valuelen " + std::to_string(valuelen) + " is negative"));
  GYRE_CHECK(call, kSelf, api::check_out(value, "value"));
  const std::string* v = i->get(key);
  *flag = v != nullptr;
  if (v != nullptr) {
    // valuelen excludes the terminating NUL (MPI-4 §10: value must hold valuelen+1 chars).
    size_t n = std::min(v->size(), static_cast<size_t>(valuelen));
    std::memcpy(value, v->data(), n);
    value[n] = '\0';
  }
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Info_get_string, (MPI_Info info, const char* key, int* buflen, char* value, int* flag)) {
  INFO_CALL("MPI_Info_get_string");
  Info* i = nullptr;
  GYRE_CHECK(call, kSelf, api::check_info(call.rt(), info, &i, false));
  GYRE_CHECK(call, kSelf, check_key(key));
  GYRE_CHECK(call, kSelf, api::check_out(flag, "flag"));
  GYRE_CHECK(call, kSelf, api::check_out(buflen, "buflen"));
  if (*buflen < 0) return call.fail(kSelf, Error(ErrClass::arg, "*buflen " + std::to_string(*buflen) + " is negative"));
  const std::string* v = i->get(key);
  *flag = v != nullptr;
  if (v == nullptr) return MPI_SUCCESS;
  if (*buflen > 0) {
    GYRE_CHECK(call, kSelf, api::check_out(value, "value"));
    size_t n = std::min(v->size(), static_cast<size_t>(*buflen - 1));
    std::memcpy(value, v->data(), n);
    value[n] = '\0';
  }
  *buflen = static_cast<int>(v->size()) + 1;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Info_get_valuelen, (MPI_Info info, const char* key, int* valuelen, int* flag)) {
  INFO_CALL("MPI_Info_get_valuelen");
  Info* i = nullptr;
  GYRE_CHECK(call, kSelf, api::check_info(call.rt(), info, &i, false));
  GYRE_CHECK(call, kSelf, check_key(key));
  GYRE_CHECK(call, kSelf, api::check_out(flag, "flag"));
  GYRE_CHECK(call, kSelf, api::check_out(valuelen, "valuelen"));
  const std::string* v = i->get(key);
  *flag = v != nullptr;
  if (v != nullptr) *valuelen = static_cast<int>(v->size());
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Info_get_nkeys, (MPI_Info info, int* nkeys)) {
  INFO_CALL("MPI_Info_get_nkeys");
  Info* i = nullptr;
  GYRE_CHECK(call, kSelf, api::check_info(call.rt(), info, &i, false));
  GYRE_CHECK(call, kSelf, api::check_out(nkeys, "nkeys"));
  *nkeys = i->nkeys();
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Info_get_nthkey, (MPI_Info info, int n, char* key)) {
  INFO_CALL("MPI_Info_get_nthkey");
  Info* i = nullptr;
  GYRE_CHECK(call, kSelf, api::check_info(call.rt(), info, &i, false));
  GYRE_CHECK(call, kSelf, api::check_out(key, "key"));
  if (n < 0 || n >= i->nkeys())
    return call.fail(kSelf, Error(ErrClass::arg, "n = " + std::to_string(n) + " is not below the number of keys (" +
                                                     std::to_string(i->nkeys()) + ")"));
  const std::string& k = i->nth_key(n);
  std::memcpy(key, k.c_str(), k.size() + 1);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Info_delete, (MPI_Info info, const char* key)) {
  INFO_CALL("MPI_Info_delete");
  Info* i = nullptr;
  GYRE_CHECK(call, kSelf, api::check_info(call.rt(), info, &i, false));
  if (call.rt().infos.is_predefined(info))
    return call.fail(kSelf, Error(ErrClass::info, "MPI_INFO_ENV cannot be changed"));
  GYRE_CHECK(call, kSelf, check_key(key));
  if (!i->remove(key))
    return call.fail(kSelf, Error(ErrClass::info_nokey, std::string("key \"") + key + "\" is not in info"));
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Info_dup, (MPI_Info info, MPI_Info* newinfo)) {
  INFO_CALL("MPI_Info_dup");
  Info* i = nullptr;
  GYRE_CHECK(call, kSelf, api::check_info(call.rt(), info, &i, false));
  GYRE_CHECK(call, kSelf, api::check_out(newinfo, "newinfo"));
  *newinfo = call.rt().infos.insert(std::make_unique<Info>(*i));
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Info_free, (MPI_Info * info)) {
  INFO_CALL("MPI_Info_free");
  GYRE_CHECK(call, kSelf, api::check_out(info, "info"));
  Info* i = nullptr;
  GYRE_CHECK(call, kSelf, api::check_info(call.rt(), *info, &i, false));
  if (call.rt().infos.is_predefined(*info))
    return call.fail(kSelf, Error(ErrClass::info, "MPI_INFO_ENV cannot be freed"));
  call.rt().infos.erase(*info);
  *info = MPI_INFO_NULL;
  return MPI_SUCCESS;
}
