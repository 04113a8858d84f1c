// gyre_info's look at the host it runs on: what the library would find at
// MPI_Init (CUDA driver, libfabric providers, hwloc topology, whether the
// kernel lets sm use single-copy reads). Each probe fails soft: it returns
// what it learned and an error text instead of ending the program.
#pragma once
#include <string>
#include <vector>

namespace gyre::info {

struct CudaProbe {
  bool driver_found = false;  // dlopen("libcuda.so.1") worked
  int driver_version = 0;     // cuDriverGetVersion, e.g. 12040; 0 if unknown
  int devices = -1;           // cuDeviceGetCount after cuInit; -1 if unknown
  std::string error;          // why the driver was not found / not usable
};
CudaProbe probe_cuda();

struct FabricProbe {
  std::string library_version;         // fi_version() as "1.17"
  std::vector<std::string> providers;  // unique prov_name of fi_getinfo(no hints), in order
  std::string error;                   // fi_getinfo's error text, if it failed
};
FabricProbe probe_fabric();

struct TopologyProbe {
  int packages = 0, numa_nodes = 0, cores = 0, pus = 0;
  std::string hwloc_version;
  std::string error;
};
TopologyProbe probe_topology();

struct CmaProbe {
  int ptrace_scope = -1;  // kernel.yama.ptrace_scope; -1 when Yama is absent
  bool allowed = false;   // the kernel lets a rank read a sibling of the same user
  std::string why;        // one line of explanation
};
CmaProbe probe_cma();

}  // namespace gyre::info
