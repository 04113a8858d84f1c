#include "runtime/context_id_exchange.h"

#include <algorithm>

#include "pml/pml.h"
#include "runtime/runtime.h"

namespace gyre {
namespace {

constexpr int kByteType = 0x4c00010d;  // MPI_BYTE

const Datatype& byte_type() { return *Runtime::get().datatypes.lookup(kByteType); }

// The word that follows every payload: the call's full tag.
uint64_t call_word(const MemberView& v) { return static_cast<uint32_t>(v.call_tag); }

// Sends payload + call word; `buf` must stay alive until the send completes.
std::unique_ptr<Request> send_tagged(const MemberView& v, int peer_world, std::vector<uint64_t>& buf, int tag) {
  buf.push_back(call_word(v));
  return Runtime::get().pml().isend(buf.data(), buf.size() * sizeof(uint64_t), byte_type(), peer_world, v.context,
                                    v.rank, tag, pml::SendMode::standard);
}

}  // namespace

// One receive of payload + call word from one peer, kept apart from the
// messages of other calls that share the internal tag. Never polls progress.
class TaggedRecv {
 public:
  TaggedRecv(const MemberView& v, int peer, int tag, size_t max_words)
      : key_{v.context, peer, tag, call_word(v)}, call_tag_(v.call_tag), max_(max_words) {}
  ~TaggedRecv() {
    if (pending_) Runtime::get().progress().wait_until([&] { return pending_->complete(); });
  }
  // True when done: words() holds the payload, or error() says why not.
  bool poll();
  std::vector<uint64_t>& words() { return words_; }
  const Error& error() const { return error_; }

 private:
  bool finish(Error e) {
    error_ = std::move(e);
    done_ = true;
    return true;
  }
  ExchangeStash::Key key_;
  int call_tag_;
  size_t max_;
  std::vector<uint64_t> buf_;
  std::unique_ptr<Request> pending_;
  std::vector<uint64_t> words_;
  bool done_ = false;
  Error error_;
};

bool TaggedRecv::poll() {
  while (!done_) {
    if (pending_) {
      if (!pending_->complete()) return false;
      CompletionStatus st = pending_->status();
      pending_.reset();
      if (st.error != ErrClass::success) return finish(Error(st.error, "internal exchange failed"));
      size_t n = st.bytes / sizeof(uint64_t);
      if (n == 0 || n * sizeof(uint64_t) != st.bytes)
        return finish(Error(ErrClass::intern, "internal exchange: a message without its call tag"));
      uint64_t call = buf_[n - 1];
      buf_.resize(n - 1);
      if (call == key_.call) {
        words_ = std::move(buf_);
        break;
      }
      // Another call's message under the same internal tag (their user tags
      // agree in the bits the internal tag keeps): keep it for that call.
      Runtime::get().exchange_stash.put({key_.context, key_.source, key_.tag, call}, std::move(buf_));
      continue;
    }
    if (Runtime::get().exchange_stash.take(key_, &words_)) break;
    CompletionStatus st;
    auto m = Runtime::get().pml().improbe(key_.context, key_.source, key_.tag, &st);
    if (!m) return false;
    buf_.assign(st.bytes / sizeof(uint64_t) + 1, 0);
    pending_ = Runtime::get().pml().imrecv(buf_.data(), st.bytes, byte_type(), std::move(m));
  }
  if (!done_ && words_.size() > max_)
    return finish(Error(ErrClass::intern, "internal exchange (call tag " + std::to_string(call_tag_) + "): " +
                                              std::to_string(words_.size()) + " words where at most " +
                                              std::to_string(max_) + " were expected"));
  done_ = true;
  return true;
}

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
  for (int c : children_) child_recvs_.push_back(std::make_unique<TaggedRecv>(view_, c, view_.tag, acc_.size()));
  if (parent_ >= 0) parent_recv_ = std::make_unique<TaggedRecv>(view_, parent_, view_.tag - 1, acc_.size());
}

WordAllreduce::~WordAllreduce() {
  // Only reached early on an error path; requests in flight must finish.
  auto& rt = Runtime::get();
  rt.progress().wait_until([&] {
    bool all = parent_recv_ == nullptr || parent_recv_->poll();
    for (auto& q : child_recvs_) all = q->poll() && all;
    for (auto& q : sends_) all = all && q->complete();
    return all;
  });
}

void WordAllreduce::combine(const std::vector<uint64_t>& in) {
  if (in.size() != acc_.size()) {
    if (!error_) error_ = Error(ErrClass::intern, "internal exchange: mismatched message size");
    return;
  }
  for (size_t i = 0; i < acc_.size(); ++i) acc_[i] = op_ == Combine::band ? (acc_[i] & in[i]) : (acc_[i] | in[i]);
}

void WordAllreduce::send_acc(int peer, int tag) {
  send_bufs_.push_back(acc_);
  sends_.push_back(send_tagged(view_, view_.group->world_rank(peer), send_bufs_.back(), tag));
}

bool WordAllreduce::sends_done() {
  for (auto& q : sends_)
    if (!q->complete()) return false;
  for (auto& q : sends_)
    if (q->status().error != ErrClass::success && !error_)
      error_ = Error(q->status().error, "internal exchange failed");
  return true;
}

// Never polls itself: it runs inside wait_until() loops and from progress
// pollers (MPI_Comm_idup), and the progress engine is not re-entrant.
bool WordAllreduce::advance() {
  if (phase_ == Phase::reduce) {
    bool all = true;
    for (auto& q : child_recvs_) all = q->poll() && all;
    if (!all) return false;
    for (auto& q : child_recvs_) {
      if (q->error()) {
        if (!error_) error_ = q->error();
      } else {
        combine(q->words());
      }
    }
    if (parent_ < 0) {
      phase_ = Phase::broadcast;
    } else {
      send_acc(parent_, view_.tag);
      phase_ = Phase::wait_parent;
    }
  }
  if (phase_ == Phase::wait_parent) {
    if (!parent_recv_->poll()) return false;
    if (parent_recv_->error()) {
      if (!error_) error_ = parent_recv_->error();
    } else if (parent_recv_->words().size() != acc_.size()) {
      if (!error_) error_ = Error(ErrClass::intern, "internal exchange: mismatched message size");
    } else {
      acc_ = parent_recv_->words();
    }
    phase_ = Phase::broadcast;
  }
  if (phase_ == Phase::broadcast) {
    for (int c : children_) send_acc(c, view_.tag - 1);
    phase_ = Phase::done;
  }
  return sends_done();
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
  TaggedRecv r(view, peer_rank, view.tag, max_words);
  std::vector<uint64_t> out(send.begin(), send.end());
  auto s = send_tagged(view, peer_world, out, view.tag);
  rt.progress().wait_until([&] { return r.poll() && s->complete(); });
  if (r.error()) return Error(r.error().cls(), "leader exchange failed: " + r.error().what());
  if (s->status().error != ErrClass::success) return Error(s->status().error, "leader exchange failed");
  recv = std::move(r.words());
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
