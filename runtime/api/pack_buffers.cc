// MPI_Pack / MPI_Unpack / MPI_Pack_size (the packed stream of the datatype
// engine: this node's representation), and the "external32" portable forms
// MPI_Pack_external / Unpack_external / Pack_external_size; each with its
// large-count `_c` variant. Buffers may be MPI_BOTTOM with absolute
// addresses in the type.
#include <cstring>
#include <limits>
#include <string>

#include "runtime/api/type_util.h"

using gyre::Communicator;
using gyre::Datatype;
using gyre::Error;
using gyre::ErrClass;
namespace api = gyre::api;

namespace {

// The packed bytes of `count` elements of `per` bytes must fit in
// [position, size) of a buffer of `size` bytes. A negative size is an
// argument error (it must not wrap to a huge size_t and pass the check);
// a negative position or too little room is MPI_ERR_TRUNCATE. *bytes gets
// the packed length.
Error check_room(long long size, long long position, size_t per, long long count, const char* size_name,
                 const char* what, size_t* bytes) {
  if (size < 0) return Error(ErrClass::arg, std::string(size_name) + " is negative (" + std::to_string(size) + ")");
  unsigned long long total = 0;
  if (__builtin_mul_overflow(static_cast<unsigned long long>(per), static_cast<unsigned long long>(count), &total) ||
      total > static_cast<unsigned long long>(std::numeric_limits<long long>::max()))
    return Error(ErrClass::truncate, std::string(what) + " of " + std::to_string(count) + " elements is too large");
  *bytes = static_cast<size_t>(total);
  if (position < 0 || static_cast<long long>(total) > size - position)
    return Error(ErrClass::truncate, std::string(size_name) + " " + std::to_string(size) + " cannot hold " +
                                         std::to_string(total) + " " + what + " bytes at position " +
                                         std::to_string(position));
  return Error::ok();
}

Error check_committed(const Datatype& t) {
  if (!t.committed()) return Error(ErrClass::type, "datatype " + t.name() + " is not committed");
  return Error::ok();
}

Error no_external32(const Datatype& t) {
  return Error(ErrClass::type, "datatype " + t.name() + " holds a type that has no external32 representation");
}

Error external_size(const Datatype& t, long long count, long long* out) {
  size_t per = t.external32_size();
  if (per == 0 && t.size() != 0) return no_external32(t);
  *out = static_cast<long long>(per) * count;
  return Error::ok();
}

// One pack or unpack call's view of its arguments: the element count, the
// packed buffer's size and the cursor in it, the buffer the bytes go to or
// come from, and the names the messages use for them.
template <class A>
struct Packing {
  long long count;
  const char* count_name;
  A size;
  A* position;
  const char* size_name;
  const void* buf;
  const char* buf_name;
};

// The checks every pack and unpack call makes after its first (comm or
// datarep), in this order. *t gets the type, *bytes the packed length
// (external32 when `external`).
template <class A>
Error check_packing(gyre::Runtime& rt, const Packing<A>& p, MPI_Datatype datatype, bool external, Datatype** t,
                    size_t* bytes) {
  GYRE_TRY(api::check_count(p.count, p.count_name));
  GYRE_TRY(api::check_datatype(rt, datatype, t));
  GYRE_TRY(api::check_not_null(p.position, "position"));
  GYRE_TRY(check_committed(**t));
  long long per = static_cast<long long>((*t)->size());
  if (external) GYRE_TRY(external_size(**t, 1, &per));
  GYRE_TRY(check_room(p.size, *p.position, static_cast<size_t>(per), p.count, p.size_name,
                      external ? "external32" : "packed", bytes));
  if (*bytes > 0) GYRE_TRY(api::check_not_null(p.buf, p.buf_name));
  return Error::ok();
}

#define PACK_PROLOGUE(fname)                         \
  api::Call call(fname);                             \
  if (!call.ok()) return call.not_initialized();

template <class C>
int pack(const char* fname, const void* inbuf, C incount, MPI_Datatype datatype, void* outbuf, C outsize,
         C* position, MPI_Comm comm) {
  PACK_PROLOGUE(fname);
  Communicator* c = nullptr;
  Datatype* t = nullptr;
  size_t bytes = 0;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  Packing<C> p{incount, "incount", outsize, position, "outsize", outbuf, "outbuf"};
  GYRE_CHECK(call, comm, check_packing(call.rt(), p, datatype, false, &t, &bytes));
  t->pack(inbuf, static_cast<size_t>(incount), 0, static_cast<std::byte*>(outbuf) + *position, bytes);
  *position += static_cast<C>(bytes);
  return MPI_SUCCESS;
}

template <class C>
int unpack(const char* fname, const void* inbuf, C insize, C* position, void* outbuf, C outcount,
           MPI_Datatype datatype, MPI_Comm comm) {
  PACK_PROLOGUE(fname);
  Communicator* c = nullptr;
  Datatype* t = nullptr;
  size_t bytes = 0;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  Packing<C> p{outcount, "outcount", insize, position, "insize", inbuf, "inbuf"};
  GYRE_CHECK(call, comm, check_packing(call.rt(), p, datatype, false, &t, &bytes));
  t->unpack(outbuf, static_cast<size_t>(outcount), 0, static_cast<const std::byte*>(inbuf) + *position, bytes);
  *position += static_cast<C>(bytes);
  return MPI_SUCCESS;
}

template <class C>
int pack_size(const char* fname, C incount, MPI_Datatype datatype, MPI_Comm comm, C* size) {
  PACK_PROLOGUE(fname);
  Communicator* c = nullptr;
  Datatype* t = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_count(incount, "incount"));
  GYRE_CHECK(call, comm, api::check_datatype(call.rt(), datatype, &t));
  GYRE_CHECK(call, comm, api::check_not_null(size, "size"));
  long long bytes = static_cast<long long>(t->size()) * static_cast<long long>(incount);
  if (static_cast<long long>(static_cast<C>(bytes)) != bytes)
    return call.fail(comm, Error(ErrClass::value_too_large, "pack size " + std::to_string(bytes) +
                                                                " does not fit the output type (use MPI_Pack_size_c)"));
  *size = static_cast<C>(bytes);
  return MPI_SUCCESS;
}

Error check_datarep(const char* datarep) {
  if (datarep == nullptr) return Error(ErrClass::arg, "datarep is NULL");
  if (std::strcmp(datarep, "external32") != 0)
    return Error(ErrClass::arg, std::string("unsupported datarep \"") + datarep + "\" (only \"external32\")");
  return Error::ok();
}

template <class C, class A>
int pack_external(const char* fname, const char* datarep, const void* inbuf, C incount, MPI_Datatype datatype,
                  void* outbuf, A outsize, A* position) {
  PACK_PROLOGUE(fname);
  Datatype* t = nullptr;
  size_t bytes = 0;
  GYRE_CHECK(call, MPI_COMM_WORLD, check_datarep(datarep));
  Packing<A> p{incount, "incount", outsize, position, "outsize", outbuf, "outbuf"};
  GYRE_CHECK(call, MPI_COMM_WORLD, check_packing(call.rt(), p, datatype, true, &t, &bytes));
  if (!t->pack_external32(inbuf, static_cast<size_t>(incount), static_cast<std::byte*>(outbuf) + *position))
    return call.fail(MPI_COMM_WORLD, no_external32(*t));
  *position += static_cast<A>(bytes);
  return MPI_SUCCESS;
}

template <class C, class A>
int unpack_external(const char* fname, const char* datarep, const void* inbuf, A insize, A* position, void* outbuf,
                    C outcount, MPI_Datatype datatype) {
  PACK_PROLOGUE(fname);
  Datatype* t = nullptr;
  size_t bytes = 0;
  GYRE_CHECK(call, MPI_COMM_WORLD, check_datarep(datarep));
  Packing<A> p{outcount, "outcount", insize, position, "insize", inbuf, "inbuf"};
  GYRE_CHECK(call, MPI_COMM_WORLD, check_packing(call.rt(), p, datatype, true, &t, &bytes));
  if (!t->unpack_external32(static_cast<const std::byte*>(inbuf) + *position, outbuf, static_cast<size_t>(outcount)))
    return call.fail(MPI_COMM_WORLD, no_external32(*t));
  *position += static_cast<A>(bytes);
  return MPI_SUCCESS;
}

template <class C, class A>
int pack_external_size(const char* fname, const char* datarep, C incount, MPI_Datatype datatype, A* size) {
  PACK_PROLOGUE(fname);
  Datatype* t = nullptr;
  GYRE_CHECK(call, MPI_COMM_WORLD, check_datarep(datarep));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_count(incount, "incount"));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_datatype(call.rt(), datatype, &t));
  GYRE_CHECK(call, MPI_COMM_WORLD, api::check_not_null(size, "size"));
  long long bytes = 0;
  GYRE_CHECK(call, MPI_COMM_WORLD, external_size(*t, incount, &bytes));
  *size = static_cast<A>(bytes);
  return MPI_SUCCESS;
}

}  // namespace

GYRE_BINDING(int, MPI_Pack, (const void* inbuf, int incount, MPI_Datatype datatype, void* outbuf, int outsize,
                             int* position, MPI_Comm comm)) {
  return pack("MPI_Pack", inbuf, incount, datatype, outbuf, outsize, position, comm);
}
GYRE_BINDING(int, MPI_Pack_c, (const void* inbuf, MPI_Count incount, MPI_Datatype datatype, void* outbuf,
                               MPI_Count outsize, MPI_Count* position, MPI_Comm comm)) {
  return pack("MPI_Pack_c", inbuf, incount, datatype, outbuf, outsize, position, comm);
}
GYRE_BINDING(int, MPI_Unpack, (const void* inbuf, int insize, int* position, void* outbuf, int outcount,
                               MPI_Datatype datatype, MPI_Comm comm)) {
  return unpack("MPI_Unpack", inbuf, insize, position, outbuf, outcount, datatype, comm);
}
GYRE_BINDING(int, MPI_Unpack_c, (const void* inbuf, MPI_Count insize, MPI_Count* position, void* outbuf,
                                 MPI_Count outcount, MPI_Datatype datatype, MPI_Comm comm)) {
  return unpack("MPI_Unpack_c", inbuf, insize, position, outbuf, outcount, datatype, comm);
}
GYRE_BINDING(int, MPI_Pack_size, (int incount, MPI_Datatype datatype, MPI_Comm comm, int* size)) {
  return pack_size("MPI_Pack_size", incount, datatype, comm, size);
}
GYRE_BINDING(int, MPI_Pack_size_c, (MPI_Count incount, MPI_Datatype datatype, MPI_Comm comm, MPI_Count* size)) {
  return pack_size("MPI_Pack_size_c", incount, datatype, comm, size);
}
GYRE_BINDING(int, MPI_Pack_external, (const char datarep[], const void* inbuf, int incount, MPI_Datatype datatype,
                                      void* outbuf, MPI_Aint outsize, MPI_Aint* position)) {
  return pack_external("MPI_Pack_external", datarep, inbuf, incount, datatype, outbuf, outsize, position);
}
GYRE_BINDING(int, MPI_Pack_external_c, (const char datarep[], const void* inbuf, MPI_Count incount,
                                        MPI_Datatype datatype, void* outbuf, MPI_Count outsize,
                                        MPI_Count* position)) {
  return pack_external("MPI_Pack_external_c", datarep, inbuf, incount, datatype, outbuf, outsize, position);
}
GYRE_BINDING(int, MPI_Unpack_external, (const char datarep[], const void* inbuf, MPI_Aint insize,
                                        MPI_Aint* position, void* outbuf, int outcount, MPI_Datatype datatype)) {
  return unpack_external("MPI_Unpack_external", datarep, inbuf, insize, position, outbuf, outcount, datatype);
}
GYRE_BINDING(int, MPI_Unpack_external_c, (const char datarep[], const void* inbuf, MPI_Count insize,
                                          MPI_Count* position, void* outbuf, MPI_Count outcount,
                                          MPI_Datatype datatype)) {
  return unpack_external("MPI_Unpack_external_c", datarep, inbuf, insize, position, outbuf, outcount, datatype);
}
GYRE_BINDING(int, MPI_Pack_external_size, (const char datarep[], int incount, MPI_Datatype datatype,
                                           MPI_Aint* size)) {
  return pack_external_size("MPI_Pack_external_size", datarep, incount, datatype, size);
}
GYRE_BINDING(int, MPI_Pack_external_size_c, (const char datarep[], MPI_Count incount, MPI_Datatype datatype,
                                             MPI_Count* size)) {
  return pack_external_size("MPI_Pack_external_size_c", datarep, incount, datatype, size);
}
