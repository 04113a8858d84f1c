// libpmix server hosting for a single-host job. All ranks are local, so
// collectives complete at once: libpmix 4.2 finishes an all-local fence by
// itself and serves local direct-modex requests from its own store. The
// fence_nb callback below exists for libpmix versions and configurations
// that still hand such a fence to the host: libpmix has then gathered every
// participant, and handing its data straight back is the whole all-gather.
#include "launcher/pmix_server.h"

#include <pmix.h>
#include <pmix_server.h>

#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace gyre::launcher {
namespace {

// The one live server. libpmix's module callbacks carry no pointer to their
// host object, and libpmix allows one server per process, so this single
// global is the bridge; it is set by start() and cleared by the destructor.
PmixServer* g_server = nullptr;

// An info array that frees what PMIX_INFO_LOAD copied into it.
class InfoList {
public:
    InfoList() = default;
    InfoList(const InfoList&) = delete;
    InfoList& operator=(const InfoList&) = delete;
    ~InfoList() {
        for (size_t i = 0; i < items_.size(); ++i) {
            bool borrowed = false;
            for (size_t b : borrowed_) borrowed = borrowed || b == i;
            if (!borrowed) PMIX_INFO_DESTRUCT(&items_[i]);
        }
    }
    // Passes `topo` by pointer, not by copy: libpmix keeps the hwloc topology
    // pointer it finds here for its whole life, and a copy would be destroyed
    // with this list. The entry owns nothing and is never destructed.
    void add_borrowed_topology(const char* key, pmix_topology_t* topo) {
        items_.emplace_back();
        PMIX_INFO_CONSTRUCT(&items_.back());
        PMIX_LOAD_KEY(items_.back().key, key);
        items_.back().value.type = PMIX_TOPO;
        items_.back().value.data.topo = topo;
        borrowed_.push_back(items_.size() - 1);
    }
    void add(const char* key, const void* value, pmix_data_type_t type) {
        items_.emplace_back();
        PMIX_INFO_CONSTRUCT(&items_.back());
        PMIX_INFO_LOAD(&items_.back(), key, value, type);
    }
    void add_string(const char* key, const std::string& s) { add(key, s.c_str(), PMIX_STRING); }
    void add_u32(const char* key, uint32_t v) { add(key, &v, PMIX_UINT32); }
    void add_u16(const char* key, uint16_t v) { add(key, &v, PMIX_UINT16); }
    void add_rank(const char* key, pmix_rank_t v) { add(key, &v, PMIX_PROC_RANK); }
    void add_bool(const char* key, bool v) { add(key, &v, PMIX_BOOL); }
    // Nests `inner` as a PMIX_DATA_ARRAY of infos (deep-copied by libpmix).
    void add_array(const char* key, InfoList& inner) {
        pmix_data_array_t darray;
        darray.type = PMIX_INFO;
        darray.size = inner.items_.size();
        darray.array = inner.items_.data();
        add(key, &darray, PMIX_DATA_ARRAY);
    }
    pmix_info_t* data() { return items_.data(); }
    size_t size() const { return items_.size(); }

private:
    std::vector<pmix_info_t> items_;
    std::vector<size_t> borrowed_;  // entries that own nothing
};

// Waits for one libpmix completion callback.
struct Completion {
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false;
    pmix_status_t status = PMIX_SUCCESS;

    static void callback(pmix_status_t status, void* cbdata) {
        auto* c = static_cast<Completion*>(cbdata);
        std::lock_guard lock(c->mutex);
        c->status = status;
        c->done = true;
        c->cv.notify_all();
    }
    pmix_status_t wait() {
        std::unique_lock lock(mutex);
        cv.wait(lock, [this] { return done; });
        return status;
    }
};

std::string pmix_error(const char* what, pmix_status_t rc) {
    return std::string(what) + " failed: " + PMIx_Error_string(rc);
}

// ---- server module callbacks (libpmix's progress thread) ----

pmix_status_t on_client_connected(const pmix_proc_t* proc, void*, pmix_op_cbfunc_t cbfunc,
                                  void* cbdata) {
    if (g_server) g_server->events().push({ServerEvent::Kind::Connected, int(proc->rank), 0, {}});
    if (cbfunc) cbfunc(PMIX_SUCCESS, cbdata);
    return PMIX_SUCCESS;
}

pmix_status_t on_client_finalized(const pmix_proc_t* proc, void*, pmix_op_cbfunc_t cbfunc,
                                  void* cbdata) {
    // Queued before the client is released, so the main loop always sees
    // "finalized" before it sees that process exit.
    if (g_server) g_server->events().push({ServerEvent::Kind::Finalized, int(proc->rank), 0, {}});
    if (cbfunc) cbfunc(PMIX_SUCCESS, cbdata);
    return PMIX_SUCCESS;
}

pmix_status_t on_abort(const pmix_proc_t* proc, void*, int status, const char msg[],
                       pmix_proc_t[], size_t, pmix_op_cbfunc_t cbfunc, void* cbdata) {
    // Whatever subset the client names, MPI_Abort ends the whole job (as in
    // Open MPI and MPICH): the main loop kills every rank.
    if (g_server) {
        g_server->events().push(
            {ServerEvent::Kind::Abort, int(proc->rank), status, msg ? std::string(msg) : ""});
    }
    if (cbfunc) cbfunc(PMIX_SUCCESS, cbdata);
    return PMIX_SUCCESS;
}

void release_fence_copy(void* cbdata) { std::free(cbdata); }

pmix_status_t on_fence(const pmix_proc_t[], size_t, const pmix_info_t[], size_t, char* data,
                       size_t ndata, pmix_modex_cbfunc_t cbfunc, void* cbdata) {
    if (!cbfunc) return PMIX_SUCCESS;
    // libpmix owns `data` and may reuse it once we return; it reads the reply
    // later on its own thread, so the reply is our copy, freed by the
    // release callback. Without PMIX_COLLECT_DATA the blob is just empty.
    char* copy = nullptr;
    if (ndata > 0) {
        copy = static_cast<char*>(std::malloc(ndata));
        if (!copy) {
            cbfunc(PMIX_ERR_NOMEM, nullptr, 0, cbdata, nullptr, nullptr);
            return PMIX_SUCCESS;
        }
        std::memcpy(copy, data, ndata);
    }
    cbfunc(PMIX_SUCCESS, copy, ndata, cbdata, copy ? release_fence_copy : nullptr, copy);
    return PMIX_SUCCESS;
}

pmix_status_t on_direct_modex(const pmix_proc_t*, const pmix_info_t[], size_t, pmix_modex_cbfunc_t,
                              void*) {
    // libpmix calls the host only for ranks on other hosts; there are none.
    return PMIX_ERR_NOT_SUPPORTED;
}

pmix_server_module_t make_module() {
    pmix_server_module_t m;
    std::memset(&m, 0, sizeof m);
    m.client_connected = on_client_connected;
    m.client_finalized = on_client_finalized;
    m.abort = on_abort;
    m.fence_nb = on_fence;
    m.direct_modex = on_direct_modex;
    return m;
}

// libpmix keeps a pointer to the module: it must outlive the server.
pmix_server_module_t g_module = make_module();

}  // namespace

std::unique_ptr<PmixServer> PmixServer::start(const std::string& tmpdir, const std::string& hostname,
                                              hwloc_topology_t topology, EventQueue& events,
                                              std::string& error) {
    if (g_server) {
        error = "a PMIx server is already running in this process";
        return nullptr;
    }
    auto server = std::make_unique<PmixServer>(Key{}, events);

    InfoList info;
    info.add_string(PMIX_SERVER_TMPDIR, tmpdir);
    info.add_string(PMIX_SYSTEM_TMPDIR, tmpdir);
    // A job launcher, not a system daemon: no tool or system rendezvous files.
    info.add_bool(PMIX_SERVER_TOOL_SUPPORT, false);
    info.add_bool(PMIX_SERVER_SYSTEM_SUPPORT, false);
    info.add_bool(PMIX_SERVER_SESSION_SUPPORT, false);
    info.add_string(PMIX_SERVER_NSPACE, "gyre.mpirun." + std::to_string(getpid()));
    info.add_rank(PMIX_SERVER_RANK, 0);
    info.add_string(PMIX_HOSTNAME, hostname);
    // Our topology is already loaded: libpmix need not discover it again
    // (its own discovery probes I/O devices, even X displays). libpmix keeps
    // the hwloc pointer, not this struct; the Topology outlives the server.
    pmix_topology_t topo;
    topo.source = const_cast<char*>("hwloc");
    topo.topology = topology;
    if (topology) info.add_borrowed_topology(PMIX_TOPOLOGY2, &topo);

    g_server = server.get();
    pmix_status_t rc = PMIx_server_init(&g_module, info.data(), info.size());
    if (rc != PMIX_SUCCESS) {
        g_server = nullptr;
        error = pmix_error("PMIx_server_init", rc);
        return nullptr;
    }
    server->initialized_ = true;
    return server;
}

PmixServer::~PmixServer() {
    if (!initialized_) return;
    g_server = nullptr;  // no more events: the main loop is over
    if (!finalize_) return;
    // No deregister_nspace first: finalize releases the namespace too, and
    // its files go with the session directory.
    PMIx_server_finalize();
}

bool PmixServer::register_job(const JobDescription& job, std::string& error) {
    nspace_ = job.nspace;
    const auto nprocs = static_cast<uint32_t>(job.procs.size());
    std::string all_ranks;  // "0,1,...,n-1": every rank is local
    for (uint32_t r = 0; r < nprocs; ++r) all_ranks += (r ? "," : "") + std::to_string(r);

    InfoList info;
    info.add_string(PMIX_JOBID, job.nspace);
    info.add_u32(PMIX_JOB_SIZE, nprocs);
    info.add_u32(PMIX_UNIV_SIZE, uint32_t(job.univ_size));
    info.add_u32(PMIX_MAX_PROCS, uint32_t(job.univ_size));
    info.add_u32(PMIX_JOB_NUM_APPS, uint32_t(job.apps.size()));
    info.add_u32(PMIX_NUM_NODES, 1);
    info.add_rank(PMIX_NPROC_OFFSET, 0);
    info.add_u32(PMIX_APPNUM, 0);
    info.add_string(PMIX_TMPDIR, job.tmpdir);
    info.add_string(PMIX_NSDIR, job.nsdir);
    info.add_string(PMIX_MAPBY, job.map_by);
    info.add_string(PMIX_BINDTO, job.bind_to);

    char* regex = nullptr;
    if (PMIx_generate_regex(job.hostname.c_str(), &regex) != PMIX_SUCCESS || !regex) {
        error = "PMIx_generate_regex failed for host '" + job.hostname + "'";
        return false;
    }
    info.add(PMIX_NODE_MAP, regex, PMIX_REGEX);
    std::free(regex);
    char* ppn = nullptr;
    if (PMIx_generate_ppn(all_ranks.c_str(), &ppn) != PMIX_SUCCESS || !ppn) {
        error = "PMIx_generate_ppn failed";
        return false;
    }
    info.add(PMIX_PROC_MAP, ppn, PMIX_REGEX);
    std::free(ppn);

    // This host, both as flat job-level keys (older clients read these) and
    // as a node info array (PMIx 4 clients asking by node id or name).
    info.add_u32(PMIX_LOCAL_SIZE, nprocs);
    info.add_string(PMIX_LOCAL_PEERS, all_ranks);
    info.add_u32(PMIX_NODEID, 0);
    info.add_string(PMIX_HOSTNAME, job.hostname);
    info.add_u32(PMIX_NODE_SIZE, nprocs);
    info.add_rank(PMIX_LOCALLDR, 0);
    {
        InfoList node;
        node.add_string(PMIX_HOSTNAME, job.hostname);
        node.add_u32(PMIX_NODEID, 0);
        node.add_u32(PMIX_NODE_SIZE, nprocs);
        node.add_u32(PMIX_LOCAL_SIZE, nprocs);
        node.add_rank(PMIX_LOCALLDR, 0);
        node.add_string(PMIX_LOCAL_PEERS, all_ranks);
        info.add_array(PMIX_NODE_INFO_ARRAY, node);
    }

    for (size_t a = 0; a < job.apps.size(); ++a) {
        InfoList app;
        app.add_u32(PMIX_APPNUM, uint32_t(a));
        app.add_u32(PMIX_APP_SIZE, uint32_t(job.apps[a].size));
        app.add_rank(PMIX_APPLDR, pmix_rank_t(job.apps[a].first_rank));
        app.add_string(PMIX_WDIR, job.apps[a].wdir);
        app.add_string(PMIX_APP_ARGV, job.apps[a].argv);
        info.add_array(PMIX_APP_INFO_ARRAY, app);
    }

    for (const ProcPlacement& p : job.procs) {
        InfoList proc;
        proc.add_rank(PMIX_RANK, pmix_rank_t(p.rank));  // must come first
        proc.add_rank(PMIX_GLOBAL_RANK, pmix_rank_t(p.rank));
        proc.add_u32(PMIX_APPNUM, uint32_t(p.appnum));
        proc.add_rank(PMIX_APP_RANK, pmix_rank_t(p.app_rank));
        proc.add_u16(PMIX_LOCAL_RANK, uint16_t(p.local_rank));
        proc.add_u16(PMIX_NODE_RANK, uint16_t(p.local_rank));
        proc.add_u32(PMIX_NODEID, 0);
        proc.add_string(PMIX_HOSTNAME, job.hostname);
        proc.add_u32(PMIX_REINCARNATION, 0);
        if (p.cpuset) {
            char* list = nullptr;
            if (hwloc_bitmap_list_asprintf(&list, p.cpuset) >= 0 && list) {
                proc.add_string(PMIX_CPUSET, list);
                std::free(list);
            }
            // Lets clients ask libpmix which peers share a core, cache, NUMA node.
            pmix_cpuset_t cs;
            cs.source = const_cast<char*>("hwloc");
            cs.bitmap = const_cast<hwloc_bitmap_t>(p.cpuset);
            char* locality = nullptr;
            if (PMIx_server_generate_locality_string(&cs, &locality) == PMIX_SUCCESS && locality) {
                proc.add_string(PMIX_LOCALITY_STRING, locality);
                std::free(locality);
            }
        }
        info.add_array(PMIX_PROC_DATA, proc);
    }

    // Clients first, then the namespace: libpmix runs registrations in
    // order, so when the namespace's completion fires every client is known
    // and a rank started right after can connect.
    uid_t uid = geteuid();
    gid_t gid = getegid();
    for (const ProcPlacement& p : job.procs) {
        pmix_proc_t proc;
        PMIX_LOAD_PROCID(&proc, job.nspace.c_str(), pmix_rank_t(p.rank));
        pmix_status_t rc = PMIx_server_register_client(&proc, uid, gid, nullptr, nullptr, nullptr);
        if (rc != PMIX_SUCCESS && rc != PMIX_OPERATION_SUCCEEDED) {
            error = pmix_error("PMIx_server_register_client", rc);
            return false;
        }
    }
    Completion done;
    pmix_status_t rc = PMIx_server_register_nspace(job.nspace.c_str(), int(nprocs), info.data(),
                                                   info.size(), Completion::callback, &done);
    if (rc == PMIX_SUCCESS) rc = done.wait();
    if (rc != PMIX_SUCCESS && rc != PMIX_OPERATION_SUCCEEDED) {
        error = pmix_error("PMIx_server_register_nspace", rc);
        return false;
    }
    return true;
}

bool PmixServer::setup_fork(int rank, std::vector<std::string>& env, std::string& error) {
    // libpmix edits a malloc'ed, NULL-terminated argv-style array in place.
    size_t n = env.size();
    char** arr = static_cast<char**>(std::calloc(n + 1, sizeof(char*)));
    if (!arr) {
        error = "out of memory";
        return false;
    }
    for (size_t i = 0; i < n; ++i) arr[i] = strdup(env[i].c_str());

    pmix_proc_t proc;
    PMIX_LOAD_PROCID(&proc, nspace_.c_str(), pmix_rank_t(rank));
    pmix_status_t rc = PMIx_server_setup_fork(&proc, &arr);

    env.clear();
    for (char** p = arr; p && *p; ++p) {
        env.emplace_back(*p);
        std::free(*p);
    }
    std::free(arr);
    if (rc != PMIX_SUCCESS) {
        error = pmix_error("PMIx_server_setup_fork", rc);
        return false;
    }
    return true;
}

}  // namespace gyre::launcher
