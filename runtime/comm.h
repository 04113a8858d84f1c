// A communicator: a group, this process's rank in it, and a context id that
// keeps its messages apart from every other communicator's. Point-to-point
// uses context_id(); collectives use coll_context() so that they never match
// user messages.
//
// Intercommunicators: group() is the local group, remote_group() the other
// side. Point-to-point ranks name the remote group, so world_rank(r) and
// peer_size() refer to the remote group on an intercommunicator (and to the
// group itself on an intracommunicator). Both sides share one context pair,
// agreed over the union of the two groups, so a message's context alone
// identifies the communicator at the receiver.
//
// Node maps (for hierarchical collectives): node_map() gives, for every
// member, its node, its local rank and local size among the communicator's
// members on that node, and the node leaders (lowest comm rank per node).
// Built on first use; the group itself stays compact.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/attribute.h"
#include "runtime/group.h"
#include "runtime/info.h"
#include "runtime/topology.h"

namespace gyre {

namespace coll {
class Module;
}

struct NodeMap {
  int num_nodes = 0;
  std::vector<int> node_index;    // per comm rank: 0..num_nodes-1, in order of first appearance
  std::vector<int> node_id;       // per comm rank: the job's node id
  std::vector<int> local_rank;    // per comm rank: rank among this comm's members on its node
  std::vector<int> local_size;    // per node index: members on that node
  std::vector<int> leaders;       // per node index: the lowest comm rank on it
  // This process.
  int my_node = 0, my_local_rank = 0, my_local_size = 1;
  bool single_node() const { return num_nodes <= 1; }
};

class Communicator {
 public:
  Communicator(std::shared_ptr<const Group> group, int rank, uint32_t context_id, std::string name);
  ~Communicator();

  int rank() const { return rank_; }
  int size() const { return group_->size(); }
  uint32_t context_id() const { return context_id_; }
  uint32_t coll_context() const { return context_id_ + 1; }
  // World rank of a point-to-point peer (remote group on an intercommunicator).
  int world_rank(int comm_rank) const { return peer_group_->world_rank(comm_rank); }
  const Group& group() const { return *group_; }
  std::shared_ptr<const Group> shared_group() const { return group_; }

  // Intercommunicators.
  bool is_inter() const { return remote_ != nullptr; }
  void set_remote_group(std::shared_ptr<const Group> remote);
  const Group& remote_group() const { return *peer_group_; }
  std::shared_ptr<const Group> shared_remote_group() const { return remote_; }
  int remote_size() const { return remote_ ? remote_->size() : 0; }
  // Size of the rank space point-to-point uses (remote size on intercomms).
  int peer_size() const { return peer_group_->size(); }

  int handle() const { return handle_; }
  void set_handle(int h) { handle_ = h; }
  int errhandler() const { return errhandler_; }
  void set_errhandler(int h) { errhandler_ = h; }
  const std::string& name() const { return name_; }
  void set_name(std::string n) { name_ = std::move(n); }

  coll::Module* coll() const { return coll_.get(); }
  void set_coll(std::unique_ptr<coll::Module> m);

  // The context pair came from the agreement pool and returns to it at free.
  bool owns_context() const { return owns_context_; }
  void set_owns_context(bool v) { owns_context_ = v; }

  // Operations outside the coll module that still refer to this
  // communicator (an MPI_Comm_idup of it in progress). MPI_Comm_free defers
  // the destruction while any remain (see free_communicator).
  void add_pending() { ++pending_; }
  void remove_pending() { --pending_; }
  int pending() const { return pending_; }

  const NodeMap& node_map() const;
  // One line per member: rank, world rank, node, local rank/size, leader.
  std::string describe_map() const;

  // Topology (nullptr when none). Neighbor lists for neighborhood collectives.
  const Topology* topology() const { return topo_.get(); }
  void set_topology(std::unique_ptr<Topology> t) { topo_ = std::move(t); }

  AttributeStore& attributes() { return attrs_; }
  // Hints set by MPI_Comm_set_info / dup_with_info (the ones Gyre keeps).
  Info& info() { return info_; }
  const Info& info() const { return info_; }

 private:
  std::shared_ptr<const Group> group_;
  std::shared_ptr<const Group> remote_;      // intercommunicators only
  const Group* peer_group_;                  // remote_ or group_
  int rank_;
  uint32_t context_id_;
  std::string name_;
  int handle_ = 0;
  int errhandler_ = 0x54000000;  // MPI_ERRORS_ARE_FATAL
  bool owns_context_ = false;
  int pending_ = 0;
  std::unique_ptr<coll::Module> coll_;
  mutable std::unique_ptr<NodeMap> node_map_;
  std::unique_ptr<Topology> topo_;
  AttributeStore attrs_;
  Info info_;
};

}  // namespace gyre

// ---- Creating and freeing communicators (used by the bindings) ------------
namespace gyre {

class Runtime;

// Finish a new communicator: inherit the parent's error handler, take a
// handle, build its coll module, print its map when GYRE_PRINT_COMM_MAP is
// set. Returns the new handle.
int install_communicator(Runtime& rt, std::unique_ptr<Communicator> c, const Communicator& parent);

// A context pair free on every member of parent (both groups of an
// intercommunicator); collective over parent.
Error agree_context(const Communicator& parent, uint32_t* context_id);

// A copy of parent (group, remote group, topology, hints; attributes through
// their copy callbacks) with a fresh context. Collective.
Error dup_communicator(Runtime& rt, Communicator& parent, std::unique_ptr<Communicator>* out);

// MPI_Comm_split on an intracommunicator: *out is null for MPI_UNDEFINED.
Error split_communicator(Communicator& parent, int color, int key, std::unique_ptr<Communicator>* out);
// The same with a 64-bit colour (internal splits whose colours do not fit an
// int); `defined` false is MPI_UNDEFINED. Gathers two words per member.
Error split_communicator_wide(Communicator& parent, bool defined, uint64_t color, int key,
                              std::unique_ptr<Communicator>* out);

// MPI_COMM_TYPE_HW_GUIDED's colour: a node id and a resource index (both
// non-negative) packed without overflow, so that any node id and any index
// give distinct colours.
constexpr uint64_t hw_guided_colour(int node, int index) {
  return (uint64_t{static_cast<uint32_t>(node)} << 32) | static_cast<uint32_t>(index);
}

// Build a communicator of `group` (which contains this process) with a given context.
std::unique_ptr<Communicator> make_intracomm(std::shared_ptr<const Group> group, uint32_t context_id);

// Delete attributes (callbacks) and drop the handle (MPI_Comm_free). The
// communicator itself (its coll module, its context pair) lives on, off the
// handle table, until its nonblocking collectives and pending() operations
// have completed: progress destroys it then and gives the context pair back,
// so no request points at freed memory and no late message can match a
// communicator that reuses the context.
Error free_communicator(Runtime& rt, int handle);

// Throw away a communicator that was built but never installed (a failed
// dup/idup): its copied attributes are deleted (their delete callbacks get a
// transient handle of this communicator, never the parent's; keyval uses are
// released) and its context pair goes back to the pool.
void discard_communicator(Runtime& rt, std::unique_ptr<Communicator> c);

// Communicators freed by MPI_Comm_free and still waiting for their pending
// operations (for tests).
size_t retired_communicators();

}  // namespace gyre
