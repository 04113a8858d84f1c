// Where a rank's shared segments are: names derived from the job's nspace
// and ranks, which every rank of the job knows without asking anyone.
#pragma once
#include <sys/types.h>

#include <string>
#include <string_view>

namespace gyre::btl::sm {

// "/gyre-<nspace>-sm<rank>": the btl/sm segment of a rank. Peers open it by
// this name after the PMIx exchange with no modex look-up (the owner's pid
// and probe word are in its header, sm_layout.h). Unique for the job's
// life: the nspace is unique among live jobs, and the owner replaces a
// leftover of the same name (a crashed job whose nspace was reused) before
// the exchange, so after it the name is always the owner's.
std::string segment_name(std::string_view nspace, int world_rank);

// "/gyre-<nspace>-world": MPI_COMM_WORLD's collective segment, which world
// rank 0 makes in MPI_Init (runtime/world_coll_segment.h); the same rules.
std::string world_coll_segment_name(std::string_view nspace);

// "/gyre-<nspace>-<rank>-<pid>": for segments a process makes while it runs
// (coll/shm's, one per communicator), unique per job, rank and process. The
// launcher (which knows the nspace) sweeps /dev/shm/gyre-<nspace>-* after
// a job that crashed before the owners unlinked. nspace is reduced to
// [A-Za-z0-9._-]; empty (a singleton) is "pid".
std::string segment_name(std::string_view nspace, int world_rank, pid_t pid);

// Remove every segment name left by a job of this nspace (for the launcher,
// after a job that died during start-up); returns how many it removed.
int remove_leftover_segments(std::string_view nspace);

}  // namespace gyre::btl::sm
