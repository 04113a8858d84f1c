// mpirun's main loop once the ranks run: one poll() over rank output, the
// signal self-pipe and PMIx events. It decides when the job has failed, says
// why in one line, ends the remaining ranks (SIGTERM, then SIGKILL), and
// yields mpirun's exit status.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "launcher/event_queue.h"
#include "launcher/io_forwarder.h"
#include "launcher/job.h"
#include "launcher/signals.h"

namespace gyre::launcher {

class Supervisor {
public:
    Supervisor(Job& job, IoForwarder& io, EventQueue& events, SignalPipe& signals,
               std::string hostname, double timeout_s);

    // Ends the job now (e.g. a launch step failed): prints `message` unless
    // empty, terminates the ranks, and makes `exit_code` mpirun's status.
    void fail(int exit_code, const std::string& message);

    // Runs until every rank has ended and its output is forwarded.
    int run();

    // After run(): no failure or signal ended the job, and every rank that
    // called PMIx_Init also called PMIx_Finalize.
    bool ended_cleanly() const;

private:
    using Clock = std::chrono::steady_clock;
    struct RankFlags {
        bool connected = false;  // called PMIx_Init: an MPI rank
        bool finalized = false;  // called PMIx_Finalize
    };

    void handle_server_events();
    void handle_exit(const Job::Exit& e);
    void handle_signal(int sig);
    void handle_timers();
    void terminate(Clock::duration grace);
    int poll_timeout_ms() const;
    std::string who(int rank, pid_t pid) const;

    Job& job_;
    IoForwarder& io_;
    EventQueue& events_;
    SignalPipe& signals_;
    std::string hostname_;
    double timeout_s_;
    Clock::time_point started_;
    std::vector<RankFlags> flags_;

    std::optional<int> exit_code_;        // set by the first failure
    bool terminating_ = false;
    bool killed_ = false;                 // SIGKILL sent
    Clock::time_point kill_at_;           // SIGKILL deadline while terminating
    std::optional<Clock::time_point> output_deadline_;  // after the last rank ended
};

}  // namespace gyre::launcher
