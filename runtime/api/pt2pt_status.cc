// MPI status queries and setters: Get_count, Get_elements (_c, _x),
// Status_set_elements (_x), Status_set_cancelled, Test_cancelled. The byte
// count lives in count_lo / count_hi_and_cancelled exactly as MPICH keeps it
// (binding.cc: set_status_bytes), so MPICH-built programs agree with us.
#include <limits>

#include "runtime/api/pt2pt_common.h"

using gyre::Datatype;
using gyre::Error;
using gyre::ErrClass;
using gyre::api::Call;

namespace {

Error check_status_args(const Call& call, const MPI_Status* status, MPI_Datatype datatype, const void* out,
                        Datatype** type) {
  GYRE_TRY(gyre::api::check_not_null(status, "status"));
  if (status == MPI_STATUS_IGNORE) return Error(ErrClass::arg, "status is MPI_STATUS_IGNORE");
  GYRE_TRY(gyre::api::check_datatype(call.rt(), datatype, type));
  return gyre::api::check_not_null(out, "count");
}

// Whole elements of `type` in the status, or MPI_UNDEFINED.
long long count_of(const MPI_Status& status, const Datatype& type) {
  size_t bytes = gyre::api::status_bytes(status);
  if (type.size() == 0) return 0;
  if (bytes % type.size() != 0) return MPI_UNDEFINED;
  return static_cast<long long>(bytes / type.size());
}

long long elements_of(const MPI_Status& status, const Datatype& type) {
  size_t bytes = gyre::api::status_bytes(status);
  if (type.size() == 0) return 0;
  long long n = type.elements_in(bytes);
  return n < 0 ? MPI_UNDEFINED : n;
}

// Bytes that hold `count` basic elements of type: whole elements, then
// the shortest prefix of one more element that holds the remainder.
size_t bytes_of_elements(const Datatype& type, long long count) {
  if (type.is_predefined() || type.elements() <= 1) return static_cast<size_t>(count) * type.size();
  size_t per = type.elements();
  size_t full = static_cast<size_t>(count) / per, rest = static_cast<size_t>(count) % per;
  size_t bytes = full * type.size();
  for (size_t b = 1; rest != 0 && b <= type.size(); ++b)
    if (type.elements_in(b) == static_cast<long long>(rest)) return bytes + b;
  return bytes;
}

template <class Out>
int store(long long value, Out* out) {
  if (value != MPI_UNDEFINED && value > static_cast<long long>(std::numeric_limits<Out>::max()))
    value = MPI_UNDEFINED;  // does not fit an int: MPI says MPI_UNDEFINED
  *out = static_cast<Out>(value);
  return MPI_SUCCESS;
}

template <class Out>
int get_count(const char* function, const MPI_Status* status, MPI_Datatype datatype, Out* count, bool elements) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  Datatype* type = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, check_status_args(call, status, datatype, count, &type));
  return store(elements ? elements_of(*status, *type) : count_of(*status, *type), count);
}

int set_elements(const char* function, MPI_Status* status, MPI_Datatype datatype, long long count) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  Datatype* type = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, check_status_args(call, status, datatype, &count, &type));
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_count(count));
  gyre::api::set_status_bytes(status, bytes_of_elements(*type, count));
  return MPI_SUCCESS;
}

}  // namespace

GYRE_BINDING(int, MPI_Get_count, (const MPI_Status* status, MPI_Datatype datatype, int* count)) {
  return get_count("MPI_Get_count", status, datatype, count, false);
}

GYRE_BINDING(int, MPI_Get_count_c, (const MPI_Status* status, MPI_Datatype datatype, MPI_Count* count)) {
  return get_count("MPI_Get_count_c", status, datatype, count, false);
}

GYRE_BINDING(int, MPI_Get_elements, (const MPI_Status* status, MPI_Datatype datatype, int* count)) {
  return get_count("MPI_Get_elements", status, datatype, count, true);
}

GYRE_BINDING(int, MPI_Get_elements_c, (const MPI_Status* status, MPI_Datatype datatype, MPI_Count* count)) {
  return get_count("MPI_Get_elements_c", status, datatype, count, true);
}

GYRE_BINDING(int, MPI_Get_elements_x, (const MPI_Status* status, MPI_Datatype datatype, MPI_Count* count)) {
  return get_count("MPI_Get_elements_x", status, datatype, count, true);
}

GYRE_BINDING(int, MPI_Status_set_elements, (MPI_Status* status, MPI_Datatype datatype, int count)) {
  return set_elements("MPI_Status_set_elements", status, datatype, count);
}

GYRE_BINDING(int, MPI_Status_set_elements_x, (MPI_Status* status, MPI_Datatype datatype, MPI_Count count)) {
  return set_elements("MPI_Status_set_elements_x", status, datatype, count);
}

GYRE_BINDING(int, MPI_Status_set_cancelled, (MPI_Status* status, int flag)) {
  if (status == nullptr || status == MPI_STATUS_IGNORE) return MPI_ERR_ARG;
  gyre::api::set_status_cancelled(status, flag != 0);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Test_cancelled, (const MPI_Status* status, int* flag)) {
  if (status == nullptr || status == MPI_STATUS_IGNORE || flag == nullptr) return MPI_ERR_ARG;
  *flag = gyre::api::status_cancelled(*status) ? 1 : 0;
  return MPI_SUCCESS;
}
