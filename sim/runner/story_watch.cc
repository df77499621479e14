// Counting the events story lines claim (story_watch.h).
#include "sim/runner/story_watch.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "sim/core/view.h"
#include "sim/metrics/metrics.h"
#include "sim/scenario/json_reader.h"

namespace dsim {

StoryWatch::StoryWatch(const Scenario& scenario, const std::vector<std::string>& node_names) {
  for (std::size_t line = 0; line < scenario.story.size(); ++line) {
    for (const StoryCondition& condition : scenario.story[line].when) {
      Watched watched{line, condition, kNoNode, condition.node == "leader", 0, {}};
      if (!condition.node.empty() && !watched.leader_only) {
        auto found = std::find(node_names.begin(), node_names.end(), condition.node);
        if (found == node_names.end()) {
          throw ScenarioError(scenario.file, "story[" + std::to_string(line) + "].when",
                              "the run has no node named \"" + condition.node + "\"");
        }
        watched.node = static_cast<NodeId>(found - node_names.begin());
      }
      watched_.push_back(std::move(watched));
    }
  }
}

bool StoryWatch::holds(std::size_t line, const std::vector<Verdict>* verdicts) const {
  for (const Watched& watched : watched_) {
    if (watched.line != line) continue;
    bool held = false;
    switch (watched.condition.kind) {
      case StoryCondition::Kind::metric: held = metric_holds(watched); break;
      case StoryCondition::Kind::check: held = verdict_holds(watched, verdicts); break;
      default:
        held = watched.condition.happened ? watched.seen >= watched.condition.at_least : watched.seen == 0;
    }
    if (!held) return false;
  }
  return true;
}

bool StoryWatch::claims_verdict(std::size_t line) const {
  return std::any_of(watched_.begin(), watched_.end(), [line](const Watched& watched) {
    return watched.line == line && watched.condition.kind == StoryCondition::Kind::check;
  });
}

// The statistic is taken over the values recorded so far: a counter's increments, a histogram's
// samples, a gauge's readings. Nearest-rank percentiles, as the run's summary prints them.
bool StoryWatch::metric_holds(const Watched& watched) {
  const StoryCondition& condition = watched.condition;
  const std::vector<std::int64_t>& values = watched.values;
  double value = 0;
  if (condition.stat == "total") {
    for (std::int64_t v : values) value += static_cast<double>(v);
  } else if (condition.stat == "count") {
    value = static_cast<double>(values.size());
  } else if (values.empty()) {
    return false;  // no reading: a minimum, a last value or a percentile of nothing is not a claim that holds
  } else if (condition.stat == "last") {
    value = static_cast<double>(values.back());
  } else {
    // Order statistics and the mean as the run's summary computes them (a Histogram sorts its
    // samples, so it is built here from a copy: "last" needs the recorded order).
    Histogram histogram;
    for (std::int64_t v : values) histogram.add(v);
    if (condition.stat == "mean") value = histogram.mean();
    else if (condition.stat == "min") value = static_cast<double>(histogram.min());
    else if (condition.stat == "max") value = static_cast<double>(histogram.max());
    else value = static_cast<double>(histogram.percentile(condition.stat == "p50" ? 50 : condition.stat == "p90" ? 90 : 99));
  }
  return value >= condition.min && value <= condition.max;
}

bool StoryWatch::verdict_holds(const Watched& watched, const std::vector<Verdict>* verdicts) {
  if (!verdicts) return false;
  for (const Verdict& verdict : *verdicts) {
    if (verdict.name != watched.condition.name) continue;
    return watched.condition.passed ? verdict.outcome() == CheckVerdict::pass : verdict.outcome() == CheckVerdict::fail;
  }
  return false;
}

// The claimed value is the scenario's JSON as the loader dumped it (an object's keys sorted); the
// published text keeps the protocol's own key order ({"number": 2, "owner": [...], "first": [...]}),
// so an object or array that differs as text is compared as JSON.
bool StoryWatch::same_value(const std::string& claimed, std::string_view published) {
  if (claimed == published) return true;
  if (published.empty() || (published.front() != '{' && published.front() != '[')) return false;
  nlohmann::json value = nlohmann::json::parse(published, nullptr, /*allow_exceptions=*/false);
  return !value.is_discarded() && value.dump() == claimed;
}

void StoryWatch::count(StoryCondition::Kind kind, TimeUs time, NodeId node, std::string_view name,
                       std::string_view value_json) {
  for (Watched& watched : watched_) {
    const StoryCondition& condition = watched.condition;
    if (condition.kind != kind || condition.name != name || time < condition.after_us) continue;
    if (!matches_node(watched, node)) continue;
    if (kind == StoryCondition::Kind::state && !condition.value_json.empty() && !same_value(condition.value_json, value_json)) {
      continue;
    }
    ++watched.seen;
  }
}

void StoryWatch::on_fault(TimeUs time, const FaultEvent& fault) {
  if (fault.nodes.empty()) return count(StoryCondition::Kind::fault, time, kNoNode, fault.kind, {});
  // A fault of several nodes counts once; a condition about one node counts it if it is among them.
  for (Watched& watched : watched_) {
    const StoryCondition& condition = watched.condition;
    if (condition.kind != StoryCondition::Kind::fault || condition.name != fault.kind || time < condition.after_us) continue;
    bool touched = watched.node == kNoNode && !watched.leader_only;
    for (NodeId node : fault.nodes) touched = touched || matches_node(watched, node);
    if (touched) ++watched.seen;
  }
}

bool StoryWatch::matches_node(const Watched& watched, NodeId node) const {
  if (watched.leader_only) return node < leading_.size() && leading_[node];
  return watched.node == kNoNode || watched.node == node;
}

void StoryWatch::on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) {
  if (key == view::kRole.name) {
    if (node >= leading_.size()) leading_.resize(node + 1, false);
    leading_[node] = value_json == "\"" + std::string(view::role::kLeader) + "\"";
  }
  if (!value_json.empty()) count(StoryCondition::Kind::state, time, node, key, value_json);
}

void StoryWatch::on_mark(TimeUs time, NodeId node, std::string_view name) {
  count(StoryCondition::Kind::mark, time, node, name, {});
}

void StoryWatch::on_metric(TimeUs time, NodeId node, std::string_view name, MetricKind /*kind*/, std::int64_t value) {
  for (Watched& watched : watched_) {
    const StoryCondition& condition = watched.condition;
    if (condition.kind != StoryCondition::Kind::metric || condition.name != name || time < condition.after_us) continue;
    if (!matches_node(watched, node)) continue;
    watched.values.push_back(value);
  }
}

}  // namespace dsim
