// The store of hints and its durable form (hinted_handoff.h). Pure: no node, no context.
#include <charconv>
#include <utility>

#include "sim/protocols/dynamo/hinted_handoff.h"
#include "sim/protocols/hashring/key_hash.h"

namespace dsim::dynamo {

bool HintStore::add(NodeId home, const std::string& key, const Record& record) {
  auto& for_home = hints_[home];
  auto held = for_home.find(key);
  if (held != for_home.end() && held->second.version >= record.version) return false;
  for_home[key] = record;
  return true;
}

bool HintStore::delivered(NodeId home, const std::string& key, const Record& record) {
  auto for_home = hints_.find(home);
  if (for_home == hints_.end()) return false;
  auto held = for_home->second.find(key);
  if (held == for_home->second.end() || held->second.version > record.version) return false;
  for_home->second.erase(held);
  if (for_home->second.empty()) hints_.erase(for_home);
  return true;
}

std::optional<Record> HintStore::newest_for(const std::string& key) const {
  std::optional<Record> newest;
  for (const auto& [home, records] : hints_) {
    auto it = records.find(key);
    if (it != records.end() && (!newest || it->second.version > newest->version)) newest = it->second;
  }
  return newest;
}

std::size_t HintStore::pending() const {
  std::size_t count = 0;
  for (const auto& [home, records] : hints_) count += records.size();
  return count;
}

std::string HintStore::durable_key(NodeId home, std::string_view key) {
  return std::string(kDurableHintPrefix) + std::to_string(home) + "/" + std::string(key);
}

HintStore HintStore::from_durable(const DurableEntries& entries) {
  HintStore store;
  for (auto it = entries.lower_bound(kDurableHintPrefix); it != entries.end(); ++it) {
    std::string_view name = it->first;
    if (name.substr(0, kDurableHintPrefix.size()) != kDurableHintPrefix) break;
    name.remove_prefix(kDurableHintPrefix.size());
    std::size_t slash = name.find('/');
    if (slash == std::string_view::npos) continue;
    NodeId home = 0;
    auto [end, error] = std::from_chars(name.data(), name.data() + slash, home);
    if (error != std::errc() || end != name.data() + slash) continue;
    if (std::optional<Record> record = parse_record(it->second)) {
      store.add(home, std::string(name.substr(slash + 1)), *record);
    }
  }
  return store;
}

std::vector<NodeId> stand_ins(const hashring::HashRing& ring, std::string_view key, std::uint32_t replicas,
                              std::uint32_t servers) {
  std::vector<NodeId> all = ring.preference_list(hashring::hash_bytes(key), servers);
  if (all.size() <= replicas) return {};
  return std::vector<NodeId>(all.begin() + replicas, all.end());
}

}  // namespace dsim::dynamo
