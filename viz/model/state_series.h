// The history of a published integer key, node by node, up to a moment: what the rate limiter
// view (a bucket's level) and the load balancing view (each server's queue) plot over time. Read
// from the timeline's state records, the view contract, so it knows nothing of any protocol.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "viz/model/timeline.h"
#include "viz/model/world_snapshot.h"

namespace dsim::viz {

struct IntegerSeries {
  NodeId node = kNoNode;
  // Each change, in time order; a removal (the node crashed) reads as 0.
  std::vector<std::pair<TimeUs, std::int64_t>> points;

  // The value at `time_us`: the last point at or before it, or `fallback` before the first.
  std::int64_t at(TimeUs time_us, std::int64_t fallback = 0) const;
  std::int64_t highest() const;
};

// One series per node that published `key` (an integer) at or before `until_us`, in node order.
std::vector<IntegerSeries> integer_series(const Timeline& timeline, std::string_view key, TimeUs until_us);

// Whether some node holds `key` in `world`: a view is offered only when the run publishes its keys.
bool publishes(const WorldSnapshot& world, std::string_view key);

// The integer a node publishes under `key` in `world`, or `fallback`.
std::int64_t integer_of(const NodeSnapshot& node, std::string_view key, std::int64_t fallback = 0);

}  // namespace dsim::viz
