// Module creation for a communicator: the transport, ranks per node, and the
// job-wide overrides GYRE_COLL_<OP>; plus the functions other parts of Gyre
// call (per-communicator overrides from info keys, gyre_info --coll).
#include <algorithm>
#include <cctype>
#include <cstring>

#include <unistd.h>

#include "btl/sm/sm_address.h"
#include "coll/algorithms.h"
#include "coll/coll.h"
#include "coll/decision_table.h"
#include "coll/pml_transport.h"
#include "runtime/comm.h"
#include "runtime/log.h"
#include "runtime/params.h"
#include "runtime/runtime.h"

extern char** environ;

namespace gyre::coll {

namespace {

std::string env_name(CollOp op) {
  std::string n = "GYRE_COLL_";
  for (char c : op_name(op)) n += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return n;
}

// Node of every member of this communicator's (local) group: the same on
// every rank, since every rank has the job's node map.
std::vector<int> nodes_of_members(const Communicator& comm, const ProcessIdentity& id) {
  std::vector<int> node_of(static_cast<size_t>(comm.size()), 0);
  for (int r = 0; r < comm.size(); ++r) {
    int w = comm.group().world_rank(r);
    if (w >= 0 && w < static_cast<int>(id.node_of_rank.size())) node_of[static_cast<size_t>(r)] = id.node_of_rank[static_cast<size_t>(w)];
  }
  return node_of;
}

// GYRE_COLL_* names that are no operation (params.cc leaves them to us).
void warn_unknown_coll_variables() {
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    if (entry.rfind("GYRE_COLL_", 0) != 0) continue;
    std::string_view name = entry.substr(0, entry.find('='));
    if (params::find(name) != nullptr) continue;
    std::string hint = params::closest_name(name);
    log::warn("unknown variable " + std::string(name) + " in the environment" +
              (hint.empty() ? std::string() : "; did you mean " + hint + "?"));
  }
}

}  // namespace

JobSettings read_job_settings() {
  JobSettings j;
  for (int i = 0; i < kNumCollOps; ++i) {
    std::string name = env_name(static_cast<CollOp>(i));
    if (params::find(name) != nullptr) j.forced[i] = params::get_string(name);  // ops with one algorithm have none
  }
  j.hier_node_size = static_cast<int>(params::get_int("GYRE_COLL_HIER_NODE_SIZE"));
  j.trace = params::get_bool("GYRE_COLL_TRACE");
  return j;
}

std::unique_ptr<Module> create_module(Communicator& comm) {
  Runtime& rt = Runtime::get();
  const JobSettings& job = rt.coll_settings();
  NodeLayout layout = make_node_layout(nodes_of_members(comm, rt.identity()), job.hier_node_size);
  auto m = std::make_unique<Module>(comm.name(), comm.rank(), comm.size(), layout.ppn,
                                    std::make_unique<PmlTransport>(comm, rt.pml()), &rt.progress());
  // One node with more of the job's ranks than processors (the count the
  // progress engine uses too): every member computes the same.
  m->set_oversubscribed(layout.num_nodes == 1 && rt.node_oversubscribed());
  m->set_node_layout(std::move(layout));
  m->set_trace(job.trace);
  // Unique while the communicator lives: its context id is, in this process.
  std::vector<int> world_ranks(static_cast<size_t>(comm.size()));
  for (int r = 0; r < comm.size(); ++r) world_ranks[static_cast<size_t>(r)] = comm.group().world_rank(r);
  m->set_shm_name(btl::sm::segment_name(rt.identity().nspace, rt.identity().world_rank, getpid()) + "-coll" +
                      std::to_string(comm.context_id()),
                  std::move(world_ranks));
  m->set_table(&rt.coll_table());
  for (int i = 0; i < kNumCollOps; ++i) {
    if (job.forced[i].empty()) continue;
    CollOp op = static_cast<CollOp>(i);
    if (Error e = m->set_override(op, job.forced[i])) log::fatal(env_name(op) + ": " + e.what());
  }
  if (comm.handle() == static_cast<int>(0x44000000u) && rt.identity().world_rank == 0) warn_unknown_coll_variables();
  return m;
}

NodeLayout make_node_layout(const std::vector<int>& node_of, int node_size) {
  NodeLayout l;
  l.num_nodes = 0;
  std::vector<int> ids;  // node ids in order of first appearance
  for (size_t r = 0; r < node_of.size(); ++r) {
    int id = node_size > 0 ? static_cast<int>(r) / node_size : node_of[r];
    auto it = std::find(ids.begin(), ids.end(), id);
    int idx = static_cast<int>(it - ids.begin());
    if (it == ids.end()) {
      ids.push_back(id);
      l.members.emplace_back();
    }
    l.node_of.push_back(idx);
    l.members[static_cast<size_t>(idx)].push_back(static_cast<int>(r));
  }
  l.num_nodes = std::max(1, static_cast<int>(ids.size()));
  if (l.members.empty()) l.members.emplace_back();
  l.ppn = 1;
  for (const auto& m : l.members) l.ppn = std::max(l.ppn, static_cast<int>(m.size()));
  return l;
}

Error set_override(Communicator& comm, std::string_view op, std::string_view algorithm) {
  CollOp o;
  if (!op_from_name(op, &o)) return Error(ErrClass::info_key, "gyre_coll_" + std::string(op) + ": no such collective");
  if (comm.coll() == nullptr) return Error(ErrClass::comm, "communicator has no collective module");
  return comm.coll()->set_override(o, algorithm);
}


}  // namespace gyre::coll
