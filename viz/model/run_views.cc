// Node badges, Raft log rows and metric series: small pure functions over snapshots and events.

#include "viz/model/run_views.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <cctype>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "sim/core/view.h"
#include "sim/protocols/broadcast/view.h"
#include "sim/protocols/paxos/view.h"
#include "sim/protocols/raft/view.h"
#include "viz/model/published_words.h"

namespace dsim::viz {

namespace {

std::optional<std::int64_t> integer_value(const NodeSnapshot& node, std::string_view key) {
  std::string_view json = node.value(key);
  if (json.empty()) return std::nullopt;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(json.data(), json.data() + json.size(), value);
  if (error != std::errc() || end != json.data() + json.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string node_badge(const NodeSnapshot& node) {
  if (std::string roles = node.text(paxos::view::kRoles); !roles.empty()) {
    std::string badge;
    for (std::string_view role : {"proposer", "acceptor", "learner"}) {
      if (roles.find(role) != std::string::npos) badge += static_cast<char>(role[0] - 'a' + 'A');
    }
    // The ballot it acts in: its own while its proposer is at work (a phase), else its promise.
    std::string ballot = node.text(paxos::view::kBallot);
    std::string promised = node.text(paxos::view::kPromised);
    if (!ballot.empty() && ballot != "none" && !node.text(paxos::view::kPhase).empty()) {
      badge += " b" + ballot;
    } else if (!promised.empty() && promised != "none") {
      badge += " p" + promised;
    }
    if (auto commit = integer_value(node, view::kCommitIndex.name)) badge += " C" + std::to_string(*commit);
    return badge;
  }
  auto term = integer_value(node, view::kTerm.name);
  auto commit = integer_value(node, view::kCommitIndex.name);
  if (term || commit) {
    std::string badge;
    if (term) badge += "T" + std::to_string(*term);
    if (commit) badge += (badge.empty() ? "C" : " C") + std::to_string(*commit);
    return badge;
  }
  if (auto held = integer_value(node, broadcast::view::kHeld.name)) return "held " + std::to_string(*held);
  std::string badge;
  int shown = 0;
  for (const auto& [key, value] : node.state) {
    if (shown == 2) break;
    // A sentinel (a worker's job -1: it has none) is left out, never shown raw.
    if (auto number = integer_value(node, key); number && !sentinel_word(key, *number)) {
      badge += (badge.empty() ? "" : " ") + key + " " + std::to_string(*number);
      ++shown;
    }
  }
  return badge;
}

std::vector<std::string> wrap_caption(const std::string& text, float max_width,
                                      const std::function<float(const std::string&)>& width) {
  // The pieces: each starts at a word that is not a number and takes the numbers after it.
  std::vector<std::string> pieces;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    while (true) {
      std::size_t space = text.find(' ', end);
      if (space == std::string::npos) {
        end = text.size();
        break;
      }
      end = space;
      bool number_next = space + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[space + 1]));
      if (!number_next) break;
      end = space + 1;
    }
    pieces.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::vector<std::string> lines;
  for (const std::string& piece : pieces) {
    if (!lines.empty() && width(lines.back() + " " + piece) <= max_width) {
      lines.back() += " " + piece;
    } else {
      lines.push_back(piece);
    }
  }
  return lines;
}

std::optional<std::vector<RaftLogRow>> raft_log_rows(const Timeline& timeline, const WorldSnapshot& world) {
  if (!timeline.has_raft_log()) return std::nullopt;
  std::vector<RaftLogRow> rows;
  for (NodeId id = 0; id < world.nodes.size(); ++id) {
    if (id < timeline.header().nodes.size() && !timeline.header().nodes[id].server) continue;
    const NodeSnapshot& live = world.nodes[id];
    RaftLogRow row;
    row.node = id;
    row.crashed = live.status == NodeStatus::crashed;
    row.from_before_crash = row.crashed && !live.before_crash.empty();
    NodeSnapshot remembered;
    if (row.from_before_crash) remembered.state = live.before_crash;
    const NodeSnapshot& node = row.from_before_crash ? remembered : live;
    row.role = node.text(view::kRole);
    row.term = integer_value(node, view::kTerm.name).value_or(0);
    row.voted_for = integer_value(node, raft::view::kVotedFor.name).value_or(-1);
    row.log_start = integer_value(node, view::kLogStart.name).value_or(1);
    row.commit_index = integer_value(node, view::kCommitIndex.name).value_or(0);
    row.last_applied = integer_value(node, raft::view::kLastApplied.name).value_or(0);
    nlohmann::json log = nlohmann::json::parse(node.value(view::kLog), nullptr, /*allow_exceptions=*/false);
    if (log.is_array()) {
      for (const auto& entry : log) {
        if (entry.is_number_integer()) row.terms.push_back(entry.get<std::int64_t>());
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::optional<std::vector<PaxosRow>> paxos_rows(const Timeline& timeline, const WorldSnapshot& world) {
  if (!timeline.has_paxos()) return std::nullopt;
  std::vector<PaxosRow> rows;
  for (NodeId id = 0; id < world.nodes.size(); ++id) {
    if (id < timeline.header().nodes.size() && !timeline.header().nodes[id].server) continue;
    const NodeSnapshot& node = world.nodes[id];
    PaxosRow row;
    row.node = id;
    row.crashed = node.status == NodeStatus::crashed;
    row.role = node.text(view::kRole);
    row.roles = node.text(paxos::view::kRoles);
    row.ballot = node.text(paxos::view::kBallot);
    row.phase = node.text(paxos::view::kPhase);
    row.promised = node.text(paxos::view::kPromised);
    for (const auto& [key, value] : node.state) {
      auto slot_of = [](std::string_view member) -> std::optional<std::int64_t> {
        std::int64_t slot = 0;
        auto [end, error] = std::from_chars(member.data(), member.data() + member.size(), slot);
        if (error != std::errc() || end != member.data() + member.size()) return std::nullopt;
        return slot;
      };
      if (paxos::view::kAccepted.holds(key)) {
        auto slot = slot_of(paxos::view::kAccepted.member(key));
        nlohmann::json pair = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
        if (slot && pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string()) {
          row.accepted[*slot] = PaxosRow::Accepted{pair[0].get<std::string>(), pair[1].get<std::string>()};
        }
      } else if (paxos::view::kLearned.holds(key)) {
        auto slot = slot_of(paxos::view::kLearned.member(key));
        nlohmann::json text = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
        if (slot && text.is_string()) row.learned[*slot] = text.get<std::string>();
      }
    }
    // A crashed node's published state is gone: keep the row, so the lanes do not jump.
    if (row.roles.empty() && !row.crashed) continue;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::int64_t> paxos_slots(const std::vector<PaxosRow>& rows) {
  std::set<std::int64_t> slots;
  for (const PaxosRow& row : rows) {
    for (const auto& [slot, accepted] : row.accepted) slots.insert(slot);
    for (const auto& [slot, value] : row.learned) slots.insert(slot);
  }
  return {slots.begin(), slots.end()};
}

std::string metric_value_label(const std::string& metric, double value) {
  char text[48];
  bool duration = metric.size() >= 3 && metric.compare(metric.size() - 3, 3, "_us") == 0;
  double magnitude = std::fabs(value);
  if (duration) {
    if (magnitude >= 1e6) std::snprintf(text, sizeof text, "%.3g s", value / 1e6);
    else if (magnitude >= 1e3) std::snprintf(text, sizeof text, "%.3g ms", value / 1e3);
    else std::snprintf(text, sizeof text, "%.0f us", value);
    return text;
  }
  if (magnitude >= 1e6) std::snprintf(text, sizeof text, "%.3gM", value / 1e6);
  else if (magnitude >= 1e4) std::snprintf(text, sizeof text, "%.3gk", value / 1e3);
  else std::snprintf(text, sizeof text, "%.0f", value);
  return text;
}

std::vector<MetricSeries> collect_metric_series(const std::vector<TraceEvent>& events) {
  std::map<std::string, MetricSeries> by_name;
  std::map<std::string, std::map<NodeId, double>> running_per_node;
  std::map<std::string, double> running_total;
  for (const TraceEvent& event : events) {
    if (event.kind != TraceEventKind::metric) continue;
    MetricSeries& series = by_name[event.name];
    bool first = series.name.empty();
    series.name = event.name;
    series.kind = event.metric_kind;
    double value = static_cast<double>(event.metric_value);
    switch (event.metric_kind) {
      case MetricKind::counter: {
        double total = running_total[event.name] += value;
        series.total.push_back({event.time_us, total});
        if (event.node != kNoNode) {
          double mine = running_per_node[event.name][event.node] += value;
          series.per_node[event.node].push_back({event.time_us, mine});
        }
        value = total;
        break;
      }
      case MetricKind::gauge:
        if (event.node != kNoNode) series.per_node[event.node].push_back({event.time_us, value});
        else series.total.push_back({event.time_us, value});
        break;
      case MetricKind::histogram:
        series.total.push_back({event.time_us, value});
        if (event.node != kNoNode) series.per_node[event.node].push_back({event.time_us, value});
        break;
    }
    series.min_value = first ? value : std::min(series.min_value, value);
    series.max_value = first ? value : std::max(series.max_value, value);
  }
  std::vector<MetricSeries> result;
  for (auto& [name, series] : by_name) result.push_back(std::move(series));
  return result;
}

}  // namespace dsim::viz
