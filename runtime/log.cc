#include "runtime/log.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "runtime/params.h"
#include "runtime/runtime.h"

namespace gyre::log {
namespace {

int verbosity() {
  static const int level = [] {
    const char* v = std::getenv("GYRE_VERBOSE");
    return v != nullptr ? std::atoi(v) : 0;
  }();
  return level;
}

void emit(const char* kind, const std::string& msg) {
  std::string line = "gyre";
  // Runtime::find, not get: a message must not build the runtime (gyre_info,
  // or a warning from a member constructor while it is being built).
  if (const Runtime* rt = Runtime::find(); rt != nullptr && !rt->log_name().empty())
    line += "[" + rt->log_name() + "]";
  line += std::string(" ") + kind + ": " + msg + "\n";
  // One write() per line so lines of different ranks never interleave.
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace

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
