// Where each rank runs: this host's topology (hwloc), restricted to the CPUs
// mpirun itself may use (so `taskset -c 0-3 mpirun ...` confines the job),
// and the per-rank CPU sets that --map-by / --bind-to ask for.
#pragma once
#include <hwloc.h>

#include <memory>
#include <string>
#include <vector>

#include "launcher/options.h"

namespace gyre::launcher {

// An owned hwloc bitmap; empty (null) means "not bound".
struct BitmapDeleter {
    void operator()(hwloc_bitmap_s* b) const { hwloc_bitmap_free(b); }
};
using CpuSet = std::unique_ptr<hwloc_bitmap_s, BitmapDeleter>;

class Topology {
public:
    // Loads the topology; on failure returns null and sets `error`.
    static std::unique_ptr<Topology> load(std::string& error);
    // A made-up machine in hwloc's synthetic syntax ("pack:2 numa:1 core:4
    // pu:2"), for tests of the placement rules. It cannot bind.
    static std::unique_ptr<Topology> synthetic(const std::string& description, std::string& error);
    explicit Topology(hwloc_topology_t t) : topo_(t) {}  // adopts `t`
    ~Topology();
    Topology(const Topology&) = delete;
    Topology& operator=(const Topology&) = delete;

    hwloc_topology_t get() const { return topo_; }
    int pus() const;    // processing units (hardware threads) mpirun may use
    int cores() const;

    // Binds the calling process. Called in the child between fork and exec.
    bool bind_this_process(hwloc_const_cpuset_t set) const;

private:
    hwloc_topology_t topo_;
};

struct BindingPlan {
    BindTo bind_to = BindTo::None;   // resolved: never Default
    std::vector<CpuSet> sets;        // one per rank; all null when bind_to == None
    std::string warning;             // e.g. ranks share cores; empty when none
};

// Resolves `bind` / `map` for `nranks` ranks. `oversubscribed` (more ranks than
// processing units) turns the default binding off.
BindingPlan plan_bindings(const Topology& topo, int nranks, BindTo bind, MapBy map,
                          bool oversubscribed);

// "core 3 (PUs 3,67)"-style description for --report-bindings.
std::string describe_binding(const Topology& topo, hwloc_const_cpuset_t set);

}  // namespace gyre::launcher
