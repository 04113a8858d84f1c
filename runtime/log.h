// Messages to the user: warnings, fatal errors. Every line names the rank so
// that the output of a many-rank job says who is talking (Runtime::log_name,
// once MPI_Init knows it).
#pragma once
#include <string>

namespace gyre::log {

void warn(const std::string& msg);
void info(const std::string& msg);       // only when GYRE_VERBOSE >= 1
void debug(int level, const std::string& msg);  // when GYRE_VERBOSE >= level
[[noreturn]] void fatal(const std::string& msg, int exit_code = 1);

}  // namespace gyre::log
