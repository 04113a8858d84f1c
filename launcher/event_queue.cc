#include "launcher/event_queue.h"

#include <sys/eventfd.h>

#include <cerrno>
#include <cstdint>
#include <stdexcept>

namespace gyre::launcher {

EventQueue::EventQueue() : wake_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    if (!wake_.valid()) throw std::runtime_error("eventfd failed");
}

void EventQueue::push(ServerEvent e) {
    {
        std::lock_guard lock(mutex_);
        pending_.push_back(std::move(e));
    }
    uint64_t one = 1;
    // A full counter (never in practice) still leaves the fd readable.
    while (::write(wake_.get(), &one, sizeof one) < 0 && errno == EINTR) {
    }
}

std::vector<ServerEvent> EventQueue::drain() {
    uint64_t count;
    while (::read(wake_.get(), &count, sizeof count) < 0 && errno == EINTR) {
    }
    std::lock_guard lock(mutex_);
    return std::exchange(pending_, {});
}

}  // namespace gyre::launcher
