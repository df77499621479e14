// One scenario run from start to verdict: build the world through the protocol, schedule the
// story, the faults, the nemesis and the final heal, attach the trace writer, metrics and
// checkers, run to the end, and collect what a person (or a script) needs to know.
// `dsim run`, `dsim sweep`, the visualizer's live mode and the tests all come through here.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/check/checker.h"
#include "sim/check/verdict.h"
#include "sim/core/simulator.h"
#include "sim/metrics/metrics.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/scenario.h"

namespace dsim {

struct RunOptions {
  std::optional<std::uint64_t> seed;  // overrides the scenario's seed
  std::optional<TimeUs> until_us;     // ends the run earlier (or later) than the scenario's duration
  std::ostream* trace = nullptr;      // when set, the JSON Lines trace is written here
  bool keep_events = true;            // fill RunResult::events (a sweep, which prints no story, does not)
  // Called as the run reaches each story line, fault and node annotation (`dsim run --explain`).
  std::function<void(TimeUs time, const std::string& who, const std::string& text)> on_narration;
  // More observers of this run (measurements such as `dsim compare`'s), attached before the
  // protocol builds the world, so they see its first actions. Not owned.
  std::vector<Observer*> observers;
  // Tests only: the simulator's clocks forget to merge on receive (a mutant the clock_order check
  // must catch). Has an effect only when the scenario has "clocks" on.
  bool clock_mutant_forget_merge = false;
};

// One line of "what happened": a fault, a story line or a node's annotation.
struct RunEvent {
  TimeUs time_us = 0;
  std::string kind;  // "fault", "story", "note"
  std::string text;
};


// How a story line that claims events (StoryLine::when) came out in this run.
struct StoryOutcome {
  std::size_t line = 0;  // index into the scenario's story
  TimeUs at_us = 0;
  bool held = false;     // false: its events did not happen, and its unmet text was narrated
};

struct RunResult {
  std::string file;
  std::string scenario;
  std::string title;
  std::uint64_t seed = 0;
  TimeUs end_us = 0;
  std::size_t servers = 0;
  std::size_t clients = 0;
  SimulatorStats stats;
  std::map<std::string, std::uint64_t> drops_by_reason;
  std::vector<RunEvent> events;
  std::vector<Verdict> checks;
  std::map<std::string, std::uint64_t> marks;  // mark name -> times hit
  std::vector<std::string> missing_marks;      // listed in expect_marks, never hit (a note, not a failure)
  std::vector<StoryOutcome> story;             // each story line with a "when" the run reached, in order
  // Set when a node went over the scenario's send-rate bound and the run was stopped there; the
  // run then fails with a "send_rate" verdict that says so (kSendRateCheck).
  std::optional<SendRateExceeded> send_rate_exceeded;
  MetricsRecorder metrics;

  // fail: a check failed; undecided: nothing failed but a check could not decide; pass: every check
  // held. An expected mark never hit does not count: it says the run did not show what the scenario
  // means to teach (missing_marks), not that the system broke a rule.
  CheckVerdict verdict() const;
  bool passed() const { return verdict() == CheckVerdict::pass; }
  std::size_t failed_checks() const;
  std::size_t undecided_checks() const;
};

// The name of the verdict a run stopped by the send-rate guard fails with.
inline constexpr const char* kSendRateCheck = "send_rate";

// One line for a run stopped by the send-rate guard: the node, its count, the bound, and when.
std::string describe_send_rate_exceeded(const SendRateExceeded& exceeded, const Simulator& simulator);

// Throws ScenarioError when the protocol is unknown (the loader has normally caught that).
RunResult run_scenario(const Scenario& scenario, const ProtocolRegistry& registry, const RunOptions& options = {});

}  // namespace dsim
