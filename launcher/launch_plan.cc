#include "launcher/launch_plan.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>


namespace gyre::launcher {
namespace {

// NAME=VALUE list with set-or-replace.
class Environment {
public:
    explicit Environment(std::vector<std::string> vars) : vars_(std::move(vars)) {}
    const std::string* find(const std::string& name) const {
        for (const auto& v : vars_) {
            if (v.size() > name.size() && v[name.size()] == '=' && v.compare(0, name.size(), name) == 0)
                return &v;
        }
        return nullptr;
    }
    std::string value(const std::string& name) const {
        const std::string* v = find(name);
        return v ? v->substr(name.size() + 1) : std::string();
    }
    void set(const std::string& name, const std::string& value) {
        std::string entry = name + "=" + value;
        for (auto& v : vars_) {
            if (v.size() > name.size() && v[name.size()] == '=' && v.compare(0, name.size(), name) == 0) {
                v = std::move(entry);
                return;
            }
        }
        vars_.push_back(std::move(entry));
    }
    const std::vector<std::string>& vars() const { return vars_; }

private:
    std::vector<std::string> vars_;
};

bool is_executable_file(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

bool starts_with(const std::string& s, const char* prefix) {
    return s.compare(0, std::strlen(prefix), prefix) == 0;
}

// mpirun's environment minus what would confuse a rank's PMIx client: the
// variables of a PMIx server above us (mpirun started inside another job or
// allocation) must not point our ranks at it. User tunables PMIX_MCA_* stay.
std::vector<std::string> inheritable(const std::vector<std::string>& vars) {
    std::vector<std::string> out;
    for (const auto& v : vars) {
        if (starts_with(v, "PMIX_") && !starts_with(v, "PMIX_MCA_")) continue;
        if (starts_with(v, "OMPI_COMM_WORLD_")) continue;  // set per rank below
        out.push_back(v);
    }
    return out;
}

bool env_flag_on(const Environment& env, const char* name) {
    std::string v = env.value(name);
    return v == "1" || v == "yes" || v == "true" || v == "on";
}

}  // namespace

std::string resolve_program(const std::string& program, const std::string& path,
                            const std::string& cwd, std::string& error) {
    if (program.find('/') != std::string::npos) {
        std::string full = program[0] == '/' ? program : cwd + "/" + program;
        if (is_executable_file(full)) return full;
        struct stat st;
        if (::stat(full.c_str(), &st) != 0)
            error = "'" + program + "': " + std::strerror(errno);
        else
            error = "'" + program + "' is not an executable file";
        return "";
    }
    size_t start = 0;
    for (;;) {
        size_t colon = path.find(':', start);
        std::string dir = path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        if (dir.empty()) dir = ".";
        std::string candidate = dir + "/" + program;
        if (is_executable_file(candidate)) return resolve_program(candidate, "", cwd, error);
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    error = "'" + program + "' was not found in PATH";
    return "";
}

std::optional<std::string> gds_keeping_hash(const std::string& value) {
    const bool exclude = !value.empty() && value[0] == '^';
    std::vector<std::string> names;
    std::string name;
    for (char c : value.substr(exclude ? 1 : 0) + ",") {
        if (c != ',') {
            if (c != ' ' && c != '\t') name += c;
            continue;
        }
        if (!name.empty()) names.push_back(name);
        name.clear();
    }
    bool has_hash = false;
    std::string kept;
    for (const auto& n : names) {
        if (n == "hash") {
            has_hash = true;
            continue;
        }
        kept += (kept.empty() ? "" : ",") + n;
    }
    if (exclude) {
        if (!has_hash) return std::nullopt;
        return kept.empty() ? std::string() : "^" + kept;
    }
    // An empty include list already selects every component.
    if (has_hash || names.empty()) return std::nullopt;
    return kept + ",hash";
}

std::variant<LaunchPlan, std::string> make_launch_plan(const Options& opts, const HostFacts& host,
                                                       const std::vector<std::string>& hostfile_texts) {
    LaunchPlan plan;
    const Environment mpirun_env(host.environment);

    // Hosts: -H entries and hostfile lines may name only this host.
    std::vector<HostSlots> hosts = opts.hosts;
    for (size_t i = 0; i < hostfile_texts.size() && i < opts.hostfiles.size(); ++i) {
        auto parsed = parse_hostfile(hostfile_texts[i], opts.hostfiles[i]);
        if (auto* err = std::get_if<std::string>(&parsed)) return *err;
        auto& list = std::get<std::vector<HostSlots>>(parsed);
        if (list.empty()) return "hostfile " + opts.hostfiles[i] + " names no host";
        hosts.insert(hosts.end(), list.begin(), list.end());
    }
    auto slots = local_slots(hosts, host.local_names, host.pus);
    if (auto* err = std::get_if<std::string>(&slots)) return *err;
    plan.slots = hosts.empty() ? host.pus : std::get<int>(slots);

    // Rank counts: a lone program without -np fills the slots.
    int nranks = 0;
    for (const auto& app : opts.apps) nranks += app.np > 0 ? app.np : plan.slots;
    const bool allow_over = opts.oversubscribe || env_flag_on(mpirun_env, "GYRE_OVERSUBSCRIBE");
    if (nranks > plan.slots && !allow_over) {
        return "not enough slots for " + std::to_string(nranks) + " ranks: this host offers " +
               std::to_string(plan.slots) +
               (hosts.empty() ? " (one per processing unit mpirun may use)" : " (from -H / --hostfile)") +
               ".\n  Pass --oversubscribe (or set GYRE_OVERSUBSCRIBE=1) to run more ranks than slots;"
               " the ranks are then not bound to cores.";
    }
    plan.oversubscribed = nranks > host.pus;

    // Environment shared by every rank: inherited, then -x / -genv.
    Environment common(inheritable(host.environment));
    for (const auto& e : opts.env) {
        if (e.value) {
            common.set(e.name, *e.value);
        } else if (mpirun_env.find(e.name)) {
            common.set(e.name, mpirun_env.value(e.name));
        } else {
            plan.warnings.push_back("-x " + e.name + ": " + e.name +
                                    " is not set in mpirun's environment; not exported");
        }
    }

    int rank = 0;
    for (size_t a = 0; a < opts.apps.size(); ++a) {
        const AppContext& app = opts.apps[a];
        Environment env = common;
        for (const auto& e : app.env) env.set(e.name, e.value.value_or(""));
        // mpirun fixed its own PMIX_MCA_gds before planning; this catches
        // one that -x or -genv gives the ranks.
        if (env.find("PMIX_MCA_gds")) {
            const std::string given = env.value("PMIX_MCA_gds");
            if (auto fixed = gds_keeping_hash(given)) {
                env.set("PMIX_MCA_gds", *fixed);
                plan.warnings.push_back("PMIX_MCA_gds=" + given +
                                        " leaves out libpmix's hash store, which PMIx clients need"
                                        " (ranks would hang in MPI_Init); the ranks get PMIX_MCA_gds=" +
                                        *fixed);
            }
        }

        std::string error;
        std::string exe = resolve_program(app.argv[0], env.value("PATH"), host.cwd, error);
        if (exe.empty()) return error;

        std::string wdir = app.wdir;
        if (!wdir.empty() && wdir[0] != '/') wdir = host.cwd + "/" + wdir;
        struct stat st;
        if (!wdir.empty() && (::stat(wdir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)))
            return "-wdir " + app.wdir + ": no such directory";

        AppPlan ap;
        ap.size = app.np > 0 ? app.np : plan.slots;
        ap.first_rank = rank;
        ap.wdir = wdir.empty() ? host.cwd : wdir;
        ap.argv = app.argv;
        for (int i = 0; i < ap.size; ++i, ++rank) {
            RankPlan rp;
            rp.rank = rank;
            rp.appnum = int(a);
            rp.app_rank = i;
            rp.exe = exe;
            rp.argv = app.argv;
            rp.wdir = wdir;
            Environment renv = env;
            // Not used by Gyre's library (it asks PMIx); scripts written for
            // Open MPI pick GPUs or files by these.
            renv.set("OMPI_COMM_WORLD_RANK", std::to_string(rank));
            renv.set("OMPI_COMM_WORLD_SIZE", std::to_string(nranks));
            renv.set("OMPI_COMM_WORLD_LOCAL_RANK", std::to_string(rank));
            renv.set("OMPI_COMM_WORLD_LOCAL_SIZE", std::to_string(nranks));
            rp.env = renv.vars();
            plan.ranks.push_back(std::move(rp));
        }
        plan.apps.push_back(std::move(ap));
    }
    return plan;
}

}  // namespace gyre::launcher
