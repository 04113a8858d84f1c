#include "runtime/context_id_exchange.h"

#include <algorithm>

#include "pml/pml.h"
#include "runtime/runtime.h"

namespace gyre {
namespace {

constexpr int kByteType = 0x4c00010d;  // MPI_BYTE

const Datatype& byte_type() { return *Runtime::get().datatypes.lookup(kByteType); }

std::unique_ptr<Request> send_words(const MemberView& v, int peer, const uint64_t* data, size_t n, int tag) {
  return Runtime::get().pml().isend(data, n * sizeof(uint64_t), byte_type(), v.group->world_rank(peer), v.context,
                                    v.rank, tag, pml::SendMode::standard);
}

std::unique_ptr<Request> recv_words(const MemberView& v, int peer, uint64_t* data, size_t n, int tag) {
  return Runtime::get().pml().irecv(data, n * sizeof(uint64_t), byte_type(), v.context, peer, tag);
}

}  // namespace

WordAllreduce::WordAllreduce(MemberView view, std::vector<uint64_t> words, Combine op)
    : view_(std::move(view)), op_(op), acc_(std::move(words)) {
  int n = view_.group->size(), r = view_.rank;
  for (int mask = 1; mask < n; mask <<= 1) {
    if (r & mask) {
      parent_ = r - mask;
      break;
    }
    if (r + mask < n) children_.push_back(r + mask);
  }
  post_receives();
}

WordAllreduce::~WordAllreduce() {
  // Only reached early on an error path; requests in flight must finish.
  auto& rt = Runtime::get();
  rt.progress().wait_until([&] {
    bool all = parent_recv_ == nullptr || parent_recv_->complete();
    for (auto& q : child_recvs_) all = all && (q == nullptr || q->complete());
    for (auto& q : sends_) all = all && q->complete();
    return all;
  });
}

void WordAllreduce::post_receives() {
  child_bufs_.assign(children_.size(), std::vector<uint64_t>(acc_.size()));
  for (size_t i = 0; i < children_.size(); ++i)
    child_recvs_.push_back(recv_words(view_, children_[i], child_bufs_[i].data(), acc_.size(), view_.tag));
  if (parent_ >= 0) parent_recv_ = recv_words(view_, parent_, acc_.data(), acc_.size(), view_.tag - 1);
}

void WordAllreduce::combine(const std::vector<uint64_t>& in) {
  for (size_t i = 0; i < acc_.size(); ++i) acc_[i] = op_ == Combine::band ? (acc_[i] & in[i]) : (acc_[i] | in[i]);
}

bool WordAllreduce::drained(std::vector<std::unique_ptr<Request>>& reqs) {
  for (auto& q : reqs)
    if (!q->complete()) return false;
  for (auto& q : reqs)
    if (q->status().error != ErrClass::success && !error_)
      error_ = Error(q->status().error, "internal exchange failed");
  return true;
}

// Never polls itself: it runs inside wait_until() loops and from progress
// pollers (MPI_Comm_idup), and the progress engine is not re-entrant.
bool WordAllreduce::advance() {
  if (phase_ == Phase::reduce) {
    if (!drained(child_recvs_)) return false;
    for (auto& b : child_bufs_) combine(b);
    if (parent_ < 0) {
      phase_ = Phase::broadcast;
    } else {
      // acc_ is also the parent-receive buffer: send a copy of the partial result.
      child_bufs_.resize(1);
      child_bufs_[0] = acc_;
      // The parent receive into acc_ was posted already; it cannot complete
      // before the parent has heard from us, so acc_ is stable until then.
      sends_.push_back(send_words(view_, parent_, child_bufs_[0].data(), acc_.size(), view_.tag));
      phase_ = Phase::wait_parent;
    }
  }
  if (phase_ == Phase::wait_parent) {
    if (!parent_recv_->complete()) return false;
    if (parent_recv_->status().error != ErrClass::success && !error_)
      error_ = Error(parent_recv_->status().error, "internal exchange failed");
    phase_ = Phase::broadcast;
  }
  if (phase_ == Phase::broadcast) {
    for (int c : children_) sends_.push_back(send_words(view_, c, acc_.data(), acc_.size(), view_.tag - 1));
    phase_ = Phase::done;
  }
  return drained(sends_);
}

Error member_allreduce(const MemberView& view, std::vector<uint64_t>& words, Combine op) {
  if (view.group->size() == 1) return Error::ok();
  WordAllreduce a(view, std::move(words), op);
  Runtime::get().progress().wait_until([&] { return a.advance(); });
  words = a.result();
  return a.error();
}

Error member_sendrecv(const MemberView& view, int peer_rank, int peer_world, std::span<const uint64_t> send,
                      std::vector<uint64_t>& recv, size_t max_words) {
  auto& rt = Runtime::get();
  recv.assign(max_words, 0);
  auto r = rt.pml().irecv(recv.data(), max_words * sizeof(uint64_t), byte_type(), view.context, peer_rank, view.tag);
  auto s = rt.pml().isend(send.data(), send.size() * sizeof(uint64_t), byte_type(), peer_world, view.context,
                          view.rank, view.tag, pml::SendMode::standard);
  rt.progress().wait_until([&] { return r->complete() && s->complete(); });
  if (r->status().error != ErrClass::success) return Error(r->status().error, "leader exchange failed");
  if (s->status().error != ErrClass::success) return Error(s->status().error, "leader exchange failed");
  recv.resize(r->status().bytes / sizeof(uint64_t));
  return Error::ok();
}

ContextAgreement::ContextAgreement(MemberView view) : view_(std::move(view)) { start_round(); }

void ContextAgreement::start_round() {
  offered_ = Runtime::get().context_ids.offer();
  round_ = std::make_unique<WordAllreduce>(view_, std::vector<uint64_t>(offered_.begin(), offered_.end()),
                                           Combine::band);
}

bool ContextAgreement::advance() {
  if (done_) return true;
  if (!round_->advance()) return false;
  ContextIdPool::Mask agreed{};
  const auto& res = round_->result();
  std::copy(res.begin(), res.end(), agreed.begin());
  Error err = round_->error();
  round_.reset();
  bool retry = false;
  int64_t id = Runtime::get().context_ids.settle(offered_, err ? ContextIdPool::Mask{} : agreed, &retry);
  if (err) {
    if (id >= 0) Runtime::get().context_ids.release(static_cast<uint32_t>(id));
    error_ = err;
    done_ = true;
    return true;
  }
  if (id >= 0) {
    context_ = static_cast<uint32_t>(id);
    done_ = true;
    return true;
  }
  if (!retry) {
    error_ = Error(ErrClass::other, "no context id is free on every member (" +
                                        std::to_string(ContextIdPool::kPairs) +
                                        " communicators exist at once on some process; free some)");
    done_ = true;
    return true;
  }
  start_round();
  return false;
}

Error agree_context_id(const MemberView& view, uint32_t* context_id) {
  ContextAgreement a(view);
  Runtime::get().progress().wait_until([&] { return a.advance(); });
  *context_id = a.context_id();
  return a.error();
}

}  // namespace gyre

namespace gyre {

Error member_bcast(const MemberView& view, int root, std::vector<uint64_t>& words) {
  if (view.group->size() == 1) return Error::ok();
  bool me = view.rank == root;
  std::vector<uint64_t> size{me ? words.size() : 0};
  GYRE_TRY(member_allreduce(view, size, Combine::bor));
  std::vector<uint64_t> data = me ? words : std::vector<uint64_t>(size[0], 0);
  MemberView second = view;
  second.tag = view.tag - 2;
  GYRE_TRY(member_allreduce(second, data, Combine::bor));
  words = std::move(data);
  return Error::ok();
}

Error agree_two_sided_context(const TwoSidedView& v, uint32_t* context_id) {
  auto& pool = Runtime::get().context_ids;
  for (;;) {
    ContextIdPool::Mask offered = pool.offer();
    std::vector<uint64_t> words(offered.begin(), offered.end());
    Error e = member_allreduce(v.local, words, Combine::band);
    if (!e && v.local.rank == v.leader_rank) {
      std::vector<uint64_t> remote;
      e = member_sendrecv(v.exchange, v.peer_rank, v.peer_world, words, remote, words.size());
      if (!e && remote.size() != words.size()) e = Error(ErrClass::intern, "leader exchange: bad mask size");
      for (size_t i = 0; !e && i < words.size(); ++i) words[i] &= remote[i];
    }
    if (!e) e = member_bcast(v.broadcast, v.leader_rank, words);
    ContextIdPool::Mask agreed{};
    if (!e && words.size() == agreed.size()) std::copy(words.begin(), words.end(), agreed.begin());
    bool retry = false;
    int64_t id = pool.settle(offered, agreed, &retry);
    if (e) {
      if (id >= 0) pool.release(static_cast<uint32_t>(id));
      return e;
    }
    if (id >= 0) {
      *context_id = static_cast<uint32_t>(id);
      return Error::ok();
    }
    if (!retry) return Error(ErrClass::other, "no context id is free on every member of both groups");
  }
}

}  // namespace gyre
