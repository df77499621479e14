// See state_series.h.
#include "viz/model/state_series.h"

#include <algorithm>
#include <charconv>
#include <map>

namespace dsim::viz {

std::int64_t IntegerSeries::at(TimeUs time_us, std::int64_t fallback) const {
  auto after = std::upper_bound(points.begin(), points.end(), time_us,
                                [](TimeUs time, const std::pair<TimeUs, std::int64_t>& point) { return time < point.first; });
  return after == points.begin() ? fallback : std::prev(after)->second;
}

std::int64_t IntegerSeries::highest() const {
  std::int64_t most = 0;
  for (const auto& [time, value] : points) most = std::max(most, value);
  return most;
}

namespace {

bool parse_integer(std::string_view text, std::int64_t& value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::vector<IntegerSeries> integer_series(const Timeline& timeline, std::string_view key, TimeUs until_us) {
  std::map<NodeId, IntegerSeries> by_node;
  const std::vector<TraceEvent>& events = timeline.events();
  std::size_t end = timeline.events_through(until_us);
  for (std::size_t i = 0; i < end; ++i) {
    const TraceEvent& event = events[i];
    if (event.kind != TraceEventKind::state || event.key != key) continue;
    std::int64_t value = 0;
    if (!event.value.empty() && !parse_integer(event.value, value)) continue;
    IntegerSeries& series = by_node[event.node];
    series.node = event.node;
    series.points.emplace_back(event.time_us, value);
  }
  std::vector<IntegerSeries> result;
  for (auto& [node, series] : by_node) result.push_back(std::move(series));
  return result;
}

bool publishes(const WorldSnapshot& world, std::string_view key) {
  return std::any_of(world.nodes.begin(), world.nodes.end(), [&](const NodeSnapshot& node) { return !node.value(key).empty(); });
}

std::int64_t integer_of(const NodeSnapshot& node, std::string_view key, std::int64_t fallback) {
  std::int64_t value = 0;
  return parse_integer(node.value(key), value) ? value : fallback;
}

}  // namespace dsim::viz
