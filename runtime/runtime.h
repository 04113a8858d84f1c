// The runtime object: the one owner of all process-wide state. It exists
// from MPI_Init until the process exits (it stays after MPI_Finalize so that
// MPI_Finalized and late error reports still work).
#pragma once
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "btl/btl.h"
#include "runtime/async_progress.h"
#include "runtime/attribute.h"
#include "runtime/comm.h"
#include "runtime/context_id.h"
#include "runtime/datatype.h"
#include "runtime/errhandler.h"
#include "runtime/exchange_stash.h"
#include "runtime/group.h"
#include "runtime/handles.h"
#include "runtime/info.h"
#include "runtime/op.h"
#include "runtime/pmix/identity.h"
#include "runtime/progress.h"
#include "runtime/request.h"
#include "runtime/user_errors.h"

namespace gyre {

namespace pml {
class Pml;
}
namespace api {
struct BindingState;
}
namespace coll {
class DecisionTable;
struct JobSettings;
}
class PmixClient;
class WorldCollSegment;
namespace btl::sm {
class SharedSegment;
}

enum class RuntimeState { uninitialized, running, finalized };

// Freed communicators whose operations are still pending (MPI-4 §7.4.3),
// destroyed from progress once they complete (runtime/comm.cc). One left at
// exit is never destroyed, as the runtime is not.
struct RetiredCommunicators {
  std::vector<std::unique_ptr<Communicator>> comms;
  bool polling = false;  // the reaping poller is registered
};

class Runtime {
 public:
  ~Runtime();

  // The process's runtime, created on first use (before MPI_Init it exists
  // with state() == uninitialized, so MPI_Initialized can ask).
  static Runtime& get();
  // The runtime if get() has built it, else nullptr; never builds one (log
  // lines ask it who is talking, also before and while it is built).
  static Runtime* find() { return built_.load(std::memory_order_acquire); }

  Error initialize(int requested_thread_level, int* provided);
  Error finalize();
  // Abort the whole job (through PMIx when launched, else exit).
  [[noreturn]] void abort(int code, const std::string& why);

  RuntimeState state() const { return state_; }
  bool running() const { return state_ == RuntimeState::running; }
  int thread_level() const { return thread_level_; }
  bool is_main_thread() const { return std::this_thread::get_id() == main_thread_; }
  const ProcessIdentity& identity() const { return identity_; }
  // Who is talking in log lines ("3@node7"); empty until PMIx gave the rank.
  const std::string& log_name() const { return log_name_; }
  double seconds_since_start() const;

  // More of the job's ranks on this node than it has processors, decided
  // once in MPI_Init (the same on every rank of the node): waiting ranks
  // yield their core, and coll/shm segments get the huge slots.
  bool node_oversubscribed() const { return node_oversubscribed_; }

  pml::Pml& pml() { return *pml_; }
  ProgressEngine& progress() { return progress_; }
  // The progress thread and the MPI lock it brings (async_progress.h).
  AsyncProgress& async_progress() { return async_progress_; }
  PmixClient* pmix() { return pmix_.get(); }

  // Handle tables (MPICH ABI encoding, see handles.h).
  HandleTable<Communicator, ObjectType::comm> comms;
  HandleTable<Datatype, ObjectType::datatype> datatypes{16};  // direct 0-4: pair types
  HandleTable<Op, ObjectType::op> ops;
  HandleTable<Request, ObjectType::request> requests;
  HandleTable<Errhandler, ObjectType::errhandler> errhandlers;
  HandleTable<Group, ObjectType::group> groups;  // MPI_GROUP_EMPTY is builtin 0
  HandleTable<Info, ObjectType::info> infos;     // MPI_INFO_ENV is builtin 1
  KeyvalTable keyvals;                            // predefined keyvals: runtime/api/attr_*.cc
  KeyvalRegistry& keyval_registry() { return keyvals; }
  // Context-id pairs free on this process (agreed collectively, see context_id.h).
  ContextIdPool context_ids;
  RetiredCommunicators retired_comms;
  // Another concurrent creation call's messages (see exchange_stash.h).
  ExchangeStash exchange_stash;
  // Error classes, codes and strings added by the application.
  UserErrors user_errors;

  // Requests freed by MPI_Request_free while still in flight; destroyed by
  // progress once they complete.
  void orphan(std::unique_ptr<Request> r) { orphans_.push_back(std::move(r)); }

  // The collective decision table of this job (GYRE_COLL_TABLE or built in),
  // read on first use, once per process.
  const coll::DecisionTable& coll_table();
  // What every communicator's collective module takes from the job's
  // configuration (coll::JobSettings), read on first use, once per process.
  const coll::JobSettings& coll_settings();
  // What the MPI bindings keep per process (runtime/api/binding_state.h).
  api::BindingState& bindings();


 private:
  Runtime();
  void register_predefined_objects();
  Error start_transports(WorldCollSegment& world_segment);
  Error create_world_and_self(btl::sm::SharedSegment world_segment);
  int reap_orphans();

  RuntimeState state_ = RuntimeState::uninitialized;
  int thread_level_ = 0;
  std::thread::id main_thread_;
  std::chrono::steady_clock::time_point start_time_;
  ProcessIdentity identity_;
  std::unique_ptr<PmixClient> pmix_;
  std::vector<std::unique_ptr<btl::Transport>> transports_;
  ProgressEngine progress_;
  AsyncProgress async_progress_;
  std::unique_ptr<pml::Pml> pml_;
  std::vector<std::unique_ptr<Request>> orphans_;
  std::unique_ptr<coll::DecisionTable> coll_table_;
  std::unique_ptr<coll::JobSettings> coll_settings_;
  bool node_oversubscribed_ = false;
  std::unique_ptr<api::BindingState> bindings_;
  std::string log_name_;
  // The object get() built (its one global, published for find()).
  static inline std::atomic<Runtime*> built_{nullptr};
};

}  // namespace gyre
