// Single-copy reads from (and writes into) a sibling process's memory (Linux
// Cross Memory Attach, process_vm_readv/writev): a large message moves once,
// from the sender's buffer straight into the receiver's, instead of twice
// through a ring.
//
// The kernel allows it when the reader may ptrace the target: same user, and
// with Yama ptrace_scope=1 only if the target said so. allow_cma_readers()
// says so for every process of this user (what Open MPI and MPICH do too);
// ptrace_scope=2/3, seccomp or a container without the capability still
// refuse, which cma_probe() finds out at start-up.
#pragma once
#include <sys/types.h>

#include <cstddef>
#include <cstdint>

#include "runtime/error.h"

namespace gyre::btl::sm {

// Let sibling processes read this one (PR_SET_PTRACER_ANY). Harmless where
// Yama is absent.
void allow_cma_readers();

// Copy len bytes at remote_addr in process pid into dst; loops over short reads.
Error cma_read(pid_t pid, void* dst, uint64_t remote_addr, size_t len);

// Copy len bytes from src into remote_addr in process pid (the same
// permission as reading it); loops over short writes.
Error cma_write(pid_t pid, uint64_t remote_addr, const void* src, size_t len);

// Does reading a known word of pid give the expected value?
bool cma_probe(pid_t pid, uint64_t remote_addr, uint64_t expected);

}  // namespace gyre::btl::sm
