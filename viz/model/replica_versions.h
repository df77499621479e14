// What the replicas view draws, read from the leaderless stores' published keys at one moment.
// For dynamo (sim/protocols/dynamo/view.h): per key, each server's versions: one last-writer-wins
// record ("store"), or every sibling with its vector clock ("siblings"); a server is stale when
// it lacks something another server has (an older record; a version the merge of all servers
// keeps that it does not hold). For crdt (sim/protocols/crdt/view.h): each replica's value and
// state, grouped by state, and whether the live replicas have converged. Crashed servers show what
// they published before the crash. Pure: built from a WorldSnapshot, table-tested.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/ids.h"
#include "viz/model/world_snapshot.h"

namespace dsim::viz {

struct VersionCell {
  std::string value;   // the client's value (a cart's items)
  std::string clock;   // "0:3,2:1" (siblings) or the timestamp "1050000.1" (last-writer-wins)
  bool current = true;  // in the merge of every server's versions (siblings) or the newest (lww)
};

struct ReplicaVersionRow {
  NodeId node = kNoNode;
  bool crashed = false;
  bool stale = false;  // lacks a version some other server holds
  std::vector<VersionCell> versions;
};

struct KeyVersions {
  std::string key;
  std::vector<ReplicaVersionRow> replicas;  // the servers holding the key, by node id
  std::size_t merged_versions = 0;          // siblings a get of every server would return
  std::string merged_clock;                 // their merged clock: a writer's context (siblings)
};

struct CrdtReplicaRow {
  NodeId node = kNoNode;
  bool crashed = false;
  std::string value;  // "{c0-4, c1-2}", "17"
  std::string state;  // the encoded state
  std::size_t group = 0;  // replicas with equal states share a group, numbered by first appearance
};

struct ReplicaVersions {
  enum class Mode : std::uint8_t { none, lww, siblings, crdt } mode = Mode::none;
  std::vector<KeyVersions> keys;      // dynamo
  std::vector<CrdtReplicaRow> crdt;   // crdt
  std::size_t crdt_states = 0;        // distinct states among live crdt replicas
  bool converged() const { return mode == Mode::crdt && crdt_states <= 1; }
  // Hinted handoff (sim/protocols/dynamo, sloppy quorum): hints each server holds for others,
  // for every server that publishes kHintsPendingKey; empty when none does.
  std::vector<std::pair<NodeId, std::int64_t>> hints_pending;
  bool empty() const { return mode == Mode::none; }
};

// The key dynamo's sloppy quorum publishes for hints pending per server (sim/protocols/dynamo/view.h,
// kept apart so that the viewer does not link the protocol); the view shows its section only when
// some server publishes it.
inline constexpr std::string_view kHintsPendingKey = "hints_pending";

// Mode none when no node publishes "store", "siblings" or "crdt_state".
ReplicaVersions replica_versions(const WorldSnapshot& world);

}  // namespace dsim::viz
