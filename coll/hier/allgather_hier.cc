// Node-aware allgather: each node's leader collects its members' blocks,
// the leaders exchange their nodes' blocks (one packed message per pair of
// leaders), and each leader broadcasts the whole result inside its node.
#include "coll/builders.h"
#include "coll/hier/hier.h"
#include "runtime/datatype.h"

namespace gyre::coll {

void build_allgather_hier(const CollArgs& a, Schedule& s) {
  const Datatype* rt = a.rtype;
  size_t block = a.rcount * rt->size();
  if (block == 0) return;
  auto slot = [&](int r) { return BufRef{kRecvBuf, static_cast<std::ptrdiff_t>(static_cast<size_t>(r) * a.rcount) * rt->extent()}; };
  const NodeLayout& L = *a.nodes;
  int my_node = L.node_of[static_cast<size_t>(a.rank)];
  const std::vector<int>& mine = L.members[static_cast<size_t>(my_node)];
  int leader = mine.front();
  if (!a.in_place && a.rank == leader) {
    s.copy_typed(slot(a.rank), a.rcount, rt, {kSendBuf, 0}, a.count, a.type);
    s.begin_round();
  }
  // 1. members -> leader, straight from the input (a member's own block
  // comes back with the leader's broadcast)
  if (a.rank != leader) {
    if (a.in_place)
      s.send_typed(leader, slot(a.rank), a.rcount, rt);
    else
      s.send_typed(leader, {kSendBuf, 0}, a.count, a.type);
  } else {
    for (size_t i = 1; i < mine.size(); ++i) s.recv_typed(mine[i], slot(mine[i]), a.rcount, rt);
  }
  s.begin_round();
  // 2. leaders: pack this node's blocks, exchange, unpack
  if (a.rank == leader && L.num_nodes > 1) {
    std::vector<BufRef> packed(static_cast<size_t>(L.num_nodes));
    for (int n = 0; n < L.num_nodes; ++n)
      packed[static_cast<size_t>(n)] = {s.temp(L.members[static_cast<size_t>(n)].size() * block), 0};
    BufRef own = packed[static_cast<size_t>(my_node)];
    for (size_t i = 0; i < mine.size(); ++i)
      s.copy_typed(own.at(static_cast<std::ptrdiff_t>(i * block)), block, nullptr, slot(mine[i]), a.rcount, rt);
    s.begin_round();
    for (int n = 0; n < L.num_nodes; ++n) {
      if (n == my_node) continue;
      const std::vector<int>& other = L.members[static_cast<size_t>(n)];
      s.send(other.front(), own, mine.size() * block);
      s.recv(other.front(), packed[static_cast<size_t>(n)], other.size() * block);
    }
    s.begin_round();
    for (int n = 0; n < L.num_nodes; ++n) {
      if (n == my_node) continue;
      const std::vector<int>& other = L.members[static_cast<size_t>(n)];
      for (size_t i = 0; i < other.size(); ++i)
        s.copy_typed(slot(other[i]), a.rcount, rt, packed[static_cast<size_t>(n)].at(static_cast<std::ptrdiff_t>(i * block)),
                     block, nullptr);
    }
    s.begin_round();
  }
  // 3. leader -> members: the whole vector
  hier::bcast(s, hier::node_members(a, leader), {kRecvBuf, 0}, 0, static_cast<size_t>(a.size) * a.rcount, rt);
}

}  // namespace gyre::coll
