#include "coll/hier/hier.h"

#include <algorithm>

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

void reduce(Schedule& s, const Members& m, const Vec& acc, size_t count, size_t bytes) {
  int n = m.size(), me = m.me;
  if (me < 0 || n <= 1) return;
  BufRef tmp{bytes > 0 ? s.temp(bytes) : kRecvBuf, 0};
  for (int mask = 1; mask < n; mask <<= 1) {
    s.begin_round();
    if (me & mask) {
      s.send(m.rank(me - mask), acc.base, bytes);
      break;
    }
    if (me + mask < n) {
      s.recv(m.rank(me + mask), tmp, bytes);
      s.reduce(tmp, acc.base, count);
    }
  }
  s.begin_round();
}

void allreduce(Schedule& s, const Members& m, const Vec& acc, size_t count, size_t bytes) {
  int n = m.size(), me = m.me;
  if (me < 0 || n <= 1) return;
  int p = floor_pof2(n), extra = n - p;
  BufRef tmp{bytes > 0 ? s.temp(bytes) : kRecvBuf, 0};
  // Fold: among the first 2*extra, even indices hand their data to the next
  // odd one and wait for the result.
  int vrank = me < 2 * extra ? (me % 2 == 0 ? -1 : me / 2) : me - extra;
  auto real = [&](int v) { return m.rank(v < extra ? 2 * v + 1 : v + extra); };
  s.begin_round();
  if (me < 2 * extra) {
    if (vrank < 0) {
      s.send(m.rank(me + 1), acc.base, bytes);
    } else {
      s.recv(m.rank(me - 1), tmp, bytes);
      s.reduce(tmp, acc.base, count);
    }
  }
  if (vrank >= 0)
    for (int mask = 1; mask < p; mask <<= 1) {
      s.begin_round();
      int partner = real(vrank ^ mask);
      s.send(partner, acc.base, bytes);
      s.recv(partner, tmp, bytes);
      s.reduce(tmp, acc.base, count);
    }
  s.begin_round();
  if (me < 2 * extra) {
    if (vrank < 0)
      s.recv(m.rank(me + 1), acc.base, bytes);
    else
      s.send(m.rank(me - 1), acc.base, bytes);
  }
  s.begin_round();
}

}  // namespace gyre::coll::hier
