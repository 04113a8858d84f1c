// Forwards every rank's stdout and stderr to mpirun's own, one whole line at
// a time: ranks write concurrently, and a line cut in two by another rank's
// output is unreadable. With --tag-output each line gets Open MPI's prefix
// "[1,<rank>]<stdout>:" so that tools which parse it keep working.
#pragma once
#include <poll.h>

#include <string>
#include <vector>

#include "launcher/unique_fd.h"

namespace gyre::launcher {

enum class Stream { Out, Err };

class IoForwarder {
public:
    IoForwarder(bool tag_output, int stdout_fd = 1, int stderr_fd = 2);

    // Starts forwarding `fd` (the read end of a rank's pipe; made non-blocking).
    void watch(int rank, Stream stream, UniqueFd fd);

    // Appends a pollfd for every open pipe; returns how many it appended.
    size_t add_pollfds(std::vector<pollfd>& fds) const;
    // Handles the entries add_pollfds appended, starting at fds[first].
    void handle(const std::vector<pollfd>& fds, size_t first);

    // Reads whatever `rank` has already written, so that its last words come
    // out before mpirun reports how it ended.
    void drain_rank(int rank);
    // Reads what is left, writes partial lines, closes every pipe.
    void finish();

    bool any_open() const;

private:
    struct Channel {
        int rank;
        Stream stream;
        UniqueFd fd;
        std::string pending;  // bytes after the last newline
    };
    // Reads until the pipe is empty; closes the channel at EOF.
    void read_channel(Channel& c);
    std::string prefix(const Channel& c) const;  // the --tag-output prefix, or ""
    void emit(Channel& c, const char* data, size_t len);
    void flush_partial(Channel& c);
    void write_all(int fd, const std::string& s);

    bool tag_;
    int out_fd_, err_fd_;
    std::vector<Channel> channels_;
};

}  // namespace gyre::launcher
