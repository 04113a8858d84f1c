#include "runtime/runtime.h"

#include <unistd.h>

#include <algorithm>

#include "coll/coll.h"
#include "coll/decision_table.h"
#include "pml/pml.h"
#include "runtime/api/binding_state.h"
#include "runtime/log.h"
#include "runtime/params.h"
#include "runtime/pmix/pmix_client.h"
#include "runtime/predefined.h"
#include "runtime/world_coll_segment.h"

namespace gyre {
namespace {

// Every rank has published. Where the whole job shares this node and a
// transport needs no modex and can tell when every peer has published
// (btl/sm: each rank's segment, made before the world's segment is needed),
// that transport waits for it: the last rank to get there wakes the others
// at once. The PMIx exchange, which would carry nothing then, released the
// ranks 200-1100 us after the last one arrived at np 4 on 2 cores, one by
// one. Every rank decides alike: from the job's layout and the transports,
// which follow from it.
Error meet_peers(const ProcessIdentity& id, std::vector<std::unique_ptr<btl::Transport>>& transports,
                 PmixClient& pmix) {
  if (id.local_size == id.world_size)
    for (auto& t : transports)
      if (t->meets_local_peers()) return t->await_local_peers();
  return pmix.exchange();
}

// MPI_Init ends with a barrier over MPI_COMM_WORLD, as Open MPI's does (a
// PMIx fence there). Where ranks share cores they leave the meeting one by
// one, and each still maps the peers that came last and builds the world's
// collective module; without the barrier the program's first collective
// absorbs that skew. np 4 on 2 cores, 21 runs, medians: the first
// MPI_Barrier 390 -> 192 us, while the time from the last rank's arrival
// until every rank is through it did not grow (538 -> 471 us; np 2: 191 ->
// 195, first barrier 90 -> 9).
Error leave_together(Communicator& world) {
  if (world.size() < 2) return Error::ok();
  coll::CollArgs a{coll::CollOp::barrier, world.rank(), world.size()};
  return world.coll()->run(a, {});
}

}  // namespace

Runtime::Runtime() { register_predefined(*this); }

Runtime::~Runtime() = default;

Runtime& Runtime::get() {
  // The process's one runtime object (the only global in the library). It is
  // never destroyed: MPI_Finalize already released everything external, and
  // running member destructors at exit would tear down the progress engine
  // before the communicators whose collective modules still refer to it (and
  // would run MPI teardown in programs that exit without MPI_Finalize).
  static Runtime* const runtime = [] {
    auto* r = new Runtime();
    built_.store(r, std::memory_order_release);
    return r;
  }();
  return *runtime;
}

api::BindingState& Runtime::bindings() {
  if (!bindings_) bindings_ = std::make_unique<api::BindingState>();
  return *bindings_;
}

const coll::DecisionTable& Runtime::coll_table() {
  if (!coll_table_) coll_table_ = coll::job_table();
  return *coll_table_;
}

const coll::JobSettings& Runtime::coll_settings() {
  if (!coll_settings_) coll_settings_ = std::make_unique<coll::JobSettings>(coll::read_job_settings());
  return *coll_settings_;
}

double Runtime::seconds_since_start() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time_).count();
}

Error Runtime::initialize(int requested_thread_level, int* provided) {
  if (state_ != RuntimeState::uninitialized)
    return Error(ErrClass::other, state_ == RuntimeState::running ? "MPI is already initialized"
                                                                  : "MPI cannot be initialized after MPI_Finalize");
  start_time_ = std::chrono::steady_clock::now();
  main_thread_ = std::this_thread::get_id();
  // Progress and the pml keep no per-thread state and take no locks, so any
  // thread may call as long as calls never overlap: SERIALIZED is the most
  // Gyre provides (a request for MULTIPLE is answered with SERIALIZED). The
  // async progress thread does not change this: it takes the MPI lock that
  // every call then takes, but concurrent user calls are not tested.
  thread_level_ = requested_thread_level > 2 ? 2 : requested_thread_level;
  if (provided != nullptr) *provided = thread_level_;

  Error error;
  pmix_ = PmixClient::connect(&error);
  GYRE_TRY(error);
  identity_ = pmix_->identity();
  log_name_ = std::to_string(identity_.world_rank) + "@" + identity_.hostname;
  if (identity_.world_rank == 0) params::warn_unknown_environment();

  // More ranks on this node than processors: waiting ranks must hand their
  // core to the peer they wait for rather than spin.
  long processors = sysconf(_SC_NPROCESSORS_ONLN);
  node_oversubscribed_ = processors > 0 && identity_.local_size > processors;
  progress_.set_oversubscribed(node_oversubscribed_);
  // Objects that need no peer, made before the exchange: every rank waits
  // there for the slowest anyway, while after it the ranks run to the first
  // collective, and ranks sharing cores take turns (MPI_INFO_ENV costs
  // ~120,000 instructions; the settings, the decision table and the
  // progress thread's configuration below ~40 us a rank at np 4 on 2 cores,
  // and the first two are then read once for every communicator).
  groups.add_predefined(0x48000000, std::make_unique<Group>());                  // MPI_GROUP_EMPTY
  infos.add_predefined(0x5c000001, std::make_unique<Info>(Info::environment(0, nullptr)));  // MPI_INFO_ENV
  (void)coll_settings();  // GYRE_COLL_*, once for every communicator's module
  (void)coll_table();
  async_progress_.configure(progress_, identity_.local_size);
  WorldCollSegment world_segment(identity_, node_oversubscribed_);
  GYRE_TRY(start_transports(world_segment));
  GYRE_TRY(create_world_and_self(world_segment.take()));
  progress_.add_poller([this] { return reap_orphans(); });
  GYRE_TRY(leave_together(*comms.lookup(static_cast<int>(kCommWorld))));
  state_ = RuntimeState::running;
  return Error::ok();
}

Error Runtime::start_transports(WorldCollSegment& world_segment) {
  transports_.push_back(btl::make_self_transport(identity_));
  if (auto sm = btl::make_sm_transport(identity_)) transports_.push_back(std::move(sm));
  // The world's segment first: ranks that come later then find it made.
  GYRE_TRY(world_segment.publish());
  for (auto& t : transports_) GYRE_TRY(t->publish(*pmix_));
  if (identity_.world_size > 1) GYRE_TRY(meet_peers(identity_, transports_, *pmix_));
  GYRE_TRY(world_segment.attach());
  std::vector<btl::Transport*> raw;
  for (auto& t : transports_) {
    GYRE_TRY(t->connect(*pmix_));
    raw.push_back(t.get());
    if (t->caps().can_block) progress_.set_sleeper(t.get());
  }
  for (int peer = 0; peer < identity_.world_size; ++peer) {
    bool reached = false;
    for (auto* t : raw) reached = reached || t->reaches(peer);
    if (!reached)
      return Error(ErrClass::other, "no transport reaches rank " + std::to_string(peer) + " (it runs on another node;"
                                    " the network transport is not available in this build)");
  }
  pml_ = std::make_unique<pml::Pml>(identity_, std::move(raw), progress_);
  return Error::ok();
}

Error Runtime::create_world_and_self(btl::sm::SharedSegment world_segment) {
  auto world = std::make_unique<Communicator>(std::make_shared<Group>(Group::range(identity_.world_size)),
                                              identity_.world_rank, 0, "MPI_COMM_WORLD");
  world->set_handle(static_cast<int>(kCommWorld));
  Communicator& w = *world;
  comms.add_predefined(static_cast<int>(kCommWorld), std::move(world));
  auto self = std::make_unique<Communicator>(std::make_shared<Group>(std::vector<int>{identity_.world_rank}), 0, 2,
                                             "MPI_COMM_SELF");
  self->set_handle(static_cast<int>(kCommSelf));
  Communicator& s = *self;
  comms.add_predefined(static_cast<int>(kCommSelf), std::move(self));
  w.set_coll(coll::create_module(w));
  if (world_segment.mapped()) w.coll()->adopt_shm_segment(std::move(world_segment));
  s.set_coll(coll::create_module(s));
  return Error::ok();
}

int Runtime::reap_orphans() {
  if (orphans_.empty()) return 0;
  size_t before = orphans_.size();
  std::erase_if(orphans_, [](const std::unique_ptr<Request>& r) { return r->complete(); });
  return static_cast<int>(before - orphans_.size());
}

Error Runtime::finalize() {
  if (state_ != RuntimeState::running) return Error(ErrClass::other, "MPI is not initialized");
  // The progress thread goes first: from here on this thread alone progresses.
  async_progress_.stop();
  // Let released sends finish before the barrier (their data must arrive),
  // and eager sends that completed without a request but sit in the outbox
  // behind a full peer queue: the fence below makes no progress, so a frame
  // still queued then would never reach its peer (seen: a peer hung in a
  // reduce while its children waited in the fence).
  // Released receives that never matched would wait forever: drop them.
  progress_.wait_until([this] {
    return !pml_->has_unsent_frames() &&
           std::none_of(orphans_.begin(), orphans_.end(),
                        [](const std::unique_ptr<Request>& r) { return r->kind() == Request::Kind::send; });
  });
  // MPI-4 §11.2.4: MPI_COMM_SELF's attributes are deleted first, newest first.
  if (Communicator* self = comms.lookup(static_cast<int>(kCommSelf)))
    GYRE_TRY(self->attributes().delete_all(keyvals, static_cast<int>(kCommSelf)));
  // Everyone must be done with everyone's memory before transports go away.
  GYRE_TRY(pmix_->fence());
  for (auto& t : transports_) t->shutdown();
  pmix_->finalize();
  state_ = RuntimeState::finalized;
  return Error::ok();
}

void Runtime::abort(int code, const std::string& why) {
  log::warn(why);
  // An exit status keeps 8 bits: never let a non-zero code read as success.
  int status = code & 0xff;
  if (code != 0 && status == 0) status = 1;
  if (pmix_) pmix_->abort(status, why);
  std::_Exit(status);
}

}  // namespace gyre
