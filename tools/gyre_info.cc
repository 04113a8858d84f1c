// gyre_info: what this Gyre installation is and what it would do on this
// host — version, build options, components, collective decision table,
// accelerator, libfabric providers, topology, and every GYRE_* parameter
// with its current value. Runs without MPI_Init (no launcher needed).
//
//   gyre_info                     everything but the collective table
//   gyre_info --all               everything
//   gyre_info --parsable          key:value lines (with --all: everything)
//   gyre_info --param NAME        one parameter
//   gyre_info --coll [--op allreduce --bytes 8K --np 4 --ppn 4]
//   gyre_info --coll --coll-table FILE   check and print a table file
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "btl/sm/sm_config.h"
#include "coll/algorithms.h"
#include "coll/args.h"
#include "coll/decision_table.h"
#include "gyre_config.h"
#include "runtime/log.h"
#include "runtime/params.h"
#include "tools/info_probes.h"

extern char** environ;

namespace {

using namespace gyre;

// Two renderings of the same facts: aligned text for people, and
// "key:value" lines (key: dot-separated, no colon; value: the rest of the
// line) for scripts.
class Out {
 public:
  explicit Out(bool parsable) : parsable_(parsable) {}
  void section(const std::string& title) {
    if (!parsable_) std::cout << (first_ ? "" : "\n") << title << "\n";
    first_ = false;
  }
  // unit: appended for people only ("4096 bytes"), so scripts get a number.
  void item(const std::string& key, const std::string& label, const std::string& value, const char* unit = "") {
    if (parsable_)
      std::cout << key << ":" << value << "\n";
    else
      std::cout << "  " << label << ":" << std::string(label.size() < 24 ? 24 - label.size() : 1, ' ') << value
                << unit << "\n";
  }
  void text(const std::string& line) {
    if (!parsable_) std::cout << line << "\n";
  }
  bool parsable() const { return parsable_; }

 private:
  bool parsable_;
  bool first_ = true;
};

const char* type_name(params::Type t) {
  switch (t) {
    case params::Type::integer: return "integer";
    case params::Type::size: return "size";
    case params::Type::boolean: return "boolean";
    case params::Type::string: return "string";
  }
  return "?";
}

std::string shown(const std::string& v) { return v.empty() ? "(empty)" : v; }

// Does the text parse as the parameter's type? "" when it does, else why not.
std::string type_problem(const params::Spec& s, const std::string& v) {
  if (s.type == params::Type::integer || s.type == params::Type::size) {
    char* end = nullptr;
    std::strtoll(v.c_str(), &end, 0);
    bool suffix_ok = s.type == params::Type::size && end != nullptr && std::strchr("kKmMgG", *end) != nullptr &&
                     *end != '\0' && end[1] == '\0';
    if (v.empty() || end == v.c_str() || (*end != '\0' && !suffix_ok))
      return s.type == params::Type::size ? "not a byte count (digits, optional k/m/g)" : "not an integer";
  } else if (s.type == params::Type::boolean) {
    static const char* words[] = {"1", "0", "true", "false", "yes", "no", "on", "off",
                                  "TRUE", "FALSE", "YES", "NO", "ON", "OFF"};
    for (const char* w : words)
      if (v == w) return "";
    return "not a boolean (1/0, true/false, yes/no, on/off)";
  }
  return "";
}

// GYRE_COLL_<OP> names and values: params.cc leaves these to coll, which
// checks them at MPI_Init; gyre_info checks them the same way, up front.
void check_coll_environment() {
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    if (entry.rfind("GYRE_COLL_", 0) != 0) continue;
    size_t eq = entry.find('=');
    std::string name = entry.substr(0, eq), value = eq == std::string::npos ? "" : entry.substr(eq + 1);
    if (params::find(name) == nullptr) {
      std::string hint = params::closest_name(name);
      log::warn("unknown variable " + name + " in the environment" +
                (hint.empty() ? std::string() : "; did you mean " + hint + "?"));
      continue;
    }
    if (name == "GYRE_COLL_TRACE" || value.empty()) continue;
    std::string op = name.substr(10);
    for (char& c : op) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    coll::CollOp o;
    if (coll::op_from_name(op, &o) && coll::find_algorithm(o, value) == nullptr)
      log::warn(name + "=" + value + ": no such " + op + " algorithm (choices: " + coll::algorithm_names(o) +
                "); MPI_Init would stop here");
  }
}

void check_values() {
  for (const params::Spec& s : params::all()) {
    params::Value v = params::value(s.name);
    if (v.source != params::Source::environment) continue;
    std::string why = type_problem(s, v.text);
    if (!why.empty()) log::warn(std::string(s.name) + "=" + v.text + ": " + why);
  }
}

void print_package(Out& out) {
  out.section("Package");
  out.item("version", "Gyre version", PACKAGE_VERSION);
  out.item("mpi_standard", "MPI standard", "4.0 (MPICH ABI, libmpi.so.12)");
  std::string args = GYRE_CONFIGURE_ARGS;
  size_t first = args.find_first_not_of(' ');
  out.item("configure", "configure options", first == std::string::npos ? "(none)" : args.substr(first));
}

// "1 MiB", "32 KiB", else "33024 bytes".
std::string human_size(size_t v) {
  if (v != 0 && v % (size_t{1} << 20) == 0) return std::to_string(v >> 20) + " MiB";
  if (v != 0 && v % 1024 == 0) return std::to_string(v / 1024) + " KiB";
  return std::to_string(v) + " bytes";
}

// One size of the sm transport over the node's rank counts: the ring and
// the eager limit grow when few ranks share the node (btl/sm/sm_config.h),
// so one number would be wrong for some nodes. Ranges of rank counts with
// the same value, from 2 ranks (the fewest that use sm) on; the last range
// is open (sizes stop changing well before kMostRanks).
struct SizeRange {
  size_t first_ranks;
  size_t last_ranks;  // 0: and more
  size_t value;
};

std::vector<SizeRange> size_ranges(const btl::sm::SmConfig& config, size_t btl::sm::SmSizing::*field) {
  constexpr size_t kMostRanks = 4096;
  std::vector<SizeRange> ranges;
  for (size_t n = 2; n <= kMostRanks; ++n) {
    size_t v = btl::sm::size_for(config, n).*field;
    if (!ranges.empty() && ranges.back().value == v) continue;
    if (!ranges.empty()) ranges.back().last_ranks = n - 1;
    ranges.push_back({n, 0, v});
  }
  return ranges;
}

// People: "1 MiB with 2-3 ranks on the node, 512 KiB with 4-5, 256 KiB from
// 6", or the one value. Scripts: KEY is the value with many ranks on the node
// (the last range); KEY.ranks.FIRST-LAST (LAST empty for the last range)
// gives each range when there are several.
void print_sm_size(Out& out, const std::string& key, const std::string& label, const btl::sm::SmConfig& config,
                   size_t btl::sm::SmSizing::*field, const char* auto_note) {
  std::vector<SizeRange> ranges = size_ranges(config, field);
  if (ranges.size() == 1) {
    out.item(key, label, std::to_string(ranges[0].value), " bytes");
    return;
  }
  std::string text;
  for (size_t i = 0; i < ranges.size(); ++i) {
    const SizeRange& r = ranges[i];
    std::string span = r.last_ranks == 0              ? "from " + std::to_string(r.first_ranks)
                       : r.last_ranks == r.first_ranks ? "with " + std::to_string(r.first_ranks)
                                                      : "with " + std::to_string(r.first_ranks) + "-" +
                                                            std::to_string(r.last_ranks);
    text += (i == 0 ? "" : ", ") + human_size(r.value) + " " + span + (i == 0 ? " ranks on the node" : "");
  }
  if (out.parsable()) {
    out.item(key, label, std::to_string(ranges.back().value));
    for (const SizeRange& r : ranges)
      out.item(key + ".ranks." + std::to_string(r.first_ranks) + "-" +
                   (r.last_ranks == 0 ? "" : std::to_string(r.last_ranks)),
               label, std::to_string(r.value));
  } else {
    out.item(key, label, "auto: " + text);
    out.text("  " + std::string(25, ' ') + auto_note);
  }
}

void print_components(Out& out) {
  out.section("Transports (btl)");
  btl::sm::SmConfig config = btl::sm::SmConfig::from_params();
  btl::sm::SmSizing sizing = btl::sm::size_for(config);  // the smallest sizes (auto ones grow with fewer ranks)
  info::CmaProbe cma = info::probe_cma();
  out.item("btl.self", "self", "available (a rank to itself)");
  out.item("btl.sm", "sm", "available (ranks of one node, POSIX shared memory in /dev/shm)");
  print_sm_size(out, "btl.sm.ring_bytes", "sm ring per sender", config, &btl::sm::SmSizing::ring_capacity,
                "(GYRE_SM_QUEUE_SIZE unset: sized by the ranks on the node)");
  print_sm_size(out, "btl.sm.eager_limit", "sm eager limit", config, &btl::sm::SmSizing::eager_limit,
                "(GYRE_SM_EAGER_LIMIT: the same on every node)");
  print_sm_size(out, "btl.sm.max_frame", "sm max frame", config, &btl::sm::SmSizing::max_frame,
                "(a quarter of the ring at most)");
  std::string single = !config.cma ? "off (GYRE_SM_CMA=0): pipelined copy through the ring"
                       : cma.allowed ? "process_vm_readv (CMA), checked per peer at MPI_Init"
                                     : "unavailable: pipelined copy through the ring";
  if (sizing.eager_limit < config.eager_limit)
    out.text("  " + std::string(25, ' ') + "(GYRE_SM_EAGER_LIMIT=" + std::to_string(config.eager_limit) +
             " does not fit in one frame: capped; raise GYRE_SM_FRAGMENT_SIZE or GYRE_SM_QUEUE_SIZE)");
  out.item("btl.sm.single_copy", "sm single copy", single);
  out.item("btl.sm.ptrace_scope", "kernel ptrace_scope", cma.ptrace_scope < 0 ? "none" : std::to_string(cma.ptrace_scope));
  out.text("  " + std::string(25, ' ') + cma.why);
  out.item("btl.sm.waiting", "waiting", "spin, then sched_yield, then sleep on a futex doorbell");
  out.item("btl.ofi", "ofi", "not in this release (ranks on other nodes cannot be reached)");
}

void print_coll_summary(Out& out) {
  out.section("Collectives (coll)");
  for (int i = 0; i < coll::kNumCollOps; ++i) {
    auto op = static_cast<coll::CollOp>(i);
    std::string name(coll::op_name(op));
    out.item("coll." + name + ".algorithms", name, coll::algorithm_names(op));
  }
  out.text("  (gyre_info --coll prints the decision table as a file GYRE_COLL_TABLE can load;\n"
           "   GYRE_COLL_<OP>=<algorithm> forces one)");
}

// The table of the job: --coll-table FILE, else GYRE_COLL_TABLE, else the
// built-in one. A bad file is reported as MPI_Init would (file:line, the
// field, the choices); nullptr then.
std::unique_ptr<coll::DecisionTable> job_table(const std::string& path_option) {
  std::string path = path_option.empty() ? params::get_string("GYRE_COLL_TABLE") : path_option;
  if (path.empty()) return std::make_unique<coll::DecisionTable>(coll::DecisionTable::builtin().rules(), "built-in");
  std::unique_ptr<coll::DecisionTable> t;
  if (Error e = coll::load_table(path, &t)) {
    log::warn(std::string(path_option.empty() ? "GYRE_COLL_TABLE" : "--coll-table") +
              ": the collective decision table has errors (MPI_Init would stop here):\n" + e.what());
    return nullptr;
  }
  return t;
}

// The table as a file GYRE_COLL_TABLE can load (the algorithms as comments),
// or with --parsable one key per algorithm fact and per rule.
void print_coll_table(Out& out, const coll::DecisionTable& table) {
  if (!out.parsable()) {
    coll::write_table(table, std::cout);
    std::cout << "\n# Algorithms (restrictions in brackets):\n";
  }
  for (const coll::Algorithm& a : coll::algorithms()) {
    std::string op(coll::op_name(a.op)), name(a.name);
    std::string limits = std::string(a.needs_commutative ? "commutative op" : "") +
                         (a.needs_commutative && a.needs_pof2 ? ", " : "") + (a.needs_pof2 ? "np a power of two" : "");
    if (out.parsable()) {
      std::string key = "coll." + op + ".algorithm." + name;
      out.item(key + ".summary", "", std::string(a.summary));
      out.item(key + ".needs_commutative", "", a.needs_commutative ? "1" : "0");
      out.item(key + ".needs_pof2", "", a.needs_pof2 ? "1" : "0");
    } else {
      std::cout << "#   " << op << "/" << name << ": " << a.summary << (limits.empty() ? "" : "  [needs " + limits + "]")
                << "\n";
    }
  }
  if (out.parsable()) {
    out.item("coll.table", "", table.origin());
    int n = 0;
    for (const coll::Rule& r : table.rules()) {
      std::string when = coll::rule_conditions(r);
      out.item("coll.rule." + std::to_string(n++), "",
               std::string(coll::op_name(r.op)) + (when.empty() ? "" : " " + when) + " -> " + std::string(r.algorithm) +
                   (r.why.empty() ? "" : "  # " + std::string(r.why)));
    }
  }
}

void print_accel(Out& out) {
  out.section("Accelerator");
  out.item("accel.backend", "backend", "host only (the CUDA backend is not in this release)");
  info::CudaProbe cuda = info::probe_cuda();
  std::string driver = cuda.driver_found ? "found (libcuda.so.1)" : "not found";
  if (cuda.driver_found && cuda.driver_version > 0)
    driver += ", version " + std::to_string(cuda.driver_version / 1000) + "." +
              std::to_string(cuda.driver_version % 1000 / 10);
  out.item("accel.cuda_driver", "CUDA driver", driver);
  if (cuda.devices >= 0) out.item("accel.cuda_devices", "CUDA devices", std::to_string(cuda.devices));
  if (cuda.driver_found && !cuda.error.empty()) out.item("accel.cuda_error", "CUDA problem", cuda.error);
  out.text("  " + std::string(25, ' ') + "device buffers passed to MPI calls are not supported yet");
}

void print_fabric(Out& out) {
  out.section("Network (libfabric)");
  info::FabricProbe f = info::probe_fabric();
  out.item("fabric.version", "libfabric", f.library_version);
  std::string list;
  for (const std::string& p : f.providers) list += (list.empty() ? "" : ", ") + p;
  if (!f.error.empty()) list = "none (fi_getinfo: " + f.error + ")";
  out.item("fabric.providers", "providers on this host", list.empty() ? "none" : list);
  out.text("  " + std::string(25, ' ') + "Gyre does not use them yet (the ofi transport is not in this release)");
}

void print_topology(Out& out) {
  out.section("Topology (hwloc)");
  info::TopologyProbe t = info::probe_topology();
  out.item("topology.hwloc", "hwloc", t.hwloc_version);
  if (!t.error.empty()) {
    out.item("topology.error", "problem", t.error);
    return;
  }
  out.item("topology.packages", "packages", std::to_string(t.packages));
  out.item("topology.numa_nodes", "NUMA nodes", std::to_string(t.numa_nodes));
  out.item("topology.cores", "cores", std::to_string(t.cores));
  out.item("topology.pus", "PUs (hardware threads)", std::to_string(t.pus));
}

void print_param(Out& out, const params::Spec& s) {
  params::Value v = params::value(s.name);
  std::string source = v.source == params::Source::environment ? "environment" : "default";
  if (out.parsable()) {
    std::string key = std::string("param.") + s.name;
    out.item(key + ".type", "", type_name(s.type));
    out.item(key + ".default", "", s.default_value);
    out.item(key + ".value", "", v.text);
    out.item(key + ".source", "", source);
    out.item(key + ".component", "", s.component);
    out.item(key + ".help", "", s.help);
    return;
  }
  std::cout << "  " << s.name << "  (" << type_name(s.type) << ", " << s.component << ")\n"
            << "      current " << shown(v.text) << " from " << source << "; default " << shown(s.default_value)
            << "\n      " << s.help << "\n";
}

void print_params(Out& out) {
  out.section("Parameters (environment variables; gyre_info --param NAME for one)");
  for (const params::Spec& s : params::all()) print_param(out, s);
}

void usage(std::ostream& os) {
  os << "usage: gyre_info [--all] [--parsable] [--param NAME]\n"
        "       gyre_info --coll [--coll-table FILE] [--op OP [--bytes N] [--np N] [--ppn N]\n"
        "                        [--noncommutative] [--oversub]]\n"
        "  (no option)      version, build, transports, collectives, accelerator,\n"
        "                   libfabric providers, topology, parameters\n"
        "  --all            all of that and the collective decision table\n"
        "  --parsable       key:value lines (key has no colon; value is the rest)\n"
        "  --param NAME     one parameter (type, default, current value, source, help)\n"
        "  --coll           the collective decision table, in the file format that\n"
        "                   GYRE_COLL_TABLE loads, and the algorithms (as comments)\n"
        "    --coll-table FILE  check and use this table file (default: GYRE_COLL_TABLE)\n"
        "    --op OP        explain the choice for one call: allreduce, bcast, ...\n"
        "    --bytes N      message bytes (k/m/g suffixes; default 8)\n"
        "    --np N         communicator size (default 4)\n"
        "    --ppn N        ranks per node (default: np)\n"
        "    --noncommutative  the reduction op is not commutative\n"
        "    --oversub      the node runs more ranks than it has processors\n"
        "  --version        the version only\n"
        "  -h, --help       this text\n"
        "See gyre_info(1) and gyre(7).\n";
}

bool parse_count(const std::string& text, long long* out) {
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (end == text.c_str() || v < 0) return false;
  switch (*end) {
    case 'k': case 'K': v <<= 10; ++end; break;
    case 'm': case 'M': v <<= 20; ++end; break;
    case 'g': case 'G': v <<= 30; ++end; break;
    default: break;
  }
  if (*end != '\0') return false;
  *out = v;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  bool all = false, parsable = false, coll_only = false, commutative = true, version_only = false;
  bool oversub = false;
  std::string param, op, table_path;
  long long bytes = 8, np = 4, ppn = -1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* what) -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "gyre_info: " << a << " needs " << what << "\n";
        std::exit(2);
      }
      return argv[++i];
    };
    auto count = [&](long long* out) {
      std::string v = value("a number");
      if (!parse_count(v, out)) {
        std::cerr << "gyre_info: " << a << ": '" << v << "' is not a non-negative number\n";
        std::exit(2);
      }
    };
    if (a == "--all" || a == "-a") all = true;
    else if (a == "--parsable" || a == "--parseable") parsable = true;
    else if (a == "--param") param = value("a parameter name");
    else if (a == "--coll") coll_only = true;
    else if (a == "--op") op = value("an operation name");
    else if (a == "--coll-table") { table_path = value("a file"); coll_only = true; }
    else if (a == "--bytes") count(&bytes);
    else if (a == "--np") count(&np);
    else if (a == "--ppn") count(&ppn);
    else if (a == "--noncommutative") commutative = false;
    else if (a == "--oversub") oversub = true;
    else if (a == "--version" || a == "-V") version_only = true;
    else if (a == "-h" || a == "--help") { usage(std::cout); return 0; }
    else { std::cerr << "gyre_info: unknown option '" << a << "'\n"; usage(std::cerr); return 2; }
  }
  if (!op.empty()) coll_only = true;
  if (version_only) {
    std::cout << (parsable ? "version:" : "Gyre ") << PACKAGE_VERSION << "\n";
    return 0;
  }

  // The same warnings MPI_Init gives, so a typo shows before a job is started.
  params::warn_unknown_environment();
  check_coll_environment();
  check_values();
  std::unique_ptr<coll::DecisionTable> table = job_table(table_path);
  if (table == nullptr && (coll_only || all)) return 1;

  Out out(parsable);
  if (!param.empty()) {
    const params::Spec* s = params::find(param);
    if (s == nullptr) {
      std::string hint = params::closest_name(param);
      std::cerr << "gyre_info: no parameter " << param << (hint.empty() ? "" : "; did you mean " + hint + "?") << "\n";
      return 1;
    }
    print_param(out, *s);
    return 0;
  }
  if (coll_only) {
    if (op.empty()) {
      print_coll_table(out, *table);
      return 0;
    }
    coll::CollOp o;
    if (!coll::op_from_name(op, &o)) {
      std::cerr << "gyre_info: --op " << op << ": no such collective (barrier, bcast, reduce, allreduce, ...)\n";
      return 2;
    }
    if (np < 1) {
      std::cerr << "gyre_info: --np must be at least 1\n";
      return 2;
    }
    int ranks_per_node = static_cast<int>(ppn > 0 ? ppn : np);
    std::string why =
        coll::explain(*table, o, static_cast<size_t>(bytes), static_cast<int>(np), ranks_per_node, commutative,
                      /*nodes=*/1, oversub);
    out.item("coll.explain", "choice", why);
    return 0;
  }
  print_package(out);
  print_components(out);
  print_coll_summary(out);
  if (all) {
    out.section("Collective decision table (as gyre_info --coll prints it)");
    print_coll_table(out, *table);
  }
  print_accel(out);
  print_fabric(out);
  print_topology(out);
  print_params(out);
  return 0;
}
