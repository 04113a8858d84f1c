// Communicator constructors and destructor (MPI-4 §7.4): dup, idup, split,
// split_type, create, create_group, free.
#include <algorithm>
#include <cstring>
#include <optional>

#include "coll/algorithms.h"
#include "coll/args.h"
#include "coll/coll.h"
#include "runtime/api/comm_checks.h"
#include "runtime/context_id_exchange.h"
#include "runtime/log.h"
#include "runtime/topo/hw_resource.h"

using gyre::Communicator;
using gyre::Error;
using gyre::ErrClass;
using gyre::Group;
using gyre::Info;
using gyre::Runtime;
namespace api = gyre::api;

namespace gyre::api {

// The checks apply_comm_info makes, without a communicator: run before a new
// communicator is installed, so that a bad hint never leaves one behind.
Error validate_comm_info(const Info& info) {
  for (const auto& [key, value] : info.entries()) {
    if (key.rfind("gyre_coll_", 0) != 0) continue;
    std::string_view op_text = std::string_view(key).substr(10);
    coll::CollOp op;
    if (!coll::op_from_name(op_text, &op))
      return Error(ErrClass::info_key, key + ": no such collective");
    if (!value.empty() && coll::find_algorithm(op, value) == nullptr)
      return Error(ErrClass::arg, "unknown " + std::string(coll::op_name(op)) + " algorithm '" + value +
                                      "' (valid: " + coll::algorithm_names(op) + ")");
  }
  return Error::ok();
}

Error apply_comm_info(Communicator& c, const Info& info) {
  for (const auto& [key, value] : info.entries()) {
    if (key.rfind("gyre_coll_", 0) == 0) GYRE_TRY(coll::set_override(c, key.substr(10), value));
    c.info().set(key, value);
  }
  return Error::ok();
}

}  // namespace gyre::api

namespace {

int finish(Runtime& rt, std::unique_ptr<Communicator> c, const Communicator& parent, MPI_Comm* newcomm) {
  *newcomm = gyre::install_communicator(rt, std::move(c), parent);
  return MPI_SUCCESS;
}

int dup_common(api::Call& call, MPI_Comm comm, MPI_Info info, bool with_info, MPI_Comm* newcomm) {
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_out(newcomm, "newcomm"));
  Info* hints = nullptr;
  if (with_info) GYRE_CHECK(call, comm, api::check_info(call.rt(), info, &hints, true));
  std::unique_ptr<Communicator> out;
  GYRE_CHECK(call, comm, gyre::dup_communicator(call.rt(), *c, &out));
  // dup_with_info: the given hints replace the parent's. Checked after the
  // (collective) agreement so that every process takes part, and before the
  // install so that an error leaves no communicator behind.
  Info chosen = with_info ? (hints != nullptr ? *hints : Info()) : out->info();
  if (Error e = api::validate_comm_info(chosen)) {
    gyre::discard_communicator(call.rt(), std::move(out));
    return call.fail(comm, e);
  }
  Communicator& fresh = *out;
  fresh.info() = Info();
  *newcomm = gyre::install_communicator(call.rt(), std::move(out), *c);
  if (Error e = api::apply_comm_info(fresh, chosen)) {  // validated: not expected
    gyre::free_communicator(call.rt(), *newcomm);
    *newcomm = MPI_COMM_NULL;
    return call.fail(comm, e);
  }
  return MPI_SUCCESS;
}

}  // namespace

GYRE_BINDING(int, MPI_Comm_dup, (MPI_Comm comm, MPI_Comm* newcomm)) {
  api::Call call("MPI_Comm_dup");
  if (!call.ok()) return call.not_initialized();
  return dup_common(call, comm, MPI_INFO_NULL, false, newcomm);
}

GYRE_BINDING(int, MPI_Comm_dup_with_info, (MPI_Comm comm, MPI_Info info, MPI_Comm* newcomm)) {
  api::Call call("MPI_Comm_dup_with_info");
  if (!call.ok()) return call.not_initialized();
  return dup_common(call, comm, info, true, newcomm);
}

// ---- MPI_Comm_idup: the context agreement runs from the progress engine ----
namespace {

class IdupRequest : public gyre::Request {
 public:
  IdupRequest(Runtime& rt, Communicator& parent, MPI_Comm* newcomm, Info hints, bool with_info)
      : Request(Kind::generalized), rt_(rt), parent_(parent), newcomm_(newcomm), hints_(std::move(hints)),
        with_info_(with_info) {
    parent_.add_pending();  // MPI_Comm_free(parent) waits for us
    if (parent.is_inter()) {
      // Intercommunicators agree in three blocking steps; do it now.
      finish_with(gyre::agree_context(parent, &context_), true);
      return;
    }
    agreement_ = std::make_unique<gyre::ContextAgreement>(
        gyre::MemberView{parent.shared_group(), parent.rank(), parent.coll_context(), gyre::internal_tag::kContext});
    token_ = rt.progress().add_poller([this] { return poll(); });
    polling_ = true;
  }
  ~IdupRequest() override {
    if (polling_) rt_.progress().remove_poller(token_);
    if (!finished_) parent_.remove_pending();
  }

 private:
  int poll() {
    if (complete() || !agreement_) return 0;
    if (!agreement_->advance()) return 0;
    context_ = agreement_->context_id();
    Error e = agreement_->error();
    agreement_.reset();
    finish_with(e, false);
    return 1;
  }

  void finish_with(Error e, bool) {
    if (!e) {
      auto c = std::make_unique<Communicator>(parent_.shared_group(), parent_.rank(), context_, "");
      c->set_owns_context(true);
      if (parent_.is_inter()) c->set_remote_group(parent_.shared_remote_group());
      if (parent_.topology() != nullptr) c->set_topology(parent_.topology()->clone());
      const Info& chosen = with_info_ ? hints_ : parent_.info();
      e = parent_.attributes().copy_to(rt_.keyval_registry(), parent_.handle(), c->attributes());
      if (!e) e = gyre::api::validate_comm_info(chosen);
      if (!e) {
        Communicator& fresh = *c;
        MPI_Comm handle = gyre::install_communicator(rt_, std::move(c), parent_);
        e = gyre::api::apply_comm_info(fresh, chosen);  // validated: not expected to fail
        if (e) gyre::free_communicator(rt_, handle);
        else *newcomm_ = handle;
      } else {
        // As the blocking dup: copies made so far are deleted (callbacks see
        // this communicator), keyval uses released, the context given back.
        gyre::discard_communicator(rt_, std::move(c));
      }
    }
    if (e) {
      status().error = e.cls();
      *newcomm_ = MPI_COMM_NULL;
      gyre::log::warn("MPI_Comm_idup: " + e.what());
    }
    finished_ = true;
    parent_.remove_pending();
    mark_complete();
  }

  Runtime& rt_;
  Communicator& parent_;
  MPI_Comm* newcomm_;
  Info hints_;
  bool with_info_;
  std::unique_ptr<gyre::ContextAgreement> agreement_;
  uint32_t context_ = 0;
  size_t token_ = 0;
  bool polling_ = false;
  bool finished_ = false;
};

int idup_common(api::Call& call, MPI_Comm comm, MPI_Info info, bool with_info, MPI_Comm* newcomm,
                MPI_Request* request) {
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_out(newcomm, "newcomm"));
  GYRE_CHECK(call, comm, api::check_out(request, "request"));
  Info* hints = nullptr;
  if (with_info) GYRE_CHECK(call, comm, api::check_info(call.rt(), info, &hints, true));
  *newcomm = MPI_COMM_NULL;
  auto r = std::make_unique<IdupRequest>(call.rt(), *c, newcomm, hints ? *hints : Info(), with_info);
  *request = call.rt().requests.insert(std::move(r));
  return MPI_SUCCESS;
}

}  // namespace

GYRE_BINDING(int, MPI_Comm_idup, (MPI_Comm comm, MPI_Comm* newcomm, MPI_Request* request)) {
  api::Call call("MPI_Comm_idup");
  if (!call.ok()) return call.not_initialized();
  return idup_common(call, comm, MPI_INFO_NULL, false, newcomm, request);
}

GYRE_BINDING(int, MPI_Comm_idup_with_info, (MPI_Comm comm, MPI_Info info, MPI_Comm* newcomm, MPI_Request* request)) {
  api::Call call("MPI_Comm_idup_with_info");
  if (!call.ok()) return call.not_initialized();
  return idup_common(call, comm, info, true, newcomm, request);
}

// ---- split ----------------------------------------------------------------

GYRE_BINDING(int, MPI_Comm_split, (MPI_Comm comm, int color, int key, MPI_Comm* newcomm)) {
  api::Call call("MPI_Comm_split");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_intra(*c, "MPI_Comm_split"));
  GYRE_CHECK(call, comm, api::check_out(newcomm, "newcomm"));
  if (color < 0 && color != MPI_UNDEFINED)
    return call.fail(comm, Error(ErrClass::arg, "color " + std::to_string(color) +
                                                    " is negative (use a non-negative color or MPI_UNDEFINED)"));
  std::unique_ptr<Communicator> out;
  GYRE_CHECK(call, comm, gyre::split_communicator(*c, color, key, &out));
  if (!out) {
    *newcomm = MPI_COMM_NULL;
    return MPI_SUCCESS;
  }
  return finish(call.rt(), std::move(out), *c, newcomm);
}

GYRE_BINDING(int, MPI_Comm_split_type, (MPI_Comm comm, int split_type, int key, MPI_Info info, MPI_Comm* newcomm)) {
  api::Call call("MPI_Comm_split_type");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_intra(*c, "MPI_Comm_split_type"));
  GYRE_CHECK(call, comm, api::check_out(newcomm, "newcomm"));
  Info* hints = nullptr;
  GYRE_CHECK(call, comm, api::check_info(call.rt(), info, &hints, true));
  const gyre::ProcessIdentity& id = call.rt().identity();
  int my_node = id.node_of_rank.empty() ? id.node_id : id.node_of_rank[static_cast<size_t>(id.world_rank)];
  int color = MPI_UNDEFINED;
  std::optional<uint64_t> wide_color;
  switch (split_type) {
    case MPI_UNDEFINED:
      break;
    case MPI_COMM_TYPE_SHARED:
      color = my_node;
      break;
    case MPI_COMM_TYPE_HW_GUIDED: {
      // The resource comes from the info key mpi_hw_resource_type; a process
      // not confined to one such resource (or naming an unknown one) gets
      // MPI_COMM_NULL, as MPI-4 §7.4.2 says.
      const std::string* type = hints ? hints->get("mpi_hw_resource_type") : nullptr;
      if (type == nullptr)
        return call.fail(comm, Error(ErrClass::info_key, "MPI_COMM_TYPE_HW_GUIDED needs the info key "
                                                          "mpi_hw_resource_type"));
      if (*type == "mpi_shared_memory") {
        wide_color = gyre::hw_guided_colour(my_node, 0);
      } else {
        bool known = false;
        int index = gyre::topo::hw_resource_index(*type, &known);
        // Node and index packed into a 64-bit colour: no int overflow for
        // large node ids, no collision for large indices.
        if (index >= 0) wide_color = gyre::hw_guided_colour(my_node, index);
      }
      break;
    }
    case MPI_COMM_TYPE_HW_UNGUIDED:
      break;  // no unguided split: every process gets MPI_COMM_NULL (allowed by MPI-4)
    default:
      return call.fail(comm, Error(ErrClass::arg, "unknown split_type " + std::to_string(split_type)));
  }
  std::unique_ptr<Communicator> out;
  if (split_type == MPI_COMM_TYPE_HW_GUIDED)  // every process of the call takes this branch
    GYRE_CHECK(call, comm, gyre::split_communicator_wide(*c, wide_color.has_value(), wide_color.value_or(0), key, &out));
  else
    GYRE_CHECK(call, comm, gyre::split_communicator(*c, color, key, &out));
  if (!out) {
    *newcomm = MPI_COMM_NULL;
    return MPI_SUCCESS;
  }
  if (hints != nullptr && split_type == MPI_COMM_TYPE_HW_GUIDED)
    out->info().set("mpi_hw_resource_type", *hints->get("mpi_hw_resource_type"));
  return finish(call.rt(), std::move(out), *c, newcomm);
}

// ---- create / create_group --------------------------------------------------

namespace {

// MPI_Comm_create on an intercommunicator (MPI-3 and later): group names
// processes of the caller's local group (the same group on every process of
// that side). The result is an intercommunicator between the subset each
// side named; MPI_COMM_NULL for processes outside their side's subset, and
// for everybody when either subset is empty.
int create_inter(api::Call& call, MPI_Comm comm, Communicator& c, const Group& g, MPI_Comm* newcomm) {
  Runtime& rt = call.rt();
  for (int r = 0; r < g.size(); ++r)
    if (c.group().rank_of_world(g.world_rank(r)) < 0)
      return call.fail(comm, Error(ErrClass::group, "group member " + std::to_string(r) +
                                                        " is not a member of the local group of the intercommunicator"));
  // 1. The two leaders (rank 0 of each side) swap their side's subset as
  //    world ranks; each side broadcasts the subset its leader received. The
  //    remote subset cannot be larger than the remote group.
  std::vector<uint64_t> remote;
  if (c.rank() == 0) {
    std::vector<uint64_t> mine;
    for (int r = 0; r < g.size(); ++r) mine.push_back(static_cast<uint64_t>(g.world_rank(r)));
    gyre::MemberView ex{c.shared_remote_group(), c.rank(), c.coll_context(), gyre::internal_tag::kGather};
    GYRE_CHECK(call, comm, gyre::member_sendrecv(ex, 0, c.remote_group().world_rank(0), mine, remote,
                                                 static_cast<size_t>(c.remote_group().size())));
  }
  gyre::MemberView side{c.shared_group(), c.rank(), c.coll_context(), gyre::internal_tag::kBroadcast};
  GYRE_CHECK(call, comm, gyre::member_bcast(side, 0, remote));
  // 2. A context free on every process of both groups (non-members take
  //    part too, as in the intracommunicator form).
  uint32_t ctx = 0;
  GYRE_CHECK(call, comm, gyre::agree_context(c, &ctx));
  int me = g.rank_of_world(rt.identity().world_rank);
  if (me < 0 || remote.empty()) {
    rt.context_ids.release(ctx);
    *newcomm = MPI_COMM_NULL;
    return MPI_SUCCESS;
  }
  std::vector<int> remote_world(remote.begin(), remote.end());
  auto out = std::make_unique<Communicator>(std::make_shared<const Group>(g), me, ctx, "");
  out->set_owns_context(true);
  out->set_remote_group(std::make_shared<const Group>(remote_world));
  return finish(rt, std::move(out), c, newcomm);
}

}  // namespace

GYRE_BINDING(int, MPI_Comm_create, (MPI_Comm comm, MPI_Group group, MPI_Comm* newcomm)) {
  api::Call call("MPI_Comm_create");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  Group* g = nullptr;
  GYRE_CHECK(call, comm, api::check_group(call.rt(), group, &g));
  GYRE_CHECK(call, comm, api::check_out(newcomm, "newcomm"));
  if (c->is_inter()) return create_inter(call, comm, *c, *g, newcomm);
  for (int r = 0; r < g->size(); ++r)
    if (c->group().rank_of_world(g->world_rank(r)) < 0)
      return call.fail(comm, Error(ErrClass::group, "group member " + std::to_string(r) +
                                                        " is not a member of the communicator"));
  // One agreement over all of comm (non-members take part too; disjoint
  // groups given by different processes share the id safely).
  uint32_t ctx = 0;
  GYRE_CHECK(call, comm, gyre::agree_context(*c, &ctx));
  if (g->rank_of_world(call.rt().identity().world_rank) < 0) {
    call.rt().context_ids.release(ctx);
    *newcomm = MPI_COMM_NULL;
    return MPI_SUCCESS;
  }
  return finish(call.rt(), gyre::make_intracomm(std::make_shared<const Group>(*g), ctx), *c, newcomm);
}

GYRE_BINDING(int, MPI_Comm_create_group, (MPI_Comm comm, MPI_Group group, int tag, MPI_Comm* newcomm)) {
  api::Call call("MPI_Comm_create_group");
  if (!call.ok()) return call.not_initialized();
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_intra(*c, "MPI_Comm_create_group"));
  Group* g = nullptr;
  GYRE_CHECK(call, comm, api::check_group(call.rt(), group, &g));
  GYRE_CHECK(call, comm, api::check_out(newcomm, "newcomm"));
  GYRE_CHECK(call, comm, api::check_tag(tag, false));
  int me = g->rank_of_world(call.rt().identity().world_rank);
  if (me < 0) {
    if (g->empty()) {
      *newcomm = MPI_COMM_NULL;
      return MPI_SUCCESS;
    }
    return call.fail(comm, Error(ErrClass::group, "the calling process is not a member of group"));
  }
  auto shared = std::make_shared<const Group>(*g);
  for (int r = 0; r < g->size(); ++r)
    if (c->group().rank_of_world(g->world_rank(r)) < 0)
      return call.fail(comm, Error(ErrClass::group, "group member " + std::to_string(r) +
                                                        " is not a member of the communicator"));
  // Only the group's members take part: the agreement runs among them on the
  // parent's collective context, under a tag derived from the user's tag;
  // the full tag travels with every message, so concurrent calls whose tags
  // share the internal tag are still kept apart.
  uint32_t ctx = 0;
  GYRE_CHECK(call, comm, gyre::agree_context_id(
                             gyre::MemberView{shared, me, c->coll_context(), gyre::internal_tag::create_group(tag), tag},
                             &ctx));
  return finish(call.rt(), gyre::make_intracomm(shared, ctx), *c, newcomm);
}

// ---- free -------------------------------------------------------------------

GYRE_BINDING(int, MPI_Comm_free, (MPI_Comm * comm)) {
  api::Call call("MPI_Comm_free");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_SELF, api::check_out(comm, "comm"));
  Communicator* c = nullptr;
  GYRE_CHECK(call, *comm, api::check_comm(call.rt(), *comm, &c));
  if (call.rt().comms.is_predefined(*comm))
    return call.fail(*comm, Error(ErrClass::comm, "cannot free a predefined communicator (" + c->name() + ")"));
  GYRE_CHECK(call, *comm, gyre::free_communicator(call.rt(), *comm));
  *comm = MPI_COMM_NULL;
  return MPI_SUCCESS;
}
