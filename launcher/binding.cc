// Mapping and binding on one host. A rank's place is a processing unit (PU)
// chosen from an ordered list; its binding is that PU widened to the
// requested object (core, NUMA node, package). The order of the list is what
// --map-by changes: cores first (one rank per core before any core gets a
// second), hwthreads in plain order, or round-robin across NUMA nodes or
// packages so that neighbouring ranks land on different domains.
#include "launcher/binding.h"

#include <cstdlib>

namespace gyre::launcher {

std::unique_ptr<Topology> Topology::load(std::string& error) {
    // hwloc dlopens its plugins (OpenGL with X11, OpenCL, PCI access) when
    // the first topology is created: 3 to 20 ms, more than all the rest of
    // mpirun's startup, for I/O discovery that placing ranks never uses. The
    // variable is set only around that moment (mpirun has no other threads
    // yet) and never when the user chose plugins.
    const bool skip_plugins = !std::getenv("HWLOC_PLUGINS_BLACKLIST") && !std::getenv("HWLOC_PLUGINS_PATH");
    if (skip_plugins) {
        setenv("HWLOC_PLUGINS_BLACKLIST",
               "hwloc_gl,hwloc_opencl,hwloc_pci,hwloc_cuda,hwloc_nvml,hwloc_rsmi,hwloc_levelzero,"
               "hwloc_xml_libxml",
               0);
    }
    hwloc_topology_t t;
    int rc = hwloc_topology_init(&t);
    if (skip_plugins) unsetenv("HWLOC_PLUGINS_BLACKLIST");
    if (rc != 0) {
        error = "hwloc_topology_init failed";
        return nullptr;
    }
    // Only the CPUs mpirun was started on count: a job under taskset, a
    // cgroup or a batch allocation stays inside them.
    // (hwloc wants IS_THISSYSTEM spelled out to honour the restriction.)
    hwloc_topology_set_flags(t, HWLOC_TOPOLOGY_FLAG_IS_THISSYSTEM |
                                    HWLOC_TOPOLOGY_FLAG_RESTRICT_TO_CPUBINDING);
    // Startup cost is paid on every run. I/O devices are not needed to place
    // ranks (and probing them can try X displays); the x86 backend binds
    // mpirun to every PU in turn to run cpuid, which Linux's sysfs makes
    // unnecessary. Caches stay: libpmix derives the ranks' locality strings
    // (who shares an L3) from this topology.
    hwloc_topology_set_io_types_filter(t, HWLOC_TYPE_FILTER_KEEP_NONE);
    hwloc_topology_set_components(t, HWLOC_TOPOLOGY_COMPONENTS_FLAG_BLACKLIST, "x86");
    if (hwloc_topology_load(t) != 0) {
        hwloc_topology_destroy(t);
        error = "hwloc_topology_load failed";
        return nullptr;
    }
    return std::make_unique<Topology>(t);
}

std::unique_ptr<Topology> Topology::synthetic(const std::string& description, std::string& error) {
    hwloc_topology_t t;
    if (hwloc_topology_init(&t) != 0) {
        error = "hwloc_topology_init failed";
        return nullptr;
    }
    if (hwloc_topology_set_synthetic(t, description.c_str()) != 0 || hwloc_topology_load(t) != 0) {
        hwloc_topology_destroy(t);
        error = "bad synthetic topology '" + description + "'";
        return nullptr;
    }
    return std::make_unique<Topology>(t);
}

Topology::~Topology() { hwloc_topology_destroy(topo_); }

int Topology::pus() const {
    int n = hwloc_get_nbobjs_by_type(topo_, HWLOC_OBJ_PU);
    return n > 0 ? n : 1;
}

int Topology::cores() const {
    int n = hwloc_get_nbobjs_by_type(topo_, HWLOC_OBJ_CORE);
    return n > 0 ? n : pus();
}

bool Topology::bind_this_process(hwloc_const_cpuset_t set) const {
    // Called single-threaded between fork and exec, where binding the thread
    // binds the process, and exec keeps the affinity. THREAD avoids the
    // /proc/self/task walk that PROCESS does.
    return hwloc_set_cpubind(topo_, set, HWLOC_CPUBIND_THREAD) == 0;
}

namespace {

// PUs with the first PU of every core before the second PU of any core.
std::vector<hwloc_obj_t> pus_core_first(hwloc_topology_t t) {
    std::vector<hwloc_obj_t> out;
    int ncores = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_CORE);
    if (ncores <= 0) {
        for (hwloc_obj_t pu = nullptr; (pu = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_PU, pu));)
            out.push_back(pu);
        return out;
    }
    for (unsigned round = 0;; ++round) {
        bool any = false;
        for (int c = 0; c < ncores; ++c) {
            hwloc_obj_t core = hwloc_get_obj_by_type(t, HWLOC_OBJ_CORE, c);
            hwloc_obj_t pu = hwloc_get_obj_inside_cpuset_by_type(t, core->cpuset, HWLOC_OBJ_PU, round);
            if (pu) {
                out.push_back(pu);
                any = true;
            }
        }
        if (!any) break;
    }
    return out;
}

// The NUMA node or package holding `pu`; null when the topology has none.
hwloc_obj_t domain_of(hwloc_topology_t t, hwloc_obj_t pu, hwloc_obj_type_t type) {
    if (type == HWLOC_OBJ_PACKAGE) return hwloc_get_ancestor_obj_by_type(t, HWLOC_OBJ_PACKAGE, pu);
    // NUMA nodes hang off the tree as memory children: match by CPU set.
    for (hwloc_obj_t n = nullptr; (n = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_NUMANODE, n));) {
        if (hwloc_bitmap_isset(n->cpuset, pu->os_index)) return n;
    }
    return nullptr;
}

// Round-robin across domains, each domain's PUs taken in core-first order.
std::vector<hwloc_obj_t> interleave_domains(hwloc_topology_t t, hwloc_obj_type_t type) {
    std::vector<hwloc_obj_t> order = pus_core_first(t);
    std::vector<hwloc_obj_t> domains;
    std::vector<std::vector<hwloc_obj_t>> per_domain;
    for (hwloc_obj_t pu : order) {
        hwloc_obj_t d = domain_of(t, pu, type);
        size_t k = 0;
        while (k < domains.size() && domains[k] != d) ++k;
        if (k == domains.size()) {
            domains.push_back(d);
            per_domain.emplace_back();
        }
        per_domain[k].push_back(pu);
    }
    std::vector<hwloc_obj_t> out;
    for (size_t i = 0; out.size() < order.size(); ++i) {
        for (auto& list : per_domain) {
            if (i < list.size()) out.push_back(list[i]);
        }
    }
    return out;
}

std::vector<hwloc_obj_t> placement_order(hwloc_topology_t t, MapBy map) {
    switch (map) {
        case MapBy::Hwthread: {
            std::vector<hwloc_obj_t> out;
            for (hwloc_obj_t pu = nullptr; (pu = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_PU, pu));)
                out.push_back(pu);
            return out;
        }
        case MapBy::Numa: return interleave_domains(t, HWLOC_OBJ_NUMANODE);
        case MapBy::Socket: return interleave_domains(t, HWLOC_OBJ_PACKAGE);
        default: return pus_core_first(t);
    }
}

hwloc_const_cpuset_t widen(hwloc_topology_t t, hwloc_obj_t pu, BindTo bind) {
    hwloc_obj_t obj = nullptr;
    switch (bind) {
        case BindTo::Core: obj = hwloc_get_ancestor_obj_by_type(t, HWLOC_OBJ_CORE, pu); break;
        case BindTo::Numa: obj = domain_of(t, pu, HWLOC_OBJ_NUMANODE); break;
        case BindTo::Socket: obj = domain_of(t, pu, HWLOC_OBJ_PACKAGE); break;
        default: obj = pu; break;
    }
    if (!obj) obj = bind == BindTo::Core ? pu : hwloc_get_root_obj(t);
    return obj->cpuset;
}

}  // namespace

BindingPlan plan_bindings(const Topology& topo, int nranks, BindTo bind, MapBy map,
                          bool oversubscribed) {
    BindingPlan plan;
    plan.sets.resize(nranks);
    if (bind == BindTo::Default) {
        if (oversubscribed) bind = BindTo::None;
        else bind = nranks <= topo.cores() ? BindTo::Core : BindTo::Hwthread;
    } else if (bind == BindTo::Core && nranks > topo.cores()) {
        plan.warning = std::to_string(nranks) + " ranks bound to " + std::to_string(topo.cores()) +
                       " cores: some ranks share a core";
    } else if (bind == BindTo::Hwthread && nranks > topo.pus()) {
        plan.warning = std::to_string(nranks) + " ranks bound to " + std::to_string(topo.pus()) +
                       " hardware threads: some ranks share one";
    }
    plan.bind_to = bind;
    if (bind == BindTo::None) return plan;

    std::vector<hwloc_obj_t> order = placement_order(topo.get(), map);
    if (order.empty()) {
        plan.bind_to = BindTo::None;
        return plan;
    }
    for (int r = 0; r < nranks; ++r) {
        hwloc_obj_t pu = order[r % order.size()];
        plan.sets[r].reset(hwloc_bitmap_dup(widen(topo.get(), pu, bind)));
    }
    return plan;
}

std::string describe_binding(const Topology&, hwloc_const_cpuset_t set) {
    if (!set) return "not bound";
    char* list = nullptr;
    if (hwloc_bitmap_list_asprintf(&list, set) < 0 || !list) return "?";
    std::string out = std::string("cpus ") + list;
    std::free(list);
    return out;
}

}  // namespace gyre::launcher
