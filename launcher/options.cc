// mpirun's command-line parser. Both families of spelling are accepted:
// Open MPI's (`--np`, `-np`, `--bind-to`, `-x`, `--oversubscribe`) and MPICH's
// (`-n`, `-genv`, `-env`, `-hosts`, `-f`), with one or two leading dashes and
// `--name=value` for long names, because scripts written for either must run.
#include "launcher/options.h"

#include <charconv>
#include <cstring>
#include <functional>
#include <sstream>

namespace gyre::launcher {
namespace {

// What an option consumes after its name.
enum class Arity { Flag, One, Two };

struct Parser;
using Handler = std::function<std::string(Parser&, const std::string& a, const std::string& b)>;

struct OptionSpec {
    std::vector<std::string> names;  // without dashes
    Arity arity;
    Handler apply;                   // returns "" or an error line
};

struct Parser {
    Options opts;
    AppContext& app() { return opts.apps.back(); }
};

std::optional<int> parse_positive_int(const std::string& s) {
    int v = 0;
    const char* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, v);
    if (ec != std::errc() || p != end || v <= 0) return std::nullopt;
    return v;
}

std::optional<double> parse_positive_seconds(const std::string& s) {
    double v = 0;
    const char* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, v);
    if (ec != std::errc() || p != end || !(v > 0)) return std::nullopt;
    return v;
}

bool valid_env_name(const std::string& n) {
    return !n.empty() && n.find('=') == std::string::npos;
}

std::string set_np(Parser& p, const std::string& v, const std::string&) {
    auto n = parse_positive_int(v);
    if (!n) return "the rank count must be a positive integer, not '" + v + "'";
    p.app().np = *n;
    return "";
}

std::string add_x(Parser& p, const std::string& v, const std::string&) {
    auto eq = v.find('=');
    EnvSetting e;
    e.name = v.substr(0, eq);
    if (eq != std::string::npos) e.value = v.substr(eq + 1);
    if (!valid_env_name(e.name)) return "-x needs VAR or VAR=VALUE, not '" + v + "'";
    p.opts.env.push_back(std::move(e));
    return "";
}

std::string add_genv(Parser& p, const std::string& name, const std::string& value) {
    if (!valid_env_name(name)) return "-genv needs a variable name, not '" + name + "'";
    p.opts.env.push_back({name, value});
    return "";
}

std::string add_env(Parser& p, const std::string& name, const std::string& value) {
    if (!valid_env_name(name)) return "-env needs a variable name, not '" + name + "'";
    p.app().env.push_back({name, value});
    return "";
}

std::string set_bind(Parser& p, const std::string& v, const std::string&) {
    static const std::pair<const char*, BindTo> table[] = {
        {"none", BindTo::None}, {"hwthread", BindTo::Hwthread}, {"core", BindTo::Core},
        {"numa", BindTo::Numa}, {"socket", BindTo::Socket},     {"package", BindTo::Socket}};
    for (auto& [name, b] : table) {
        if (v == name) { p.opts.bind_to = b; return ""; }
    }
    return "unsupported --bind-to '" + v + "' (use core, numa, socket, hwthread or none)";
}

std::string set_map(Parser& p, const std::string& v, const std::string&) {
    static const std::pair<const char*, MapBy> table[] = {
        {"slot", MapBy::Slot},         {"node", MapBy::Node}, {"hwthread", MapBy::Hwthread},
        {"core", MapBy::Core},         {"numa", MapBy::Numa}, {"socket", MapBy::Socket},
        {"package", MapBy::Socket}};
    for (auto& [name, m] : table) {
        if (v == name) { p.opts.map_by = m; return ""; }
    }
    return "unsupported --map-by '" + v + "' (use core, numa, socket, hwthread, slot or node)";
}

std::string add_hosts(Parser& p, const std::string& v, const std::string&) {
    auto r = parse_host_list(v);
    if (auto* err = std::get_if<std::string>(&r)) return *err;
    auto& list = std::get<std::vector<HostSlots>>(r);
    p.opts.hosts.insert(p.opts.hosts.end(), list.begin(), list.end());
    return "";
}

std::string set_timeout(Parser& p, const std::string& v, const std::string&) {
    auto t = parse_positive_seconds(v);
    if (!t) return "--timeout needs a positive number of seconds, not '" + v + "'";
    p.opts.timeout_s = *t;
    return "";
}

Handler flag(bool Options::*member) {
    return [member](Parser& p, const std::string&, const std::string&) {
        p.opts.*member = true;
        return std::string();
    };
}

const std::vector<OptionSpec>& option_table() {
    static const std::vector<OptionSpec> table = {
        {{"np", "n", "c"}, Arity::One, set_np},
        {{"oversubscribe"}, Arity::Flag, flag(&Options::oversubscribe)},
        {{"bind-to"}, Arity::One, set_bind},
        {{"map-by"}, Arity::One, set_map},
        {{"x"}, Arity::One, add_x},
        {{"genv"}, Arity::Two, add_genv},
        {{"env"}, Arity::Two, add_env},
        {{"tag-output"}, Arity::Flag, flag(&Options::tag_output)},
        {{"timeout"}, Arity::One, set_timeout},
        {{"version", "V"}, Arity::Flag, flag(&Options::show_version)},
        {{"help", "h"}, Arity::Flag, flag(&Options::show_help)},
        {{"H", "host", "hosts"}, Arity::One, add_hosts},
        {{"hostfile", "machinefile", "f"}, Arity::One,
         [](Parser& p, const std::string& v, const std::string&) {
             p.opts.hostfiles.push_back(v);
             return std::string();
         }},
        // Gyre runs as root without complaint; accepted so Open MPI scripts work.
        {{"allow-run-as-root"}, Arity::Flag,
         [](Parser&, const std::string&, const std::string&) { return std::string(); }},
        {{"wdir", "wd"}, Arity::One,
         [](Parser& p, const std::string& v, const std::string&) {
             if (v.empty()) return std::string("-wdir needs a directory");
             p.app().wdir = v;
             return std::string();
         }},
        {{"report-bindings"}, Arity::Flag, flag(&Options::report_bindings)},
    };
    return table;
}

const OptionSpec* find_option(const std::string& name) {
    for (const auto& spec : option_table()) {
        for (const auto& n : spec.names) {
            if (n == name) return &spec;
        }
    }
    return nullptr;
}

}  // namespace

ParseResult parse_options(const std::vector<std::string>& args) {
    Parser p;
    p.opts.apps.emplace_back();
    bool in_program = false;  // collecting the current app's program and its arguments

    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == ":") {
            if (p.app().argv.empty()) return std::string("':' must follow a program");
            p.opts.apps.emplace_back();
            in_program = false;
            continue;
        }
        if (in_program) {
            p.app().argv.push_back(arg);
            continue;
        }
        if (arg == "--") {
            if (i + 1 >= args.size()) return std::string("no program given after '--'");
            in_program = true;
            continue;
        }
        if (arg.size() < 2 || arg[0] != '-') {
            in_program = true;
            p.app().argv.push_back(arg);
            continue;
        }

        // "--name=value" (and "-name=value") carries its value inline.
        std::string name = arg.substr(arg.compare(0, 2, "--") == 0 ? 2 : 1);
        std::optional<std::string> inline_value;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name.resize(eq);
        }
        const OptionSpec* spec = find_option(name);
        if (!spec) return "unknown option '" + arg + "' (see mpirun --help)";

        std::string a, b;
        size_t needed = spec->arity == Arity::Flag ? 0 : spec->arity == Arity::One ? 1 : 2;
        if (inline_value) {
            if (needed != 1) return "option '" + arg + "' does not take '=value'";
            a = *inline_value;
        } else {
            if (i + needed >= args.size())
                return "option '" + arg + "' needs " + (needed == 1 ? "a value" : "two values");
            if (needed >= 1) a = args[++i];
            if (needed == 2) b = args[++i];
        }
        if (std::string err = spec->apply(p, a, b); !err.empty()) return err;
    }

    if (p.opts.show_help || p.opts.show_version) return p.opts;
    if (p.app().argv.empty()) {
        return std::string(p.opts.apps.size() > 1 ? "no program given after ':'"
                                                  : "no program given (see mpirun --help)");
    }
    if (p.opts.apps.size() > 1) {
        for (size_t k = 0; k < p.opts.apps.size(); ++k) {
            if (p.opts.apps[k].np == 0)
                return "every program of an MPMD job needs its own -np (program " +
                       std::to_string(k + 1) + ", '" + p.opts.apps[k].argv[0] + "', has none)";
        }
    }
    return p.opts;
}

std::variant<std::vector<HostSlots>, std::string> parse_host_list(const std::string& list) {
    std::vector<HostSlots> out;
    std::stringstream ss(list);
    std::string entry;
    if (list.empty()) return std::string("empty host list");
    while (std::getline(ss, entry, ',')) {
        if (entry.empty()) return "empty entry in host list '" + list + "'";
        HostSlots h;
        auto colon = entry.find(':');
        h.name = entry.substr(0, colon);
        if (h.name.empty()) return "missing host name in '" + entry + "'";
        if (colon != std::string::npos) {
            auto n = parse_positive_int(entry.substr(colon + 1));
            if (!n) return "bad slot count in host entry '" + entry + "'";
            h.slots = *n;
        }
        out.push_back(std::move(h));
    }
    if (!list.empty() && list.back() == ',') return "empty entry in host list '" + list + "'";
    return out;
}

std::variant<std::vector<HostSlots>, std::string> parse_hostfile(const std::string& text,
                                                                 const std::string& origin) {
    std::vector<HostSlots> out;
    std::istringstream in(text);
    std::string line;
    int lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
        std::istringstream words(line);
        std::string host;
        if (!(words >> host)) continue;
        std::string where = origin + ":" + std::to_string(lineno) + ": ";

        auto parsed = parse_host_list(host);  // also takes MPICH's "host:N"
        if (auto* err = std::get_if<std::string>(&parsed)) return where + *err;
        auto entries = std::get<std::vector<HostSlots>>(parsed);
        if (entries.size() != 1) return where + "one host per line, not '" + host + "'";
        HostSlots h = entries[0];

        std::string word;
        while (words >> word) {
            auto eq = word.find('=');
            std::string key = word.substr(0, eq);
            std::string value = eq == std::string::npos ? "" : word.substr(eq + 1);
            auto n = parse_positive_int(value);
            if (key == "slots" || key == "cpu" || key == "count") {
                if (!n) return where + "bad value in '" + word + "'";
                h.slots = *n;
            } else if (key == "max_slots" || key == "max-slots") {
                if (!n) return where + "bad value in '" + word + "'";
            } else {
                return where + "unknown field '" + word + "' (expected slots=N)";
            }
        }
        out.push_back(std::move(h));
    }
    return out;
}

std::variant<int, std::string> local_slots(const std::vector<HostSlots>& hosts,
                                           const std::vector<std::string>& local_names, int pus) {
    int slots = 0;
    for (const auto& h : hosts) {
        bool local = false;
        for (const auto& n : local_names) local = local || n == h.name;
        if (!local) {
            return "host '" + h.name + "' is not this host (" +
                   (local_names.empty() ? std::string("?") : local_names.back()) +
                   "): multi-host launch is not implemented yet";
        }
        slots += h.slots > 0 ? h.slots : pus;
    }
    return slots;
}

const char* to_string(BindTo b) {
    switch (b) {
        case BindTo::Default: return "default";
        case BindTo::None: return "none";
        case BindTo::Hwthread: return "hwthread";
        case BindTo::Core: return "core";
        case BindTo::Numa: return "numa";
        case BindTo::Socket: return "socket";
    }
    return "?";
}

const char* to_string(MapBy m) {
    switch (m) {
        case MapBy::Default: return "default";
        case MapBy::Slot: return "slot";
        case MapBy::Node: return "node";
        case MapBy::Hwthread: return "hwthread";
        case MapBy::Core: return "core";
        case MapBy::Numa: return "numa";
        case MapBy::Socket: return "socket";
    }
    return "?";
}

const char* usage_text() {
    return R"(Usage: mpirun [options] program [args...] [: [options] program [args...]]...

Start an MPI job on this host: mpirun hosts the job's PMIx server, starts the
ranks, forwards their output and signals, and ends the job when a rank fails.

  -n, -np, --np, -c N       number of ranks (default: one per slot)
  --oversubscribe           allow more ranks than processing units
                            (or set GYRE_OVERSUBSCRIBE=1)
  --bind-to WHAT            core | numa | socket | hwthread | none
                            (default: core, or none when oversubscribed)
  --map-by WHAT             core | numa | socket | hwthread | slot | node:
                            the order in which ranks take binding units
  --report-bindings         print each rank's binding on stderr
  -x VAR[=VALUE]            export VAR (mpirun's value, or VALUE) to all ranks
  -genv VAR VALUE           set VAR to VALUE for all ranks
  -env VAR VALUE            set VAR for this program's ranks only (MPMD)
  -wdir, --wdir DIR         run this program's ranks in DIR
  --tag-output              prefix output lines with [1,rank]<stdout>: / <stderr>:
  --timeout SECONDS         end the job after SECONDS (exit status 124)
  -H, --host LIST           hosts as name[:slots],...; only this host for now
  --hostfile, -machinefile, -f FILE
                            hosts from FILE ("name slots=N" per line)
  --allow-run-as-root       accepted for Open MPI compatibility (no effect)
  -V, --version             print the version and exit
  -h, --help                print this help and exit
  --                        end of options: the program follows
  :                         separates the programs of an MPMD job

See mpirun(1).
)";
}

}  // namespace gyre::launcher
