// Bucket states' text form and reading a shard server's storage back (bucket_state.h).
#include "sim/protocols/sharding/bucket_state.h"

#include <charconv>
#include <vector>

#include "sim/protocols/sharding/view.h"

namespace dsim::sharding {
namespace {

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> result;
  while (!text.empty()) {
    std::size_t space = text.find(' ');
    result.push_back(text.substr(0, space));
    if (space == std::string_view::npos) break;
    text = text.substr(space + 1);
  }
  return result;
}

template <typename T>
std::optional<T> number(std::string_view text) {
  T value{};
  auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string join_values(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += values[i];
  }
  return out;
}

std::vector<std::string> split_values(std::string_view text) {
  std::vector<std::string> result;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    result.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text = text.substr(comma + 1);
  }
  return result;
}

std::string BucketState::encode() const {
  switch (kind) {
    case Kind::owned:
      return "owned " + std::to_string(config) + (before_data ? " before-data" : "");
    case Kind::sending:
      return "sending " + std::to_string(config) + " " + std::to_string(to);
    case Kind::awaiting:
      return "awaiting " + std::to_string(config);
  }
  return "";
}

std::optional<BucketState> BucketState::decode(std::string_view text) {
  std::vector<std::string_view> parts = words(text);
  if (parts.size() < 2) return std::nullopt;
  std::optional<std::uint64_t> config = number<std::uint64_t>(parts[1]);
  if (!config) return std::nullopt;
  BucketState state;
  state.config = *config;
  if (parts[0] == "owned" && parts.size() == 2) return state;
  if (parts[0] == "owned" && parts.size() == 3 && parts[2] == "before-data") {
    state.before_data = true;
    return state;
  }
  if (parts[0] == "awaiting" && parts.size() == 2) {
    state.kind = Kind::awaiting;
    return state;
  }
  if (parts[0] == "sending" && parts.size() == 3) {
    std::optional<NodeId> to = number<NodeId>(parts[2]);
    if (!to) return std::nullopt;
    state.kind = Kind::sending;
    state.to = *to;
    return state;
  }
  return std::nullopt;
}

std::string bucket_storage_key(std::uint32_t bucket) {
  return std::string(view::kDurableBucketPrefix) + std::to_string(bucket);
}

std::string data_storage_key(std::uint32_t bucket, std::string_view key) {
  return std::string(view::kDurableDataPrefix) + std::to_string(bucket) + "/" + std::string(key);
}

StoredShard read_stored_shard(const DurableEntries& entries) {
  StoredShard shard;
  for (auto it = entries.lower_bound(view::kDurableBucketPrefix); it != entries.end(); ++it) {
    std::string_view key = it->first;
    if (key.substr(0, view::kDurableBucketPrefix.size()) != view::kDurableBucketPrefix) break;
    std::optional<std::uint32_t> bucket = number<std::uint32_t>(key.substr(view::kDurableBucketPrefix.size()));
    std::optional<BucketState> state = BucketState::decode(it->second);
    if (bucket && state) shard.buckets[*bucket] = *state;
  }
  for (auto it = entries.lower_bound(view::kDurableDataPrefix); it != entries.end(); ++it) {
    std::string_view key = it->first;
    if (key.substr(0, view::kDurableDataPrefix.size()) != view::kDurableDataPrefix) break;
    std::string_view rest = key.substr(view::kDurableDataPrefix.size());
    std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos) continue;
    std::optional<std::uint32_t> bucket = number<std::uint32_t>(rest.substr(0, slash));
    if (!bucket) continue;
    shard.data[*bucket][std::string(rest.substr(slash + 1))] = split_values(it->second);
  }
  return shard;
}

}  // namespace dsim::sharding
