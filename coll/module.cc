#include <cstdio>

#include "coll/algorithms.h"
#include "coll/coll.h"
#include "coll/decision_table.h"
#include "coll/request.h"
#include "coll/shm/shm_comm.h"
#include "runtime/datatype.h"
#include "runtime/log.h"
#include "runtime/progress.h"

namespace gyre::coll {

// A cached schedule of a small blocking collective, keyed on everything
// its steps depend on (never on buffer addresses: those come at run time).
struct CacheEntry {
  const Algorithm* alg;
  size_t count, rcount;
  const Datatype* type;   // predefined only: their addresses never change
  const Datatype* rtype;  // likewise (nullptr where the op has none)
  int root;
  bool in_place, commutative;
  std::unique_ptr<Schedule> schedule;
  bool matches(const CollArgs& a, const Algorithm* al) const {
    return alg == al && count == a.count && type == a.type && rcount == a.rcount && rtype == a.rtype &&
           root == a.root && in_place == a.in_place &&
           commutative == a.commutative;
  }
};

namespace {
constexpr size_t kCacheEntries = 8;
constexpr size_t kCacheMaxBytes = 64 * 1024;  // larger calls amortize their build

// The table's choice; a direct algorithm that declines these arguments
// (a datatype it cannot reduce) gives way to the table's schedule choice.
Selection table_choice(const DecisionTable& table, SelectionInput in, const CollArgs& a) {
  Selection s = table.decide(in);
  if (s.algorithm->run != nullptr && !unsupported_reason(*s.algorithm, a).empty()) {
    in.direct = false;
    s = table.decide(in);
  }
  return s;
}

bool cacheable(const CollArgs& a) {
  bool op_ok = a.op == CollOp::barrier || a.op == CollOp::bcast || a.op == CollOp::allreduce || a.op == CollOp::reduce ||
               a.op == CollOp::allgather || a.op == CollOp::alltoall;
  if (!op_ok) return false;
  if (a.op == CollOp::barrier) return true;
  // Either side may be absent (MPI_IN_PLACE, or an op with no receive type).
  auto fits = [](const Datatype* t, size_t n) {
    return t == nullptr || (t->is_predefined() && t->contiguous() && n * t->size() <= kCacheMaxBytes);
  };
  return (a.type != nullptr || a.rtype != nullptr) && fits(a.type, a.count) && fits(a.rtype, a.rcount);
}
}  // namespace

Module::Module(std::string comm_name, int rank, int size, int ppn, std::unique_ptr<Transport> transport,
               ProgressEngine* progress)
    : name_(std::move(comm_name)), rank_(rank), size_(size), ppn_(ppn), transport_(std::move(transport)),
      progress_(progress), table_(&DecisionTable::builtin()) {
  // With nothing in flight the poller goes idle (left out of every poll)
  // until activate() wakes it: small point-to-point waits poll less.
  if (progress_ != nullptr)
    poller_token_ = progress_->add_poller([this] { return active_.empty() ? ProgressEngine::kIdle : this->progress(); });
}

Module::~Module() {
  if (progress_ != nullptr) progress_->remove_poller(poller_token_);
}

void Module::set_node_layout(NodeLayout layout) {
  nodes_ = layout.num_nodes;
  ppn_ = layout.ppn;
  layout_ = std::move(layout);
  forget_selections();
}

void Module::forget_selections() {
  for (Memo& m : memo_) m = Memo{};
}

CollArgs Module::with_layout(const CollArgs& a) const {
  CollArgs b = a;
  complete(b);
  return b;
}

int Module::next_tag() {
  seq_ = (seq_ + 1) & 0x7fffffffu;  // the pml carries 31-bit tags; the collective context keeps them apart from user tags
  return static_cast<int>(seq_);
}

Error Module::set_override(CollOp op, std::string_view algorithm) {
  size_t i = static_cast<size_t>(op);
  if (algorithm.empty()) {
    forced_[i] = nullptr;
    memo_[i] = Memo{};
    return Error::ok();
  }
  const Algorithm* alg = find_algorithm(op, algorithm);
  if (alg == nullptr)
    return Error(ErrClass::arg, "unknown " + std::string(op_name(op)) + " algorithm '" + std::string(algorithm) +
                                    "' (valid: " + algorithm_names(op) + ")");
  forced_[i] = alg;
  warned_[i] = false;
  memo_[i] = Memo{};
  return Error::ok();
}

// Inline in run_completed: a loop of identical calls pays a few compares.
inline const Algorithm* Module::remembered(const CollArgs& a) const {
  const Memo& m = memo_[static_cast<size_t>(a.op)];
  bool reduction = is_reduction(a.op);
  bool contiguous = !reduction || a.type->contiguous();
  size_t element = reduction ? a.type->size() : 0;
  if (m.alg != nullptr && m.bytes == message_bytes(a) && m.nodes == a.nodes && m.commutative == a.commutative &&
      m.contiguous == contiguous && m.element == element)
    return m.alg;
  return nullptr;
}

const Algorithm& Module::select(const CollArgs& a, std::string* why) {
  if (why != nullptr) return select_uncached(a, why);  // tracing: the reasoning is wanted every time
  if (const Algorithm* alg = remembered(a)) return *alg;
  bool reduction = is_reduction(a.op);
  Memo& m = memo_[static_cast<size_t>(a.op)];
  const Algorithm& alg = select_uncached(a, nullptr);
  m = Memo{&alg, message_bytes(a), a.nodes, a.commutative, !reduction || a.type->contiguous(),
           reduction ? a.type->size() : 0};
  return alg;
}

SelectionInput Module::selection_input(const CollArgs& a) const {
  SelectionInput in{a.op, message_bytes(a), size_, ppn_, a.commutative, a.inter ? 1 : nodes_, a.inter};
  in.oversub = oversub_ && !a.inter;
  return in;
}

const Algorithm& Module::select_uncached(const CollArgs& a, std::string* why) {
  size_t i = static_cast<size_t>(a.op);
  SelectionInput in = selection_input(a);
  if (const Algorithm* forced = forced_[i]) {
    std::string_view reason = unsupported_reason(*forced, a);
    if (reason.empty()) {
      if (why != nullptr) *why = "forced";
      return *forced;
    }
    Selection s = table_choice(*table_, in, a);
    if (!warned_[i] && rank_ == 0)
      log::warn("coll: " + std::string(op_name(a.op)) + " algorithm '" + std::string(forced->name) +
                "' was forced but cannot run on communicator " + name_ + " (" + std::string(reason) +
                "); running '" + std::string(s.algorithm->name) + "' instead");
    warned_[i] = true;
    if (why != nullptr) *why = "forced " + std::string(forced->name) + " cannot run: " + std::string(reason);
    return *s.algorithm;
  }
  Selection s = table_choice(*table_, in, a);
  if (why != nullptr) *why = s.rule != nullptr ? table_->describe(*s.rule) : a.inter ? "intercommunicator" : "reference";
  return *s.algorithm;
}

const Algorithm& Module::schedule_choice(const CollArgs& a, std::string* why) {
  SelectionInput in = selection_input(a);
  in.direct = false;
  Selection s = table_->decide(in);
  if (why != nullptr)
    *why = (s.rule != nullptr ? table_->describe(*s.rule) : std::string("reference")) +
           "; shm runs blocking calls on a shared segment only";
  return *s.algorithm;
}

const Algorithm& Module::select_schedule(const CollArgs& a) {
  std::string why;
  const Algorithm* alg = &select(a, trace_ ? &why : nullptr);
  if (alg->run != nullptr) alg = &schedule_choice(a, trace_ ? &why : nullptr);
  if (trace_) trace(a, *alg, why);
  return *alg;
}

// The point-to-point exchanges that set up the shared segment: schedules
// run to completion on the communicator itself.
class ScheduleBootstrap final : public shm::Bootstrap {
 public:
  explicit ScheduleBootstrap(Module& m) : m_(m) {}
  Error bcast(void* buf, size_t n) override {
    CollArgs a = bytes_args(CollOp::bcast, n);
    Schedule s;
    build_bcast_binomial(a, s);
    s.finish();
    return m_.run_blocking(s, {nullptr, buf, nullptr, nullptr});
  }
  Error allgather(const void* mine, void* all, size_t n) override {
    CollArgs a = bytes_args(CollOp::allgather, n);
    Schedule s;
    build_allgather_ring(a, s);
    s.finish();
    return m_.run_blocking(s, {mine, all, nullptr, nullptr});
  }

 private:
  CollArgs bytes_args(CollOp op, size_t n) const {
    CollArgs a;
    a.op = op;
    a.rank = m_.rank_;
    a.size = m_.size_;
    a.count = a.rcount = n;
    a.type = a.rtype = &m_.transport_->byte_type();
    return a;
  }
  Module& m_;
};

void Module::adopt_shm_segment(btl::sm::SharedSegment segment) {
  shm_ = shm::ShmComm::adopt(rank_, size_, std::move(segment), progress_, shm_world_ranks_, oversub_);
}

shm::ShmComm* Module::make_shm_comm() {
  if (shm_ != nullptr || shm_failed_) return shm_.get();
  ScheduleBootstrap boot(*this);
  Error e = shm_name_.empty() ? Error(ErrClass::other, "no segment name")
                              : shm::ShmComm::create(rank_, size_, shm_name_, boot, progress_, &shm_, shm_world_ranks_,
                                                                   oversub_);
  if (e) {
    shm_failed_ = true;
    shm_.reset();
    if (rank_ == 0 && !shm_name_.empty())
      log::warn("coll: no shared-memory segment for communicator " + name_ + " (" + e.what() +
                "); its collectives use point-to-point schedules");
  }
  return shm_.get();
}

void Module::trace(const CollArgs& a, const Algorithm& alg, const std::string& why) const {
  if (rank_ != 0) return;
  std::fprintf(stderr, "gyre coll: comm %s %s %zu B np %d -> %s (%s)\n", name_.c_str(),
               std::string(op_name(a.op)).c_str(), message_bytes(a), size_, std::string(alg.name).c_str(), why.c_str());
}

std::unique_ptr<Schedule> Module::build(const CollArgs& a, const Algorithm& alg) {
  auto s = std::make_unique<Schedule>();
  alg.build(a, *s);
  s->finish();
  return s;
}

Schedule* Module::cached_schedule(const CollArgs& a, const Algorithm& alg) {
  for (auto& e : cache_)
    if (e->matches(a, &alg)) return e->schedule.get();
  auto entry = std::make_unique<CacheEntry>(
      CacheEntry{&alg, a.count, a.rcount, a.type, a.rtype, a.root, a.in_place, a.commutative, build(a, alg)});
  Schedule* s = entry->schedule.get();
  if (cache_.size() < kCacheEntries) {
    cache_.push_back(std::move(entry));
  } else {
    cache_[cache_next_] = std::move(entry);  // round-robin eviction: cheap and good enough for a handful of shapes
    cache_next_ = (cache_next_ + 1) % kCacheEntries;
  }
  return s;
}

// The reasoning string exists only when tracing (run_traced): building
// and destroying it on every call cost more than a small shm call's flag.
Error Module::run_completed(const CollArgs& a, const RunBuffers& b) {
  if (trace_) [[unlikely]] return run_traced(a, b);
  const Algorithm* alg = remembered(a);
  if (alg == nullptr) [[unlikely]] alg = &select(a);
  if (alg->run != nullptr) {
    if (shm::ShmComm* c = shm_comm()) [[likely]] return alg->run(*c, a, b);
    alg = &schedule_choice(a, nullptr);
  }
  return run_schedule(a, *alg, b);
}

Error Module::run_traced(const CollArgs& a, const RunBuffers& b) {
  std::string why;
  const Algorithm* alg = &select(a, &why);
  if (alg->run != nullptr) {
    if (shm::ShmComm* c = shm_comm()) {
      trace(a, *alg, why);
      return alg->run(*c, a, b);
    }
    alg = &schedule_choice(a, &why);
  }
  trace(a, *alg, why);
  return run_schedule(a, *alg, b);
}

Error Module::run_schedule(const CollArgs& a, const Algorithm& alg, const RunBuffers& b) {
  std::unique_ptr<Schedule> owned;
  Schedule* s = nullptr;
  if (cacheable(a)) {
    s = cached_schedule(a, alg);
  } else {
    owned = build(a, alg);
    s = owned.get();
  }
  return run_blocking(*s, b);
}

Error Module::run_blocking(Schedule& s, const RunBuffers& b) {
  blocking_run_.start(s, *transport_, b, next_tag());
  if (progress_ != nullptr)
    progress_->wait_until([this] { return blocking_run_.advance(); });
  else
    while (!blocking_run_.advance()) {
    }
  return blocking_run_.error();
}

Error Module::start(const CollArgs& args, const RunBuffers& b, std::unique_ptr<Request>* out) {
  CollArgs a = with_layout(args);
  auto r = std::make_unique<CollRequest>(*this, build(a, select_schedule(a)), b, false);
  r->begin();
  *out = std::move(r);
  return Error::ok();
}

Error Module::init(const CollArgs& args, const RunBuffers& b, std::unique_ptr<Request>* out) {
  CollArgs a = with_layout(args);
  *out = std::make_unique<CollRequest>(*this, build(a, select_schedule(a)), b, true);
  return Error::ok();
}

void Module::activate(CollRequest* r) {
  active_.push_back(r);
  if (progress_ != nullptr) progress_->wake(poller_token_);
}

void Module::deactivate(CollRequest* r) { std::erase(active_, r); }

int Module::progress() {
  int events = 0;
  for (size_t i = 0; i < active_.size();) {
    if (active_[i]->advance()) {
      active_[i] = active_.back();
      active_.pop_back();
      ++events;
    } else {
      ++i;
    }
  }
  return events;
}

}  // namespace gyre::coll
