// How results read: the text summary `dsim run` and `dsim sweep` print, their JSON twins, and the
// one-line command that replays a run.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/runner/run.h"
#include "sim/runner/sweep.h"
#include "sim/scenario/scenario.h"

namespace dsim::cli {

// `dsim run <file> --seed N [--set ...] --trace <slug>-seedN.jsonl`, quoted for a POSIX shell.
std::string replay_command(const std::string& file, std::uint64_t seed, const std::vector<std::string>& sets,
                           const std::string& scenario_name);
// "1 check", "3 checks".
std::string count_of(std::size_t count, const std::string& one, const std::string& many);
// " (as expected: this scenario fails on purpose)" and its kin, after the Result line; "" when
// the scenario expects to pass.
std::string expectation_note(const Scenario& scenario, const RunResult& result);
// A metric value for people: names ending in "_us" are durations ("12.5ms"); others plain.
std::string format_metric_value(const std::string& name, std::int64_t value);

// `with_events`: include "What happened" (off after --explain, which already told it).
void print_run_summary(std::ostream& out, const Scenario& scenario, const RunResult& result,
                       const std::vector<std::string>& sets, bool with_events = true);
nlohmann::json run_summary_json(const Scenario& scenario, const RunResult& result,
                                const std::vector<std::string>& sets);

// One check's verdict as the run summary shows it: PASS, or FAIL with its first violations.
void print_verdict(std::ostream& out, const Verdict& verdict);
// The same as JSON: {"name", "passed", "violations": [{"t_us", "nodes", "message"}], "suppressed"}.
nlohmann::json verdict_json(const Verdict& verdict);

void print_sweep_summary(std::ostream& out, const SweepResult& result, const std::vector<std::string>& sets,
                         double wall_seconds);

}  // namespace dsim::cli
