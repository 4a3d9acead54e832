#pragma once
// Where each node's lane sits on the ladder.
#include <vector>

#include "trace/trace.hpp"

namespace tcpsim::render {

/// The nodes in lane order, left to right: along the path when the links form a chain (starting
/// from the end declared first, so `client, fw, server` reads that way), else in declaration order.
std::vector<NodeId> lane_order(const Trace& trace);

/// Lane columns for `count` lanes between `first` and `last` (inclusive), evenly spaced.
std::vector<long> lane_columns(size_t count, long first, long last);

}  // namespace tcpsim::render
