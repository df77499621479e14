// Reading and describing story conditions (story.h).
#include "sim/scenario/story.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "sim/scenario/text.h"

namespace dsim {
namespace {

StoryCondition read_one(const JsonReader& reader, const std::vector<std::string>& marks, TimeUs line_at_us) {
  reader.expect_keys({"mark", "fault", "state", "node", "after", "at_least", "happened"});
  StoryCondition condition;
  int kinds = 0;
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
    reader.fail("expected exactly one of \"mark\", \"fault\" or \"state\": the kind of event the line claims happened");
  }
  condition.node = reader.string_or("node", "");
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
  return condition;
}

}  // namespace

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
    for (const JsonReader& item : items) conditions.push_back(read_one(item, marks, line_at_us));
  } else if (when.is_object()) {
    conditions.push_back(read_one(when, marks, line_at_us));
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
  }
  if (!condition.node.empty()) what += " on " + condition.node;
  if (condition.after_us > 0) what += " after " + format_duration(condition.after_us);
  if (!condition.happened) return "no " + what;
  if (condition.at_least > 1) what = std::to_string(condition.at_least) + " x " + what;
  return what;
}

}  // namespace dsim
