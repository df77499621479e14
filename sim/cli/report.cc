// Text and JSON summaries. The text is meant to be pasted into a slide or read in a terminal:
// what happened, the numbers, each check's verdict, and on failure the command that replays it.
#include "sim/cli/report.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <utility>

#include <nlohmann/json.hpp>

#include "sim/cli/program.h"

namespace dsim::cli {
namespace {

std::string slug(const std::string& scenario_name) {
  std::string out = scenario_name;
  std::replace(out.begin(), out.end(), '/', '-');
  return out;
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return "0%";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buffer;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

template <typename AnyHistogram>
std::string histogram_line(const std::string& name, const AnyHistogram& histogram) {
  std::string line = "n=" + std::to_string(histogram.count());
  line += "  p50=" + format_metric_value(name, histogram.percentile(50));
  line += "  p90=" + format_metric_value(name, histogram.percentile(90));
  line += "  p99=" + format_metric_value(name, histogram.percentile(99));
  line += "  max=" + format_metric_value(name, histogram.max());
  return line;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

}  // namespace

std::string count_of(std::size_t count, const std::string& one, const std::string& many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

std::string expectation_note(const Scenario& scenario, const RunResult& result) {
  bool failed = result.verdict() == CheckVerdict::fail;
  if (scenario.expect_verdict == ExpectedVerdict::fail) {
    return failed ? " (as expected: this scenario fails on purpose)"
                  : " (this scenario is meant to fail: the settings or seed of this run did not trigger its bug)";
  }
  return "";
}

std::string replay_command(const std::string& file, std::uint64_t seed, const std::vector<std::string>& sets,
                           const std::string& scenario_name) {
  std::string command = program_command() + " run " + shell_quote(file) + " --seed " + std::to_string(seed);
  for (const std::string& set : sets) command += " --set " + shell_quote(set);
  command += " --trace " + shell_quote(slug(scenario_name) + "-seed" + std::to_string(seed) + ".jsonl");
  return command;
}

std::string format_metric_value(const std::string& name, std::int64_t value) {
  if (ends_with(name, "_us")) {
    // Round to what a person reads: three significant digits in a sensible unit.
    char buffer[32];
    double magnitude = static_cast<double>(value < 0 ? -value : value);
    if (magnitude >= 1e6) {
      std::snprintf(buffer, sizeof buffer, "%.3gs", static_cast<double>(value) / 1e6);
    } else if (magnitude >= 1e3) {
      std::snprintf(buffer, sizeof buffer, "%.3gms", static_cast<double>(value) / 1e3);
    } else {
      std::snprintf(buffer, sizeof buffer, "%lldus", static_cast<long long>(value));
    }
    return buffer;
  }
  return std::to_string(value);
}

void print_run_summary(std::ostream& out, const Scenario& scenario, const RunResult& result,
                       const std::vector<std::string>& sets, bool with_events) {
  out << scenario.name << " — " << scenario.title << "\n";
  out << "  seed " << result.seed << ", " << format_duration(result.end_us) << " of virtual time, "
      << result.servers << " servers";
  if (result.clients) out << ", " << result.clients << " clients";
  out << ", latency " << scenario.network.latency.describe();
  if (scenario.network.loss > 0) out << ", loss " << percent(static_cast<std::uint64_t>(scenario.network.loss * 1000), 1000);
  out << "\n";
  if (!scenario.summary.empty()) out << "  " << scenario.summary << "\n";

  if (with_events) {
    out << "\nWhat happened\n";
    std::size_t shown = 0;
    constexpr std::size_t kMaxShown = 24;
    for (const RunEvent& event : result.events) {
      if (event.kind == "note") continue;  // node notes are for --explain and the trace
      if (shown++ == kMaxShown) {
        out << "  ... (the trace has the rest)\n";
        break;
      }
      out << "  " << pad(format_time_seconds(event.time_us), 9) << " " << (event.kind == "fault" ? "! " : "  ")
          << event.text << "\n";
    }
    if (shown == 0) out << "  (no faults or story lines)\n";
  }

  const SimulatorStats& stats = result.stats;
  out << "\nMessages  sent " << stats.messages_sent << ", delivered " << stats.messages_delivered << ", dropped "
      << stats.messages_dropped;
  if (!result.drops_by_reason.empty()) {
    out << " (";
    bool first = true;
    for (const auto& [reason, count] : result.drops_by_reason) {
      out << (first ? "" : ", ") << reason << " " << count;
      first = false;
    }
    out << ")";
  }
  out << ", duplicated " << stats.messages_duplicated << "\n";

  if (!result.metrics.histograms().empty() || !result.metrics.counters().empty()) {
    out << "\nMetrics\n";
    for (const auto& [name, histogram] : result.metrics.histograms()) {
      out << "  " << pad(name, 34) << " " << histogram_line(name, histogram) << "\n";
    }
    for (const auto& [name, value] : result.metrics.counters()) {
      if (name.rfind("sim.", 0) == 0) continue;  // already shown under Messages
      out << "  " << pad(name, 34) << " " << format_metric_value(name, value) << "\n";
    }
  }

  out << "\nChecks\n";
  if (result.checks.empty()) out << "  (none requested)\n";
  for (const Verdict& check : result.checks) print_verdict(out, check);
  if (!scenario.expect_marks.empty()) {
    // Marks say whether the run showed what the scenario means to teach; they never fail a run.
    out << "\nExpected marks (the branches this scenario means to show)\n";
    for (const std::string& mark : scenario.expect_marks) {
      auto it = result.marks.find(mark);
      if (it != result.marks.end()) {
        out << "  hit   " << mark << " " << it->second << "x\n";
      } else {
        out << "  NOTE  mark " << mark << " never hit at this seed: the scenario does not show what it claims here\n";
      }
    }
  }

  out << "\n";
  std::size_t all_checks = result.checks.size();
  switch (result.verdict()) {
    case CheckVerdict::pass: out << "Result: PASS — every check held"; break;
    case CheckVerdict::fail: {
      out << "Result: FAIL — " << result.failed_checks() << " of " << count_of(all_checks, "check", "checks") << " failed";
      if (result.undecided_checks() > 0) out << ", " << result.undecided_checks() << " undecided";
      break;
    }
    case CheckVerdict::undecided:
      out << "Result: UNDECIDED — no check failed, but " << result.undecided_checks() << " of "
          << count_of(all_checks, "check", "checks") << " could not decide (not a violation, not a pass)";
      break;
  }
  out << expectation_note(scenario, result) << "\n";
  if (!result.passed()) out << "Replay: " << replay_command(result.file, result.seed, sets, scenario.name) << "\n";
}

void print_verdict(std::ostream& out, const Verdict& verdict) {
  if (verdict.passed()) {
    out << "  PASS  " << verdict.name << "\n";
    return;
  }
  if (verdict.outcome() == CheckVerdict::undecided) {
    // Neither a violation nor a pass: what could not be decided, and why.
    out << "  UNDECIDED  " << verdict.name << "\n";
    for (const Undecided& undecided : verdict.undecided) {
      out << "        " << format_time_seconds(undecided.time_us) << "  " << undecided.message << "\n";
    }
    return;
  }
  std::size_t total = verdict.violations.size() + verdict.suppressed;
  out << "  FAIL  " << verdict.name << "  (" << total << (total == 1 ? " violation" : " violations") << ")\n";
  std::size_t listed = 0;
  for (const Violation& violation : verdict.violations) {
    if (listed++ == 8) {
      out << "        ... " << (total - 8) << " more (see --json)\n";
      break;
    }
    out << "        " << format_time_seconds(violation.time_us) << "  " << violation.message << "\n";
  }
}

nlohmann::json verdict_json(const Verdict& verdict) {
  nlohmann::json violations = nlohmann::json::array();
  for (const Violation& violation : verdict.violations) {
    violations.push_back({{"t_us", violation.time_us}, {"nodes", violation.nodes}, {"message", violation.message}});
  }
  nlohmann::json undecided = nlohmann::json::array();
  for (const Undecided& note : verdict.undecided) undecided.push_back({{"t_us", note.time_us}, {"message", note.message}});
  return {{"name", verdict.name},
          {"passed", verdict.passed()},
          {"verdict", verdict_name(verdict.outcome())},
          {"violations", std::move(violations)},
          {"suppressed", verdict.suppressed},
          {"undecided", std::move(undecided)}};
}

nlohmann::json run_summary_json(const Scenario& scenario, const RunResult& result,
                                const std::vector<std::string>& sets) {
  nlohmann::json json;
  json["scenario"] = scenario.name;
  json["title"] = scenario.title;
  json["file"] = result.file;
  json["seed"] = result.seed;
  json["end_us"] = result.end_us;
  json["servers"] = result.servers;
  json["clients"] = result.clients;
  json["passed"] = result.passed();  // false when undecided: see "verdict"
  json["verdict"] = verdict_name(result.verdict());
  json["messages"] = {{"sent", result.stats.messages_sent},
                      {"delivered", result.stats.messages_delivered},
                      {"dropped", result.stats.messages_dropped},
                      {"duplicated", result.stats.messages_duplicated},
                      {"dropped_by_reason", result.drops_by_reason}};
  json["events_processed"] = result.stats.events;
  nlohmann::json events = nlohmann::json::array();
  for (const RunEvent& event : result.events) {
    events.push_back({{"t_us", event.time_us}, {"kind", event.kind}, {"text", event.text}});
  }
  json["events"] = std::move(events);
  nlohmann::json checks = nlohmann::json::array();
  for (const Verdict& check : result.checks) checks.push_back(verdict_json(check));
  json["checks"] = std::move(checks);
  json["expect_verdict"] = scenario.expect_verdict == ExpectedVerdict::fail ? "fail" : "pass";
  json["marks"] = result.marks;
  json["missing_marks"] = result.missing_marks;  // a teaching note: never part of "verdict"
  nlohmann::json story = nlohmann::json::array();
  for (const StoryOutcome& line : result.story) {
    story.push_back({{"line", line.line}, {"t_us", line.at_us}, {"held", line.held}});
  }
  json["story_claims"] = std::move(story);
  nlohmann::json histograms = nlohmann::json::object();
  for (const auto& [name, histogram] : result.metrics.histograms()) {
    histograms[name] = {{"count", histogram.count()},          {"min", histogram.min()},
                        {"p50", histogram.percentile(50)},     {"p90", histogram.percentile(90)},
                        {"p99", histogram.percentile(99)},     {"max", histogram.max()},
                        {"mean", histogram.empty() ? 0.0 : histogram.mean()}};
  }
  json["metrics"] = {{"counters", result.metrics.counters()}, {"histograms", std::move(histograms)}};
  if (!result.passed()) json["replay"] = replay_command(result.file, result.seed, sets, scenario.name);
  return json;
}

namespace {

// "seeds 1..1000", "seeds 1..1000, shards 1/4 3/4", "seeds 1..500 + 701..900".
std::string describe_seeds(const std::vector<SeedSlice>& slices) {
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::vector<std::string>> ranges;  // range -> shards
  for (const SeedSlice& slice : slices) {
    auto& shards = ranges[{slice.first, slice.last}];
    if (slice.sharded()) shards.push_back(slice.shard_text());
  }
  std::string text = "seeds ";
  bool first = true;
  for (const auto& [range, shards] : ranges) {
    if (!first) text += " + ";
    first = false;
    text += std::to_string(range.first) + ".." + std::to_string(range.second);
    if (shards.empty()) continue;
    text += shards.size() == 1 ? ", shard" : ", shards";
    for (const std::string& shard : shards) text += " " + shard;
  }
  return text;
}

}  // namespace

void print_sweep_summary(std::ostream& out, const SweepResult& result, const std::vector<std::string>& sets,
                         double wall_seconds) {
  out << result.scenario << ": " << count_of(result.runs, "run", "runs") << " (" << describe_seeds(result.slices) << "), "
      << (result.runs - result.failed - result.undecided) << " passed, " << result.failed << " failed";
  if (result.undecided > 0) out << ", " << result.undecided << " undecided";
  if (wall_seconds > 0) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, " in %.1fs (%.0f runs/s)", wall_seconds,
                  static_cast<double>(result.runs) / wall_seconds);
    out << buffer;
  }
  out << "\n";

  if (!result.histograms.empty()) {
    out << "\nMetrics across all runs (every sample of every run)\n";
    for (const auto& [name, histogram] : result.histograms) {
      out << "  " << pad(name, 34) << " " << histogram_line(name, histogram) << "\n";
    }
  }
  if (!result.counters.empty()) {
    out << "\nPer-run totals (spread across seeds)\n";
    for (const auto& [name, histogram] : result.counters) {
      out << "  " << pad(name, 34) << " p50=" << format_metric_value(name, histogram.percentile(50))
          << "  p90=" << format_metric_value(name, histogram.percentile(90))
          << "  max=" << format_metric_value(name, histogram.max()) << "\n";
    }
  }

  if (!result.missing_marks.empty()) {
    out << "\nExpected marks not hit (a teaching note, as in dsim run: a seed may not take that branch; never a failure)\n";
    for (const auto& [mark, count] : result.missing_marks) {
      out << "  " << pad(mark, 34) << " missing in " << count << " of " << count_of(result.runs, "run", "runs") << "\n";
    }
  }

  if (result.failed > 0) {
    out << "\nFailures by check\n";
    for (const auto& [check, count] : result.failures_by_check) out << "  " << pad(check, 34) << " " << count_of(count, "run", "runs") << "\n";
    out << "\nFailing seeds (each line replays one)\n";
    for (const FailedRun& run : result.failed_runs) {
      out << "  seed " << run.seed << ": " << run.first_violation << "\n";
      out << "    " << replay_command(result.file, run.seed, sets, result.scenario) << "\n";
    }
    if (result.failed > result.failed_runs.size()) {
      out << "  ... and " << (result.failed - result.failed_runs.size()) << " more (a sweep keeps the "
          << result.failed_runs.size() << " lowest failing seeds)\n";
    }
  }
  if (result.undecided > 0) {
    out << "\nUndecided seeds (no check failed, but one could not decide; each line replays one)\n";
    for (const FailedRun& run : result.undecided_runs) {
      out << "  seed " << run.seed << ": " << run.first_undecided << "\n";
      out << "    " << replay_command(result.file, run.seed, sets, result.scenario) << "\n";
    }
    if (result.undecided > result.undecided_runs.size()) {
      out << "  ... and " << (result.undecided - result.undecided_runs.size()) << " more\n";
    }
  }
  if (result.failed > 0) {
    out << "\nResult: FAIL — " << result.failed << " of " << count_of(result.runs, "run", "runs") << " failed";
    if (result.undecided > 0) out << ", " << result.undecided << " undecided";
    out << "\n";
  } else if (result.undecided > 0) {
    out << "\nResult: UNDECIDED — no check failed, but " << result.undecided << " of "
        << count_of(result.runs, "run", "runs") << " could not be decided\n";
  } else {
    out << "\nResult: PASS — no check failed in any run\n";
  }
}

}  // namespace dsim::cli
