#include "launcher/signals.h"

#include <fcntl.h>
#include <signal.h>

#include <cerrno>
#include <stdexcept>

namespace gyre::launcher {
namespace {

// The write end of the self-pipe. A signal handler has no user argument, so
// this one global is unavoidable; it is set while a SignalPipe exists.
volatile sig_atomic_t g_signal_write_fd = -1;

void on_signal(int sig) {
    int saved = errno;  // the interrupted code may be inspecting errno
    unsigned char byte = static_cast<unsigned char>(sig);
    if (g_signal_write_fd >= 0) (void)!::write(g_signal_write_fd, &byte, 1);
    errno = saved;
}

}  // namespace

SignalPipe::SignalPipe(const std::vector<int>& signals) : signals_(signals) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("pipe2 failed");
    read_.reset(fds[0]);
    write_.reset(fds[1]);
    g_signal_write_fd = fds[1];

    struct sigaction sa = {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (int s : signals_) sigaction(s, &sa, nullptr);
    signal(SIGPIPE, SIG_IGN);
}

SignalPipe::~SignalPipe() {
    for (int s : signals_) signal(s, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    g_signal_write_fd = -1;
}

std::vector<int> SignalPipe::drain() {
    std::vector<int> out;
    unsigned char buf[64];
    for (;;) {
        ssize_t n = ::read(read_.get(), buf, sizeof buf);
        if (n > 0) {
            out.insert(out.end(), buf, buf + n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        break;  // EAGAIN: empty
    }
    return out;
}

void SignalPipe::reset_in_child() const {
    for (int s : signals_) signal(s, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
}

}  // namespace gyre::launcher
