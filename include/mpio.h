/*
 * Gyre -- mpio.h
 *
 * MPI-IO is not implemented by Gyre.  This header exists so that programs
 * which include it still compile; it only includes mpi.h, which defines the
 * MPI-IO types and constants (MPI_File, MPI_FILE_NULL, MPI_MODE_*,
 * MPI_SEEK_*, MPI_DISPLACEMENT_CURRENT, ...) but no MPI_File_* routines.
 */
#ifndef GYRE_MPIO_H_INCLUDED
#define GYRE_MPIO_H_INCLUDED

#include "mpi.h"

#endif /* GYRE_MPIO_H_INCLUDED */
