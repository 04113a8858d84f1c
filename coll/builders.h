// Every schedule builder, one per file under coll/<component>/<op>_<algo>.cc.
// A builder appends this rank's steps for one collective to an empty
// schedule; the registry (algorithms.cc) names them.
#pragma once
#include "coll/args.h"
#include "coll/schedule/schedule.h"

namespace gyre::coll {

using Builder = void (*)(const CollArgs&, Schedule&);

// linear: reference algorithms, root does everything (any op, any order).
void build_barrier_linear(const CollArgs&, Schedule&);
void build_bcast_linear(const CollArgs&, Schedule&);
void build_reduce_linear(const CollArgs&, Schedule&);
void build_allreduce_linear(const CollArgs&, Schedule&);
void build_gather_linear(const CollArgs&, Schedule&);   // gather and gatherv
void build_scatter_linear(const CollArgs&, Schedule&);  // scatter and scatterv
void build_allgather_linear(const CollArgs&, Schedule&);  // allgather and allgatherv
void build_alltoall_linear(const CollArgs&, Schedule&);   // alltoall, v, w
void build_reduce_scatter_linear(const CollArgs&, Schedule&);  // both forms
void build_scan_linear(const CollArgs&, Schedule&);  // scan and exscan
// direct: every rank reads every other rank's input itself (one node, few ranks).
void build_allreduce_direct(const CollArgs&, Schedule&);
void build_reduce_scatter_direct(const CollArgs&, Schedule&);  // both forms

// tree: binomial trees and the pipelined chain.
void build_barrier_binomial(const CollArgs&, Schedule&);
void build_bcast_binomial(const CollArgs&, Schedule&);
void build_bcast_knomial(const CollArgs&, Schedule&);
void build_bcast_chain(const CollArgs&, Schedule&);
void build_reduce_binomial(const CollArgs&, Schedule&);
void build_reduce_chain(const CollArgs&, Schedule&);
void build_allreduce_binomial(const CollArgs&, Schedule&);  // reduce + bcast
void build_gather_binomial(const CollArgs&, Schedule&);
void build_scatter_binomial(const CollArgs&, Schedule&);

// ring
void build_allreduce_ring(const CollArgs&, Schedule&);
void build_allgather_ring(const CollArgs&, Schedule&);  // allgather and allgatherv
void build_reduce_scatter_ring(const CollArgs&, Schedule&);  // both forms
void build_bcast_scatter_ring(const CollArgs&, Schedule&);

// rhd: recursive halving / doubling, dissemination.
void build_allreduce_rhd(const CollArgs&, Schedule&);
void build_allreduce_recursive_doubling(const CollArgs&, Schedule&);
void build_allgather_recursive_doubling(const CollArgs&, Schedule&);
void build_reduce_scatter_block_rhd(const CollArgs&, Schedule&);
void build_barrier_dissemination(const CollArgs&, Schedule&);
void build_scan_recursive_doubling(const CollArgs&, Schedule&);  // scan and exscan

// pairwise: alltoall-class exchanges.
void build_alltoall_pairwise(const CollArgs&, Schedule&);  // alltoall, v, w
void build_alltoall_bruck(const CollArgs&, Schedule&);

// neighbor: neighborhood collectives over a process topology (one round).
void build_neighbor_allgather_linear(const CollArgs&, Schedule&);  // allgather and allgatherv
void build_neighbor_alltoall_linear(const CollArgs&, Schedule&);   // alltoall, v, w

// inter: intercommunicator forms (peers are ranks of the remote group).
void build_barrier_inter_linear(const CollArgs&, Schedule&);
void build_bcast_inter_linear(const CollArgs&, Schedule&);
void build_allreduce_inter_linear(const CollArgs&, Schedule&);
void build_allgather_inter_linear(const CollArgs&, Schedule&);
void build_alltoall_inter_linear(const CollArgs&, Schedule&);

// hier: node-aware (intra-node step, leaders' step, intra-node step).
void build_barrier_hier(const CollArgs&, Schedule&);
void build_bcast_hier(const CollArgs&, Schedule&);
void build_reduce_hier(const CollArgs&, Schedule&);
void build_allreduce_hier(const CollArgs&, Schedule&);
void build_allgather_hier(const CollArgs&, Schedule&);

}  // namespace gyre::coll
