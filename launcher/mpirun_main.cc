// mpirun / mpiexec: starts an MPI job on this host. Parse, plan, host the
// PMIx server, start the ranks, then hand over to the Supervisor.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <pmix.h>

#include "gyre_config.h"
#include "btl/sm/sm_address.h"
#include "launcher/binding.h"
#include "launcher/event_queue.h"
#include "launcher/io_forwarder.h"
#include "launcher/job.h"
#include "launcher/launch_plan.h"
#include "launcher/options.h"
#include "launcher/pmix_server.h"
#include "launcher/session_dir.h"
#include "launcher/signals.h"
#include "launcher/supervisor.h"

extern char** environ;

namespace gyre::launcher {
namespace {

// Errors in what the user asked for, or in starting the job.
constexpr int kLaunchError = 1;

void say(const std::string& line) { std::fprintf(stderr, "mpirun: %s\n", line.c_str()); }

int refuse(const std::string& why) {
    say(why);
    return kLaunchError;
}

std::string host_name() {
    char buf[HOST_NAME_MAX + 1] = {};
    if (gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "localhost";
    return buf;
}

// The names -H and hostfiles may use for this host; the hostname comes last
// (messages quote it).
std::vector<std::string> local_names(const std::string& hostname) {
    std::vector<std::string> names = {"localhost", "127.0.0.1", "::1"};
    auto dot = hostname.find('.');
    if (dot != std::string::npos) names.push_back(hostname.substr(0, dot));
    names.push_back(hostname);
    return names;
}

bool read_file(const std::string& path, std::string& text) {
    std::ifstream in(path);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
    return true;
}

// mpirun started with stdin, stdout or stderr closed would hand out those
// numbers for its pipes, and a rank's stdout could then be a pipe that closes
// at exec. /dev/null fills the gap.
void ensure_standard_fds() {
    for (int fd = 0; fd <= 2; ++fd) {
        if (fcntl(fd, F_GETFD) == -1) ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    }
}

// Two pipes per rank stay open in mpirun for the whole job: a big job needs
// more descriptors than the usual soft limit of 1024. Raised only as far as
// needed, since the ranks inherit it.
void ensure_fd_limit(int nranks) {
    rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
    rlim_t needed = rlim_t(nranks) * 2 + 64;
    if (lim.rlim_cur >= needed) return;
    lim.rlim_cur = lim.rlim_max == RLIM_INFINITY ? needed : std::min(needed, lim.rlim_max);
    setrlimit(RLIMIT_NOFILE, &lim);
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
    return out;
}

JobDescription describe_job(const std::string& nspace, const std::string& hostname,
                            const SessionDir& session, const LaunchPlan& plan, const Options& opts,
                            const BindingPlan& bindings) {
    JobDescription desc;
    desc.nspace = nspace;
    desc.hostname = hostname;
    desc.tmpdir = session.path();
    desc.nsdir = session.path() + "/" + nspace;
    desc.univ_size = std::max(plan.slots, int(plan.ranks.size()));
    desc.map_by = to_string(opts.map_by);
    desc.bind_to = to_string(bindings.bind_to);
    for (const auto& a : plan.apps) desc.apps.push_back({a.size, a.first_rank, a.wdir, joined(a.argv)});
    for (const auto& r : plan.ranks)
        desc.procs.push_back({r.rank, r.appnum, r.app_rank, r.rank, bindings.sets[r.rank].get()});
    return desc;
}

// Our PMIx server reads PMIX_MCA_gds at PMIx_server_init and the ranks
// inherit it: a value without libpmix's hash store would hang the job in
// MPI_Init (see gds_keeping_hash), so mpirun keeps hash in, and says so.
void keep_gds_hash() {
    const char* given = std::getenv("PMIX_MCA_gds");
    if (!given) return;
    auto fixed = gds_keeping_hash(given);
    if (!fixed) return;
    say(std::string("notice: PMIX_MCA_gds=") + given +
        " leaves out libpmix's hash store, which the PMIx server and its clients need"
        " (ranks would hang in MPI_Init); using PMIX_MCA_gds=" + *fixed);
    setenv("PMIX_MCA_gds", fixed->c_str(), 1);
}

int run(int argc, char** argv) {
    ensure_standard_fds();
    std::vector<std::string> args(argv + 1, argv + argc);
    ParseResult parsed = parse_options(args);
    if (auto* err = std::get_if<std::string>(&parsed)) return refuse(*err);
    const Options& opts = std::get<Options>(parsed);
    if (opts.show_help) {
        std::fputs(usage_text(), stdout);
        return 0;
    }
    if (opts.show_version) {
        std::printf("mpirun (%s) %s\nPMIx: %s\n", PACKAGE_NAME, PACKAGE_VERSION, PMIx_Get_version());
        return 0;
    }

    std::string error;
    std::unique_ptr<Topology> topo = Topology::load(error);
    if (!topo) return refuse(error);

    keep_gds_hash();
    const std::string hostname = host_name();
    HostFacts facts;
    facts.pus = topo->pus();
    facts.local_names = local_names(hostname);
    for (char** e = environ; *e; ++e) facts.environment.emplace_back(*e);
    char cwd[PATH_MAX];
    facts.cwd = getcwd(cwd, sizeof cwd) ? cwd : ".";
    std::vector<std::string> hostfile_texts;
    for (const auto& f : opts.hostfiles) {
        std::string text;
        if (!read_file(f, text)) return refuse("cannot read hostfile " + f);
        hostfile_texts.push_back(std::move(text));
    }
    auto planned = make_launch_plan(opts, facts, hostfile_texts);
    if (auto* err = std::get_if<std::string>(&planned)) return refuse(*err);
    LaunchPlan& plan = std::get<LaunchPlan>(planned);
    for (const auto& w : plan.warnings) say("warning: " + w);

    const int nranks = int(plan.ranks.size());
    ensure_fd_limit(nranks);
    BindingPlan bindings = plan_bindings(*topo, nranks, opts.bind_to, opts.map_by, plan.oversubscribed);
    if (!bindings.warning.empty()) say("warning: " + bindings.warning);

    SessionDir session;
    if (session.path().empty()) return refuse("cannot create a session directory under $TMPDIR or /tmp");
    const std::string nspace = "gyre." + std::to_string(getpid());
    JobDescription desc = describe_job(nspace, hostname, session, plan, opts, bindings);
    if (mkdir(desc.nsdir.c_str(), 0700) != 0) return refuse("cannot create " + desc.nsdir);

    SignalPipe signals({SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2});
    EventQueue events;
    std::unique_ptr<PmixServer> server = PmixServer::start(session.path(), hostname, topo->get(), events, error);
    if (!server) return refuse(error);

    if (!server->register_job(desc, error)) return refuse(error);

    Job job(*topo, signals);
    IoForwarder io(opts.tag_output);
    Supervisor supervisor(job, io, events, signals, hostname, opts.timeout_s);
    for (auto& r : plan.ranks) {
        LaunchSpec spec;
        spec.rank = r.rank;
        spec.exe = r.exe;
        spec.argv = r.argv;
        spec.env = std::move(r.env);
        spec.wdir = r.wdir;
        spec.binding = bindings.sets[r.rank].get();
        spec.inherit_stdin = r.rank == 0;
        UniqueFd out, err;
        if (!server->setup_fork(r.rank, spec.env, error) || !job.launch(spec, out, err, error)) {
            supervisor.fail(kLaunchError, "cannot start rank " + std::to_string(r.rank) + ": " + error);
            break;
        }
        io.watch(r.rank, Stream::Out, std::move(out));
        io.watch(r.rank, Stream::Err, std::move(err));
        if (opts.report_bindings) {
            say("rank " + std::to_string(r.rank) + " bound to " +
                     (spec.binding ? describe_binding(*topo, spec.binding) : std::string("nothing")) +
                     " (--bind-to " + to_string(bindings.bind_to) + ")");
        }
    }
    int exit_code = supervisor.run();
    // A rank that died inside libpmix may hold a lock in its shared-memory
    // store, and PMIx_server_finalize would wait for it forever. The files
    // behind that store live in the session directory, removed as run() returns.
    if (!supervisor.ended_cleanly()) server->skip_finalize();
    // Ranks unlink their shared-memory segments once every peer has mapped
    // them; a job that ended early (a rank killed, MPI_Abort) may leave some.
    btl::sm::remove_leftover_segments(nspace);
    return exit_code;
}

}  // namespace
}  // namespace gyre::launcher

int main(int argc, char** argv) { return gyre::launcher::run(argc, argv); }
