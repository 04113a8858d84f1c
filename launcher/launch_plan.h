// From parsed options to a concrete job on this host: how many ranks, which
// program and environment each gets, where it runs, and whether the host has
// room for them. Everything that can be refused is refused here, before a
// single process is started.
#pragma once
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "launcher/options.h"

namespace gyre::launcher {

struct RankPlan {
    int rank = 0;
    int appnum = 0;
    int app_rank = 0;
    std::string exe;                 // resolved path
    std::vector<std::string> argv;
    std::vector<std::string> env;    // before PMIx adds its variables
    std::string wdir;                // empty: mpirun's working directory
};

struct AppPlan {
    int size = 0;
    int first_rank = 0;
    std::string wdir;
    std::vector<std::string> argv;
};

struct LaunchPlan {
    int slots = 0;                   // what the host offers (-H / hostfile, else its PUs)
    bool oversubscribed = false;     // more ranks than processing units
    std::vector<AppPlan> apps;
    std::vector<RankPlan> ranks;
    std::vector<std::string> warnings;
};

struct HostFacts {
    int pus = 1;                            // processing units mpirun may use
    std::vector<std::string> local_names;   // names this host answers to; last = hostname
    std::vector<std::string> environment;   // mpirun's environment, NAME=VALUE
    std::string cwd;
};

// The program of a rank as execve needs it: `program` itself when it names a
// path ('/' in it; relative to `cwd`, mpirun's directory), else the first
// match in `path` (a PATH value). Empty with `error` set when there is none.
std::string resolve_program(const std::string& program, const std::string& path,
                            const std::string& cwd, std::string& error);

// libpmix's "hash" gds component holds what its dstore components (ds21,
// ds12) do not: the server's own keys and each client's. A PMIX_MCA_gds
// that selects only a dstore (e.g. "ds21") therefore breaks libpmix 4.2:
// the server cannot store its URI, clients hang in PMIx_Init (MPI_Init),
// and "ds12" alone even crashes the server. Returns the value to use
// instead, the same list with hash kept ("ds21,hash"; "^hash,ds12" ->
// "^ds12"; "^hash" -> "", which selects every component), or nothing when
// `value` already keeps hash.
std::optional<std::string> gds_keeping_hash(const std::string& value);

// `hostfile_texts` holds the contents of opts.hostfiles, in order.
std::variant<LaunchPlan, std::string> make_launch_plan(const Options& opts, const HostFacts& host,
                                                       const std::vector<std::string>& hostfile_texts);

}  // namespace gyre::launcher
