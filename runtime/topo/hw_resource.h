// Hardware resources for MPI_Comm_split_type(MPI_COMM_TYPE_HW_GUIDED):
// which instance of a resource type ("NUMANode", "Package", "L3Cache",
// "Core", ... as hwloc names them, case-insensitive) this process is
// confined to by its CPU binding.
#pragma once
#include <string>

namespace gyre::topo {

// The logical index of the object of `type` whose cpuset contains this
// process's whole binding; -1 when the binding spans several such objects
// (or the type is unknown to hwloc: *known is then false).
int hw_resource_index(const std::string& type, bool* known);

}  // namespace gyre::topo
