// MPI probes and matched receives: Probe, Iprobe, Mprobe, Improbe, Mrecv,
// Imrecv (and _c forms). An MPI_Message is a pml::MatchedMessage kept in
// the request table, as MPICH keeps messages as requests (same handle kind,
// MPI_MESSAGE_NULL == MPI_REQUEST_NULL).
#include "runtime/api/pt2pt_common.h"

using gyre::CompletionStatus;
using gyre::Error;
using gyre::ErrClass;
using gyre::Request;
using gyre::api::Call;
using gyre::api::Target;
using gyre::pml::MatchedMessage;

namespace {

Error check_probe(const Call& call, int source, int tag, MPI_Comm comm, Target* out) {
  GYRE_TRY(gyre::api::check_comm(call.rt(), comm, &out->comm));
  if (call.checks()) {
    GYRE_TRY(gyre::api::check_peer(*out->comm, source, "source rank", true));
    GYRE_TRY(gyre::api::check_tag(tag, true));
  }
  out->rank = source;
  out->proc_null = source == MPI_PROC_NULL;
  return Error::ok();
}

// One look at the unexpected queue, polling the transports once if empty.
bool probe_once(gyre::Runtime& rt, const Target& t, int tag, CompletionStatus* s) {
  uint32_t context = t.comm->context_id();
  if (rt.pml().iprobe(context, t.rank, tag, s)) return true;
  rt.progress().poll();
  return rt.pml().iprobe(context, t.rank, tag, s);
}

std::unique_ptr<MatchedMessage> mprobe_once(gyre::Runtime& rt, const Target& t, int tag, CompletionStatus* s) {
  uint32_t context = t.comm->context_id();
  if (auto m = rt.pml().improbe(context, t.rank, tag, s)) return m;
  rt.progress().poll();
  return rt.pml().improbe(context, t.rank, tag, s);
}

void publish_message(gyre::Runtime& rt, std::unique_ptr<MatchedMessage> m, MPI_Comm comm, MPI_Message* out) {
  m->set_comm_handle(comm);
  *out = rt.requests.insert(std::move(m));
}

// Take a message handle back out of the table (nullptr for MPI_MESSAGE_NO_PROC).
Error take_message(gyre::Runtime& rt, MPI_Message* handle, std::unique_ptr<MatchedMessage>* out) {
  if (*handle == MPI_MESSAGE_NO_PROC) return Error::ok();
  auto* m = dynamic_cast<MatchedMessage*>(rt.requests.lookup(*handle));
  if (m == nullptr)
    return Error(ErrClass::request, *handle == MPI_MESSAGE_NULL ? "message is MPI_MESSAGE_NULL"
                                                                : "invalid message handle " + std::to_string(*handle));
  std::unique_ptr<Request> owned = rt.requests.erase(*handle);
  out->reset(static_cast<MatchedMessage*>(owned.release()));
  return Error::ok();
}

// Mrecv / Imrecv: the receive of a message taken by Mprobe.
Error start_mrecv(const Call& call, void* buf, long long count, MPI_Datatype datatype, MPI_Message* message,
                  std::unique_ptr<Request>* out, int* comm) {
  GYRE_TRY(gyre::api::check_not_null(message, "message"));
  GYRE_TRY(gyre::api::check_count(count));
  gyre::Datatype* type = nullptr;
  GYRE_TRY(gyre::api::check_datatype(call.rt(), datatype, &type));
  std::unique_ptr<MatchedMessage> m;
  GYRE_TRY(take_message(call.rt(), message, &m));
  *message = MPI_MESSAGE_NULL;
  if (m == nullptr) {
    *out = std::make_unique<gyre::api::CompletedRequest>(Request::Kind::recv, gyre::api::proc_null_status(), false);
    return Error::ok();
  }
  *comm = m->comm_handle();
  *out = call.rt().pml().imrecv(buf, static_cast<size_t>(count), *type, std::move(m));
  return Error::ok();
}

int mrecv(const char* function, void* buf, long long count, MPI_Datatype datatype, MPI_Message* message,
          MPI_Status* status) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  std::unique_ptr<Request> r;
  int comm = MPI_COMM_WORLD;
  GYRE_CHECK(call, MPI_COMM_WORLD, start_mrecv(call, buf, count, datatype, message, &r, &comm));
  return gyre::api::wait_and_report(call, comm, *r, status);
}

int imrecv(const char* function, void* buf, long long count, MPI_Datatype datatype, MPI_Message* message,
           MPI_Request* request) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(request, "request"));
  std::unique_ptr<Request> r;
  int comm = MPI_COMM_WORLD;
  GYRE_CHECK(call, MPI_COMM_WORLD, start_mrecv(call, buf, count, datatype, message, &r, &comm));
  gyre::api::publish(call.rt(), std::move(r), comm, request);
  return MPI_SUCCESS;
}

}  // namespace

GYRE_BINDING(int, MPI_Probe, (int source, int tag, MPI_Comm comm, MPI_Status* status)) {
  Call call("MPI_Probe");
  if (!call.ok()) return call.not_initialized();
  Target t;
  GYRE_CHECK(call, comm, check_probe(call, source, tag, comm, &t));
  CompletionStatus s = gyre::api::proc_null_status();
  if (!t.proc_null) {
    gyre::Runtime& rt = call.rt();
    rt.progress().wait_until([&] { return rt.pml().iprobe(t.comm->context_id(), source, tag, &s); });
  }
  gyre::api::fill_status(status, s);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Iprobe, (int source, int tag, MPI_Comm comm, int* flag, MPI_Status* status)) {
  // A probe loop must not wait behind the progress thread's long steps: while
  // it works (and owns the queues) the answer is "nothing yet".
  Call call("MPI_Iprobe", Call::Lock::skip_if_busy);
  if (!call.ok()) return call.not_initialized();
  Target t;
  GYRE_CHECK(call, comm, check_probe(call, source, tag, comm, &t));
  GYRE_CHECK(call, comm, gyre::api::check_not_null(flag, "flag"));
  CompletionStatus s = gyre::api::proc_null_status();
  *flag = t.proc_null || (!call.busy() && probe_once(call.rt(), t, tag, &s));
  if (*flag) gyre::api::fill_status(status, s);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Mprobe, (int source, int tag, MPI_Comm comm, MPI_Message* message, MPI_Status* status)) {
  Call call("MPI_Mprobe");
  if (!call.ok()) return call.not_initialized();
  Target t;
  GYRE_CHECK(call, comm, check_probe(call, source, tag, comm, &t));
  GYRE_CHECK(call, comm, gyre::api::check_not_null(message, "message"));
  CompletionStatus s = gyre::api::proc_null_status();
  if (t.proc_null) {
    *message = MPI_MESSAGE_NO_PROC;
  } else {
    gyre::Runtime& rt = call.rt();
    std::unique_ptr<MatchedMessage> m;
    rt.progress().wait_until([&] { return (m = rt.pml().improbe(t.comm->context_id(), source, tag, &s)) != nullptr; });
    publish_message(rt, std::move(m), comm, message);
  }
  gyre::api::fill_status(status, s);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Improbe, (int source, int tag, MPI_Comm comm, int* flag, MPI_Message* message,
                                MPI_Status* status)) {
  Call call("MPI_Improbe");
  if (!call.ok()) return call.not_initialized();
  Target t;
  GYRE_CHECK(call, comm, check_probe(call, source, tag, comm, &t));
  GYRE_CHECK(call, comm, gyre::api::check_not_null(flag, "flag"));
  GYRE_CHECK(call, comm, gyre::api::check_not_null(message, "message"));
  CompletionStatus s = gyre::api::proc_null_status();
  *flag = 1;
  if (t.proc_null) {
    *message = MPI_MESSAGE_NO_PROC;
  } else if (auto m = mprobe_once(call.rt(), t, tag, &s)) {
    publish_message(call.rt(), std::move(m), comm, message);
  } else {
    *flag = 0;
    return MPI_SUCCESS;
  }
  gyre::api::fill_status(status, s);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Mrecv, (void* buf, int count, MPI_Datatype datatype, MPI_Message* message,
                              MPI_Status* status)) {
  return mrecv("MPI_Mrecv", buf, count, datatype, message, status);
}

GYRE_BINDING(int, MPI_Mrecv_c, (void* buf, MPI_Count count, MPI_Datatype datatype, MPI_Message* message,
                                MPI_Status* status)) {
  return mrecv("MPI_Mrecv_c", buf, count, datatype, message, status);
}

GYRE_BINDING(int, MPI_Imrecv, (void* buf, int count, MPI_Datatype datatype, MPI_Message* message,
                               MPI_Request* request)) {
  return imrecv("MPI_Imrecv", buf, count, datatype, message, request);
}

GYRE_BINDING(int, MPI_Imrecv_c, (void* buf, MPI_Count count, MPI_Datatype datatype, MPI_Message* message,
                                 MPI_Request* request)) {
  return imrecv("MPI_Imrecv_c", buf, count, datatype, message, request);
}
