// MPI buffered sends: Buffer_attach, Buffer_detach, Bsend, Ibsend,
// Bsend_init (and _c forms). The message is copied into the attached buffer
// (pt2pt_bsend_buffer.h) and the call completes at once; a message that
// does not fit fails with MPI_ERR_BUFFER through the error handler.
#include "runtime/api/pt2pt_bsend_buffer.h"

using gyre::Datatype;
using gyre::Error;
using gyre::ErrClass;
using gyre::Request;
using gyre::api::Call;
using gyre::api::Target;

namespace {

// MPI_Bsend_init: every start() buffers the message anew.
class BufferedPersistentRequest : public Request {
 public:
  BufferedPersistentRequest(gyre::Runtime& rt, const Target& t, const void* buf, size_t count, int tag)
      : Request(Kind::send), rt_(rt), target_(t), type_(*t.type), buf_(buf), count_(count), tag_(tag) {
    target_.type = &type_;  // the program may free its datatype meanwhile
    set_persistent();
    set_active(false);
  }

  Error start() override {
    reset_for_start();
    status().source = target_.proc_null ? MPI_PROC_NULL : target_.rank;
    Error e = target_.proc_null ? Error::ok() : gyre::api::bsend_buffer().send(rt_, target_, buf_, count_, tag_);
    if (e) status().error = e.cls();
    mark_complete();
    return e;
  }

 private:
  gyre::Runtime& rt_;
  Target target_;
  Datatype type_;
  const void* buf_;
  size_t count_;
  int tag_;
};

// Check and buffer one message; for MPI_Ibsend also hand back a complete request.
int buffer_message(const Call& call, const void* buf, long long count, MPI_Datatype datatype, int dest, int tag,
                   MPI_Comm comm, MPI_Request* request, bool want_request) {
  Target t;
  GYRE_CHECK(call, comm, gyre::api::check_send(call, buf, count, datatype, dest, tag, comm, &t));
  if (want_request) GYRE_CHECK(call, comm, gyre::api::check_not_null(request, "request"));
  if (!t.proc_null)
    GYRE_CHECK(call, comm, gyre::api::bsend_buffer().send(call.rt(), t, buf, static_cast<size_t>(count), tag));
  if (want_request) {
    gyre::CompletionStatus done;
    done.source = dest;
    gyre::api::publish(call.rt(), std::make_unique<gyre::api::CompletedRequest>(Request::Kind::send, done, false),
                       comm, request);
  }
  return MPI_SUCCESS;
}

int bsend(const char* function, const void* buf, long long count, MPI_Datatype datatype, int dest, int tag,
          MPI_Comm comm) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  return buffer_message(call, buf, count, datatype, dest, tag, comm, nullptr, false);
}

// The message is in the attached buffer when this returns: the request is complete.
int ibsend(const char* function, const void* buf, long long count, MPI_Datatype datatype, int dest, int tag,
           MPI_Comm comm, MPI_Request* request) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  return buffer_message(call, buf, count, datatype, dest, tag, comm, request, true);
}

int bsend_init(const char* function, const void* buf, long long count, MPI_Datatype datatype, int dest, int tag,
               MPI_Comm comm, MPI_Request* request) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  Target t;
  GYRE_CHECK(call, comm, gyre::api::check_send(call, buf, count, datatype, dest, tag, comm, &t));
  GYRE_CHECK(call, comm, gyre::api::check_not_null(request, "request"));
  gyre::api::publish(call.rt(),
                     std::make_unique<BufferedPersistentRequest>(call.rt(), t, buf, static_cast<size_t>(count), tag),
                     comm, request);
  return MPI_SUCCESS;
}

int attach(const char* function, void* buffer, long long size) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  if (size < 0) return call.fail(MPI_COMM_WORLD, Error(ErrClass::arg, "negative buffer size " + std::to_string(size)));
  if (size > 0) GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(buffer, "buffer"));
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::bsend_buffer().attach(buffer, static_cast<size_t>(size)));
  return MPI_SUCCESS;
}

template <class Size>
int detach(const char* function, void* buffer_addr, Size* size) {
  Call call(function);
  if (!call.ok()) return call.not_initialized();
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(buffer_addr, "buffer_addr"));
  GYRE_CHECK(call, MPI_COMM_WORLD, gyre::api::check_not_null(size, "size"));
  size_t bytes = 0;
  GYRE_CHECK(call, MPI_COMM_WORLD,
             gyre::api::bsend_buffer().detach(call.rt().progress(), static_cast<void**>(buffer_addr), &bytes));
  *size = static_cast<Size>(bytes);
  return MPI_SUCCESS;
}

}  // namespace

#define GYRE_BSEND_BINDING(NAME, CNT)                                                              \
  GYRE_BINDING(int, NAME, (const void* buf, CNT count, MPI_Datatype datatype, int dest, int tag,   \
                           MPI_Comm comm)) {                                                        \
    return bsend(#NAME, buf, count, datatype, dest, tag, comm);                                    \
  }
#define GYRE_BSEND_REQUEST_BINDING(NAME, CNT, IMPL)                                                 \
  GYRE_BINDING(int, NAME, (const void* buf, CNT count, MPI_Datatype datatype, int dest, int tag,   \
                           MPI_Comm comm, MPI_Request* request)) {                                  \
    return IMPL(#NAME, buf, count, datatype, dest, tag, comm, request);                            \
  }

GYRE_BSEND_BINDING(MPI_Bsend, int)
GYRE_BSEND_BINDING(MPI_Bsend_c, MPI_Count)
GYRE_BSEND_REQUEST_BINDING(MPI_Ibsend, int, ibsend)
GYRE_BSEND_REQUEST_BINDING(MPI_Ibsend_c, MPI_Count, ibsend)
GYRE_BSEND_REQUEST_BINDING(MPI_Bsend_init, int, bsend_init)
GYRE_BSEND_REQUEST_BINDING(MPI_Bsend_init_c, MPI_Count, bsend_init)

GYRE_BINDING(int, MPI_Buffer_attach, (void* buffer, int size)) { return attach("MPI_Buffer_attach", buffer, size); }

GYRE_BINDING(int, MPI_Buffer_attach_c, (void* buffer, MPI_Count size)) {
  return attach("MPI_Buffer_attach_c", buffer, size);
}

GYRE_BINDING(int, MPI_Buffer_detach, (void* buffer_addr, int* size)) {
  return detach("MPI_Buffer_detach", buffer_addr, size);
}

GYRE_BINDING(int, MPI_Buffer_detach_c, (void* buffer_addr, MPI_Count* size)) {
  return detach("MPI_Buffer_detach_c", buffer_addr, size);
}
