#include "coll/hier/hier.h"

#include <algorithm>

#include "coll/schedule/vector_fold.h"

namespace gyre::coll::hier {

namespace {
Members rotated(const std::vector<int>& ranks, int first, int me) {
  Members m;
  auto at = std::find(ranks.begin(), ranks.end(), first);
  size_t start = at == ranks.end() ? 0 : static_cast<size_t>(at - ranks.begin());
  for (size_t i = 0; i < ranks.size(); ++i) {
    int r = ranks[(start + i) % ranks.size()];
    if (r == me) m.me = static_cast<int>(i);
    m.ranks.push_back(r);
  }
  return m;
}
}  // namespace

Members node_members(const CollArgs& a, int head) {
  int node = a.nodes->node_of[static_cast<size_t>(a.rank)];
  return rotated(a.nodes->members[static_cast<size_t>(node)], head, a.rank);
}

int my_head(const CollArgs& a, int root) {
  int node = a.nodes->node_of[static_cast<size_t>(a.rank)];
  if (root >= 0 && a.nodes->node_of[static_cast<size_t>(root)] == node) return root;
  return a.nodes->members[static_cast<size_t>(node)].front();
}

Members heads(const CollArgs& a, int root) {
  std::vector<int> h;
  for (int n = 0; n < a.nodes->num_nodes; ++n) {
    const std::vector<int>& mem = a.nodes->members[static_cast<size_t>(n)];
    bool root_node = root >= 0 && a.nodes->node_of[static_cast<size_t>(root)] == n;
    h.push_back(root_node ? root : mem.front());
  }
  int first = root >= 0 ? root : h.front();
  return rotated(h, first, a.rank);
}

void bcast(Schedule& s, const Members& m, BufRef buf, size_t bytes, size_t count, const Datatype* type) {
  int n = m.size(), me = m.me;
  if (me < 0 || n <= 1) return;
  auto xfer = [&](bool send, int peer) {
    if (type != nullptr)
      send ? s.send_typed(peer, buf, count, type) : s.recv_typed(peer, buf, count, type);
    else
      send ? s.send(peer, buf, bytes) : s.recv(peer, buf, bytes);
  };
  int mask = 1;
  while (mask < n) {
    if (me & mask) {
      s.begin_round();
      xfer(false, m.rank(me - mask));
      break;
    }
    mask <<= 1;
  }
  s.begin_round();
  for (mask >>= 1; mask > 0; mask >>= 1)
    if (me + mask < n) xfer(true, m.rank(me + mask));
  s.begin_round();
}

bool has_children(const Members& m) { return m.me >= 0 && m.me % 2 == 0 && m.me + 1 < m.size(); }

namespace {

bool same(const Vec& x, const Vec& y) { return x.base.buf == y.base.buf && x.base.offset == y.base.offset; }

// Zero-byte messages along the reduction tree: a barrier's arrival.
void arrive(Schedule& s, const Members& m) {
  int n = m.size(), me = m.me;
  for (int mask = 1; mask < n; mask <<= 1) {
    s.begin_round();
    if (me & mask) {
      s.send(m.rank(me - mask), {kRecvBuf, 0}, 0);
      break;
    }
    if (me + mask < n) s.recv(m.rank(me + mask), {kRecvBuf, 0}, 0);
  }
  s.begin_round();
}

// Zero-byte recursive doubling (with the fold): a barrier among m.
void meet(Schedule& s, const Members& m, int p, int extra, int vrank) {
  int me = m.me;
  auto real = [&](int v) { return m.rank(v < extra ? 2 * v + 1 : v + extra); };
  BufRef none{kRecvBuf, 0};
  s.begin_round();
  if (me < 2 * extra) vrank < 0 ? s.send(m.rank(me + 1), none, 0) : s.recv(m.rank(me - 1), none, 0);
  if (vrank >= 0)
    for (int mask = 1; mask < p; mask <<= 1) {
      s.begin_round();
      s.send(real(vrank ^ mask), none, 0);
      s.recv(real(vrank ^ mask), none, 0);
    }
  s.begin_round();
  if (me < 2 * extra) vrank < 0 ? s.recv(m.rank(me + 1), none, 0) : s.send(m.rank(me - 1), none, 0);
  s.begin_round();
}

}  // namespace

Vec reduce(Schedule& s, const CollArgs& a, const Members& m, const Vec& mine, const Vec& acc, size_t count) {
  int n = m.size(), me = m.me;
  if (me < 0 || n <= 1) return mine;
  if (count == 0) {
    arrive(s, m);
    return mine;
  }
  uint16_t tmp = 0;
  Vec from = mine;
  int mask = 1;
  for (; mask < n && (me & mask) == 0; mask <<= 1)  // children, smallest subtree first
    if (me + mask < n) {
      recv_fold(s, a, m.rank(me + mask), from, acc, count, false, &tmp);
      from = acc;
    }
  if (mask < n) {
    s.begin_round();
    send_vector(s, m.rank(me - mask), from, count, false);
  }
  s.begin_round();
  return from;
}

Vec allreduce(Schedule& s, const CollArgs& a, const Members& m, const Vec& mine, const Vec& out, size_t count) {
  int n = m.size(), me = m.me;
  if (me < 0 || n <= 1) return mine;
  int p = floor_pof2(n), extra = n - p;
  // Fold: among the first 2*extra, even indices hand their data to the next
  // odd one and wait for the result.
  int vrank = me < 2 * extra ? (me % 2 == 0 ? -1 : me / 2) : me - extra;
  if (count == 0) {
    meet(s, m, p, extra, vrank);
    return mine;
  }
  auto real = [&](int v) { return m.rank(v < extra ? 2 * v + 1 : v + extra); };
  uint16_t tmp = 0;
  Vec from = mine;
  if (me < 2 * extra && vrank < 0) {
    s.begin_round();
    send_vector(s, m.rank(me + 1), from, count, false);
  } else if (me < 2 * extra) {
    recv_fold(s, a, m.rank(me - 1), from, out, count, false, &tmp);
    from = out;
  }
  if (vrank >= 0)
    for (int mask = 1; mask < p; mask <<= 1) {
      // The first swap may offer an untouched input in the background.
      exchange_fold(s, a, real(vrank ^ mask), from, count, !same(from, out), from, out, count, false, &tmp);
      from = out;
    }
  s.begin_round();
  if (me < 2 * extra) {
    if (vrank < 0)
      s.recv(m.rank(me + 1), out.base, out.bytes(count));
    else
      s.send(m.rank(me - 1), out.base, out.bytes(count));
  }
  s.begin_round();
  return out;
}

}  // namespace gyre::coll::hier
