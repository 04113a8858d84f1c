#include "coll/schedule/schedule.h"

#include "runtime/datatype.h"

namespace gyre::coll {

namespace {
constexpr size_t kTempAlign = 64;  // cache line: temporaries never share one
}

Schedule::~Schedule() = default;

const Datatype* Schedule::own(const Datatype* type) {
  // A predefined type lives as long as the library: nothing to keep.
  if (type == nullptr || type->is_predefined()) return type;
  auto [it, added] = type_copy_.try_emplace(type, nullptr);
  if (added) {
    types_.push_back(std::make_unique<Datatype>(*type));
    it->second = types_.back().get();
  }
  return it->second;
}

void Schedule::begin_round() {
  if (!round_begin_.empty() && round_begin_.back() == steps_.size()) return;
  round_begin_.push_back(static_cast<uint32_t>(steps_.size()));
}

void Schedule::add(Step s) { steps_.push_back(s); }

void Schedule::send(int peer, BufRef src, size_t bytes) {
  add({StepKind::send, peer, src, {}, bytes, nullptr, 0, nullptr});
}

void Schedule::send_background(int peer, BufRef src, size_t bytes) {
  add({StepKind::send, peer, src, {}, bytes, nullptr, 0, nullptr, true});
}

void Schedule::recv(int peer, BufRef dst, size_t bytes) {
  add({StepKind::recv, peer, {}, dst, bytes, nullptr, 0, nullptr});
}

void Schedule::send_typed(int peer, BufRef src, size_t count, const Datatype* type) {
  add({StepKind::send, peer, src, {}, count, own(type), 0, nullptr});
}

void Schedule::send_typed_background(int peer, BufRef src, size_t count, const Datatype* type) {
  add({StepKind::send, peer, src, {}, count, own(type), 0, nullptr, true});
}

void Schedule::recv_typed(int peer, BufRef dst, size_t count, const Datatype* type) {
  add({StepKind::recv, peer, {}, dst, count, own(type), 0, nullptr});
}

void Schedule::reduce(BufRef in, BufRef inout, size_t count) {
  if (count == 0) return;
  add({StepKind::reduce, -1, in, inout, count, nullptr, 0, nullptr});
}

void Schedule::copy(BufRef dst, BufRef src, size_t bytes) {
  if (bytes == 0 || (dst.buf == src.buf && dst.offset == src.offset)) return;
  add({StepKind::copy, -1, src, dst, bytes, nullptr, bytes, nullptr});
}

void Schedule::copy_typed(BufRef dst, size_t dcount, const Datatype* dtype, BufRef src, size_t scount,
                          const Datatype* stype) {
  add({StepKind::copy, -1, src, dst, scount, own(stype), dcount, own(dtype)});
}

void Schedule::copy_typed_final(BufRef dst, size_t dcount, const Datatype* dtype, BufRef src, size_t scount,
                                const Datatype* stype) {
  add({StepKind::copy, -1, src, dst, scount, own(stype), dcount, own(dtype), false, true});
}

uint16_t Schedule::temp(size_t bytes) {
  temp_offset_.push_back(arena_bytes_);
  arena_bytes_ += (bytes + kTempAlign - 1) / kTempAlign * kTempAlign;
  return static_cast<uint16_t>(kFirstTemp + temp_offset_.size() - 1);
}

void Schedule::finish() {
  if (finished_) return;
  finished_ = true;
  if (round_begin_.back() == steps_.size() && round_begin_.size() > 1) round_begin_.pop_back();
  round_begin_.push_back(static_cast<uint32_t>(steps_.size()));
  if (steps_.empty()) round_begin_ = {0};  // no rounds at all
  // Uninitialized: every temporary is written before it is read, and
  // zeroing a large arena on every uncached call costs a pass over memory.
  if (arena_bytes_ > 0) arena_ = std::make_unique_for_overwrite<std::byte[]>(arena_bytes_);
}

ScheduleCost Schedule::cost() const {
  ScheduleCost c;
  for (size_t r = 0; r < num_rounds(); ++r) {
    bool moves = false;
    for (const Step* s = round_begin(r); s != round_end(r); ++s) {
      size_t bytes = s->type != nullptr ? s->type->size() * s->count : s->count;
      if (s->kind == StepKind::send) {
        moves = true;
        ++c.sends;
        c.bytes_sent += bytes;
      } else if (s->kind == StepKind::recv) {
        moves = true;
        c.bytes_received += bytes;
      }
    }
    if (moves) ++c.rounds;
  }
  return c;
}

}  // namespace gyre::coll
