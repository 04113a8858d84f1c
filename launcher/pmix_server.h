// The job's PMIx server, hosted inside mpirun through libpmix's server API.
// It publishes what every rank needs to know about the job (size, local
// peers, node and process maps, per-rank data), completes fences, and turns
// client connect / finalize / abort into events for the main loop.
#pragma once
#include <hwloc.h>

#include <memory>
#include <string>
#include <vector>

#include "launcher/event_queue.h"

namespace gyre::launcher {

struct ProcPlacement {
    int rank = 0;
    int appnum = 0;
    int app_rank = 0;
    int local_rank = 0;   // == node rank: one job per host
    hwloc_const_cpuset_t cpuset = nullptr;  // null: not bound
};

struct AppPlacement {
    int size = 0;
    int first_rank = 0;
    std::string wdir;
    std::string argv;     // space-joined, for PMIX_APP_ARGV
};

struct JobDescription {
    std::string nspace;
    std::string hostname;
    std::string tmpdir;   // PMIX_TMPDIR: mpirun's private directory
    std::string nsdir;    // PMIX_NSDIR: a directory for this job inside it
    int univ_size = 0;    // slots available to the job
    std::string map_by, bind_to;
    std::vector<AppPlacement> apps;
    std::vector<ProcPlacement> procs;  // index == rank
};

class PmixServer {
    struct Key {};  // a passkey: only start() can construct

public:
    // Initialises libpmix as a server rooted in `tmpdir` (rendezvous files
    // live there, not in /tmp, so concurrent jobs never meet). `events`
    // receives client connect / finalize / abort. libpmix allows one server
    // per process; a second start() fails.
    static std::unique_ptr<PmixServer> start(const std::string& tmpdir, const std::string& hostname,
                                             hwloc_topology_t topology, EventQueue& events,
                                             std::string& error);
    PmixServer(Key, EventQueue& events) : events_(events) {}
    ~PmixServer();  // PMIx_server_finalize, unless skip_finalize() was called

    // For a job that ended abnormally: the destructor leaves libpmix as it
    // is, since PMIx_server_finalize can block forever on a lock that a
    // killed client held; the process exits right after anyway.
    void skip_finalize() { finalize_ = false; }
    PmixServer(const PmixServer&) = delete;
    PmixServer& operator=(const PmixServer&) = delete;

    // Registers the namespace and every rank as a client. Returns once libpmix
    // has stored it all, so ranks may be started right after.
    bool register_job(const JobDescription& job, std::string& error);

    // Adds to `env` what rank `rank`'s PMIx client needs to reach us.
    bool setup_fork(int rank, std::vector<std::string>& env, std::string& error);

    EventQueue& events() { return events_; }

private:
    EventQueue& events_;
    bool initialized_ = false;
    bool finalize_ = true;
    std::string nspace_;
};

}  // namespace gyre::launcher
