#include "runtime/params.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "runtime/log.h"

extern char** environ;

namespace gyre::params {
namespace {

// THE registry. Keep it sorted by component, then name. A test checks that
// names are unique, start with GYRE_, and every entry has help text.
constexpr std::array kSpecs{
    Spec{"GYRE_VERBOSE", Type::integer, "0", "runtime", "Verbosity of diagnostic messages (0 = warnings only, 1 = info, 2+ = debug)"},
    Spec{"GYRE_NO_ARG_CHECKS", Type::boolean, "0", "runtime", "Skip the cheap argument checks of MPI calls (for speed; errors may then crash)"},
    Spec{"GYRE_PRINT_COMM_MAP", Type::boolean, "0", "runtime", "Print each new communicator's rank map (world rank, node, local rank/size, node leader) from its rank 0"},
    Spec{"GYRE_WAIT_SPIN", Type::integer, "20000", "progress", "Progress polls a waiting rank makes before it starts yielding the CPU (a node with more ranks than cores uses 1/4000 of it, and polls no more than that in a shared-memory collective)"},
    Spec{"GYRE_WAIT_YIELD_US", Type::integer, "2000", "progress", "Microseconds a waiting rank keeps polling with sched_yield() after spinning, before it sleeps on its doorbell"},
    Spec{"GYRE_WAIT_SLEEP_US", Type::integer, "1000", "progress", "Longest single sleep (microseconds) of a blocked rank before it polls again"},
    Spec{"GYRE_ASYNC_PROGRESS", Type::string, "auto", "progress", "Progress thread that advances nonblocking and persistent collectives while the rank computes: on, off, or auto (on when the node has at least two processors per local rank)"},
    Spec{"GYRE_ASYNC_PROGRESS_SLEEP_US", Type::integer, "50", "progress", "Microseconds the progress thread sleeps between polls once it has found nothing to do for GYRE_WAIT_YIELD_US"},
    Spec{"GYRE_SM_EAGER_LIMIT", Type::size, "8192", "btl/sm", "Messages up to this many bytes go eagerly through the shared-memory queue"},
    Spec{"GYRE_SM_QUEUE_SIZE", Type::size, "262144", "btl/sm", "Bytes of each per-sender shared-memory receive ring; left unset, 1 MiB with 2-3 ranks on the node, 512 KiB with 4-5, this default from 6 on"},
    Spec{"GYRE_SM_FRAGMENT_SIZE", Type::size, "32768", "btl/sm", "Largest fragment of the pipelined copy used when single-copy (CMA) is unavailable"},
    Spec{"GYRE_SM_CMA", Type::boolean, "1", "btl/sm", "Use process_vm_readv single-copy transfers for rendezvous messages when the kernel allows it"},
    Spec{"GYRE_PML_RNDV_LIMIT", Type::size, "0", "pml", "Override the eager/rendezvous switch point in bytes (0 = the transport's eager limit)"},
    Spec{"GYRE_PML_SINGLE_COPY_MIN", Type::size, "16384", "pml", "Smallest rendezvous message read with single-copy get() (CMA); smaller ones use the pipelined copy through the shared-memory queue"},
    Spec{"GYRE_COLL_TRACE", Type::boolean, "0", "coll", "Log every collective algorithm choice (comm, op, bytes, np -> algorithm, rule) on rank 0 of the communicator"},
    Spec{"GYRE_COLL_BARRIER", Type::string, "", "coll", "Force the barrier algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_BCAST", Type::string, "", "coll", "Force the bcast algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_REDUCE", Type::string, "", "coll", "Force the reduce algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_ALLREDUCE", Type::string, "", "coll", "Force the allreduce algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_GATHER", Type::string, "", "coll", "Force the gather algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_GATHERV", Type::string, "", "coll", "Force the gatherv algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_SCATTER", Type::string, "", "coll", "Force the scatter algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_SCATTERV", Type::string, "", "coll", "Force the scatterv algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_ALLGATHER", Type::string, "", "coll", "Force the allgather algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_ALLGATHERV", Type::string, "", "coll", "Force the allgatherv algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_ALLTOALL", Type::string, "", "coll", "Force the alltoall algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_ALLTOALLV", Type::string, "", "coll", "Force the alltoallv algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_ALLTOALLW", Type::string, "", "coll", "Force the alltoallw algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_REDUCE_SCATTER", Type::string, "", "coll", "Force the reduce_scatter algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_REDUCE_SCATTER_BLOCK", Type::string, "", "coll", "Force the reduce_scatter_block algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_SCAN", Type::string, "", "coll", "Force the scan algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
    Spec{"GYRE_COLL_TABLE", Type::string, "", "coll", "Read the collective decision table from this file instead of the built-in one (format: gyre_info --coll prints the table as such a file; a bad file ends the job naming file:line)"},
    Spec{"GYRE_COLL_HIER_NODE_SIZE", Type::integer, "0", "coll", "Testing: treat every N consecutive ranks of a communicator as one node for node-aware (hier) collectives and their selection (0 = the job's real node map)"},
    Spec{"GYRE_COLL_EXSCAN", Type::string, "", "coll", "Force the exscan algorithm for every communicator (empty = decision table; gyre_info --coll lists the choices)"},
};

bool is_true(std::string_view v) {
  return v == "1" || v == "true" || v == "yes" || v == "on" || v == "TRUE" || v == "YES" || v == "ON";
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1] ? 1u : 0u)});
      diag = up;
    }
  }
  return row[b.size()];
}

// Variables that are GYRE_* but belong to the launcher or tests, not tunables.
// (Launcher, compiler wrappers, test runner and benchmark variables.)
constexpr std::array kNotTunables{"GYRE_OVERSUBSCRIBE", "GYRE_CC", "GYRE_CXX", "GYRE_PREFIX", "GYRE_TEST_",
                                  "GYRE_SRCDIR", "GYRE_BUILDDIR", "GYRE_BENCH_", "GYRE_WRAPPER_"};

}  // namespace

std::span<const Spec> all() { return kSpecs; }

const Spec* find(std::string_view name) {
  for (const Spec& s : kSpecs)
    if (name == s.name) return &s;
  return nullptr;
}

Value value(std::string_view name) {
  const Spec* spec = find(name);
  if (spec == nullptr) log::fatal("internal: parameter " + std::string(name) + " is not registered");
  if (const char* env = std::getenv(spec->name)) return {env, Source::environment};
  return {spec->default_value, Source::default_value};
}

int64_t get_int(std::string_view name) {
  std::string text = value(name).text;
  char* end = nullptr;
  int64_t v = std::strtoll(text.c_str(), &end, 0);
  switch (end != nullptr ? *end : 0) {
    case 'k': case 'K': v <<= 10; break;
    case 'm': case 'M': v <<= 20; break;
    case 'g': case 'G': v <<= 30; break;
    default: break;
  }
  return v;
}

bool get_bool(std::string_view name) { return is_true(value(name).text); }

std::string get_string(std::string_view name) { return value(name).text; }

std::string closest_name(std::string_view unknown) {
  std::string best;
  size_t best_distance = 4;  // farther than this is no useful suggestion
  for (const Spec& s : kSpecs) {
    size_t d = edit_distance(unknown, s.name);
    if (d < best_distance) {
      best_distance = d;
      best = s.name;
    }
  }
  return best;
}

void warn_unknown_environment() {
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    if (entry.rfind("GYRE_", 0) != 0) continue;
    std::string_view name = entry.substr(0, entry.find('='));
    if (find(name) != nullptr) continue;
    if (name.rfind("GYRE_COLL_", 0) == 0) continue;  // per-op overrides, checked by coll
    bool exempt = std::any_of(kNotTunables.begin(), kNotTunables.end(),
                              [&](const char* p) { return name.rfind(p, 0) == 0; });
    if (exempt) continue;
    std::string hint = closest_name(name);
    log::warn("unknown variable " + std::string(name) + " in the environment" +
              (hint.empty() ? std::string() : "; did you mean " + hint + "?"));
  }
}

}  // namespace gyre::params
