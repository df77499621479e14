// Reading and describing story conditions (story.h).
#include "sim/scenario/story.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "sim/scenario/text.h"

namespace dsim {
namespace {

// A metric's band edge: a plain number in the metric's own unit, or a duration ("28ms") for the
// metrics kept in microseconds (their names end in "_us").
double read_band_edge(const JsonReader& edge) {
  if (edge.is_string()) return static_cast<double>(edge.signed_duration());
  return edge.number(-1e18, 1e18);
}

void read_metric(const JsonReader& reader, StoryCondition& condition) {
  condition.kind = StoryCondition::Kind::metric;
  condition.name = reader.at("metric").string();
  if (condition.name.empty()) reader.at("metric").fail("expected a metric's name such as \"cache.hits\"");
  condition.stat = "total";
  if (std::optional<JsonReader> stat = reader.find("stat")) condition.stat = stat->choice(story_metric_stats());
  std::optional<JsonReader> min = reader.find("min");
  std::optional<JsonReader> max = reader.find("max");
  if (!min && !max) reader.fail("a metric claim needs \"min\", \"max\" or both: the band the value must lie in");
  if (min) condition.min = read_band_edge(*min);
  if (max) condition.max = read_band_edge(*max);
  if (condition.min > condition.max) reader.fail("\"min\" is above \"max\": the band is empty");
  for (const char* event_key : {"at_least", "happened"}) {
    if (reader.has(event_key)) {
      reader.at(event_key).fail(std::string("\"") + event_key +
                                "\" counts events; a metric claim states a band with \"min\" and \"max\"");
    }
  }
}

void read_check(const JsonReader& reader, StoryCondition& condition) {
  condition.kind = StoryCondition::Kind::check;
  condition.name = reader.at("check").string();
  condition.passed = reader.boolean_or("passed", true);
  for (const char* event_key : {"node", "nodes", "after", "at_least", "happened"}) {
    if (reader.has(event_key)) {
      reader.at(event_key).fail(std::string("\"") + event_key +
                                "\" does not apply to a check's verdict, which is judged once, at the run's end");
    }
  }
}

// "nodes": ["n0", "n1", ...]: the condition must hold for each of them on its own, so it is read as
// that many conditions, one per node, all of which must hold (the runner, StoryWatch, resolves the
// names against the run's nodes as it does "node").
std::vector<std::string> read_nodes(const JsonReader& nodes, bool has_node) {
  if (has_node) nodes.fail("give \"node\" (one node's events) or \"nodes\" (each of several nodes), not both");
  if (!nodes.is_array()) nodes.fail_expected("an array of node names, such as [\"n0\", \"n1\"]");
  std::vector<JsonReader> names = nodes.items();
  if (names.empty()) nodes.fail("expected at least one node name, such as [\"n0\", \"n1\"]");
  std::vector<std::string> listed;
  for (const JsonReader& name : names) {
    std::string text = name.string();
    if (text.empty() || text == "leader") name.fail("expected a node's name such as \"n3\" (\"leader\" belongs to \"node\")");
    if (std::find(listed.begin(), listed.end(), text) != listed.end()) name.fail("node " + quote(text) + " is listed twice");
    listed.push_back(std::move(text));
  }
  return listed;
}

// Appends the condition `reader` states to `conditions`: once, or once per node of its "nodes".
void read_one(const JsonReader& reader, const std::vector<std::string>& marks, TimeUs line_at_us,
              std::vector<StoryCondition>& conditions) {
  reader.expect_keys({"mark", "fault", "state", "metric", "stat", "min", "max", "check", "passed", "node", "nodes",
                      "after", "at_least", "happened"});
  StoryCondition condition;
  int kinds = 0;
  if (reader.has("metric")) {
    ++kinds;
    read_metric(reader, condition);
  } else {
    for (const char* metric_key : {"stat", "min", "max"}) {
      if (reader.has(metric_key)) reader.at(metric_key).fail(std::string("\"") + metric_key + "\" belongs to a \"metric\" claim");
    }
  }
  if (reader.has("check")) {
    ++kinds;
    read_check(reader, condition);
  } else if (reader.has("passed")) {
    reader.at("passed").fail("\"passed\" belongs to a \"check\" claim");
  }
  if (std::optional<JsonReader> mark = reader.find("mark")) {
    ++kinds;
    condition.kind = StoryCondition::Kind::mark;
    condition.name = mark->string();
    if (std::find(marks.begin(), marks.end(), condition.name) == marks.end()) {
      std::string message = "unknown mark " + quote(condition.name);
      if (std::optional<std::string> close = did_you_mean(condition.name, marks)) message += " (did you mean " + quote(*close) + "?)";
      mark->fail(message + (marks.empty() ? "; the protocol declares no marks" : "; known: " + join_words(marks)));
    }
  }
  if (std::optional<JsonReader> fault = reader.find("fault")) {
    ++kinds;
    condition.kind = StoryCondition::Kind::fault;
    condition.name = fault->choice(story_fault_kinds());
  }
  if (std::optional<JsonReader> state = reader.find("state")) {
    ++kinds;
    condition.kind = StoryCondition::Kind::state;
    state->expect_keys({"key", "value"});
    condition.name = state->at("key").string();
    if (condition.name.empty()) state->at("key").fail("expected a published key such as \"role\"");
    if (std::optional<JsonReader> value = state->find("value")) {
      if (value->json().is_null()) value->fail("expected the value the key is published with, such as \"leader\" or 3");
      condition.value_json = value->json().dump();
    }
  }
  if (kinds != 1) {
    reader.fail("expected exactly one of \"mark\", \"fault\", \"state\", \"metric\" or \"check\": what the line claims");
  }
  condition.node = reader.string_or("node", "");
  std::vector<std::string> nodes;
  if (std::optional<JsonReader> listed = reader.find("nodes")) nodes = read_nodes(*listed, reader.has("node"));
  if (std::optional<JsonReader> after = reader.find("after")) {
    condition.after_us = after->duration();
    if (condition.after_us > line_at_us) {
      after->fail("a line at " + quote(format_duration(line_at_us)) + " cannot claim what happens after " +
                  quote(after->string()));
    }
  }
  condition.happened = reader.boolean_or("happened", true);
  if (std::optional<JsonReader> at_least = reader.find("at_least")) {
    if (!condition.happened) at_least->fail("\"at_least\" counts events that happened; drop it with \"happened\": false");
    condition.at_least = static_cast<std::uint64_t>(at_least->integer(1, 1000000000));
  }
  if (nodes.empty()) {
    conditions.push_back(std::move(condition));
    return;
  }
  for (std::string& node : nodes) {
    condition.node = std::move(node);
    conditions.push_back(condition);
  }
}

}  // namespace

const std::vector<std::string>& story_metric_stats() {
  static const std::vector<std::string> kStats = {"total", "count", "last", "min", "max", "mean", "p50", "p90", "p99"};
  return kStats;
}

const std::vector<std::string>& story_fault_kinds() {
  static const std::vector<std::string> kKinds = {"crash",   "restart", "pause",   "resume", "partition", "isolate",
                                                  "cut",     "heal",    "degrade", "restore", "clock",    "request"};
  return kKinds;
}

std::vector<StoryCondition> read_story_conditions(const JsonReader& when, const std::vector<std::string>& marks,
                                                  TimeUs line_at_us) {
  std::vector<StoryCondition> conditions;
  if (when.is_array()) {
    std::vector<JsonReader> items = when.items();
    if (items.empty()) when.fail("expected at least one condition, such as {\"mark\": \"raft.became_leader\"}");
    for (const JsonReader& item : items) read_one(item, marks, line_at_us, conditions);
  } else if (when.is_object()) {
    read_one(when, marks, line_at_us, conditions);
  } else {
    when.fail_expected("a condition such as {\"mark\": \"raft.became_leader\", \"after\": \"3s\"}, or an array of them");
  }
  return conditions;
}

std::string default_unmet_story_text(const std::string& text) { return "Not in this run: " + text; }

std::string describe_story_condition(const StoryCondition& condition) {
  std::string what;
  switch (condition.kind) {
    case StoryCondition::Kind::mark: what = "mark " + condition.name; break;
    case StoryCondition::Kind::fault: what = "fault " + condition.name; break;
    case StoryCondition::Kind::state:
      what = condition.value_json.empty() ? "a change of " + condition.name : condition.name + " = " + condition.value_json;
      break;
    case StoryCondition::Kind::metric: {
      what = "metric " + condition.name + " " + condition.stat;
      if (condition.min > -1e300) what += " >= " + format_number(condition.min);
      if (condition.max < 1e300) what += (condition.min > -1e300 ? " and <= " : " <= ") + format_number(condition.max);
      break;
    }
    case StoryCondition::Kind::check:
      return "check " + condition.name + (condition.passed ? " passed" : " failed");
  }
  if (!condition.node.empty()) what += " on " + condition.node;
  if (condition.after_us > 0) what += " after " + format_duration(condition.after_us);
  if (!condition.happened) return "no " + what;
  if (condition.at_least > 1) what = std::to_string(condition.at_least) + " x " + what;
  return what;
}

}  // namespace dsim
