#include "runtime/pmix/pmix_client.h"

#include <pmix.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <sstream>

namespace gyre {
namespace {

std::string pmix_error(const char* call, pmix_status_t rc) {
  return std::string(call) + " failed: " + PMIx_Error_string(rc);
}

// PMIx_Get of one value of this job (rank = PMIX_RANK_WILDCARD) or of a rank.
pmix_value_t* get_value(const std::string& nspace, uint32_t rank, const char* key, bool optional) {
  pmix_proc_t proc;
  PMIX_LOAD_PROCID(&proc, nspace.c_str(), rank);
  pmix_info_t info;
  PMIX_INFO_LOAD(&info, PMIX_OPTIONAL, nullptr, PMIX_BOOL);
  pmix_value_t* value = nullptr;
  pmix_status_t rc = PMIx_Get(&proc, key, optional ? &info : nullptr, optional ? 1 : 0, &value);
  PMIX_INFO_DESTRUCT(&info);
  return rc == PMIX_SUCCESS ? value : nullptr;
}

bool get_number(const std::string& ns, uint32_t rank, const char* key, long* out) {
  pmix_value_t* v = get_value(ns, rank, key, true);
  if (v == nullptr) return false;
  bool ok = true;
  switch (v->type) {
    case PMIX_UINT32: *out = v->data.uint32; break;
    case PMIX_UINT16: *out = v->data.uint16; break;
    case PMIX_INT: *out = v->data.integer; break;
    case PMIX_UINT: *out = v->data.uint; break;
    case PMIX_PROC_RANK: *out = v->data.rank; break;
    case PMIX_INT32: *out = v->data.int32; break;
    case PMIX_UINT64: *out = static_cast<long>(v->data.uint64); break;
    case PMIX_SIZE: *out = static_cast<long>(v->data.size); break;
    default: ok = false; break;
  }
  PMIX_VALUE_RELEASE(v);
  return ok;
}

bool get_text(const std::string& ns, uint32_t rank, const char* key, std::string* out) {
  pmix_value_t* v = get_value(ns, rank, key, true);
  if (v == nullptr) return false;
  bool ok = v->type == PMIX_STRING && v->data.string != nullptr;
  if (ok) *out = v->data.string;
  PMIX_VALUE_RELEASE(v);
  return ok;
}

std::vector<int> parse_rank_list(const std::string& text) {
  std::vector<int> ranks;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) ranks.push_back(std::stoi(item));
  return ranks;
}

std::string local_hostname() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

ProcessIdentity singleton_identity() {
  ProcessIdentity id;
  id.local_peers = {0};
  id.node_of_rank = {0};
  id.hostname = local_hostname();
  id.singleton = true;
  return id;
}

}  // namespace

std::unique_ptr<PmixClient> PmixClient::connect(Error* error) {
  std::unique_ptr<PmixClient> client(new PmixClient());  // private constructor
  *error = Error::ok();
  // Without a server in the environment there is nothing to connect to:
  // skip PMIx_Init (it would search for a system server) and be a singleton.
  if (std::getenv("PMIX_NAMESPACE") == nullptr) {
    client->identity_ = singleton_identity();
    return client;
  }
  pmix_proc_t me;
  pmix_status_t rc = PMIx_Init(&me, nullptr, 0);
  if (rc == PMIX_ERR_UNREACH) {
    client->identity_ = singleton_identity();
    return client;
  }
  if (rc != PMIX_SUCCESS) {
    *error = Error(ErrClass::other, pmix_error("PMIx_Init", rc));
    return nullptr;
  }
  client->connected_ = true;
  client->identity_.nspace = me.nspace;
  client->identity_.world_rank = static_cast<int>(me.rank);
  *error = client->load_identity();
  return client;
}

Error PmixClient::load_identity() {
  ProcessIdentity& id = identity_;
  id.singleton = false;
  const std::string& ns = id.nspace;
  long n = 0;
  if (!get_number(ns, PMIX_RANK_WILDCARD, PMIX_JOB_SIZE, &n))
    return Error(ErrClass::other, "PMIx server did not provide PMIX_JOB_SIZE");
  id.world_size = static_cast<int>(n);
  const uint32_t me = static_cast<uint32_t>(id.world_rank);
  id.local_rank = get_number(ns, me, PMIX_LOCAL_RANK, &n) ? static_cast<int>(n) : 0;
  id.node_rank = get_number(ns, me, PMIX_NODE_RANK, &n) ? static_cast<int>(n) : id.local_rank;
  id.appnum = get_number(ns, me, PMIX_APPNUM, &n) ? static_cast<int>(n) : 0;
  id.universe_size = get_number(ns, PMIX_RANK_WILDCARD, PMIX_UNIV_SIZE, &n) ? static_cast<int>(n) : id.world_size;
  std::string peers;
  if (get_text(ns, PMIX_RANK_WILDCARD, PMIX_LOCAL_PEERS, &peers)) id.local_peers = parse_rank_list(peers);
  if (id.local_peers.empty()) id.local_peers = {id.world_rank};
  id.local_size = get_number(ns, PMIX_RANK_WILDCARD, PMIX_LOCAL_SIZE, &n) ? static_cast<int>(n)
                                                                       : static_cast<int>(id.local_peers.size());
  if (!get_text(ns, me, PMIX_HOSTNAME, &id.hostname)) id.hostname = local_hostname();
  id.num_nodes = get_number(ns, PMIX_RANK_WILDCARD, PMIX_NUM_NODES, &n) ? static_cast<int>(n) : 1;
  id.node_id = get_number(ns, me, PMIX_NODEID, &n) ? static_cast<int>(n) : 0;
  // Node of every rank: from PMIX_NODEID where the server gives it per
  // rank; otherwise local peers share our node and the rest are "elsewhere".
  id.node_of_rank.assign(static_cast<size_t>(id.world_size), -1);
  for (int peer : id.local_peers) id.node_of_rank[static_cast<size_t>(peer)] = id.node_id;
  if (id.num_nodes > 1) {
    for (int r = 0; r < id.world_size; ++r)
      if (get_number(ns, static_cast<uint32_t>(r), PMIX_NODEID, &n)) id.node_of_rank[static_cast<size_t>(r)] = static_cast<int>(n);
  }
  for (int& node : id.node_of_rank)
    if (node < 0) node = id.node_id == 0 ? 1 : 0;  // unknown: some other node
  return Error::ok();
}

PmixClient::~PmixClient() { finalize(); }

Error PmixClient::put(const std::string& key, const std::vector<std::byte>& value) {
  if (!connected_) return Error::ok();
  pmix_value_t v;
  PMIX_VALUE_CONSTRUCT(&v);
  v.type = PMIX_BYTE_OBJECT;
  v.data.bo.bytes = reinterpret_cast<char*>(const_cast<std::byte*>(value.data()));
  v.data.bo.size = value.size();
  pmix_status_t rc = PMIx_Put(PMIX_GLOBAL, key.c_str(), &v);
  if (rc != PMIX_SUCCESS) return Error(ErrClass::other, pmix_error("PMIx_Put", rc));
  return Error::ok();
}

Error PmixClient::exchange() {
  if (!connected_) return Error::ok();
  pmix_status_t rc = PMIx_Commit();
  if (rc != PMIX_SUCCESS) return Error(ErrClass::other, pmix_error("PMIx_Commit", rc));
  pmix_info_t info;
  bool collect = true;
  PMIX_INFO_LOAD(&info, PMIX_COLLECT_DATA, &collect, PMIX_BOOL);
  pmix_proc_t all;
  PMIX_LOAD_PROCID(&all, identity_.nspace.c_str(), PMIX_RANK_WILDCARD);
  rc = PMIx_Fence(&all, 1, &info, 1);
  PMIX_INFO_DESTRUCT(&info);
  if (rc != PMIX_SUCCESS) return Error(ErrClass::other, pmix_error("PMIx_Fence", rc));
  return Error::ok();
}

std::optional<std::vector<std::byte>> PmixClient::get(int world_rank, const std::string& key) {
  if (!connected_) return std::nullopt;
  pmix_value_t* v = get_value(identity_.nspace, static_cast<uint32_t>(world_rank), key.c_str(), false);
  if (v == nullptr) return std::nullopt;
  std::optional<std::vector<std::byte>> out;
  if (v->type == PMIX_BYTE_OBJECT) {
    const auto* b = reinterpret_cast<const std::byte*>(v->data.bo.bytes);
    out.emplace(b, b + v->data.bo.size);
  }
  PMIX_VALUE_RELEASE(v);
  return out;
}

Error PmixClient::fence() {
  if (!connected_) return Error::ok();
  pmix_proc_t all;
  PMIX_LOAD_PROCID(&all, identity_.nspace.c_str(), PMIX_RANK_WILDCARD);
  pmix_status_t rc = PMIx_Fence(&all, 1, nullptr, 0);
  if (rc != PMIX_SUCCESS) return Error(ErrClass::other, pmix_error("PMIx_Fence", rc));
  return Error::ok();
}

void PmixClient::abort(int code, const std::string& message) {
  if (connected_) {
    PMIx_Abort(code, message.c_str(), nullptr, 0);
    // The server kills us; if it does not within a moment, leave anyway.
    sleep(2);
  }
  std::_Exit(code);
}

void PmixClient::finalize() {
  if (!connected_) return;
  connected_ = false;
  PMIx_Finalize(nullptr, 0);
}

}  // namespace gyre
