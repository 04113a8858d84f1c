#include "tools/info_probes.h"

#include <hwloc.h>
#include <rdma/fabric.h>
#include <rdma/fi_errno.h>

#include <algorithm>
#include <fstream>

namespace gyre::info {

FabricProbe probe_fabric() {
  FabricProbe p;
  uint32_t v = fi_version();
  p.library_version = std::to_string(FI_MAJOR(v)) + "." + std::to_string(FI_MINOR(v));
  fi_info* list = nullptr;
  int rc = fi_getinfo(FI_VERSION(1, 10), nullptr, nullptr, 0, nullptr, &list);
  if (rc != 0) {
    p.error = fi_strerror(-rc);
    return p;
  }
  for (fi_info* i = list; i != nullptr; i = i->next) {
    if (i->fabric_attr == nullptr || i->fabric_attr->prov_name == nullptr) continue;
    std::string name = i->fabric_attr->prov_name;
    if (std::find(p.providers.begin(), p.providers.end(), name) == p.providers.end()) p.providers.push_back(name);
  }
  fi_freeinfo(list);
  return p;
}

TopologyProbe probe_topology() {
  TopologyProbe p;
  unsigned v = hwloc_get_api_version();
  p.hwloc_version = std::to_string(v >> 16) + "." + std::to_string((v >> 8) & 0xff) + "." + std::to_string(v & 0xff);
  hwloc_topology_t topo;
  if (hwloc_topology_init(&topo) != 0) {
    p.error = "hwloc_topology_init failed";
    return p;
  }
  if (hwloc_topology_load(topo) != 0) {
    p.error = "hwloc_topology_load failed";
    hwloc_topology_destroy(topo);
    return p;
  }
  auto count = [&](hwloc_obj_type_t t) { return std::max(0, hwloc_get_nbobjs_by_type(topo, t)); };
  p.packages = count(HWLOC_OBJ_PACKAGE);
  p.numa_nodes = count(HWLOC_OBJ_NUMANODE);
  p.cores = count(HWLOC_OBJ_CORE);
  p.pus = count(HWLOC_OBJ_PU);
  hwloc_topology_destroy(topo);
  return p;
}

CmaProbe probe_cma() {
  CmaProbe p;
  std::ifstream f("/proc/sys/kernel/yama/ptrace_scope");
  if (!(f >> p.ptrace_scope)) {
    p.ptrace_scope = -1;
    p.allowed = true;
    p.why = "no Yama ptrace restriction: processes of one user may read each other";
    return p;
  }
  switch (p.ptrace_scope) {
    case 0:
      p.allowed = true;
      p.why = "ptrace_scope 0: processes of one user may read each other";
      break;
    case 1:
      p.allowed = true;
      p.why = "ptrace_scope 1: allowed because every rank opts in (PR_SET_PTRACER_ANY)";
      break;
    default:
      p.allowed = false;
      p.why = "ptrace_scope " + std::to_string(p.ptrace_scope) +
              ": the kernel refuses; large messages use the pipelined copy";
      break;
  }
  return p;
}

}  // namespace gyre::info
