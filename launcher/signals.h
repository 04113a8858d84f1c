// Signals become ordinary events of the main loop: each handled signal's
// number is written into a pipe (the self-pipe trick), so the poll() loop sees
// SIGCHLD, Ctrl-C and friends next to rank output, with no work done in
// signal context.
#pragma once
#include <vector>

#include "launcher/unique_fd.h"

namespace gyre::launcher {

class SignalPipe {
public:
    // Installs handlers for `signals`; SIGPIPE is ignored so that a closed
    // stdout does not kill mpirun before it has ended the job.
    explicit SignalPipe(const std::vector<int>& signals);
    ~SignalPipe();  // restores the default dispositions
    SignalPipe(const SignalPipe&) = delete;
    SignalPipe& operator=(const SignalPipe&) = delete;

    int fd() const { return read_.get(); }
    std::vector<int> drain();  // signal numbers received since the last call

    // For a freshly forked child, before exec: default dispositions for every
    // signal mpirun touched (an ignored SIGPIPE would survive exec).
    void reset_in_child() const;

private:
    std::vector<int> signals_;
    UniqueFd read_;
    UniqueFd write_;
};

}  // namespace gyre::launcher
