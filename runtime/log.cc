#include "runtime/log.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "runtime/params.h"

namespace gyre::log {
namespace {

// Who is talking: set once at MPI_Init. Kept here rather than in the runtime
// so that messages work before the runtime exists.
struct Identity {
  int rank = -1;
  std::string host;
};

Identity& identity() {
  static Identity id;
  return id;
}

int verbosity() {
  static const int level = [] {
    const char* v = std::getenv("GYRE_VERBOSE");
    return v != nullptr ? std::atoi(v) : 0;
  }();
  return level;
}

void emit(const char* kind, const std::string& msg) {
  std::string line = "gyre";
  if (identity().rank >= 0) line += "[" + std::to_string(identity().rank) + "@" + identity().host + "]";
  line += std::string(" ") + kind + ": " + msg + "\n";
  // One write() per line so lines of different ranks never interleave.
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace

void set_identity(int world_rank, const std::string& host) {
  identity().rank = world_rank;
  identity().host = host;
}

void warn(const std::string& msg) { emit("warning", msg); }

void info(const std::string& msg) {
  if (verbosity() >= 1) emit("info", msg);
}

void debug(int level, const std::string& msg) {
  if (verbosity() >= level) emit("debug", msg);
}

void fatal(const std::string& msg, int exit_code) {
  emit("error", msg);
  std::_Exit(exit_code);
}

}  // namespace gyre::log
