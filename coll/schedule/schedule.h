// A collective schedule: rounds of steps. Steps of one round run
// concurrently: every send and receive of the round is posted at once, and
// the round's local steps (reduce, copy) run, in order, after its transfers
// complete. Rounds run in order. A background send is posted with its round
// but only the end of the schedule waits for it, so a rank can offer all of
// a vector at once and go on receiving (the receiver pulls it when ready).
//
// A schedule never holds the user's buffers: steps name a buffer slot (the
// user's send buffer, the user's receive buffer, or a temporary the schedule
// owns) plus a byte offset, and the op and reduction datatype are supplied
// when it runs. That is what lets one schedule be built once per
// (communicator, operation, size class) and run again with other buffers.
//
// The datatypes of typed steps are the schedule's own copies (a Datatype
// copy is a shared pointer to its immutable layout): MPI lets the program
// free a datatype while a nonblocking or persistent collective that uses it
// is pending (MPI-4.0 §2.5.1), so a step must never point at the handle's
// object. Predefined types are the exception: they are never freed, and
// steps point at them directly.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "runtime/datatype.h"

namespace gyre::coll {

// Buffer slots: 0 and 1 are the user's buffers, 2.. the schedule's temporaries.
constexpr uint16_t kSendBuf = 0;
constexpr uint16_t kRecvBuf = 1;
constexpr uint16_t kFirstTemp = 2;

struct BufRef {
  uint16_t buf = kSendBuf;
  std::ptrdiff_t offset = 0;  // bytes from the slot's base (user slots: the user's pointer)
  BufRef at(std::ptrdiff_t more) const { return {buf, offset + more}; }
};

enum class StepKind : uint8_t { send, recv, reduce, copy };

// count/type: for send/recv the elements moved (type nullptr = raw bytes);
// for reduce the elements of the run's reduction type; for copy the source
// side (count2/type2 the destination side; type nullptr = raw bytes).
struct Step {
  StepKind kind;
  int peer = -1;
  BufRef src;
  BufRef dst;
  size_t count = 0;
  const Datatype* type = nullptr;
  size_t count2 = 0;
  const Datatype* type2 = nullptr;
  bool background = false;  // send: awaited at the end of the schedule, not of its round
  bool dst_final = false;   // copy: the schedule never reads its destination again
};

// What a schedule costs one rank (the simulated-network test asserts these).
struct ScheduleCost {
  int rounds = 0;          // rounds that move data
  size_t sends = 0;
  size_t bytes_sent = 0;   // raw-byte sends counted exactly; typed sends by size()*count
  size_t bytes_received = 0;
};

class Schedule {
 public:
  Schedule() {
    // Most schedules are small: one allocation each instead of growing by doubling.
    steps_.reserve(8);
    round_begin_.reserve(4);
    begin_round();
  }
  ~Schedule();
  Schedule(const Schedule&) = delete;
  Schedule& operator=(const Schedule&) = delete;

  // ---- building ----
  // Start a new round; an empty current round is reused, so builders may
  // call this freely.
  void begin_round();
  void send(int peer, BufRef src, size_t bytes);
  void recv(int peer, BufRef dst, size_t bytes);
  // A send the schedule's end waits for, not its round's: later rounds go
  // on while the receiver takes it. Its source must not change before the
  // schedule ends.
  void send_background(int peer, BufRef src, size_t bytes);
  void send_typed(int peer, BufRef src, size_t count, const Datatype* type);
  void send_typed_background(int peer, BufRef src, size_t count, const Datatype* type);
  void recv_typed(int peer, BufRef dst, size_t count, const Datatype* type);
  // inout = in (op) inout over count elements of the run's reduction type.
  void reduce(BufRef in, BufRef inout, size_t count);
  void copy(BufRef dst, BufRef src, size_t bytes);
  // Copy between two typed layouts (same packed size). The typed calls keep
  // a copy of each datatype: the caller's object need not outlive the schedule.
  void copy_typed(BufRef dst, size_t dcount, const Datatype* dtype, BufRef src, size_t scount,
                  const Datatype* stype);
  // A copy_typed whose destination the schedule never reads again (a rank's
  // own block placed in the receive buffer): a large one may bypass the
  // cache (accel::copy_streaming).
  void copy_typed_final(BufRef dst, size_t dcount, const Datatype* dtype, BufRef src, size_t scount,
                        const Datatype* stype);
  // A temporary owned by the schedule, allocated once when building ends.
  uint16_t temp(size_t bytes);
  // Done building: allocate the temporaries (one arena).
  void finish();

  // ---- running ----
  size_t num_rounds() const { return round_begin_.size() - 1; }
  const Step* round_begin(size_t r) const { return steps_.data() + round_begin_[r]; }
  const Step* round_end(size_t r) const { return steps_.data() + round_begin_[r + 1]; }
  std::byte* temp_base(uint16_t slot) { return arena_.get() + temp_offset_[slot - kFirstTemp]; }
  size_t num_temps() const { return temp_offset_.size(); }
  size_t temp_bytes() const { return arena_bytes_; }

  ScheduleCost cost() const;

 private:
  void add(Step s);
  // The schedule's copy of *type (nullptr stays nullptr); one per distinct object.
  const Datatype* own(const Datatype* type);

  std::vector<Step> steps_;
  std::vector<uint32_t> round_begin_;  // finish() appends the end sentinel
  std::vector<size_t> temp_offset_;
  size_t arena_bytes_ = 0;
  std::unique_ptr<std::byte[]> arena_;
  bool finished_ = false;
  std::vector<std::unique_ptr<Datatype>> types_;                  // copies the steps point at
  std::unordered_map<const Datatype*, const Datatype*> type_copy_;  // caller's object -> copy
};

}  // namespace gyre::coll
