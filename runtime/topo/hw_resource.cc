#include "runtime/topo/hw_resource.h"

#include <hwloc.h>

#include <mutex>

namespace gyre::topo {
namespace {

hwloc_topology_t topology() {
  static hwloc_topology_t topo = nullptr;
  static std::once_flag once;
  std::call_once(once, [] {
    if (hwloc_topology_init(&topo) != 0) {
      topo = nullptr;
      return;
    }
    if (hwloc_topology_load(topo) != 0) {
      hwloc_topology_destroy(topo);
      topo = nullptr;
    }
  });
  return topo;
}

}  // namespace

int hw_resource_index(const std::string& type, bool* known) {
  *known = false;
  hwloc_topology_t topo = topology();
  if (topo == nullptr) return -1;
  hwloc_obj_type_t t;
  union hwloc_obj_attr_u attr;
  if (hwloc_type_sscanf(type.c_str(), &t, &attr, sizeof attr) != 0) return -1;
  *known = true;
  hwloc_bitmap_t set = hwloc_bitmap_alloc();
  if (hwloc_get_cpubind(topo, set, HWLOC_CPUBIND_PROCESS) != 0 || hwloc_bitmap_iszero(set))
    hwloc_bitmap_copy(set, hwloc_topology_get_topology_cpuset(topo));
  int index = -1;
  // The object of that type whose cpuset contains the whole binding (NUMA
  // nodes are memory children in hwloc 2, so walk the type, not the parents).
  int n = hwloc_get_nbobjs_by_type(topo, t);
  for (int i = 0; i < n && index < 0; ++i) {
    hwloc_obj_t obj = hwloc_get_obj_by_type(topo, t, static_cast<unsigned>(i));
    if (obj != nullptr && obj->cpuset != nullptr && hwloc_bitmap_isincluded(set, obj->cpuset))
      index = static_cast<int>(obj->logical_index);
  }
  hwloc_bitmap_free(set);
  return index;
}

}  // namespace gyre::topo
