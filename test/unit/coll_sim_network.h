// A simulated network for collective schedules: N ranks in one process,
// each with a Transport whose sends are matched (source, tag, FIFO) against
// the receiving rank's posted receives. Sends complete at once (eager), or,
// with Protocol::rendezvous, only once a receive matches them, and the data
// is read from the sender's buffer at that moment, as a single-copy
// rendezvous does: a schedule that overwrites a send's source before the
// receiver took it, or waits on a send whose receive comes only later,
// fails. A test drives every rank's Run round-robin and fails on a deadlock. For
// each matched message it records the rounds of sender and receiver, from
// which critical_path() computes the longest chain of dependent hops.
#pragma once
#include <algorithm>
#include <deque>
#include <memory>
#include <stdexcept>
#include <vector>

#include "coll/schedule/engine.h"
#include "runtime/datatype.h"

namespace gyre::coll::sim {

class SimRequest : public Request {
 public:
  explicit SimRequest(Kind k) : Request(k) {}
  void done(size_t bytes, ErrClass err = ErrClass::success) {
    status().bytes = bytes;
    status().error = err;
    mark_complete();
  }
};

struct Message {
  int src, tag;
  size_t src_round;
  std::vector<std::byte> data;
  // rendezvous: the data is read from here when a receive matches
  const void* buf = nullptr;
  size_t count = 0;
  const Datatype* type = nullptr;
  SimRequest* req = nullptr;
};

enum class Protocol { eager, rendezvous };

struct PostedRecv {
  int src, tag;
  size_t round;
  void* buf;
  size_t count;
  const Datatype* type;
  SimRequest* req;
};

struct Arrival {
  size_t round, src_round;
  int src;
};

class Network;

class SimTransport : public Transport {
 public:
  SimTransport(Network& net, int rank) : net_(net), rank_(rank) {}
  std::unique_ptr<Request> isend(const void* buf, size_t count, const Datatype& type, int peer, int tag) override;
  std::unique_ptr<Request> irecv(void* buf, size_t count, const Datatype& type, int peer, int tag) override;
  const Datatype& byte_type() const override;
  const Run* run = nullptr;  // to read the round being posted

 private:
  Network& net_;
  int rank_;
};

class Network {
 public:
  explicit Network(int n, Protocol protocol = Protocol::eager) : protocol(protocol), bytes_(Datatype::predefined("bytes", 1, BasicType::none, TypeClass::byte)) {
    for (int r = 0; r < n; ++r) transports_.push_back(std::make_unique<SimTransport>(*this, r));
    unexpected_.resize(static_cast<size_t>(n));
    posted_.resize(static_cast<size_t>(n));
    arrivals_.resize(static_cast<size_t>(n));
  }
  SimTransport& transport(int r) { return *transports_[static_cast<size_t>(r)]; }
  const Datatype& bytes() const { return bytes_; }
  size_t messages = 0;
  const Protocol protocol;

  void send(int dst, Message m) {
    ++messages;
    auto& posted = posted_[static_cast<size_t>(dst)];
    for (auto it = posted.begin(); it != posted.end(); ++it)
      if (it->src == m.src && it->tag == m.tag) {
        deliver(dst, *it, std::move(m));
        posted.erase(it);
        return;
      }
    unexpected_[static_cast<size_t>(dst)].push_back(std::move(m));
  }
  void recv(int dst, PostedRecv p) {
    auto& q = unexpected_[static_cast<size_t>(dst)];
    for (auto it = q.begin(); it != q.end(); ++it)
      if (it->src == p.src && it->tag == p.tag) {
        deliver(dst, p, std::move(*it));
        q.erase(it);
        return;
      }
    posted_[static_cast<size_t>(dst)].push_back(p);
  }
  bool idle() const {
    for (auto& q : unexpected_) if (!q.empty()) return false;
    for (auto& q : posted_) if (!q.empty()) return false;
    return true;
  }
  // Longest chain of dependent hops: round k of rank r starts at
  // T(r, k-1) and ends at the latest arrival, one hop after its sender's
  // round started.
  int critical_path(const std::vector<size_t>& rounds) const {
    size_t n = arrivals_.size();
    std::vector<std::vector<int>> t(n);
    for (size_t r = 0; r < n; ++r) t[r].assign(rounds[r] + 1, 0);
    auto start = [&](int r, size_t k) { return k == 0 ? 0 : t[static_cast<size_t>(r)][k - 1]; };
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t r = 0; r < n; ++r) {
        for (size_t k = 0; k < rounds[r]; ++k) {
          int v = start(static_cast<int>(r), k);
          for (const Arrival& a : arrivals_[r])
            if (a.round == k) v = std::max(v, start(a.src, a.src_round) + 1);
          if (v != t[r][k]) { t[r][k] = v; changed = true; }
        }
      }
    }
    int depth = 0;
    for (size_t r = 0; r < n; ++r) if (rounds[r] > 0) depth = std::max(depth, t[r][rounds[r] - 1]);
    return depth;
  }

 private:
  void deliver(int dst, const PostedRecv& p, Message m) {
    if (m.req != nullptr) {  // rendezvous: read the sender's buffer now, then both complete
      m.data.resize(m.type->size() * m.count);
      if (!m.data.empty()) m.type->pack(m.buf, m.count, 0, m.data.data(), m.data.size());
      m.req->done(m.data.size());
    }
    size_t capacity = p.type->size() * p.count;
    if (m.data.size() > capacity) {
      p.req->done(0, ErrClass::truncate);
    } else {
      p.type->unpack(p.buf, p.count, 0, m.data.data(), m.data.size());
      p.req->done(m.data.size());
    }
    arrivals_[static_cast<size_t>(dst)].push_back({p.round, m.src_round, m.src});
  }

  Datatype bytes_;
  std::vector<std::unique_ptr<SimTransport>> transports_;
  std::vector<std::deque<Message>> unexpected_;
  std::vector<std::deque<PostedRecv>> posted_;
  std::vector<std::vector<Arrival>> arrivals_;
};

inline std::unique_ptr<Request> SimTransport::isend(const void* buf, size_t count, const Datatype& type, int peer,
                                                    int tag) {
  if (peer < 0) throw std::runtime_error("send to a negative peer");
  auto r = std::make_unique<SimRequest>(Request::Kind::send);
  Message m{rank_, tag, run->rounds_done(), {}};
  if (net_.protocol == Protocol::rendezvous) {
    m.buf = buf;
    m.count = count;
    m.type = &type;
    m.req = r.get();
    net_.send(peer, std::move(m));
    return r;
  }
  m.data.resize(type.size() * count);
  if (!m.data.empty()) type.pack(buf, count, 0, m.data.data(), m.data.size());
  net_.send(peer, std::move(m));
  r->done(type.size() * count);
  return r;
}

inline std::unique_ptr<Request> SimTransport::irecv(void* buf, size_t count, const Datatype& type, int peer, int tag) {
  auto r = std::make_unique<SimRequest>(Request::Kind::recv);
  net_.recv(rank_, PostedRecv{peer, tag, run->rounds_done(), buf, count, &type, r.get()});
  return r;
}

inline const Datatype& SimTransport::byte_type() const { return net_.bytes(); }

}  // namespace gyre::coll::sim
