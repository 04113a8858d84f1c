// The rank processes: fork, bind, exec; who is still running; signals to
// all of them; reaping. Knows nothing of PMIx or of why a job ends.
#pragma once
#include <hwloc.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "launcher/unique_fd.h"

namespace gyre::launcher {

class Topology;
class SignalPipe;

struct LaunchSpec {
    int rank = 0;
    std::string exe;                 // path to execve (already resolved)
    std::vector<std::string> argv;
    std::vector<std::string> env;    // the complete environment, NAME=VALUE
    std::string wdir;                // empty: mpirun's working directory
    hwloc_const_cpuset_t binding = nullptr;  // null: not bound
    bool inherit_stdin = false;      // rank 0 reads mpirun's stdin; others /dev/null
};

struct RankProcess {
    int rank = 0;
    pid_t pid = -1;
    bool running = false;
    bool own_group = false;          // leads its own process group
    int wait_status = 0;             // from waitpid, once !running
};

class Job {
public:
    Job(const Topology& topo, const SignalPipe& signals);
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;

    // Starts one rank; `out` and `err` receive the read ends of its stdout and
    // stderr pipes. A failure inside the child (chdir, bind, exec) is reported
    // on the rank's stderr and ends it with status 127.
    bool launch(const LaunchSpec& spec, UniqueFd& out, UniqueFd& err, std::string& error);

    // Sends `sig` to every running rank, and to the processes it started.
    void signal_all(int sig);

    struct Exit {
        int rank;
        pid_t pid;
        int wait_status;
    };
    std::vector<Exit> reap();  // ranks that ended since the last call; never blocks

    int running() const;
    const std::vector<RankProcess>& ranks() const { return ranks_; }

private:
    const Topology& topo_;
    const SignalPipe& signals_;
    UniqueFd dev_null_;
    std::vector<RankProcess> ranks_;
};

// "Killed", "Segmentation fault", ... for messages.
std::string signal_name(int sig);

}  // namespace gyre::launcher
