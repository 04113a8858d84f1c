// Run a body as N real processes (fork), the way ranks of one node run, for
// tests and benchmarks of the shared-memory transport. Each child gets a
// ProcessIdentity of a one-node job and a FileModex in a fresh directory.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "runtime/pmix/identity.h"
#include "test/unit/btl_file_modex.h"

namespace gyre::test {

inline ProcessIdentity one_node_identity(int rank, int size, const std::string& nspace) {
  ProcessIdentity id;
  id.world_rank = id.local_rank = id.node_rank = rank;
  id.world_size = id.local_size = id.universe_size = size;
  for (int r = 0; r < size; ++r) id.local_peers.push_back(r);
  id.node_of_rank.assign(static_cast<size_t>(size), 0);
  id.hostname = "localhost";
  id.nspace = nspace;
  id.singleton = false;
  return id;
}

// body(identity, modex) returns 0 on success (anything else is the exit code
// of that rank). Returns "" when every rank exited 0, else what went wrong.
// A child alive after watchdog_s seconds is hung: SIGALRM ends it. When one
// rank fails, the others are killed instead of waiting for the watchdog.
using RankBody = std::function<int(const ProcessIdentity&, Modex&)>;

inline std::string run_forked_ranks(int n, const RankBody& body, unsigned watchdog_s = 120) {
  char dir_template[] = "/tmp/gyre-btl-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) return "mkdtemp failed";
  const std::string dir = dir_template;
  const std::string nspace = "btltest" + std::to_string(getpid());
  std::fflush(nullptr);  // or the children print the parent's buffered output again

  std::vector<pid_t> children;
  for (int rank = 0; rank < n; ++rank) {
    pid_t pid = fork();
    if (pid == 0) {
      alarm(watchdog_s);
      int rc = 98;
      try {
        FileModex modex(dir, rank, n);
        rc = body(one_node_identity(rank, n, nspace), modex);
      } catch (...) {
        rc = 99;
      }
      std::fflush(nullptr);
      _exit(rc);
    }
    children.push_back(pid);
  }

  std::string failure;
  for (size_t left = children.size(); left > 0; --left) {
    int status = 0;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) break;
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (ok) continue;
    int rank = 0;
    while (rank < n && children[rank] != pid) ++rank;
    if (failure.empty()) {
      failure = "rank " + std::to_string(rank) +
                (WIFSIGNALED(status) ? " killed by signal " + std::to_string(WTERMSIG(status))
                                     : " exited with " + std::to_string(WEXITSTATUS(status)));
      for (pid_t other : children)
        if (other != pid) kill(other, SIGKILL);
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return failure;
}

}  // namespace gyre::test
