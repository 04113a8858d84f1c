// mpirun's command line, parsed into plain data. Pure: no environment, no
// files, no system calls, so every spelling users bring from Open MPI and
// MPICH is unit-tested (test/unit/launcher_options_test.cc).
#pragma once
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace gyre::launcher {

// What each rank is bound to. Default means "decide at launch": core when the
// job fits the cores, none when it is oversubscribed.
enum class BindTo { Default, None, Hwthread, Core, Numa, Socket };

// The order in which ranks take the binding units. On one host every policy
// is a permutation of the same units; `slot` and `node` place rank i on unit i.
enum class MapBy { Default, Slot, Node, Hwthread, Core, Numa, Socket };

// One `-x VAR`, `-x VAR=VAL`, `-genv VAR VAL` or `-env VAR VAL`. No value
// means "copy VAR from mpirun's environment", resolved at launch.
struct EnvSetting {
    std::string name;
    std::optional<std::string> value;
    bool operator==(const EnvSetting&) const = default;
};

// One entry of `-H a:2,b` or a hostfile line. slots == 0: not given.
struct HostSlots {
    std::string name;
    int slots = 0;
    bool operator==(const HostSlots&) const = default;
};

// One program with its rank count; MPMD jobs have several, separated by ':'.
struct AppContext {
    int np = 0;                        // 0: not given (fill the slots)
    std::vector<std::string> argv;     // argv[0] is the program as typed
    std::vector<EnvSetting> env;       // -env, this app only
    std::string wdir;                  // -wdir in this app's part of the line; empty: mpirun's cwd
};

struct Options {
    std::vector<AppContext> apps;
    std::vector<EnvSetting> env;       // -x, -genv: every app
    std::vector<HostSlots> hosts;      // -H / --host, in order
    std::vector<std::string> hostfiles;  // --hostfile / -machinefile / -f
    BindTo bind_to = BindTo::Default;
    MapBy map_by = MapBy::Default;
    double timeout_s = 0;              // 0: no timeout
    bool oversubscribe = false;
    bool tag_output = false;
    bool show_help = false;
    bool show_version = false;
    bool report_bindings = false;
};

// Either the options or one line saying what is wrong with the command line.
using ParseResult = std::variant<Options, std::string>;

// args excludes argv[0].
ParseResult parse_options(const std::vector<std::string>& args);

// "a:2,b,c:1" -> {a,2},{b,0},{c,1}; an error line on a bad entry.
std::variant<std::vector<HostSlots>, std::string> parse_host_list(const std::string& list);

// Hostfile text: "host [slots=N] [max_slots=N]" or "host:N" per line, '#'
// comments, blank lines. `origin` names the file in error messages.
std::variant<std::vector<HostSlots>, std::string> parse_hostfile(const std::string& text,
                                                                 const std::string& origin);

// Slots this host offers to the job, given every -H / hostfile entry. The
// launcher is single-host for now: an entry naming another host is an error.
// `local_names` are the names this host answers to (localhost, its hostname,
// its short hostname...). Each entry offers its count, or `pus` (the
// processing units mpirun may use) when it has none; entries add up.
// Returns 0 when `hosts` is empty (no host restriction).
std::variant<int, std::string> local_slots(const std::vector<HostSlots>& hosts,
                                           const std::vector<std::string>& local_names, int pus);

const char* to_string(BindTo b);
const char* to_string(MapBy m);

// The --help text.
const char* usage_text();

}  // namespace gyre::launcher
