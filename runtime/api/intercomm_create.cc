// Intercommunicators (MPI-4 §7.6): create from two intracommunicators'
// leaders over a peer communicator, and merge into an intracommunicator.
//
// Messages: the leaders talk on the peer communicator's collective context
// under a tag derived from the user's tag; each side's members talk on their
// local communicator's collective context. The new intercommunicator's
// context is agreed over both groups (AND inside each side, AND of the two
// leaders' results, broadcast inside each side), so it is free everywhere.
#include "runtime/api/comm_checks.h"
#include "runtime/context_id_exchange.h"

using gyre::Communicator;
using gyre::Error;
using gyre::ErrClass;
using gyre::Group;
using gyre::MemberView;
namespace api = gyre::api;
namespace tag = gyre::internal_tag;

GYRE_BINDING(int, MPI_Intercomm_create,
             (MPI_Comm local_comm, int local_leader, MPI_Comm peer_comm, int remote_leader, int tag,
              MPI_Comm* newintercomm)) {
  api::Call call("MPI_Intercomm_create");
  if (!call.ok()) return call.not_initialized();
  Communicator* local = nullptr;
  GYRE_CHECK(call, local_comm, api::check_comm(call.rt(), local_comm, &local));
  GYRE_CHECK(call, local_comm, api::check_intra(*local, "MPI_Intercomm_create (local_comm)"));
  GYRE_CHECK(call, local_comm, api::check_out(newintercomm, "newintercomm"));
  GYRE_CHECK(call, local_comm, api::check_rank(*local, local_leader, "local_leader", false, false));
  GYRE_CHECK(call, local_comm, api::check_tag(tag, false));
  bool leader = local->rank() == local_leader;
  Communicator* peer = nullptr;
  if (leader) {
    GYRE_CHECK(call, local_comm, api::check_comm(call.rt(), peer_comm, &peer));
    GYRE_CHECK(call, local_comm, api::check_rank(*peer, remote_leader, "remote_leader", false, false));
    if (remote_leader == peer->rank())
      return call.fail(local_comm, Error(ErrClass::rank, "remote_leader is the calling process itself"));
  }
  MemberView exchange;
  int peer_world = -1;
  if (leader) {
    exchange = MemberView{std::make_shared<const Group>(peer->is_inter() ? peer->remote_group() : peer->group()),
                          peer->rank(), peer->coll_context(), tag::peer_exchange(tag), tag};
    peer_world = peer->world_rank(remote_leader);
  }
  // 1. The leaders swap their groups (world ranks); each side broadcasts
  //    the remote group it received.
  std::vector<uint64_t> remote;
  if (leader) {
    std::vector<uint64_t> mine;
    for (int r = 0; r < local->size(); ++r) mine.push_back(static_cast<uint64_t>(local->group().world_rank(r)));
    std::vector<uint64_t> size_in;
    std::vector<uint64_t> size_out{mine.size()};
    GYRE_CHECK(call, local_comm, gyre::member_sendrecv(exchange, remote_leader, peer_world, size_out, size_in, 1));
    GYRE_CHECK(call, local_comm,
               gyre::member_sendrecv(exchange, remote_leader, peer_world, mine, remote, size_in.empty() ? 0 : size_in[0]));
  }
  MemberView local_bcast{local->shared_group(), local->rank(), local->coll_context(), tag::kBroadcast};
  GYRE_CHECK(call, local_comm, gyre::member_bcast(local_bcast, local_leader, remote));
  std::vector<int> remote_world(remote.begin(), remote.end());
  auto remote_group = std::make_shared<const Group>(remote_world);
  for (int r = 0; r < remote_group->size(); ++r)
    if (local->group().rank_of_world(remote_group->world_rank(r)) >= 0)
      return call.fail(local_comm, Error(ErrClass::group, "the local and remote groups overlap"));
  // 2. The context, free on both groups.
  gyre::TwoSidedView v;
  v.local = MemberView{local->shared_group(), local->rank(), local->coll_context(), tag::kLocalContext};
  v.broadcast = local_bcast;
  v.leader_rank = local_leader;
  v.exchange = exchange;
  v.peer_rank = remote_leader;
  v.peer_world = peer_world;
  uint32_t ctx = 0;
  GYRE_CHECK(call, local_comm, gyre::agree_two_sided_context(v, &ctx));
  // 3. The intercommunicator: local group, remote group, context. Leaders
  //    of each side become its rank 0 only by coincidence (ranks follow the
  //    local communicator), so agree_context() on it later uses rank 0 of
  //    each group, which is always defined.
  auto c = std::make_unique<Communicator>(local->shared_group(), local->rank(), ctx, "");
  c->set_owns_context(true);
  c->set_remote_group(remote_group);
  *newintercomm = gyre::install_communicator(call.rt(), std::move(c), *local);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Intercomm_merge, (MPI_Comm intercomm, int high, MPI_Comm* newintracomm)) {
  api::Call call("MPI_Intercomm_merge");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, intercomm, api::check_comm(call.rt(), intercomm, &c));
  if (!c->is_inter()) return call.fail(intercomm, Error(ErrClass::comm, "intercomm is not an intercommunicator"));
  GYRE_CHECK(call, intercomm, api::check_out(newintracomm, "newintracomm"));
  // Which side goes first: the side whose high is false; on a tie, the side
  // whose leader has the lower world rank. Leaders swap their high flags.
  MemberView local{c->shared_group(), c->rank(), c->coll_context(), tag::kBroadcast};
  std::vector<uint64_t> flags;
  if (c->rank() == 0) {
    MemberView ex{c->shared_remote_group(), c->rank(), c->coll_context(), tag::kGather};
    std::vector<uint64_t> mine{high ? 1u : 0u};
    GYRE_CHECK(call, intercomm, gyre::member_sendrecv(ex, 0, c->remote_group().world_rank(0), mine, flags, 1));
    flags.insert(flags.begin(), mine[0]);  // [my high, remote high]
  }
  GYRE_CHECK(call, intercomm, gyre::member_bcast(local, 0, flags));
  bool my_high = flags.at(0) != 0, remote_high = flags.at(1) != 0;
  bool me_first = my_high != remote_high ? !my_high : c->group().world_rank(0) < c->remote_group().world_rank(0);
  uint32_t ctx = 0;
  GYRE_CHECK(call, intercomm, gyre::agree_context(*c, &ctx));
  const Group& first = me_first ? c->group() : c->remote_group();
  const Group& second = me_first ? c->remote_group() : c->group();
  auto merged = std::make_shared<const Group>(Group::set_union(first, second));
  *newintracomm = gyre::install_communicator(call.rt(), gyre::make_intracomm(merged, ctx), *c);
  return MPI_SUCCESS;
}
