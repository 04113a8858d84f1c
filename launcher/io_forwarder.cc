#include "launcher/io_forwarder.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

namespace gyre::launcher {
namespace {

// A line longer than this is forwarded in pieces: memory stays bounded even
// for a rank that prints megabytes without a newline.
constexpr size_t kMaxPending = 64 * 1024;

}  // namespace

IoForwarder::IoForwarder(bool tag_output, int stdout_fd, int stderr_fd)
    : tag_(tag_output), out_fd_(stdout_fd), err_fd_(stderr_fd) {}

void IoForwarder::watch(int rank, Stream stream, UniqueFd fd) {
    int flags = fcntl(fd.get(), F_GETFL);
    fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK);
    channels_.push_back(Channel{rank, stream, std::move(fd), {}});
}

size_t IoForwarder::add_pollfds(std::vector<pollfd>& fds) const {
    size_t n = 0;
    for (const auto& c : channels_) {
        if (!c.fd.valid()) continue;
        fds.push_back(pollfd{c.fd.get(), POLLIN, 0});
        ++n;
    }
    return n;
}

void IoForwarder::handle(const std::vector<pollfd>& fds, size_t first) {
    size_t i = first;
    for (auto& c : channels_) {
        if (!c.fd.valid()) continue;
        if (i >= fds.size()) break;
        if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) read_channel(c);
        ++i;
    }
}

void IoForwarder::drain_rank(int rank) {
    for (auto& c : channels_) {
        if (c.rank == rank && c.fd.valid()) read_channel(c);
    }
}

void IoForwarder::finish() {
    for (auto& c : channels_) {
        if (c.fd.valid()) read_channel(c);
        flush_partial(c);
        c.fd.reset();
    }
}

bool IoForwarder::any_open() const {
    for (const auto& c : channels_) {
        if (c.fd.valid()) return true;
    }
    return false;
}

void IoForwarder::read_channel(Channel& c) {
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(c.fd.get(), buf, sizeof buf);
        if (n > 0) {
            emit(c, buf, static_cast<size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        // EOF (or a broken pipe): the rank closed this stream.
        flush_partial(c);
        c.fd.reset();
        return;
    }
}

std::string IoForwarder::prefix(const Channel& c) const {
    if (!tag_) return {};
    return "[1," + std::to_string(c.rank) + (c.stream == Stream::Out ? "]<stdout>:" : "]<stderr>:");
}

void IoForwarder::emit(Channel& c, const char* data, size_t len) {
    const std::string prefix = this->prefix(c);
    std::string out;
    size_t start = 0;
    for (size_t i = 0; i < len; ++i) {
        if (data[i] != '\n') continue;
        out += prefix;
        out += c.pending;
        out.append(data + start, i + 1 - start);
        c.pending.clear();
        start = i + 1;
    }
    c.pending.append(data + start, len - start);
    if (c.pending.size() > kMaxPending) {
        out += prefix;
        out += c.pending;
        c.pending.clear();
    }
    if (!out.empty()) write_all(c.stream == Stream::Out ? out_fd_ : err_fd_, out);
}

void IoForwarder::flush_partial(Channel& c) {
    if (c.pending.empty()) return;
    std::string out = prefix(c) + c.pending;
    c.pending.clear();
    write_all(c.stream == Stream::Out ? out_fd_ : err_fd_, out);
}

void IoForwarder::write_all(int fd, const std::string& s) {
    size_t done = 0;
    while (done < s.size()) {
        ssize_t n = ::write(fd, s.data() + done, s.size() - done);
        if (n > 0) {
            done += static_cast<size_t>(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // Our stdout is a non-blocking descriptor shared with someone
            // else (a terminal set so by another program): wait until it drains.
            pollfd p{fd, POLLOUT, 0};
            ::poll(&p, 1, -1);
        } else {
            return;  // EPIPE or similar: the reader is gone; drop the output
        }
    }
}

}  // namespace gyre::launcher
