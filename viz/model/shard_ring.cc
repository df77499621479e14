// Reading the shard ring from published state (shard_ring.h).
#include "viz/model/shard_ring.h"

#include <algorithm>
#include <numeric>

#include <nlohmann/json.hpp>

#include "sim/protocols/sharding/shard_map.h"
#include "sim/protocols/sharding/view.h"
#include "viz/model/state_series.h"

namespace dsim::viz {
namespace {

namespace sv = sharding::view;

nlohmann::json parse(std::string_view text) {
  nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  return value.is_discarded() ? nlohmann::json() : value;
}

}  // namespace

ShardRing shard_ring(const WorldSnapshot& world) {
  ShardRing ring;
  for (const NodeSnapshot& node : world.nodes) {
    // A crashed config service shows the map it held (its disk keeps every configuration).
    auto kept = node.before_crash.find(std::string(sv::kShardMap.name));
    std::string_view text = node.status == NodeStatus::crashed && kept != node.before_crash.end()
                                ? std::string_view(kept->second)
                                : node.value(sv::kShardMap);
    nlohmann::json map = parse(text);
    if (!map.is_object() || !map.contains("owner") || !map["owner"].is_array()) continue;
    ring.config = map.value("number", std::int64_t{0});
    for (const nlohmann::json& owner : map["owner"]) {
      ShardBucket bucket;
      if (owner.is_number_unsigned()) bucket.owner = owner.get<NodeId>();
      ring.buckets.push_back(bucket);
    }
    if (map.contains("first") && map["first"].is_array() && map["first"].size() == ring.buckets.size()) {
      for (const nlohmann::json& start : map["first"]) {
        ring.first.push_back(start.is_number_unsigned() ? start.get<std::uint32_t>() : 0);
      }
    }
    break;
  }
  if (ring.empty()) return ring;
  for (NodeId id = 0; id < world.nodes.size(); ++id) {
    const NodeSnapshot& node = world.nodes[id];
    bool crashed = node.status == NodeStatus::crashed;
    // A crashed server shows what it published last (its disk still holds it): a crash clears
    // the published keys and keeps them in before_crash.
    bool kept = crashed && node.before_crash.count(std::string(sv::kBuckets.name)) > 0;
    const std::map<std::string, std::string>& state = kept ? node.before_crash : node.state;
    auto found = state.find(std::string(sv::kBuckets.name));
    if (found == state.end()) continue;
    ShardServerRow row;
    row.node = id;
    row.crashed = crashed;
    auto integer = [&](std::string_view key, std::int64_t fallback) {
      auto it = state.find(std::string(key));
      if (it == state.end()) return fallback;
      nlohmann::json value = parse(it->second);
      return value.is_number_integer() ? value.get<std::int64_t>() : fallback;
    };
    row.config = integer(sv::kConfig.name, 0);
    row.load = integer(sv::kLoad.name, 0);
    row.queue = integer(sv::kQueue.name, -1);
    nlohmann::json held = parse(found->second);
    if (held.is_object()) {
      for (const auto& [key, value] : held.items()) {
        std::size_t bucket = 0;
        try {
          bucket = std::stoul(key);
        } catch (...) {
          continue;
        }
        if (bucket >= ring.buckets.size() || !value.is_string()) continue;
        std::string what = value.get<std::string>();
        if (what.rfind("sending", 0) == 0) ring.buckets[bucket].sending_from = id;
        if (what == "awaiting") ring.buckets[bucket].awaiting = true;
        if (what == "owned before data") ring.buckets[bucket].before_data = true;
      }
    }
    for (const ShardBucket& bucket : ring.buckets) row.buckets += bucket.owner == id ? 1 : 0;
    ring.servers.push_back(row);
  }
  return ring;
}

std::vector<RingArc> ring_arcs(const ShardRing& ring, std::uint32_t key_count) {
  const std::size_t n = ring.buckets.size();
  std::vector<RingArc> arcs;
  if (n == 0) return arcs;
  if (ring.first.size() != n) {
    for (std::size_t b = 0; b < n; ++b) {
      arcs.push_back({b, static_cast<double>(b) / static_cast<double>(n), static_cast<double>(b + 1) / static_cast<double>(n)});
    }
    return arcs;
  }
  // Ring order is key order: by first key (ties, which a valid map never has, by number).
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ring.first[a] < ring.first[b]; });
  const std::uint32_t last_first = ring.first[order.back()];
  const double keys = std::max<double>(key_count, static_cast<double>(last_first) + 1);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t bucket = order[i];
    double end = i + 1 < n ? ring.first[order[i + 1]] : keys;
    arcs.push_back({bucket, ring.first[bucket] / keys, end / keys});
  }
  // Keys below the lowest first (none in a valid map) belong to nobody: start the ring at 0 anyway.
  arcs.front().begin = 0;
  return arcs;
}

std::uint32_t shard_key_count(const nlohmann::json& scenario_source) {
  const std::uint32_t fallback = sharding::KeySpace{}.keys;
  if (!scenario_source.is_object() || !scenario_source.contains("params")) return fallback;
  const nlohmann::json& params = scenario_source["params"];
  if (!params.is_object() || !params.contains("keys") || !params["keys"].is_number_unsigned()) return fallback;
  return params["keys"].get<std::uint32_t>();
}

}  // namespace dsim::viz
