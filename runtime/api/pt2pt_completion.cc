// MPI request completion: Wait, Test and their all/any/some forms,
// Request_free, Request_get_status, Cancel. They work on any request in the
// table (pml, collective, generalized): completion is Request::complete().
//
// A finished request is "retired": its status is copied out, then it is
// freed (handle set to MPI_REQUEST_NULL) or, if persistent, made inactive.
// MPI_REQUEST_NULL and inactive persistent requests complete at once with
// an empty status.
#include <algorithm>
#include <vector>

#include "runtime/api/pt2pt_common.h"

using gyre::CompletionStatus;
using gyre::Error;
using gyre::ErrClass;
using gyre::Request;
using gyre::Runtime;
using gyre::api::Call;

namespace {

// The requests of one Wait/Test all/any/some call: up to kInline of them on
// the stack, since a vector would cost a malloc and a free per call.
class RequestRefs {
 public:
  RequestRefs() = default;
  RequestRefs(const RequestRefs&) = delete;
  RequestRefs& operator=(const RequestRefs&) = delete;
  void resize(size_t n) {
    if (n > kInline) heap_.resize(n);
    data_ = n > kInline ? heap_.data() : inline_;
    size_ = n;
  }
  size_t size() const { return size_; }
  Request*& operator[](size_t i) { return data_[i]; }
  Request* const& operator[](size_t i) const { return data_[i]; }
  Request** begin() { return data_; }
  Request** end() { return data_ + size_; }
  Request* const* begin() const { return data_; }
  Request* const* end() const { return data_ + size_; }

 private:
  static constexpr size_t kInline = 64;
  Request* inline_[kInline];
  std::vector<Request*> heap_;
  Request** data_ = inline_;
  size_t size_ = 0;
};

bool ignored(const MPI_Status* statuses) { return statuses == MPI_STATUSES_IGNORE || statuses == nullptr; }

[[gnu::cold]] Error invalid_request(MPI_Request handle) {
  return Error(ErrClass::request, "invalid request handle " + std::to_string(handle));
}

// nullptr (and no error) for MPI_REQUEST_NULL and inactive persistent requests.
// Inline, the error built out of line: Waitall looks up every request.
inline Error lookup_active(Runtime& rt, MPI_Request handle, Request** out) {
  *out = nullptr;
  if (handle == MPI_REQUEST_NULL) return Error::ok();
  Request* r = rt.requests.lookup(handle);
  if (r == nullptr) [[unlikely]] return invalid_request(handle);
  if (r->active()) *out = r;
  return Error::ok();
}

Error lookup_all(Runtime& rt, int count, const MPI_Request handles[], RequestRefs* out) {
  GYRE_TRY(gyre::api::check_count(count));
  if (count > 0) GYRE_TRY(gyre::api::check_not_null(handles, "array_of_requests"));
  out->resize(static_cast<size_t>(count));
  Request* completed_send = nullptr;  // looked up once: streaming senders pass many
  for (int i = 0; i < count; ++i) {
    Request*& r = (*out)[static_cast<size_t>(i)];
    if (handles[i] == gyre::api::kCompletedSendRequest && completed_send != nullptr) {
      r = completed_send;
      continue;
    }
    if (Error e = lookup_active(rt, handles[i], &r)) [[unlikely]]
      return Error(e.cls(), "array_of_requests[" + std::to_string(i) + "]: " + e.what());
    if (handles[i] == gyre::api::kCompletedSendRequest) completed_send = r;
  }
  return Error::ok();
}

int comm_of(const Request& r) { return r.comm_handle() != 0 ? r.comm_handle() : MPI_COMM_WORLD; }

// r is what *handle looked up to. Read r's status first: afterwards r may
// be reused or destroyed.
void retire(Runtime& rt, MPI_Request* handle, Request& r) {
  if (r.persistent()) {
    r.deactivate();
    return;
  }
  rt.pml().recycle(rt.requests.erase_found(*handle));
  *handle = MPI_REQUEST_NULL;
}

// Retire one finished request and report its error on its communicator.
// The common start of MPI_Test and MPI_Request_get_status: look the request
// up and give progress one poll. For a null or inactive request *flag = 1 and
// the status is empty; for one still running *flag = 0. Only a request that is
// complete is returned in *done (nullptr otherwise) for the caller to report.
Error poll_once(const Call& call, MPI_Request handle, int* flag, MPI_Status* status, Request** done) {
  *done = nullptr;
  Request* r = nullptr;
  GYRE_TRY(lookup_active(call.rt(), handle, &r));
  *flag = 1;
  if (r == nullptr) {
    gyre::api::fill_status(status, gyre::api::empty_status());
    return Error::ok();
  }
  if (!r->complete()) call.progress_once();
  if (!r->complete()) {
    *flag = 0;
    return Error::ok();
  }
  *done = r;
  return Error::ok();
}

int report(const Call& call, MPI_Request* handle, Request& r, MPI_Status* status) {
  int comm = comm_of(r);
  const CompletionStatus s = r.status();
  retire(call.rt(), handle, r);
  gyre::api::fill_status(status, s);
  if (Error e = gyre::api::completion_error(s)) return call.fail(comm, e);
  return MPI_SUCCESS;
}

// Retire every finished request of the set into out_statuses[slot]; for the
// "some" calls also record indices. Errors give MPI_ERR_IN_STATUS.
struct Harvest {
  int done = 0;
  int error_comm = 0;
  int first_error = -1;
};

void harvest_one(Runtime& rt, MPI_Request handles[], RequestRefs& rs, int i, MPI_Status* statuses,
                 Harvest* h) {
  Request* r = rs[static_cast<size_t>(i)];
  MPI_Status* out = ignored(statuses) ? nullptr : &statuses[h->done];
  ++h->done;
  if (r == nullptr) {
    if (out != nullptr) gyre::api::fill_status(out, gyre::api::empty_status());
    return;
  }
  rs[static_cast<size_t>(i)] = nullptr;
  if (handles[i] == gyre::api::kCompletedSendRequest) {
    // An eager MPI_Isend's predefined request: always a success, nothing to
    // free (a window of Isends retires 64 of these per Waitall).
    if (out != nullptr) gyre::api::fill_status(out, r->status());
    handles[i] = MPI_REQUEST_NULL;
    return;
  }
  const CompletionStatus& s = r->status();
  if (s.error != ErrClass::success && h->first_error < 0) {
    h->first_error = i;
    h->error_comm = comm_of(*r);
  }
  if (out != nullptr) gyre::api::fill_status(out, s);
  retire(rt, &handles[i], *r);
}

int report_harvest(const Call& call, const Harvest& h) {
  if (h.first_error < 0) return MPI_SUCCESS;
  return call.fail(h.error_comm, Error(ErrClass::in_status, "request " + std::to_string(h.first_error) +
                                                                " (and maybe others) failed; see the MPI_ERROR "
                                                                "field of each status"));
}

bool all_complete(const RequestRefs& rs, size_t* cursor) {
  // Requests stay complete, so the scan resumes where it stopped.
  while (*cursor < rs.size() && (rs[*cursor] == nullptr || rs[*cursor]->complete())) ++*cursor;
  return *cursor == rs.size();
}

int first_complete(const RequestRefs& rs) {
  for (size_t i = 0; i < rs.size(); ++i)
    if (rs[i] != nullptr && rs[i]->complete()) return static_cast<int>(i);
  return -1;
}

bool any_active(const RequestRefs& rs) {
  for (Request* r : rs)
    if (r != nullptr) return true;
  return false;
}

int finish_all(const Call& call, int count, MPI_Request handles[], RequestRefs& rs,
               MPI_Status statuses[]) {
  Harvest h;
  const bool want_statuses = !ignored(statuses);
  for (int i = 0; i < count; ++i) {
    // The common entry of a streaming sender's window, retired in line
    // (harvest_one does the same, at a call per request).
    if (handles[i] == gyre::api::kCompletedSendRequest && rs[static_cast<size_t>(i)] != nullptr) [[likely]] {
      if (want_statuses) gyre::api::fill_status(&statuses[i], rs[static_cast<size_t>(i)]->status());
      rs[static_cast<size_t>(i)] = nullptr;
      handles[i] = MPI_REQUEST_NULL;
      ++h.done;
      continue;
    }
    harvest_one(call.rt(), handles, rs, i, statuses, &h);
  }
  return report_harvest(call, h);
}

int finish_some(const Call& call, int count, MPI_Request handles[], RequestRefs& rs, int* outcount,
                int indices[], MPI_Status statuses[]) {
  Harvest h;
  for (int i = 0; i < count; ++i) {
    Request* r = rs[static_cast<size_t>(i)];
    if (r == nullptr || !r->complete()) continue;
    indices[h.done] = i;
    harvest_one(call.rt(), handles, rs, i, statuses, &h);
  }
  *outcount = h.done;
  return report_harvest(call, h);
}

// MPI_Waitsome (block: wait for one to finish) and MPI_Testsome (one
// progress poll at most), after the same checks.
int complete_some(const char* function, bool block, int incount, MPI_Request array_of_requests[], int* outcount,
                  int array_of_indices[], MPI_Status array_of_statuses[]) {
  Call call(function, block ? Call::Lock::wait : Call::Lock::skip_if_busy);
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(outcount, "outcount"));
  RequestRefs rs;
  GYRE_CHECK(call, MPI_COMM_WORLD, lookup_all(call.rt(), incount, array_of_requests, &rs));
  if (!any_active(rs)) {
    *outcount = MPI_UNDEFINED;
    return MPI_SUCCESS;
  }
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(array_of_indices, "array_of_indices"));
  // MPI_Testsome while the progress thread is in a long step: report none
  // finished rather than wait for the lock (as MPI_Test and MPI_Testall).
  if (call.busy()) {
    *outcount = 0;
    return MPI_SUCCESS;
  }
  if (block)
    call.rt().progress().wait_until([&] { return first_complete(rs) >= 0; });
  else if (first_complete(rs) < 0)
    call.progress_once();
  return finish_some(call, incount, array_of_requests, rs, outcount, array_of_indices, array_of_statuses);
}

}  // namespace

GYRE_BINDING(int, MPI_Wait, (MPI_Request* request, MPI_Status* status)) {
  Call call("MPI_Wait");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(request, "request"));
  Request* r = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, lookup_active(call.rt(), *request, &r));
  if (r == nullptr) {
    gyre::api::fill_status(status, gyre::api::empty_status());
    return MPI_SUCCESS;
  }
  call.rt().progress().wait_until([r] { return r->complete(); });
  return report(call, request, *r, status);
}

GYRE_BINDING(int, MPI_Test, (MPI_Request* request, int* flag, MPI_Status* status)) {
  Call call("MPI_Test", Call::Lock::skip_if_busy);
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(request, "request"));
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(flag, "flag"));
  // The progress thread is in a long step of this operation: not complete yet.
  if (call.busy() && *request != MPI_REQUEST_NULL) {
    *flag = 0;
    return MPI_SUCCESS;
  }
  Request* r = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, poll_once(call, *request, flag, status, &r));
  if (r == nullptr) return MPI_SUCCESS;
  return report(call, request, *r, status);
}

GYRE_BINDING(int, MPI_Waitall, (int count, MPI_Request array_of_requests[], MPI_Status array_of_statuses[])) {
  Call call("MPI_Waitall");
  if (!call.ok()) return call.not_initialized();
  RequestRefs rs;
  GYRE_CHECK(call, MPI_COMM_WORLD, lookup_all(call.rt(), count, array_of_requests, &rs));
  size_t cursor = 0;
  call.rt().progress().wait_until([&] { return all_complete(rs, &cursor); });
  return finish_all(call, count, array_of_requests, rs, array_of_statuses);
}

GYRE_BINDING(int, MPI_Testall, (int count, MPI_Request array_of_requests[], int* flag,
                                MPI_Status array_of_statuses[])) {
  Call call("MPI_Testall", Call::Lock::skip_if_busy);
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(flag, "flag"));
  RequestRefs rs;
  GYRE_CHECK(call, MPI_COMM_WORLD, lookup_all(call.rt(), count, array_of_requests, &rs));
  // The progress thread is in a long step: what it works on is not complete yet.
  if (call.busy() && std::any_of(rs.begin(), rs.end(), [](const Request* r) { return r != nullptr; })) {
    *flag = 0;
    return MPI_SUCCESS;
  }
  size_t cursor = 0;
  if (!all_complete(rs, &cursor)) call.progress_once();
  *flag = all_complete(rs, &cursor) ? 1 : 0;
  if (*flag == 0) return MPI_SUCCESS;
  return finish_all(call, count, array_of_requests, rs, array_of_statuses);
}

GYRE_BINDING(int, MPI_Waitany, (int count, MPI_Request array_of_requests[], int* index, MPI_Status* status)) {
  Call call("MPI_Waitany");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(index, "index"));
  RequestRefs rs;
  GYRE_CHECK(call, MPI_COMM_WORLD, lookup_all(call.rt(), count, array_of_requests, &rs));
  *index = MPI_UNDEFINED;
  if (!any_active(rs)) {
    gyre::api::fill_status(status, gyre::api::empty_status());
    return MPI_SUCCESS;
  }
  int found = -1;
  call.rt().progress().wait_until([&] { return (found = first_complete(rs)) >= 0; });
  *index = found;
  return report(call, &array_of_requests[found], *rs[static_cast<size_t>(found)], status);
}

GYRE_BINDING(int, MPI_Testany, (int count, MPI_Request array_of_requests[], int* index, int* flag,
                                MPI_Status* status)) {
  Call call("MPI_Testany", Call::Lock::skip_if_busy);
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(index, "index"));
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(flag, "flag"));
  RequestRefs rs;
  GYRE_CHECK(call, MPI_COMM_WORLD, lookup_all(call.rt(), count, array_of_requests, &rs));
  *index = MPI_UNDEFINED;
  *flag = 1;
  if (!any_active(rs)) {
    gyre::api::fill_status(status, gyre::api::empty_status());
    return MPI_SUCCESS;
  }
  // The progress thread is in a long step: nothing is reported complete yet.
  if (call.busy()) {
    *flag = 0;
    return MPI_SUCCESS;
  }
  int found = first_complete(rs);
  if (found < 0) {
    call.progress_once();
    found = first_complete(rs);
  }
  if (found < 0) {
    *flag = 0;
    return MPI_SUCCESS;
  }
  *index = found;
  return report(call, &array_of_requests[found], *rs[static_cast<size_t>(found)], status);
}

GYRE_BINDING(int, MPI_Waitsome, (int incount, MPI_Request array_of_requests[], int* outcount,
                                 int array_of_indices[], MPI_Status array_of_statuses[])) {
  return complete_some("MPI_Waitsome", true, incount, array_of_requests, outcount, array_of_indices,
                       array_of_statuses);
}

GYRE_BINDING(int, MPI_Testsome, (int incount, MPI_Request array_of_requests[], int* outcount,
                                 int array_of_indices[], MPI_Status array_of_statuses[])) {
  return complete_some("MPI_Testsome", false, incount, array_of_requests, outcount, array_of_indices,
                       array_of_statuses);
}

GYRE_BINDING(int, MPI_Request_free, (MPI_Request* request)) {
  Call call("MPI_Request_free");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(request, "request"));
  if (call.rt().requests.lookup(*request) == nullptr)
    return call.fail(MPI_COMM_WORLD, Error(ErrClass::request, *request == MPI_REQUEST_NULL
                                                                  ? "request is MPI_REQUEST_NULL"
                                                                  : "invalid request handle " + std::to_string(*request)));
  std::unique_ptr<Request> r = call.rt().requests.erase(*request);
  *request = MPI_REQUEST_NULL;
  if (r == nullptr) return MPI_SUCCESS;  // a predefined handle: nothing to free
  // Still running: the runtime keeps it until the operation completes.
  if (r->active() && !r->complete()) {
    r->release();
    call.rt().orphan(std::move(r));
  }
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Request_get_status, (MPI_Request request, int* flag, MPI_Status* status)) {
  Call call("MPI_Request_get_status");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(flag, "flag"));
  Request* r = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, poll_once(call, request, flag, status, &r));
  if (r == nullptr) return MPI_SUCCESS;
  gyre::api::fill_status(status, r->status());  // the request stays; MPI_Wait still reports its error
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Cancel, (MPI_Request* request)) {
  Call call("MPI_Cancel");
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(request, "request"));
  Request* r = call.rt().requests.lookup(*request);
  if (r == nullptr)
    return call.fail(MPI_COMM_WORLD, Error(ErrClass::request, *request == MPI_REQUEST_NULL
                                                                  ? "request is MPI_REQUEST_NULL"
                                                                  : "invalid request handle " + std::to_string(*request)));
  // Receives still in the posted queue are cancelled; sends (whose
  // cancellation MPI-4 deprecates) and matched receives simply complete.
  if (r->active() && !r->complete()) r->cancel();
  return MPI_SUCCESS;
}
