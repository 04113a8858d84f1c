// Hands events from PMIx's progress thread to mpirun's main thread. The
// server callbacks run on a thread that mpirun does not own and must return
// quickly; the main thread owns every piece of job state. So a callback only
// pushes a record here; the eventfd wakes the main thread's poll() and the
// main thread drains the queue.
#pragma once
#include <mutex>
#include <string>
#include <vector>

#include "launcher/unique_fd.h"

namespace gyre::launcher {

struct ServerEvent {
    enum class Kind { Connected, Finalized, Abort };
    Kind kind;
    int rank;
    int status = 0;        // Abort: the code given to PMIx_Abort / MPI_Abort
    std::string message;   // Abort: the client's message
};

class EventQueue {
public:
    EventQueue();
    int fd() const { return wake_.get(); }  // readable when events are queued
    void push(ServerEvent e);               // any thread
    std::vector<ServerEvent> drain();       // main thread

private:
    std::mutex mutex_;
    std::vector<ServerEvent> pending_;
    UniqueFd wake_;
};

}  // namespace gyre::launcher
