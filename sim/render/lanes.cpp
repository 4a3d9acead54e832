#include "render/lanes.hpp"

#include <algorithm>
#include <numeric>
#include <set>

namespace tcpsim::render {

std::vector<NodeId> lane_order(const Trace& trace) {
  const size_t n = trace.nodes.size();
  std::vector<NodeId> decl(n);
  std::iota(decl.begin(), decl.end(), NodeId{0});
  if (n < 3) return decl;
  // A chain: n-1 distinct links, every node on at most two of them, all connected.
  std::vector<std::set<NodeId>> adj(n);
  for (const LinkRecord& l : trace.links) {
    if (l.a >= n || l.b >= n || l.a == l.b) return decl;
    adj[l.a].insert(l.b);
    adj[l.b].insert(l.a);
  }
  size_t edges = 0;
  for (const auto& a : adj) {
    if (a.size() > 2) return decl;
    edges += a.size();
  }
  if (edges / 2 != n - 1) return decl;
  NodeId start = kNoNode;
  for (NodeId i = 0; i < n; ++i) {
    if (adj[i].size() == 1) {
      start = i;  // The end declared first (hosts come before middleboxes).
      break;
    }
  }
  if (start == kNoNode) return decl;
  std::vector<NodeId> order{start};
  NodeId prev = kNoNode;
  NodeId cur = start;
  while (order.size() < n) {
    NodeId next = kNoNode;
    for (NodeId m : adj[cur]) {
      if (m != prev) next = m;
    }
    if (next == kNoNode) return decl;  // Not connected.
    order.push_back(next);
    prev = cur;
    cur = next;
  }
  return order;
}

std::vector<long> lane_columns(size_t count, long first, long last) {
  std::vector<long> x(count, first);
  if (count < 2) return x;
  const long span = std::max(last - first, 0L);
  for (size_t i = 0; i < count; ++i) {
    x[i] = first + (span * static_cast<long>(i) + static_cast<long>(count - 1) / 2) / static_cast<long>(count - 1);
  }
  return x;
}

}  // namespace tcpsim::render
