#include "launcher/supervisor.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdio>

namespace gyre::launcher {
namespace {

using namespace std::chrono_literals;

// A failed job: the others get SIGTERM, and SIGKILL this long after.
constexpr auto kFailureGrace = 500ms;
// Ctrl-C or SIGTERM to mpirun: the ranks get the same signal first.
constexpr auto kUserSignalGrace = 1000ms;
// Once every rank has ended, output still held open by processes the ranks
// started is waited for this long.
constexpr auto kOutputGrace = 200ms;

// An exit status is 0..255; MPI_Abort(comm, -1) should still fail.
int exit_status_of(int code) {
    int s = code & 0xff;
    return (s == 0 && code != 0) ? 1 : s;
}

void say(const std::string& line) {
    std::string out = "mpirun: " + line + "\n";
    (void)!::write(2, out.data(), out.size());
}

}  // namespace

Supervisor::Supervisor(Job& job, IoForwarder& io, EventQueue& events, SignalPipe& signals,
                       std::string hostname, double timeout_s)
    : job_(job), io_(io), events_(events), signals_(signals), hostname_(std::move(hostname)),
      timeout_s_(timeout_s), started_(Clock::now()) {}

std::string Supervisor::who(int rank, pid_t pid) const {
    return "rank " + std::to_string(rank) + " (pid " + std::to_string(pid) + ") on host " + hostname_;
}

void Supervisor::fail(int exit_code, const std::string& message) {
    if (exit_code_ || terminating_) return;  // only the first failure is reported
    exit_code_ = exit_code;
    if (!message.empty()) say(message + (job_.running() > 0 ? "; terminating the job" : ""));
    terminate(kFailureGrace);
}

bool Supervisor::ended_cleanly() const {
    if (terminating_) return false;
    for (const RankFlags& f : flags_) {
        if (f.connected && !f.finalized) return false;
    }
    return true;
}

void Supervisor::terminate(Clock::duration grace) {
    if (terminating_) return;
    terminating_ = true;
    job_.signal_all(SIGTERM);
    kill_at_ = Clock::now() + grace;
}

void Supervisor::handle_server_events() {
    for (const ServerEvent& e : events_.drain()) {
        if (e.rank < 0) continue;
        if (size_t(e.rank) >= flags_.size()) flags_.resize(e.rank + 1);
        switch (e.kind) {
            case ServerEvent::Kind::Connected: flags_[e.rank].connected = true; break;
            case ServerEvent::Kind::Finalized: flags_[e.rank].finalized = true; break;
            case ServerEvent::Kind::Abort:
                io_.drain_rank(e.rank);
                fail(exit_status_of(e.status),
                     "rank " + std::to_string(e.rank) + " on host " + hostname_ +
                         " called MPI_Abort with code " + std::to_string(e.status) +
                         (e.message.empty() ? "" : " (" + e.message + ")"));
                break;
        }
    }
}

void Supervisor::handle_exit(const Job::Exit& e) {
    // Its last output comes out before the line that says how it ended.
    io_.drain_rank(e.rank);
    if (terminating_) return;  // ranks we are ending are not news
    RankFlags f = size_t(e.rank) < flags_.size() ? flags_[e.rank] : RankFlags{};
    if (WIFSIGNALED(e.wait_status)) {
        int sig = WTERMSIG(e.wait_status);
        fail(128 + sig, who(e.rank, e.pid) + " was killed by signal " + std::to_string(sig) + " (" +
                            signal_name(sig) + ")");
    } else if (WIFEXITED(e.wait_status) && WEXITSTATUS(e.wait_status) != 0) {
        int code = WEXITSTATUS(e.wait_status);
        fail(code, who(e.rank, e.pid) + " exited with status " + std::to_string(code));
    } else if (f.connected && !f.finalized) {
        // Open MPI's rule: an MPI rank that leaves without MPI_Finalize may
        // leave its peers waiting forever, so the job has failed.
        fail(1, who(e.rank, e.pid) +
                    " exited with status 0 without finalizing (it called MPI_Init / PMIx_Init "
                    "but not MPI_Finalize / PMIx_Finalize)");
    }
}

void Supervisor::handle_signal(int sig) {
    switch (sig) {
        case SIGCHLD: break;  // ranks are reaped on every turn of the loop
        case SIGINT:
        case SIGTERM:
            if (terminating_) {
                // A second Ctrl-C: stop waiting for the ranks to clean up.
                job_.signal_all(SIGKILL);
                killed_ = true;
                break;
            }
            if (!exit_code_) exit_code_ = 128 + sig;
            terminating_ = true;
            job_.signal_all(sig);
            kill_at_ = Clock::now() + kUserSignalGrace;
            break;
        default: job_.signal_all(sig); break;  // SIGHUP, SIGUSR1, SIGUSR2
    }
}

void Supervisor::handle_timers() {
    auto now = Clock::now();
    if (timeout_s_ > 0 && !terminating_ &&
        now - started_ >= std::chrono::duration<double>(timeout_s_)) {
        char secs[32];
        std::snprintf(secs, sizeof secs, "%g", timeout_s_);
        fail(124, std::string("the job did not finish within its --timeout of ") + secs + " seconds");
    }
    if (terminating_ && !killed_ && now >= kill_at_) {
        job_.signal_all(SIGKILL);
        killed_ = true;
    }
}

int Supervisor::poll_timeout_ms() const {
    std::optional<Clock::time_point> next;
    auto consider = [&next](Clock::time_point t) {
        if (!next || t < *next) next = t;
    };
    if (timeout_s_ > 0 && !terminating_)
        consider(started_ + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(timeout_s_)));
    if (terminating_ && !killed_) consider(kill_at_);
    if (output_deadline_) consider(*output_deadline_);
    if (!next) return -1;
    auto ms = std::chrono::ceil<std::chrono::milliseconds>(*next - Clock::now()).count();
    return ms < 0 ? 0 : int(ms);
}

int Supervisor::run() {
    std::vector<pollfd> fds;
    for (;;) {
        // Reap first, then read PMIx events: a client's "finalized" is
        // queued before that client can exit, so after this order an exit is
        // never seen without the events that preceded it.
        std::vector<Job::Exit> exits = job_.reap();
        handle_server_events();
        for (const auto& e : exits) handle_exit(e);
        handle_timers();

        if (job_.running() == 0) {
            if (!io_.any_open()) break;
            if (!output_deadline_) output_deadline_ = Clock::now() + kOutputGrace;
            if (Clock::now() >= *output_deadline_) break;
        }

        fds.clear();
        fds.push_back(pollfd{events_.fd(), POLLIN, 0});
        fds.push_back(pollfd{signals_.fd(), POLLIN, 0});
        io_.add_pollfds(fds);
        int n = ::poll(fds.data(), fds.size(), poll_timeout_ms());
        if (n < 0 && errno != EINTR) {
            say(std::string("poll failed; ending the job"));
            fail(1, "");
            job_.signal_all(SIGKILL);
            break;
        }
        if (n <= 0) continue;
        if (fds[1].revents & POLLIN) {
            for (int sig : signals_.drain()) handle_signal(sig);
        }
        io_.handle(fds, 2);
    }
    io_.finish();
    return exit_code_.value_or(0);
}

}  // namespace gyre::launcher
