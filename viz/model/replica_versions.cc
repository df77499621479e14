// The replicas view's model (replica_versions.h).
#include "viz/model/replica_versions.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "sim/protocols/crdt/view.h"
#include "sim/protocols/dynamo/siblings.h"
#include "sim/protocols/dynamo/version.h"
#include "sim/protocols/dynamo/view.h"
#include "viz/model/state_series.h"

namespace dsim::viz {
namespace {

// The published value of `key`; for a crashed node, what it published before the crash (a crash
// clears the published keys into before_crash; its disk still holds what they showed).
std::string_view published(const NodeSnapshot& node, std::string_view key) {
  if (node.status == NodeStatus::crashed) {
    auto it = node.before_crash.find(std::string(key));
    if (it != node.before_crash.end()) return it->second;
  }
  return node.value(key);
}

nlohmann::json parse_object(std::string_view text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  return json.is_object() ? json : nlohmann::json::object();
}

std::string unquoted(std::string_view text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  return json.is_string() ? json.get<std::string>() : std::string(text);
}

void add_lww(ReplicaVersions& result, const WorldSnapshot& world) {
  std::map<std::string, KeyVersions> keys;
  for (NodeId id = 0; id < world.nodes.size(); ++id) {
    const NodeSnapshot& node = world.nodes[id];
    std::string_view store = published(node, dynamo::view::kStore.name);
    if (store.empty()) continue;
    const nlohmann::json keys_held = parse_object(store);  // named: items() must not outlive it
    for (const auto& [key, text] : keys_held.items()) {
      if (!text.is_string()) continue;
      std::optional<dynamo::Record> record = dynamo::parse_record(text.get<std::string>());
      if (!record) continue;
      KeyVersions& row = keys[key];
      row.key = key;
      row.replicas.push_back({id, node.status == NodeStatus::crashed, false,
                              {VersionCell{record->value, record->version.to_string(), true}}});
    }
  }
  for (auto& [key, row] : keys) {
    std::string newest;
    std::optional<dynamo::Version> best;
    for (const ReplicaVersionRow& replica : row.replicas) {
      dynamo::Record record = *dynamo::parse_record(replica.versions.front().value + "@" + replica.versions.front().clock);
      if (!best || record.version > *best) best = record.version;
    }
    for (ReplicaVersionRow& replica : row.replicas) {
      bool newest_here = replica.versions.front().clock == best->to_string();
      replica.versions.front().current = newest_here;
      replica.stale = !newest_here;
    }
    row.merged_versions = 1;
    result.keys.push_back(std::move(row));
  }
}

void add_siblings(ReplicaVersions& result, const WorldSnapshot& world) {
  struct Held {
    NodeId node;
    bool crashed;
    dynamo::SiblingSet set;
  };
  std::map<std::string, std::vector<Held>> keys;
  for (NodeId id = 0; id < world.nodes.size(); ++id) {
    const NodeSnapshot& node = world.nodes[id];
    std::string_view siblings = published(node, dynamo::view::kSiblings.name);
    if (siblings.empty()) continue;
    const nlohmann::json keys_held = parse_object(siblings);  // named: items() must not outlive it
    for (const auto& [key, list] : keys_held.items()) {
      if (!list.is_array()) continue;
      dynamo::SiblingSet set;
      for (const auto& item : list) {
        if (!item.is_string()) continue;
        if (auto sibling = dynamo::Sibling::parse(item.get<std::string>())) set.insert(*sibling);
      }
      keys[key].push_back({id, node.status == NodeStatus::crashed, std::move(set)});
    }
  }
  for (auto& [key, held] : keys) {
    dynamo::SiblingSet merged;
    for (const Held& replica : held) merged.merge(replica.set);
    KeyVersions row;
    row.key = key;
    row.merged_versions = merged.size();
    row.merged_clock = merged.context().to_string();
    for (const Held& replica : held) {
      ReplicaVersionRow out{replica.node, replica.crashed, !(replica.set == merged), {}};
      for (const dynamo::Sibling& sibling : replica.set.versions()) {
        bool current = std::find(merged.versions().begin(), merged.versions().end(), sibling) != merged.versions().end();
        out.versions.push_back({sibling.value, sibling.clock().to_string(), current});
      }
      row.replicas.push_back(std::move(out));
    }
    result.keys.push_back(std::move(row));
  }
}

void add_crdt(ReplicaVersions& result, const WorldSnapshot& world) {
  std::vector<std::string> states;  // distinct, by first appearance
  std::vector<std::string> live_states;
  for (NodeId id = 0; id < world.nodes.size(); ++id) {
    const NodeSnapshot& node = world.nodes[id];
    std::string_view state = published(node, crdt::view::kState.name);
    if (state.empty()) continue;
    CrdtReplicaRow row;
    row.node = id;
    row.crashed = node.status == NodeStatus::crashed;
    row.state = unquoted(state);
    row.value = unquoted(published(node, crdt::view::kValue.name));
    auto it = std::find(states.begin(), states.end(), row.state);
    row.group = static_cast<std::size_t>(it - states.begin());
    if (it == states.end()) states.push_back(row.state);
    if (!row.crashed && std::find(live_states.begin(), live_states.end(), row.state) == live_states.end()) {
      live_states.push_back(row.state);
    }
    result.crdt.push_back(std::move(row));
  }
  result.crdt_states = live_states.size();
}

}  // namespace

ReplicaVersions replica_versions(const WorldSnapshot& world) {
  ReplicaVersions result;
  auto any = [&](std::string_view key) {
    for (const NodeSnapshot& node : world.nodes) {
      if (!published(node, key).empty()) return true;
    }
    return false;
  };
  if (any(dynamo::view::kSiblings.name)) {
    result.mode = ReplicaVersions::Mode::siblings;
    add_siblings(result, world);
  } else if (any(dynamo::view::kStore.name)) {
    // Only when the "store" holds records: another protocol may use the same key for something else.
    add_lww(result, world);
    if (!result.keys.empty()) result.mode = ReplicaVersions::Mode::lww;
  }
  if (result.mode == ReplicaVersions::Mode::none && any(crdt::view::kState.name)) {
    result.mode = ReplicaVersions::Mode::crdt;
    add_crdt(result, world);
  }
  for (NodeId id = 0; id < world.nodes.size(); ++id) {
    if (world.nodes[id].value(kHintsPendingKey).empty()) continue;
    result.hints_pending.emplace_back(id, integer_of(world.nodes[id], kHintsPendingKey, 0));
  }
  return result;
}

}  // namespace dsim::viz
