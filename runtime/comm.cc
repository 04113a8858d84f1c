#include "runtime/comm.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "coll/coll.h"
#include "runtime/context_id_exchange.h"
#include "runtime/log.h"
#include "runtime/params.h"
#include "runtime/runtime.h"

namespace gyre {

Communicator::Communicator(std::shared_ptr<const Group> group, int rank, uint32_t context_id, std::string name)
    : group_(std::move(group)), peer_group_(group_.get()), rank_(rank), context_id_(context_id),
      name_(std::move(name)) {}

Communicator::~Communicator() = default;

void Communicator::set_coll(std::unique_ptr<coll::Module> m) { coll_ = std::move(m); }

void Communicator::set_remote_group(std::shared_ptr<const Group> remote) {
  remote_ = std::move(remote);
  peer_group_ = remote_ ? remote_.get() : group_.get();
}

const NodeMap& Communicator::node_map() const {
  if (node_map_) return *node_map_;
  auto m = std::make_unique<NodeMap>();
  const ProcessIdentity& id = Runtime::get().identity();
  int n = size();
  m->node_index.resize(static_cast<size_t>(n));
  m->node_id.resize(static_cast<size_t>(n));
  m->local_rank.resize(static_cast<size_t>(n));
  std::unordered_map<int, int> index_of_node;
  for (int r = 0; r < n; ++r) {
    int w = group_->world_rank(r);
    int node = w >= 0 && static_cast<size_t>(w) < id.node_of_rank.size() ? id.node_of_rank[static_cast<size_t>(w)]
                                                                           : 0;
    auto [it, fresh] = index_of_node.emplace(node, m->num_nodes);
    if (fresh) {
      ++m->num_nodes;
      m->local_size.push_back(0);
      m->leaders.push_back(r);
    }
    int idx = it->second;
    m->node_index[static_cast<size_t>(r)] = idx;
    m->node_id[static_cast<size_t>(r)] = node;
    m->local_rank[static_cast<size_t>(r)] = m->local_size[static_cast<size_t>(idx)]++;
  }
  if (rank_ >= 0 && rank_ < n) {
    m->my_node = m->node_index[static_cast<size_t>(rank_)];
    m->my_local_rank = m->local_rank[static_cast<size_t>(rank_)];
    m->my_local_size = m->local_size[static_cast<size_t>(m->my_node)];
  }
  node_map_ = std::move(m);
  return *node_map_;
}

std::string Communicator::describe_map() const {
  const NodeMap& m = node_map();
  char line[200];
  std::snprintf(line, sizeof line, "comm %s (handle 0x%x, context %u, %s) size %d, %d node(s)\n",
                name_.empty() ? "(unnamed)" : name_.c_str(), static_cast<unsigned>(handle_), context_id_,
                is_inter() ? "inter" : "intra", size(), m.num_nodes);
  std::string out = line;
  for (int r = 0; r < size(); ++r) {
    int idx = m.node_index[static_cast<size_t>(r)];
    std::snprintf(line, sizeof line, "  rank %d: world %d node %d (id %d) local %d/%d leader %d%s\n", r,
                  group_->world_rank(r), idx, m.node_id[static_cast<size_t>(r)], m.local_rank[static_cast<size_t>(r)],
                  m.local_size[static_cast<size_t>(idx)], m.leaders[static_cast<size_t>(idx)],
                  m.leaders[static_cast<size_t>(idx)] == r ? " *" : "");
    out += line;
  }
  if (is_inter()) {
    out += "  remote group:";
    for (int r = 0; r < remote_size(); ++r) out += " " + std::to_string(remote_->world_rank(r));
    out += "\n";
  }
  return out;
}

int install_communicator(Runtime& rt, std::unique_ptr<Communicator> c, const Communicator& parent) {
  c->set_errhandler(parent.errhandler());
  Communicator& comm = *c;
  int handle = rt.comms.insert(std::move(c));
  comm.set_handle(handle);
  comm.set_coll(coll::create_module(comm));
  static const bool print = params::get_bool("GYRE_PRINT_COMM_MAP");
  if (print && comm.rank() == 0) std::fprintf(stderr, "%s", comm.describe_map().c_str());
  return handle;
}

namespace {

MemberView intra_view(const Communicator& c, int tag) {
  return MemberView{c.shared_group(), c.rank(), c.coll_context(), tag};
}

// An intercommunicator's own group, on its collective context with local tags
// (remote members never receive these: they go to local world ranks only).
MemberView local_view(const Communicator& c, int tag) {
  return MemberView{c.shared_group(), c.rank(), c.coll_context(), tag};
}

}  // namespace

Error agree_context(const Communicator& parent, uint32_t* context_id) {
  if (!parent.is_inter()) return agree_context_id(intra_view(parent, internal_tag::kContext), context_id);
  TwoSidedView v;
  v.local = local_view(parent, internal_tag::kLocalContext);
  v.broadcast = local_view(parent, internal_tag::kBroadcast);
  v.leader_rank = 0;
  v.exchange = MemberView{parent.shared_remote_group(), parent.rank(), parent.coll_context(), internal_tag::kContext};
  v.peer_rank = 0;
  v.peer_world = parent.remote_group().world_rank(0);
  return agree_two_sided_context(v, context_id);
}

std::unique_ptr<Communicator> make_intracomm(std::shared_ptr<const Group> group, uint32_t context_id) {
  int me = group->rank_of_world(Runtime::get().identity().world_rank);
  auto c = std::make_unique<Communicator>(std::move(group), me, context_id, "");
  c->set_owns_context(true);
  return c;
}

Error dup_communicator(Runtime& rt, Communicator& parent, std::unique_ptr<Communicator>* out) {
  uint32_t ctx = 0;
  GYRE_TRY(agree_context(parent, &ctx));
  auto c = std::make_unique<Communicator>(parent.shared_group(), parent.rank(), ctx, "");
  c->set_owns_context(true);
  if (parent.is_inter()) c->set_remote_group(parent.shared_remote_group());
  if (parent.topology() != nullptr) c->set_topology(parent.topology()->clone());
  c->info() = parent.info();
  if (Error e = parent.attributes().copy_to(rt.keyval_registry(), parent.handle(), c->attributes())) {
    discard_communicator(rt, std::move(c));  // delete callbacks see the new communicator, not parent
    return e;
  }
  *out = std::move(c);
  return Error::ok();
}

void discard_communicator(Runtime& rt, std::unique_ptr<Communicator> c) {
  if (!c) return;
  const bool owns = c->owns_context();
  const uint32_t ctx = c->context_id();
  if (c->attributes().size() > 0) {
    // A transient handle, so that delete callbacks can name (and query) the
    // communicator their copies belong to.
    Communicator& comm = *c;
    int handle = rt.comms.insert(std::move(c));
    comm.set_handle(handle);
    Error ignored = comm.attributes().delete_all(rt.keyval_registry(), handle);
    (void)ignored;  // the error being reported is the one that made us discard
    c = rt.comms.erase(handle);
  }
  c.reset();
  if (owns) rt.context_ids.release(ctx);
}

namespace {

// One split: every member's (defined, colour, key) gathered, then the members
// of my colour ordered by key. Narrow colours (all of MPI_Comm_split) travel
// in one word per member, wide ones in two.
Error split_impl(Communicator& parent, bool defined, uint64_t color, int key, bool wide,
                 std::unique_ptr<Communicator>* out) {
  const size_t n = static_cast<size_t>(parent.size());
  const size_t me = static_cast<size_t>(parent.rank());
  const size_t width = wide ? 2 : 1;
  // Everyone fills its own slot; an OR allreduce is then an allgather.
  std::vector<uint64_t> slots(n * width, 0);
  if (wide) {
    slots[2 * me] = color;
    slots[2 * me + 1] = (uint64_t{defined ? 1u : 0u} << 32) | static_cast<uint32_t>(key);
  } else {
    slots[me] = (uint64_t{static_cast<uint32_t>(color)} << 32) | static_cast<uint32_t>(key);
  }
  GYRE_TRY(member_allreduce(intra_view(parent, internal_tag::kGather), slots, Combine::bor));
  // One context pair free on every member of parent serves every colour:
  // the new groups are disjoint.
  uint32_t ctx = 0;
  GYRE_TRY(agree_context(parent, &ctx));
  if (!defined) {
    Runtime::get().context_ids.release(ctx);
    out->reset();
    return Error::ok();
  }
  std::vector<std::pair<int, int>> members;  // (key, parent rank)
  for (size_t r = 0; r < n; ++r) {
    uint64_t their_color, word = slots[r * width + width - 1];
    bool their_defined = true;
    if (wide) {
      their_color = slots[r * width];
      their_defined = (word >> 32) != 0;
    } else {
      their_color = word >> 32;
    }
    if (their_defined && their_color == color)
      members.emplace_back(static_cast<int>(static_cast<uint32_t>(word)), static_cast<int>(r));
  }
  std::stable_sort(members.begin(), members.end());  // ties: parent order
  std::vector<int> world;
  world.reserve(members.size());
  for (auto& m : members) world.push_back(parent.group().world_rank(m.second));
  *out = make_intracomm(std::make_shared<const Group>(world), ctx);
  return Error::ok();
}

}  // namespace

Error split_communicator(Communicator& parent, int color, int key, std::unique_ptr<Communicator>* out) {
  constexpr int kUndefined = -32766;  // MPI_UNDEFINED
  return split_impl(parent, color != kUndefined, static_cast<uint32_t>(color), key, false, out);
}

Error split_communicator_wide(Communicator& parent, bool defined, uint64_t color, int key,
                              std::unique_ptr<Communicator>* out) {
  return split_impl(parent, defined, defined ? color : 0, key, true, out);
}

namespace {

using Retired = RetiredCommunicators;

Retired& retired() { return Runtime::get().retired_comms; }

bool quiescent(const Communicator& c) { return c.pending() == 0 && (c.coll() == nullptr || c.coll()->idle()); }

void destroy(Runtime& rt, std::unique_ptr<Communicator> c) {
  const bool owns = c->owns_context();
  const uint32_t ctx = c->context_id();
  c.reset();  // the coll module (and its poller) first
  if (owns) rt.context_ids.release(ctx);
}

int reap_retired(Runtime& rt) {
  auto& list = retired().comms;
  int reaped = 0;
  for (size_t i = 0; i < list.size();) {
    if (quiescent(*list[i])) {
      std::unique_ptr<Communicator> c = std::move(list[i]);
      list[i] = std::move(list.back());
      list.pop_back();
      destroy(rt, std::move(c));
      ++reaped;
    } else {
      ++i;
    }
  }
  return reaped;
}

}  // namespace

Error free_communicator(Runtime& rt, int handle) {
  Communicator* c = rt.comms.lookup(handle);
  if (c == nullptr) return Error(ErrClass::comm, "invalid communicator");
  Error e = c->attributes().delete_all(rt.keyval_registry(), handle);
  if (e) return e;
  std::unique_ptr<Communicator> gone = rt.comms.erase(handle);
  if (!gone) return Error::ok();
  if (quiescent(*gone)) {
    destroy(rt, std::move(gone));
    return Error::ok();
  }
  // MPI-4 §7.4.3: marked for deallocation; it goes when its pending
  // operations complete (checked from progress).
  Retired& r = retired();
  r.comms.push_back(std::move(gone));
  if (!r.polling) {
    r.polling = true;
    rt.progress().add_poller([&rt] { return reap_retired(rt); });
  }
  return Error::ok();
}

size_t retired_communicators() { return retired().comms.size(); }

}  // namespace gyre
