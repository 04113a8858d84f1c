// What the process learned about itself and the job at start-up (from PMIx,
// or the singleton defaults). Immutable after MPI_Init.
#pragma once
#include <string>
#include <vector>

namespace gyre {

struct ProcessIdentity {
  int world_rank = 0;
  int world_size = 1;
  int local_rank = 0;   // rank among the processes of this node
  int local_size = 1;
  int node_rank = 0;    // rank on this node across all jobs (PMIx node rank)
  int node_id = 0;      // index of this node in the job's node list
  int num_nodes = 1;
  int appnum = 0;
  int universe_size = 1;
  std::vector<int> local_peers;    // world ranks on this node, ascending
  std::vector<int> node_of_rank;   // node id of every world rank
  std::string hostname;
  std::string nspace;              // PMIx namespace ("" for a singleton)
  bool singleton = true;
};

}  // namespace gyre
