// Data objects that MPI programs reference by symbol: distinguished addresses
// whose identity (not content) has meaning. MPICH-built binaries link
// against the same names, so they must be exported exactly so.
#include "runtime/api/binding.h"

namespace {
// Storage behind the distinguished addresses; never read or written.
int unweighted_marker;
int weights_empty_marker;
MPI_Fint f_status_ignore_marker[8];
MPI_Fint f_statuses_ignore_marker[8];
MPI_F08_status f08_status_ignore_marker;
MPI_F08_status f08_statuses_ignore_marker;
int pvar_all_handles_marker;
}  // namespace

extern "C" {
int* const MPI_UNWEIGHTED = &unweighted_marker;
int* const MPI_WEIGHTS_EMPTY = &weights_empty_marker;
MPI_Fint* MPI_F_STATUS_IGNORE = f_status_ignore_marker;
MPI_Fint* MPI_F_STATUSES_IGNORE = f_statuses_ignore_marker;
MPI_F08_status* MPI_F08_STATUS_IGNORE = &f08_status_ignore_marker;
MPI_F08_status* MPI_F08_STATUSES_IGNORE = &f08_statuses_ignore_marker;
MPI_T_pvar_handle const MPI_T_PVAR_ALL_HANDLES = reinterpret_cast<MPI_T_pvar_handle>(&pvar_all_handles_marker);
}
