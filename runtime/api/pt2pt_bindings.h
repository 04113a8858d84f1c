// Binding shapes shared by the point-to-point families (blocking,
// nonblocking, persistent): each expands to one entry point that passes its
// name and arguments to a helper. The families differ only in the last
// parameter (MPI_Status* or MPI_Request*), `LAST`. Use each once per
// count type (int and MPI_Count for the _c form).
#pragma once

#include "runtime/api/binding.h"

// MPI_Isend, MPI_Send_init and their modes: IMPL(name, ..., request, MODE, MAKE).
#define GYRE_SEND_REQUEST_BINDING(NAME, CNT, MODE, IMPL, MAKE)                                     \
  GYRE_BINDING(int, NAME, (const void* buf, CNT count, MPI_Datatype datatype, int dest, int tag, \
                           MPI_Comm comm, MPI_Request* request)) {                                \
    return IMPL(#NAME, buf, count, datatype, dest, tag, comm, request, MODE, MAKE);              \
  }

// MPI_Recv, MPI_Irecv, MPI_Recv_init: IMPL(name, ..., last, EXTRA...).
#define GYRE_RECV_BINDING(NAME, CNT, LAST, IMPL, ...)                                                  \
  GYRE_BINDING(int, NAME, (void* buf, CNT count, MPI_Datatype datatype, int source, int tag, MPI_Comm comm, \
                           LAST last)) {                                                               \
    return IMPL(#NAME, buf, count, datatype, source, tag, comm, last __VA_OPT__(, ) __VA_ARGS__);      \
  }

// MPI_Sendrecv, MPI_Isendrecv.
#define GYRE_SENDRECV_BINDING(NAME, CNT, LAST, IMPL)                                                  \
  GYRE_BINDING(int, NAME, (const void* sendbuf, CNT sendcount, MPI_Datatype sendtype, int dest,      \
                           int sendtag, void* recvbuf, CNT recvcount, MPI_Datatype recvtype, int source, \
                           int recvtag, MPI_Comm comm, LAST last)) {                                   \
    return IMPL(#NAME, sendbuf, sendcount, sendtype, dest, sendtag, recvbuf, recvcount, recvtype, source, \
                recvtag, comm, last);                                                                  \
  }

// MPI_Sendrecv_replace, MPI_Isendrecv_replace.
#define GYRE_SENDRECV_REPLACE_BINDING(NAME, CNT, LAST, IMPL)                                       \
  GYRE_BINDING(int, NAME, (void* buf, CNT count, MPI_Datatype datatype, int dest, int sendtag,   \
                           int source, int recvtag, MPI_Comm comm, LAST last)) {                  \
    return IMPL(#NAME, buf, count, datatype, dest, sendtag, source, recvtag, comm, last);        \
  }
