#include "coll/schedule/engine.h"

#include <algorithm>
#include <array>

#include "runtime/accel/accel.h"
#include "runtime/datatype.h"
#include "runtime/op.h"

namespace gyre::coll {

namespace {

// Copy count elements between two typed layouts through a small bounce
// buffer, so no temporary of the message size is needed. `final`: the
// destination is not read again (Step::dst_final), so a large contiguous copy
// may bypass the cache.
void typed_copy(std::byte* dst, size_t dcount, const Datatype* dtype, const std::byte* src, size_t scount,
                const Datatype* stype, bool final) {
  auto contiguous_copy = final ? accel::copy_streaming : accel::copy;
  if (stype == nullptr && dtype == nullptr) {
    contiguous_copy(dst, src, scount);
    return;
  }
  size_t total = stype != nullptr ? stype->size() * scount : scount;
  if (stype == nullptr) {
    dtype->unpack(dst, dcount, 0, src, total);
    return;
  }
  if (dtype == nullptr) {
    stype->pack(src, scount, 0, dst, total);
    return;
  }
  if (stype->contiguous() && dtype->contiguous()) {  // one pass, not two through the bounce buffer
    contiguous_copy(dst + dtype->true_lb(), src + stype->true_lb(), total);
    return;
  }
  std::array<std::byte, 8192> bounce;
  for (size_t off = 0; off < total; off += bounce.size()) {
    size_t n = std::min(bounce.size(), total - off);
    stype->pack(src, scount, off, bounce.data(), n);
    dtype->unpack(dst, dcount, off, bounce.data(), n);
  }
}

}  // namespace

void Run::start(Schedule& schedule, Transport& transport, const RunBuffers& buffers, int tag) {
  schedule_ = &schedule;
  transport_ = &transport;
  buffers_ = buffers;
  tag_ = tag;
  round_ = 0;
  posted_ = false;
  done_ = schedule.num_rounds() == 0;
  error_ = Error::ok();
  pending_.clear();
  background_.clear();
}

std::byte* Run::base(uint16_t slot) const {
  if (slot == kSendBuf) return static_cast<std::byte*>(const_cast<void*>(buffers_.sendbuf));
  if (slot == kRecvBuf) return static_cast<std::byte*>(buffers_.recvbuf);
  return schedule_->temp_base(slot);
}

void Run::post_round() {
  const Datatype& bytes = transport_->byte_type();
  for (const Step* s = schedule_->round_begin(round_); s != schedule_->round_end(round_); ++s) {
    const Datatype& type = s->type != nullptr ? *s->type : bytes;
    if (s->kind == StepKind::send)
      (s->background ? background_ : pending_)
          .push_back(transport_->isend(base(s->src.buf) + s->src.offset, s->count, type, s->peer, tag_));
    else if (s->kind == StepKind::recv)
      pending_.push_back(transport_->irecv(base(s->dst.buf) + s->dst.offset, s->count, type, s->peer, tag_));
  }
  posted_ = true;
}

void Run::check(const Request& r) {
  if (r.status().error != ErrClass::success && !error_.failed())
    error_ = Error(r.status().error, "a collective transfer failed (message longer than the receive: "
                                     "the ranks passed different counts or datatypes)");
}

bool Run::transfers_complete() {
  for (const auto& r : pending_) {
    if (!r->complete()) return false;
  }
  for (const auto& r : pending_) check(*r);
  pending_.clear();
  return true;
}

bool Run::background_complete() {
  for (const auto& r : background_) {
    if (!r->complete()) return false;
  }
  for (const auto& r : background_) check(*r);
  background_.clear();
  return true;
}

void Run::run_local_steps() {
  for (const Step* s = schedule_->round_begin(round_); s != schedule_->round_end(round_); ++s) {
    if (s->kind == StepKind::reduce) {
      accel::reduce(*buffers_.op, *buffers_.reduce_type, base(s->src.buf) + s->src.offset,
                    base(s->dst.buf) + s->dst.offset, s->count);
    } else if (s->kind == StepKind::copy) {
      typed_copy(base(s->dst.buf) + s->dst.offset, s->count2, s->type2, base(s->src.buf) + s->src.offset, s->count,
                 s->type, s->dst_final);
    }
  }
}

bool Run::advance() {
  while (!done_) {
    if (round_ == schedule_->num_rounds()) {  // every round ran; background sends remain
      if (!background_complete()) return false;
      done_ = true;
      break;
    }
    if (!posted_) post_round();
    if (!transfers_complete()) return false;
    run_local_steps();
    posted_ = false;
    ++round_;
  }
  return true;
}

}  // namespace gyre::coll
