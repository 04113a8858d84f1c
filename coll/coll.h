// The collectives framework as the rest of Gyre sees it: a per-communicator
// Module that selects an algorithm per call (decision table, overrides),
// builds or reuses its schedule and runs it — to completion for blocking
// calls, as a Request for nonblocking (MPI_I*) and persistent (*_init) ones.
#pragma once
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coll/args.h"
#include "coll/schedule/engine.h"
#include "runtime/error.h"

namespace gyre {
class Communicator;
class Request;
class ProgressEngine;
namespace btl::sm {
class SharedSegment;
}
}  // namespace gyre

namespace gyre::coll {

namespace shm {
class ShmComm;
}
class CollRequest;
struct Algorithm;
struct CacheEntry;
struct SelectionInput;
class DecisionTable;

// Per-communicator collective state: overrides, the sequence number that
// keeps consecutive collectives apart, cached schedules of small blocking
// calls, and the nonblocking requests it progresses.
class Module {
 public:
  // transport: how schedules reach peers (the pml in the library, a
  // simulated network in tests). ppn: ranks per node (a selection input).
  Module(std::string comm_name, int rank, int size, int ppn, std::unique_ptr<Transport> transport,
         ProgressEngine* progress);
  ~Module();
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  // Blocking collective: select, build (or reuse), run to completion.
  // Arguments that complete() filled reach the algorithm as they are;
  // others are copied and completed first.
  Error run(const CollArgs& a, const RunBuffers& b) {
    if (completed(a)) [[likely]] return run_completed(a, b);
    CollArgs c = a;
    complete(c);
    return run_completed(c, b);
  }
  // The fields the module knows (nodes: its layout unless the caller
  // brought one; oversub), filled in: the bindings call it on the
  // arguments they build, so run() need not copy them.
  void complete(CollArgs& a) const {
    if (a.nodes == nullptr && layout_ && !a.inter) a.nodes = &*layout_;
    a.oversub = oversub_ && !a.inter;
  }
  // Nonblocking: the request completes from the progress engine.
  Error start(const CollArgs& a, const RunBuffers& b, std::unique_ptr<Request>* out);
  // Persistent: built now, inactive until MPI_Start.
  Error init(const CollArgs& a, const RunBuffers& b, std::unique_ptr<Request>* out);

  // Force an algorithm for one operation on this communicator ("" clears).
  Error set_override(CollOp op, std::string_view algorithm);
  // The algorithm that would run these arguments, and why (for tests/trace).
  const Algorithm& select(const CollArgs& a, std::string* why = nullptr);

  // The members by node (hier algorithms and the decision table's node
  // count); without one the communicator counts as one node.
  void set_node_layout(NodeLayout layout);
  const NodeLayout* node_layout() const { return layout_ ? &*layout_ : nullptr; }

  // The rules choosing algorithms (the job's table; built in by default).
  void set_table(const DecisionTable* table) {
    table_ = table;
    forget_selections();
  }

  // The communicator's node runs more ranks than it has processors (the
  // decision table's `oversub`; the same on every member).
  void set_oversubscribed(bool oversub) {
    oversub_ = oversub;
    forget_selections();
  }
  // GYRE_COLL_TRACE: log every choice (comm rank 0).
  void set_trace(bool on) { trace_ = on; }
  // The shm component's shared segment: the name rank 0 creates it under
  // at the first blocking call that selects a direct (shm) algorithm.
  // Without a name (tests) direct algorithms give way to schedules.
  // world_ranks: the members' world ranks, whom a raised flag wakes.
  void set_shm_name(std::string name, std::vector<int> world_ranks = {}) {
    shm_name_ = std::move(name);
    shm_world_ranks_ = std::move(world_ranks);
  }
  // A segment every member has mapped already (MPI_COMM_WORLD's, made
  // during MPI_Init): the shm collectives use it without the exchanges that
  // make one at first use. Call after set_shm_name and set_oversubscribed;
  // the same on every member.
  void adopt_shm_segment(btl::sm::SharedSegment segment);
  int rank() const { return rank_; }
  int size() const { return size_; }
  // Called by the progress engine poller; public for tests that step it.
  int progress();
  // No nonblocking or started persistent collective is in flight (so the
  // communicator may be destroyed: MPI_Comm_free defers until then).
  bool idle() const { return active_.empty(); }

 private:
  friend class CollRequest;
  friend class ScheduleBootstrap;
  int next_tag();
  CollArgs with_layout(const CollArgs& a) const;
  bool completed(const CollArgs& a) const {
    return (a.nodes != nullptr || !layout_ || a.inter) && a.oversub == (oversub_ && !a.inter);
  }
  Error run_completed(const CollArgs& a, const RunBuffers& b);
  // The memo's selection for these arguments; nullptr where it has none.
  const Algorithm* remembered(const CollArgs& a) const;
  // run_completed with GYRE_COLL_TRACE: the reasoning is built and logged.
  Error run_traced(const CollArgs& a, const RunBuffers& b);
  // Run a schedule algorithm (cached for small calls) to completion.
  Error run_schedule(const CollArgs& a, const Algorithm& alg, const RunBuffers& b);
  std::unique_ptr<Schedule> build(const CollArgs& a, const Algorithm& alg);
  Schedule* cached_schedule(const CollArgs& a, const Algorithm& alg);
  void activate(CollRequest* r);
  void deactivate(CollRequest* r);
  void trace(const CollArgs& a, const Algorithm& alg, const std::string& why) const;
  // The table's choice among schedules (a nonblocking call, or no segment).
  const Algorithm& schedule_choice(const CollArgs& a, std::string* why);
  // What a nonblocking or persistent call runs: the selection, or the
  // table's schedule choice where that is a direct (shm) algorithm; traced.
  const Algorithm& select_schedule(const CollArgs& a);
  SelectionInput selection_input(const CollArgs& a) const;
  // The shared segment, created at first use; nullptr when it cannot be.
  // Inline: every shm call asks.
  shm::ShmComm* shm_comm() { return shm_ != nullptr ? shm_.get() : make_shm_comm(); }
  shm::ShmComm* make_shm_comm();
  Error run_blocking(Schedule& s, const RunBuffers& b);
  // select() without the reasoning: the full walk (overrides, table rows,
  // registry look-ups) costs more than a small shm collective itself.
  const Algorithm& select_uncached(const CollArgs& a, std::string* why);
  void forget_selections();

  std::string name_;
  int rank_, size_, ppn_;
  int nodes_ = 1;
  bool oversub_ = false;
  std::optional<NodeLayout> layout_;
  std::unique_ptr<Transport> transport_;
  ProgressEngine* progress_;
  size_t poller_token_ = SIZE_MAX;
  uint32_t seq_ = 0;
  const Algorithm* forced_[kNumCollOps] = {};
  bool warned_[kNumCollOps] = {};
  // The last selection per operation and the inputs it depended on beyond
  // what is fixed per communicator (size, ppn, nodes, layout, inter): a loop
  // of identical calls selects once. Cleared by every setter of those inputs.
  struct Memo {
    const Algorithm* alg = nullptr;  // nullptr: nothing remembered
    size_t bytes = 0;
    const NodeLayout* nodes = nullptr;  // callers of select() may bring their own layout
    bool commutative = false;
    bool contiguous = false;  // of the datatype, for reductions (shm folds contiguous data only)
    size_t element = 0;       // the datatype's size, for reductions (stream folds no element larger than a slot)
  };
  Memo memo_[kNumCollOps];
  bool trace_ = false;
  const DecisionTable* table_;
  Run blocking_run_;
  std::vector<std::unique_ptr<CacheEntry>> cache_;
  size_t cache_next_ = 0;
  std::vector<CollRequest*> active_;
  std::string shm_name_;
  std::vector<int> shm_world_ranks_;
  std::unique_ptr<shm::ShmComm> shm_;
  bool shm_failed_ = false;  // the members agreed that no segment can be made
};

// What module creation takes from the job's configuration, fixed for the
// job: read once per process (the runtime keeps it), not per communicator
// (a registry lookup and getenv per GYRE_COLL_* name made MPI_COMM_WORLD's
// module ~50 us and MPI_COMM_SELF's ~17 at np 4 on 2 cores; ~25 and ~2 now).
struct JobSettings {
  std::string forced[kNumCollOps];  // GYRE_COLL_<OP>: "" where unset or the op has one algorithm
  int hier_node_size = 0;           // GYRE_COLL_HIER_NODE_SIZE
  bool trace = false;               // GYRE_COLL_TRACE
};
// Reads them now (from the parameter registry and the environment).
JobSettings read_job_settings();

// Build the module of a new communicator (collective over its members only
// where it must agree on inputs; cheap otherwise).
std::unique_ptr<Module> create_module(Communicator& comm);

// Per-communicator override (the info key gyre_coll_<op>): op is the
// lowercase operation name, e.g. set_override(comm, "allreduce", "ring").
Error set_override(Communicator& comm, std::string_view op, std::string_view algorithm);

// For gyre_info --coll.
void describe_table(std::ostream& out);
std::string explain(std::string_view op, size_t bytes, int np, int ppn, int nodes = 1);

// Group comm ranks by node: node_of[r] for every rank (any ids); with
// node_size > 0, blocks of node_size consecutive ranks instead (testing).
NodeLayout make_node_layout(const std::vector<int>& node_of, int node_size = 0);

}  // namespace gyre::coll
