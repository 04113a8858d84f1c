// The one engine that runs every collective schedule: a blocking call starts
// a Run and waits on the progress engine; a nonblocking or persistent
// request advances the same Run from a progress poller. The engine talks to
// the network only through Transport, so a unit test can run any schedule
// for N ranks inside one process (coll_sim_test) and the library runs it
// over the pml (PmlTransport).
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

#include "coll/schedule/schedule.h"
#include "runtime/error.h"
#include "runtime/request.h"

namespace gyre {
class Op;
class Datatype;
}  // namespace gyre

namespace gyre::coll {

// Point-to-point as a collective needs it: peers are ranks of the
// communicator, tags carry the collective's sequence number, and every
// message travels on the communicator's collective context.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual std::unique_ptr<Request> isend(const void* buf, size_t count, const Datatype& type, int peer, int tag) = 0;
  virtual std::unique_ptr<Request> irecv(void* buf, size_t count, const Datatype& type, int peer, int tag) = 0;
  // A one-byte datatype for raw-byte steps.
  virtual const Datatype& byte_type() const = 0;
};

// What a schedule runs on: the user's buffers and the reduction.
struct RunBuffers {
  const void* sendbuf = nullptr;
  void* recvbuf = nullptr;
  const Op* op = nullptr;
  const Datatype* reduce_type = nullptr;
};

// One execution of a schedule. Reusable: start() again after done().
class Run {
 public:
  Run() = default;
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  void start(Schedule& schedule, Transport& transport, const RunBuffers& buffers, int tag);
  // Make whatever progress is possible without waiting; true once complete.
  bool advance();
  bool done() const { return done_; }
  const Error& error() const { return error_; }
  // Rounds this run has finished (for tests that step round by round).
  size_t rounds_done() const { return round_; }

 private:
  std::byte* base(uint16_t slot) const;
  void post_round();
  bool transfers_complete();
  bool background_complete();
  void check(const Request& r);
  void run_local_steps();

  Schedule* schedule_ = nullptr;
  Transport* transport_ = nullptr;
  RunBuffers buffers_;
  int tag_ = 0;
  size_t round_ = 0;
  bool posted_ = false;
  bool done_ = true;
  Error error_;
  std::vector<std::unique_ptr<Request>> pending_;     // this round's transfers; capacity kept across runs
  std::vector<std::unique_ptr<Request>> background_;  // background sends, awaited at the end
};

}  // namespace gyre::coll
