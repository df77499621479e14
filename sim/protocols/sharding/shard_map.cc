// The shard map's arithmetic (shard_map.h): key names, buckets, encoding and the rebalancing plans.
#include "sim/protocols/sharding/shard_map.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "sim/protocols/hashring/key_hash.h"

namespace dsim::sharding {
namespace {

// Digits needed to write keys-1, at least two ("k00").
std::size_t key_digits(std::uint32_t keys) {
  std::size_t digits = 1;
  for (std::uint32_t top = keys > 0 ? keys - 1 : 0; top >= 10; top /= 10) ++digits;
  return std::max<std::size_t>(digits, 2);
}

std::optional<std::uint64_t> parse_number(std::string_view text) {
  std::uint64_t value = 0;
  auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// Owned buckets per owner (only nodes that own at least one), ascending by node.
std::map<NodeId, std::vector<std::uint32_t>> buckets_by_owner(const ShardMap& map) {
  std::map<NodeId, std::vector<std::uint32_t>> result;
  for (std::uint32_t b = 0; b < map.owner.size(); ++b) {
    if (map.owner[b] != kNoNode) result[map.owner[b]].push_back(b);
  }
  return result;
}

}  // namespace

std::string_view partitioning_name(Partitioning partitioning) {
  return partitioning == Partitioning::range ? "range" : "hash";
}

std::string KeySpace::key_name(std::uint32_t index) const {
  std::string digits = std::to_string(index);
  std::size_t width = key_digits(keys);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return "k" + digits;
}

std::optional<std::uint32_t> KeySpace::key_index(std::string_view key) const {
  if (key.size() != 1 + key_digits(keys) || key[0] != 'k') return std::nullopt;
  std::optional<std::uint64_t> index = parse_number(key.substr(1));
  if (!index || *index >= keys) return std::nullopt;
  return static_cast<std::uint32_t>(*index);
}

std::uint32_t KeySpace::bucket_of(std::string_view key) const {
  if (partitioning == Partitioning::hash) {
    return static_cast<std::uint32_t>(hashring::hash_bytes(key) % buckets);
  }
  // Unknown keys (never sent by our clients) go to bucket 0 rather than nowhere.
  std::uint64_t index = key_index(key).value_or(0);
  return static_cast<std::uint32_t>(index * buckets / keys);
}

std::vector<std::string> KeySpace::keys_in(std::uint32_t bucket) const {
  std::vector<std::string> result;
  for (std::uint32_t i = 0; i < keys; ++i) {
    std::string key = key_name(i);
    if (bucket_of(key) == bucket) result.push_back(std::move(key));
  }
  return result;
}

std::vector<std::uint32_t> ShardMap::counts(const std::vector<NodeId>& servers) const {
  std::vector<std::uint32_t> result(servers.size(), 0);
  for (NodeId node : owner) {
    for (std::size_t i = 0; i < servers.size(); ++i) {
      if (servers[i] == node) ++result[i];
    }
  }
  return result;
}

std::uint32_t ShardMap::bucket_of(const KeySpace& space, std::string_view key) const {
  if (first.empty() || space.partitioning != Partitioning::range) return space.bucket_of(key);
  std::uint32_t index = space.key_index(key).value_or(0);
  std::uint32_t best = 0;
  for (std::uint32_t b = 0; b < first.size(); ++b) {
    if (first[b] <= index && first[b] >= first[best]) best = b;
  }
  return best;
}

std::pair<std::uint32_t, std::uint32_t> ShardMap::key_range(const KeySpace& space, std::uint32_t bucket) const {
  std::vector<std::uint32_t> starts = first;
  if (starts.empty()) {
    // The key space's even ranges: bucket b starts at its lowest key.
    starts.assign(space.buckets, space.keys);
    for (std::uint32_t i = space.keys; i-- > 0;) starts[space.bucket_of(space.key_name(i))] = i;
  }
  if (bucket >= starts.size()) return {0, 0};
  std::uint32_t end = space.keys;
  for (std::uint32_t start : starts) {
    if (start > starts[bucket] && start < end) end = start;
  }
  return {starts[bucket], end};
}

std::string ShardMap::encode() const {
  std::string out = std::to_string(number) + ":";
  for (std::size_t b = 0; b < owner.size(); ++b) {
    if (b > 0) out += ',';
    out += owner[b] == kNoNode ? std::string("-") : std::to_string(owner[b]);
  }
  if (!first.empty()) {
    out += '|';
    for (std::size_t b = 0; b < first.size(); ++b) out += (b > 0 ? "," : "") + std::to_string(first[b]);
  }
  return out;
}

std::optional<ShardMap> ShardMap::decode(std::string_view text) {
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::optional<std::uint64_t> number = parse_number(text.substr(0, colon));
  if (!number) return std::nullopt;
  ShardMap map;
  map.number = *number;
  std::string_view rest = text.substr(colon + 1);
  std::size_t bar = rest.find('|');
  if (bar != std::string_view::npos) {
    std::string_view firsts = rest.substr(bar + 1);
    rest = rest.substr(0, bar);
    while (true) {
      std::size_t comma = firsts.find(',');
      std::optional<std::uint64_t> start = parse_number(firsts.substr(0, comma));
      if (!start) return std::nullopt;
      map.first.push_back(static_cast<std::uint32_t>(*start));
      if (comma == std::string_view::npos) break;
      firsts = firsts.substr(comma + 1);
    }
  }
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    if (item == "-") {
      map.owner.push_back(kNoNode);
    } else {
      std::optional<std::uint64_t> node = parse_number(item);
      if (!node) return std::nullopt;
      map.owner.push_back(static_cast<NodeId>(*node));
    }
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
    if (rest.empty()) return std::nullopt;  // a trailing comma
  }
  if (!map.first.empty() && map.first.size() != map.owner.size()) return std::nullopt;
  return map;
}

std::string ShardMap::to_json() const {
  std::string out = "{\"number\":" + std::to_string(number) + ",\"owner\":[";
  for (std::size_t b = 0; b < owner.size(); ++b) {
    if (b > 0) out += ',';
    out += owner[b] == kNoNode ? std::string("null") : std::to_string(owner[b]);
  }
  out += "]";
  if (!first.empty()) {
    out += ",\"first\":[";
    for (std::size_t b = 0; b < first.size(); ++b) out += (b > 0 ? "," : "") + std::to_string(first[b]);
    out += "]";
  }
  return out + "}";
}

ShardMap initial_map(std::uint32_t buckets, const std::vector<NodeId>& servers, std::uint64_t number) {
  ShardMap map;
  map.number = number;
  map.owner.assign(buckets, kNoNode);
  if (servers.empty()) return map;
  for (std::uint32_t b = 0; b < buckets; ++b) map.owner[b] = servers[b % servers.size()];
  return map;
}

ShardMap initial_map_in_ranges(std::uint32_t buckets, const std::vector<NodeId>& servers, std::uint64_t number) {
  ShardMap map;
  map.number = number;
  map.owner.assign(buckets, kNoNode);
  if (servers.empty()) return map;
  for (std::uint32_t b = 0; b < buckets; ++b) {
    map.owner[b] = servers[static_cast<std::size_t>(b) * servers.size() / buckets];
  }
  return map;
}

ShardMap plan_join(const ShardMap& map, NodeId joining) {
  ShardMap next = map;
  next.number = map.number + 1;
  std::map<NodeId, std::vector<std::uint32_t>> owned = buckets_by_owner(next);
  owned.erase(joining);
  std::uint32_t mine = 0;
  for (std::uint32_t b = 0; b < next.owner.size(); ++b) mine += next.owner[b] == joining ? 1 : 0;
  // Take one bucket at a time from the most loaded owner while that owner holds at least two more
  // than the newcomer: the result differs by at most one bucket between any two owners.
  while (!owned.empty()) {
    auto most = owned.begin();
    for (auto it = owned.begin(); it != owned.end(); ++it) {
      if (it->second.size() > most->second.size()) most = it;
    }
    if (most->second.size() < mine + 2) break;
    std::uint32_t bucket = most->second.back();
    most->second.pop_back();
    next.owner[bucket] = joining;
    ++mine;
  }
  return next;
}

ShardMap plan_leave(const ShardMap& map, NodeId leaving) {
  ShardMap next = map;
  next.number = map.number + 1;
  std::map<NodeId, std::vector<std::uint32_t>> owned = buckets_by_owner(next);
  owned.erase(leaving);
  if (owned.empty()) return next;
  for (std::uint32_t b = 0; b < next.owner.size(); ++b) {
    if (next.owner[b] != leaving) continue;
    auto fewest = owned.begin();
    for (auto it = owned.begin(); it != owned.end(); ++it) {
      if (it->second.size() < fewest->second.size()) fewest = it;
    }
    next.owner[b] = fewest->first;
    fewest->second.push_back(b);
  }
  return next;
}

ShardMap plan_move(const ShardMap& map, std::uint32_t bucket, NodeId to) {
  ShardMap next = map;
  next.number = map.number + 1;
  if (bucket < next.owner.size()) next.owner[bucket] = to;
  return next;
}

std::string split_problem(const ShardMap& map, const KeySpace& space, std::uint32_t bucket, std::uint32_t at_key) {
  if (space.partitioning != Partitioning::range) {
    return "only range buckets split at a key (a hash bucket's keys are not a run)";
  }
  if (bucket >= map.owner.size()) {
    return "there is no bucket " + std::to_string(bucket) + " (the map has " + std::to_string(map.owner.size()) + ")";
  }
  auto [begin, end] = map.key_range(space, bucket);
  if (at_key <= begin || at_key >= end) {
    return "bucket " + std::to_string(bucket) + " holds " + space.key_name(begin) + " to " + space.key_name(end - 1) +
           ", so it splits at " + (end - begin >= 2 ? space.key_name(begin + 1) + " to " + space.key_name(end - 1)
                                                    : std::string("no key (it holds one key)"));
  }
  return "";
}

ShardMap plan_split(const ShardMap& map, const KeySpace& space, std::uint32_t bucket, std::uint32_t at_key) {
  ShardMap next = map;
  next.number = map.number + 1;
  if (!split_problem(map, space, bucket, at_key).empty()) return next;
  if (next.first.empty()) {
    next.first.resize(next.owner.size());
    for (std::uint32_t b = 0; b < next.owner.size(); ++b) next.first[b] = map.key_range(space, b).first;
  }
  next.owner.push_back(map.owner_of(bucket));
  next.first.push_back(at_key);
  return next;
}

}  // namespace dsim::sharding
