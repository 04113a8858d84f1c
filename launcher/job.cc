#include "launcher/job.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "launcher/binding.h"
#include "launcher/signals.h"

namespace gyre::launcher {
namespace {

// Between fork and exec the child avoids anything that takes a lock: mpirun
// has threads (libpmix's), and a lock one of them held at fork time stays
// held in the child forever. The exceptions are malloc inside hwloc's
// binding call, which glibc keeps usable across fork, and strerror.
void child_write(const char* s) { (void)!::write(2, s, std::strlen(s)); }

[[noreturn]] void child_fail(const std::string& what, int err, int status) {
    child_write(what.c_str());
    child_write(std::strerror(err));
    child_write("\n");
    _exit(status);
}

std::vector<char*> c_strings(const std::vector<std::string>& v) {
    std::vector<char*> out;
    out.reserve(v.size() + 1);
    for (const auto& s : v) out.push_back(const_cast<char*>(s.c_str()));
    out.push_back(nullptr);
    return out;
}

}  // namespace

Job::Job(const Topology& topo, const SignalPipe& signals)
    : topo_(topo), signals_(signals), dev_null_(::open("/dev/null", O_RDONLY | O_CLOEXEC)) {}

bool Job::launch(const LaunchSpec& spec, UniqueFd& out, UniqueFd& err, std::string& error) {
    int out_pipe[2], err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0) {
        error = std::string("pipe: ") + std::strerror(errno);
        return false;
    }
    UniqueFd out_r(out_pipe[0]), out_w(out_pipe[1]);
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
        error = std::string("pipe: ") + std::strerror(errno);
        return false;
    }
    UniqueFd err_r(err_pipe[0]), err_w(err_pipe[1]);

    std::vector<char*> argv = c_strings(spec.argv);
    std::vector<char*> envp = c_strings(spec.env);
    // Built before fork: the child only concatenates fixed strings.
    const std::string who = "mpirun: rank " + std::to_string(spec.rank) + ": ";
    const std::string exec_fail = who + "cannot execute " + spec.exe + ": ";
    const std::string chdir_fail = who + "cannot change to directory " + spec.wdir + ": ";
    const std::string bind_fail = who + "warning: could not bind to its CPUs: ";
    // A rank reading a terminal must stay in the terminal's foreground
    // process group; every other rank gets a group of its own, so that
    // signals reach the processes it starts too.
    const bool own_group = !(spec.inherit_stdin && isatty(0));

    const pid_t mpirun_pid = getpid();

    // No signal may run mpirun's handler in the child before exec.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t pid = fork();
    if (pid == 0) {
        signals_.reset_in_child();
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        if (own_group) setpgid(0, 0);
        // A rank in its own process group would outlive an mpirun killed
        // with SIGKILL (a CI timeout, an OOM kill); the kernel ends it too.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != mpirun_pid) _exit(127);  // mpirun died before prctl
        if (!spec.inherit_stdin) dup2(dev_null_.get(), 0);
        dup2(out_w.get(), 1);
        dup2(err_w.get(), 2);
        if (!spec.wdir.empty() && chdir(spec.wdir.c_str()) != 0) child_fail(chdir_fail, errno, 127);
        if (spec.binding && !topo_.bind_this_process(spec.binding)) {
            child_write(bind_fail.c_str());
            child_write(std::strerror(errno));
            child_write("\n");
        }
        // Nothing of mpirun's (PMIx sockets, other ranks' pipes) leaks into a rank.
        close_range(3, ~0U, 0);
        execve(spec.exe.c_str(), argv.data(), envp.data());
        child_fail(exec_fail, errno, errno == ENOENT ? 127 : 126);
    }
    int fork_errno = errno;
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (pid < 0) {
        error = std::string("fork: ") + std::strerror(fork_errno);
        return false;
    }
    if (own_group) setpgid(pid, pid);  // also here: no race with signal_all

    ranks_.push_back(RankProcess{spec.rank, pid, true, own_group, 0});
    out = std::move(out_r);
    err = std::move(err_r);
    return true;
}

void Job::signal_all(int sig) {
    for (const auto& r : ranks_) {
        if (!r.running) continue;
        ::kill(r.own_group ? -r.pid : r.pid, sig);
    }
}

std::vector<Job::Exit> Job::reap() {
    std::vector<Exit> out;
    for (;;) {
        int status = 0;
        pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid < 0 && errno == EINTR) continue;
        if (pid <= 0) break;
        for (auto& r : ranks_) {
            if (r.pid == pid && r.running) {
                r.running = false;
                r.wait_status = status;
                out.push_back({r.rank, pid, status});
            }
        }
    }
    return out;
}

int Job::running() const {
    int n = 0;
    for (const auto& r : ranks_) n += r.running ? 1 : 0;
    return n;
}

std::string signal_name(int sig) {
    const char* name = strsignal(sig);
    return name ? name : "signal " + std::to_string(sig);
}

}  // namespace gyre::launcher
