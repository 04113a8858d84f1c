// What the MPI bindings keep per process, owned by the Runtime
// (Runtime::bindings()) like every other piece of process-wide state.
#pragma once
#include <mpi.h>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/api/pt2pt_bsend_buffer.h"
#include "runtime/attribute.h"
#include "runtime/predefined.h"

namespace gyre::api {

// The most recent failure (read by MPI_Error_string; SERIALIZED at most).
struct LastError {
  int cls = MPI_SUCCESS;
  std::string message;
};

// The values behind the predefined communicator attributes: MPI_Comm_get_attr
// hands out their addresses, so they live as long as the process.
struct PredefinedAttributeValues {
  int tag_ub = kTagUpperBound;
  int host = MPI_PROC_NULL;
  int io = MPI_ANY_SOURCE;  // every process can do I/O
  int wtime_is_global = 0;
  int universe_size = 1;
  int lastusedcode = 0;
  int appnum = 0;
};

struct BindingState {
  BsendBuffer bsend;  // MPI_Buffer_attach: MPI has one attached buffer per process
  LastError last_error;
  PredefinedAttributeValues predefined_attributes;
  // Datatype attributes by handle: they belong to the handle, not to the
  // layout that in-flight operations share.
  std::unordered_map<int, AttributeStore> type_attributes;
  // MPI_Type_create_f90_*: one handle per (arguments, combiner) for the run.
  std::map<std::vector<int>, MPI_Datatype> f90_types;
};

}  // namespace gyre::api
