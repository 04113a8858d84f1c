// MPI chapter 11 (environment): init, finalize, abort, timers, versions.
#include <unistd.h>

#include <cstring>
#include <ctime>

#include "gyre_config.h"
#include "runtime/api/binding.h"
#include "runtime/log.h"

using gyre::Error;
using gyre::ErrClass;
using gyre::Runtime;

namespace {

int initialize(const char* function, int required, int* provided) {
  Runtime& rt = Runtime::get();
  if (Error e = rt.initialize(required, provided)) {
    // No communicator exists yet: errors here end the process, clearly.
    gyre::log::fatal(std::string(function) + ": " + e.what(), 1);
  }
  return MPI_SUCCESS;
}

void copy_string(char* dst, const char* src, int max_len, int* len) {
  std::strncpy(dst, src, static_cast<size_t>(max_len) - 1);
  dst[max_len - 1] = '\0';
  *len = static_cast<int>(std::strlen(dst));
}

}  // namespace

GYRE_BINDING(int, MPI_Init, (int* argc, char*** argv)) { return initialize("MPI_Init", MPI_THREAD_SINGLE, nullptr); }

GYRE_BINDING(int, MPI_Init_thread, (int* argc, char*** argv, int required, int* provided)) {
  if (required < MPI_THREAD_SINGLE || required > MPI_THREAD_MULTIPLE)
    gyre::log::fatal("MPI_Init_thread: invalid thread level " + std::to_string(required), 1);
  return initialize("MPI_Init_thread", required, provided);
}

GYRE_BINDING(int, MPI_Finalize, (void)) {
  gyre::api::Call call("MPI_Finalize");
  if (!call.ok()) return call.not_initialized();
  if (Error e = call.rt().finalize()) return call.fail(MPI_COMM_WORLD, e);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Initialized, (int* flag)) {
  if (flag == nullptr) return MPI_ERR_ARG;
  *flag = Runtime::get().state() != gyre::RuntimeState::uninitialized;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Finalized, (int* flag)) {
  if (flag == nullptr) return MPI_ERR_ARG;
  *flag = Runtime::get().state() == gyre::RuntimeState::finalized;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Abort, (MPI_Comm comm, int errorcode)) {
  Runtime& rt = Runtime::get();
  std::string who = "rank " + std::to_string(rt.identity().world_rank);
  rt.abort(errorcode, "MPI_Abort called by " + who + " with error code " + std::to_string(errorcode));
}

GYRE_BINDING(double, MPI_Wtime, (void)) {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

GYRE_BINDING(double, MPI_Wtick, (void)) {
  timespec ts;
  clock_getres(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

GYRE_BINDING(int, MPI_Get_processor_name, (char* name, int* resultlen)) {
  gyre::api::Call call("MPI_Get_processor_name");
  if (name == nullptr || resultlen == nullptr)
    return call.fail(MPI_COMM_WORLD, Error(ErrClass::arg, "name or resultlen is NULL"));
  char host[MPI_MAX_PROCESSOR_NAME];
  if (gethostname(host, sizeof host) != 0) std::strcpy(host, "localhost");
  host[sizeof host - 1] = '\0';
  copy_string(name, host, MPI_MAX_PROCESSOR_NAME, resultlen);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Get_version, (int* version, int* subversion)) {
  if (version == nullptr || subversion == nullptr) return MPI_ERR_ARG;
  *version = MPI_VERSION;
  *subversion = MPI_SUBVERSION;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Get_library_version, (char* version, int* resultlen)) {
  if (version == nullptr || resultlen == nullptr) return MPI_ERR_ARG;
  std::string args = GYRE_CONFIGURE_ARGS;
  args.erase(0, args.find_first_not_of(' '));
  std::string text = std::string("Gyre ") + PACKAGE_VERSION + " (MPI " + std::to_string(MPI_VERSION) + "." +
                     std::to_string(MPI_SUBVERSION) + ", MPICH ABI; configure: " + args + ")";
  copy_string(version, text.c_str(), MPI_MAX_LIBRARY_VERSION_STRING, resultlen);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Query_thread, (int* provided)) {
  gyre::api::Call call("MPI_Query_thread");
  if (!call.ok()) return call.not_initialized();
  if (provided == nullptr) return call.fail(MPI_COMM_WORLD, Error(ErrClass::arg, "provided is NULL"));
  *provided = call.rt().thread_level();
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Is_thread_main, (int* flag)) {
  gyre::api::Call call("MPI_Is_thread_main");
  if (!call.ok()) return call.not_initialized();
  if (flag == nullptr) return call.fail(MPI_COMM_WORLD, Error(ErrClass::arg, "flag is NULL"));
  *flag = call.rt().is_main_thread();
  return MPI_SUCCESS;
}
