// The transactions panel's model (see txn_lanes.h).
#include "viz/model/txn_lanes.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

namespace dsim::viz {

namespace {

// The key every engine host publishes its lane events under (sim/protocols/txn/engine/view.h's
// kLaneEvent); the model reads the trace's state records and links no protocol.
constexpr std::string_view kLaneEventKey = "txn.event";

std::string text_of(const nlohmann::json& event, const char* field) {
  auto found = event.find(field);
  return found != event.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// "B30 (retry 1)" -> "B", "auditor#2" -> "auditor#", "T1" -> "T".
std::string label_family(const std::string& label) {
  std::string base = label.substr(0, label.find(" ("));
  std::string out;
  for (char c : base)
    if (!std::isdigit(static_cast<unsigned char>(c))) out += c;
  return out;
}

struct Builder {
  TxnHistory out;
  std::map<std::pair<NodeId, std::string>, std::size_t> lane_index;
  std::map<std::pair<NodeId, std::string>, std::size_t> row_index;
  std::map<std::pair<NodeId, std::string>, std::size_t> open_wait;  // waiter -> index in waits

  TxnLane& lane(NodeId store, const std::string& label, TimeUs at) {
    auto [it, added] = lane_index.try_emplace({store, label}, out.lanes.size());
    if (added) {
      TxnLane lane;
      lane.store = store;
      lane.label = label;
      lane.begin_us = at;
      out.lanes.push_back(std::move(lane));
    }
    return out.lanes[it->second];
  }
  TxnRow& row(NodeId store, const std::string& name) {
    auto [it, added] = row_index.try_emplace({store, name}, out.rows.size());
    if (added) {
      TxnRow row;
      row.store = store;
      row.row = name;
      out.rows.push_back(std::move(row));
    }
    return out.rows[it->second];
  }
  void close_wait(NodeId store, const std::string& label, TimeUs at) {
    auto found = open_wait.find({store, label});
    if (found == open_wait.end()) return;
    out.waits[found->second].until_us = at;
    open_wait.erase(found);
    lane(store, label, at).waiting = false;
  }

  void apply(NodeId store, TimeUs at, const nlohmann::json& event) {
    const std::string kind = text_of(event, "ev");
    const std::string label = text_of(event, "txn");
    if (kind == "load") {
      row(store, text_of(event, "row")).versions.push_back(RowVersion{"", text_of(event, "value"), at});
    } else if (kind == "begin") {
      TxnLane& l = lane(store, label, at);
      // A store that restarts replays a prepared branch under the same name: the same lane goes on.
      l.level = text_of(event, "level");
      l.outcome = TxnOutcome::running;
      l.end_us = kTimeNever;
    } else if (kind == "stmt") {
      close_wait(store, label, at);
      TxnLane& l = lane(store, label, at);
      TxnStatementMark mark;
      mark.at_us = at;
      mark.sql = text_of(event, "sql");
      mark.result = text_of(event, "result");
      mark.ok = event.value("ok", true);
      mark.waited = event.value("waited", false);
      mark.reason = text_of(event, "reason");
      l.statements.push_back(std::move(mark));
      if (event.contains("snapshot") && event["snapshot"].is_number_unsigned()) l.snapshot = event["snapshot"].get<std::uint64_t>();
    } else if (kind == "wait") {
      TxnLane& l = lane(store, label, at);
      l.waiting = true;
      TxnWait wait;
      wait.store = store;
      wait.waiter = label;
      if (event.contains("on") && event["on"].is_array())
        for (const auto& holder : event["on"])
          if (holder.is_string()) wait.holders.push_back(holder.get<std::string>());
      if (event.contains("lock") && event["lock"].is_object()) {
        const auto& lock = event["lock"];
        wait.object = text_of(lock, "object");
        wait.mode = text_of(lock, "mode");
        wait.gap = lock.value("gap", false);
      }
      wait.sql = text_of(event, "sql");
      wait.from_us = at;
      open_wait[{store, label}] = out.waits.size();
      out.waits.push_back(std::move(wait));
    } else if (kind == "write") {
      lane(store, label, at);
      const auto& value = event.contains("value") ? event["value"] : nlohmann::json();
      row(store, text_of(event, "row")).versions.push_back(RowVersion{label, value.is_string() ? value.get<std::string>() : "deleted", at});
    } else if (kind == "end") {
      close_wait(store, label, at);
      TxnLane& l = lane(store, label, at);
      l.end_us = at;
      l.outcome = text_of(event, "outcome") == "committed" ? TxnOutcome::committed : TxnOutcome::aborted;
      l.reason = text_of(event, "reason");
      if (event.contains("commit") && event["commit"].is_number_unsigned()) l.commit_number = event["commit"].get<std::uint64_t>();
    }
  }
};

bool is_label_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '#' || c == '_' || c == '.'; }

}  // namespace

std::string TxnLane::shape() const {
  std::string out = label_family(label) + "|" +
                    (outcome == TxnOutcome::committed ? "committed" : outcome == TxnOutcome::aborted ? "aborted" : "running") + "|";
  for (const TxnStatementMark& mark : statements) out += mark.sql.substr(0, mark.sql.find(' ')) + (mark.ok ? " " : "! ");
  return out;
}

std::string TxnWait::lock_text() const {
  std::string text = mode.empty() ? "a lock" : mode + " lock";
  if (!object.empty()) text += " on " + object;
  return text;
}

const TxnLane* TxnHistory::lane(NodeId store, const std::string& label) const {
  for (const TxnLane& l : lanes)
    if (l.store == store && l.label == label) return &l;
  return nullptr;
}

TxnOutcome TxnHistory::outcome_of(NodeId store, const std::string& writer) const {
  if (writer.empty()) return TxnOutcome::committed;  // the rows as loaded
  const TxnLane* l = lane(store, writer);
  return l != nullptr ? l->outcome : TxnOutcome::running;
}

std::optional<std::size_t> TxnHistory::visible_version(const TxnRow& row, const TxnLane& lane) const {
  if (row.store != lane.store || !lane.snapshot) return std::nullopt;
  for (std::size_t i = row.versions.size(); i-- > 0;)
    if (row.versions[i].writer == lane.label) return i;
  const bool dirty = lane.level == "read-uncommitted";
  for (std::size_t i = row.versions.size(); i-- > 0;) {
    const std::string& writer = row.versions[i].writer;
    if (writer.empty()) return i;
    const TxnLane* wrote = this->lane(row.store, writer);
    if (wrote == nullptr) continue;
    if (dirty && wrote->outcome != TxnOutcome::aborted) return i;
    if (wrote->outcome == TxnOutcome::committed && wrote->commit_number && *wrote->commit_number <= *lane.snapshot) return i;
  }
  return std::nullopt;
}

TxnHistory txn_history(const Timeline& timeline, TimeUs until_us) {
  Builder builder;
  for (const TraceEvent& event : timeline.events()) {
    if (event.time_us > until_us) break;
    if (event.kind != TraceEventKind::state || event.key != kLaneEventKey || event.value.empty()) continue;
    nlohmann::json parsed = nlohmann::json::parse(event.value, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object()) continue;
    builder.apply(event.node, event.time_us, parsed);
  }
  // The failed check's cycle: the verdicts (markers, replayed or live) say it at the run's end; it
  // belongs to the whole run, so it is drawn at every moment.
  for (const TimelineMarker& marker : timeline.markers()) {
    if (marker.kind != MarkerKind::check_failure) continue;
    if (auto cycle = parse_dependency_cycle(marker.label)) {
      cycle->check = marker.label.substr(0, marker.label.find(':'));
      builder.out.cycle = std::move(cycle);
      break;
    }
  }
  return std::move(builder.out);
}

bool has_txn_events(const Timeline& timeline) { return timeline.has_txn_lane_events(); }

std::optional<DependencyCycle> parse_dependency_cycle(const std::string& text) {
  // Tokens "LABEL -KIND-> LABEL -KIND-> ..." (sim/check/dsg/anomalies.cc writes them so).
  for (std::size_t start = 0; start < text.size();) {
    std::size_t arrow = text.find("-> ", start);
    if (arrow == std::string::npos) return std::nullopt;
    // Walk back over " -KIND" and "LABEL" before the arrow.
    std::size_t dash = text.rfind(" -", arrow);
    if (dash == std::string::npos || dash == 0) { start = arrow + 3; continue; }
    std::size_t label_end = dash;
    std::size_t label_begin = label_end;
    while (label_begin > 0 && is_label_char(text[label_begin - 1])) --label_begin;
    if (label_begin == label_end) { start = arrow + 3; continue; }
    DependencyCycle cycle;
    std::string from = text.substr(label_begin, label_end - label_begin);
    std::size_t at = label_begin;
    while (true) {
      std::size_t d = text.find(" -", at + from.size());
      std::size_t a = d == std::string::npos ? std::string::npos : text.find("-> ", d);
      if (d != at + from.size() || a == std::string::npos) break;
      std::string kind = text.substr(d + 2, a - d - 2);
      if (kind.empty() || kind.find(' ') != std::string::npos) break;
      std::size_t to_begin = a + 3, to_end = to_begin;
      while (to_end < text.size() && is_label_char(text[to_end])) ++to_end;
      if (to_end == to_begin) break;
      std::string to = text.substr(to_begin, to_end - to_begin);
      cycle.edges.push_back({from, kind, to});
      from = to;
      at = to_begin;
    }
    if (cycle.edges.size() >= 2 && cycle.edges.back().to == cycle.edges.front().from) {
      // The anomaly's name: the word before ": " that precedes the chain ("G2: T1 -rw-> ...").
      std::size_t colon = text.rfind(": ", label_begin);
      if (colon != std::string::npos) {
        std::size_t name_begin = colon;
        while (name_begin > 0 && text[name_begin - 1] != ' ') --name_begin;
        cycle.anomaly = text.substr(name_begin, colon - name_begin);
      }
      return cycle;
    }
    start = arrow + 3;
  }
  return std::nullopt;
}

std::vector<LaneGroup> group_lanes(const TxnHistory& history, std::size_t max_lanes) {
  std::vector<LaneGroup> groups;
  std::set<std::string> in_cycle;
  if (history.cycle)
    for (const DependencyEdge& edge : history.cycle->edges) in_cycle.insert(edge.from);
  const bool group = history.lanes.size() > max_lanes;
  std::map<std::string, std::size_t> group_of_shape;
  for (std::size_t i = 0; i < history.lanes.size(); ++i) {
    const TxnLane& lane = history.lanes[i];
    if (!group || in_cycle.count(lane.label)) {
      groups.push_back(LaneGroup{lane.label, {i}});
      continue;
    }
    std::string shape = std::to_string(lane.store) + "|" + lane.shape();
    auto [it, added] = group_of_shape.try_emplace(shape, groups.size());
    if (added) groups.push_back(LaneGroup{shape, {}});
    groups[it->second].members.push_back(i);
  }
  return groups;
}

}  // namespace dsim::viz

namespace dsim::viz {

std::vector<std::string> txn_node_lines(const TxnHistory& history, const NodeSnapshot& node, NodeId id, TimeUs now_us) {
  std::vector<std::string> lines;
  const TxnLane* last_ended = nullptr;
  for (const TxnLane& lane : history.lanes) {
    if (lane.store != id) continue;
    if (lane.outcome != TxnOutcome::running) {
      if (last_ended == nullptr || lane.end_us >= last_ended->end_us) last_ended = &lane;
      continue;
    }
    std::string line = lane.label;
    // A 2PC store publishes its branch's state under the gid (sim/protocols/txn/bank/view.h).
    const std::string_view published = node.value(lane.label);
    if (published == "\"prepared\"") line += " PREPARED, in doubt";
    if (lane.waiting) line += " waits";
    std::set<std::string> locked;
    for (const TxnRow& row : history.rows)
      if (row.store == id)
        for (const RowVersion& version : row.versions)
          if (version.writer == lane.label) locked.insert(row.row);
    if (!locked.empty()) {
      line += ", locks";
      for (const std::string& row : locked) line += " " + row.substr(row.find('/') + 1);
    }
    std::size_t waiters = 0;
    for (const TxnWait& wait : history.waits)
      if (wait.store == id && wait.until_us > now_us && std::count(wait.holders.begin(), wait.holders.end(), lane.label)) ++waiters;
    if (waiters > 0) line += ", " + std::to_string(waiters) + (waiters == 1 ? " waits on it" : " wait on it");
    lines.push_back(std::move(line));
  }
  if (lines.size() > 2) {
    std::size_t more = lines.size() - 1;
    lines.resize(1);
    lines.push_back("+" + std::to_string(more) + " more running");
  }
  if (lines.empty() && last_ended != nullptr)
    lines.push_back(last_ended->label + (last_ended->outcome == TxnOutcome::committed ? " committed" : " aborted"));
  return lines;
}

}  // namespace dsim::viz
