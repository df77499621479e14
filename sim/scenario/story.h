// A story line's "when": what it claims happened in the run (docs/scenario-format.md, "Stories
// that follow the run"). Read here, judged by the runner as the run reaches the line.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/json_reader.h"
#include "sim/scenario/scenario.h"

namespace dsim {

// The fault kinds a condition may name: what fault records say ("crash", "heal", ...).
const std::vector<std::string>& story_fault_kinds();

// The statistics a metric claim may name ("total", "p99", ...): computed over the values the run
// recorded for that metric up to the line's moment (counter increments, histogram samples or gauge
// readings alike).
const std::vector<std::string>& story_metric_stats();

// Reads a line's "when" (one condition object, or an array of them that must all hold; a condition
// with "nodes" becomes one condition per listed node, each with its "node"). `marks`
// are the marks the protocol declares; `line_at_us` is the line's time (no condition may look past
// it). Throws ScenarioError naming the path.
std::vector<StoryCondition> read_story_conditions(const JsonReader& when, const std::vector<std::string>& marks,
                                                  TimeUs line_at_us);

// What is narrated when a line's conditions do not hold and it gives no "otherwise".
std::string default_unmet_story_text(const std::string& text);

// "mark raft.became_leader after 3s", "no fault heal", "role = \"leader\" on n3": a condition in words.
std::string describe_story_condition(const StoryCondition& condition);

}  // namespace dsim
