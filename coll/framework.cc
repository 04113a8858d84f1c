// Module creation for a communicator: the transport, ranks per node, and the
// job-wide overrides GYRE_COLL_<OP>; plus the functions other parts of Gyre
// call (per-communicator overrides from info keys, gyre_info --coll).
#include <cctype>
#include <cstring>

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

// Ranks per node of this communicator (the most on any node): the same on
// every rank, since every rank has the job's node map.
int ranks_per_node(const Communicator& comm, const ProcessIdentity& id) {
  std::vector<int> per_node(static_cast<size_t>(id.num_nodes > 0 ? id.num_nodes : 1), 0);
  int most = 1;
  for (int r = 0; r < comm.size(); ++r) {
    int w = comm.world_rank(r);
    size_t node = w < static_cast<int>(id.node_of_rank.size()) ? static_cast<size_t>(id.node_of_rank[static_cast<size_t>(w)]) : 0;
    if (node >= per_node.size()) per_node.resize(node + 1, 0);
    most = std::max(most, ++per_node[node]);
  }
  return most;
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

std::unique_ptr<Module> create_module(Communicator& comm) {
  Runtime& rt = Runtime::get();
  int ppn = ranks_per_node(comm, rt.identity());
  auto m = std::make_unique<Module>(comm.name(), comm.rank(), comm.size(), ppn,
                                    std::make_unique<PmlTransport>(comm, rt.pml()), &rt.progress());
  m->set_trace(params::get_bool("GYRE_COLL_TRACE"));
  for (int i = 0; i < kNumCollOps; ++i) {
    CollOp op = static_cast<CollOp>(i);
    std::string forced = params::get_string(env_name(op));
    if (forced.empty()) continue;
    if (Error e = m->set_override(op, forced)) log::fatal(env_name(op) + ": " + e.what());
  }
  if (comm.handle() == static_cast<int>(0x44000000u) && rt.identity().world_rank == 0) warn_unknown_coll_variables();
  return m;
}

Error set_override(Communicator& comm, std::string_view op, std::string_view algorithm) {
  CollOp o;
  if (!op_from_name(op, &o)) return Error(ErrClass::info_key, "gyre_coll_" + std::string(op) + ": no such collective");
  if (comm.coll() == nullptr) return Error(ErrClass::comm, "communicator has no collective module");
  return comm.coll()->set_override(o, algorithm);
}


}  // namespace gyre::coll
