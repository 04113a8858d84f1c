// Messages to the user: warnings, fatal errors. Every line names the rank so
// that the output of a many-rank job says who is talking.
#pragma once
#include <string>

namespace gyre::log {

// Set once by the runtime when the rank is known; -1 before that.
void set_identity(int world_rank, const std::string& host);

void warn(const std::string& msg);
void info(const std::string& msg);       // only when GYRE_VERBOSE >= 1
void debug(int level, const std::string& msg);  // when GYRE_VERBOSE >= level
[[noreturn]] void fatal(const std::string& msg, int exit_code = 1);

}  // namespace gyre::log
