// Tests over the whole scenario library (scenarios/*/*.json); pin_trace_hashes.py rewrites the pins:
//  - each scenario's trace at its own seed is pinned by a hash (trace_hashes.txt), so a change to
//    the simulator, a protocol or the trace format that alters any run is noticed and must be
//    explained (STYLE.md §5: the same scenario and seed give the same trace, byte for byte);
//  - each trace re-judged offline (recheck_trace, as `dsim check` does) gives the very verdicts the
//    run gave, so checkers read only what the run records (issue "One shape for every protocol");
//  - each scenario teaches what it says at its own seed (issue 11): its verdict is the one it
//    declares (expect_verdict), it hits every expected mark, every story line that claims events
//    ("when") is borne out by the run, and a line that cites a mark claims it.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/runner/recheck.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "sim/trace/trace_reader.h"
#include "tests/support/library.h"

using namespace dsim;

namespace {

std::string source_dir() {
  const char* root = std::getenv("DSIM_SOURCE_DIR");
  return root ? root : ".";
}

// Every library scenario, as "subject/name", sorted.
std::vector<std::string> library_names() {
  std::vector<std::string> names;
  for (const auto& subject : std::filesystem::directory_iterator(source_dir() + "/scenarios")) {
    if (!subject.is_directory()) continue;
    for (const auto& entry : std::filesystem::directory_iterator(subject.path())) {
      if (entry.path().extension() != ".json") continue;
      names.push_back(subject.path().filename().string() + "/" + entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// FNV-1a, 64 bits: enough to notice any change to a trace; not a cryptographic digest.
std::string fnv1a_hex(const std::string& bytes) {
  std::uint64_t hash = UINT64_C(0xcbf29ce484222325);
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= UINT64_C(0x100000001b3);
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

std::map<std::string, std::string> pinned_hashes() {
  std::map<std::string, std::string> pinned;
  std::ifstream in(source_dir() + "/tests/scenarios/trace_hashes.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string name, hash;
    words >> name >> hash;
    pinned[name] = hash;
  }
  return pinned;
}

// A scenario with more servers than this is not traced here: gossip/100k-sites would write a trace
// of gigabytes. tests/scenarios/CMakeLists.txt runs such scenarios untraced through `dsim run`, and
// pin_trace_hashes.py skips them too.
constexpr std::uint32_t kLargestTracedScenario = 10000;

std::string trace_of(const Scenario& scenario, RunResult& result) {
  std::ostringstream trace;
  RunOptions options;
  options.trace = &trace;
  result = run_scenario(scenario, testing::builtin_registry(), options);
  return trace.str();
}

}  // namespace

TEST_CASE("every library scenario's trace at its own seed matches its pinned hash (tests/scenarios/trace_hashes.txt)") {
  std::map<std::string, std::string> pinned = pinned_hashes();
  std::vector<std::string> names = library_names();
  REQUIRE(names.size() > 50);
  for (const std::string& name : names) {
    INFO(name);
    Scenario scenario = load_scenario_file(testing::library_scenario(name), testing::builtin_registry());
    if (scenario.nodes > kLargestTracedScenario) continue;
    RunResult result;
    std::string hash = fnv1a_hex(trace_of(scenario, result));
    auto found = pinned.find(name);
    if (found == pinned.end()) {
      FAIL_CHECK(name << " has no pinned trace hash: add the line \"" << name << " " << hash
                      << "\" to tests/scenarios/trace_hashes.txt once its trace is what it should be");
      continue;
    }
    if (found->second != hash) {
      FAIL_CHECK("the trace of " << name << " changed (pinned " << found->second << ", now " << hash
                                 << "). If the change is intended, say why in the commit and update "
                                    "tests/scenarios/trace_hashes.txt");
    }
  }
  for (const auto& [name, hash] : pinned) {
    INFO(name);
    CHECK(std::find(names.begin(), names.end(), name) != names.end());
  }
}

TEST_CASE("every library scenario re-judged from its trace gets the verdicts the run gave") {
  for (const std::string& name : library_names()) {
    Scenario scenario = load_scenario_file(testing::library_scenario(name), testing::builtin_registry());
    if (scenario.nodes > kLargestTracedScenario) continue;
    INFO(name);
    RunResult result;
    std::string text = trace_of(scenario, result);
    Trace trace = read_trace_text(text, name);
    RecheckResult recheck = recheck_trace(trace, testing::builtin_registry());
    CHECK(recheck.verdicts == result.checks);
    CHECK(recheck.recorded == result.checks);
  }
}

TEST_CASE("every library scenario does at its own seed what it says: verdict, marks and story claims") {
  for (const std::string& name : library_names()) {
    INFO(name);
    Scenario scenario = load_scenario_file(testing::library_scenario(name), testing::builtin_registry());
    RunResult result = run_scenario(scenario, testing::builtin_registry());
    bool expect_fail = scenario.expect_verdict == ExpectedVerdict::fail;
    CHECK((result.verdict() == CheckVerdict::fail) == expect_fail);
    CHECK(result.missing_marks.empty());
    std::size_t claims = 0;
    for (const StoryLine& line : scenario.story) claims += line.when.empty() ? 0 : 1;
    CHECK(result.story.size() == claims);
    for (const StoryOutcome& outcome : result.story) {
      INFO("story[" << outcome.line << "] at " << format_time_seconds(outcome.at_us) << ": "
                    << scenario.story[outcome.line].text);
      CHECK(outcome.held);
    }
  }
}

TEST_CASE("a story line that cites a mark claims it, so the run decides whether it is told") {
  // "(mark raft.stepped_down)" in a line's text is a statement of fact about the run: the line must
  // carry a "when" naming that mark, or a fork could narrate a step-down that never happened.
  // Held for the subjects whose stories claim their events so far (raft, broadcast); the txn,
  // ratelimit and loadbalance stories take it on next (docs/scenario-format.md).
  const std::vector<std::string> subjects_with_claims = {"raft/", "broadcast/"};
  for (const std::string& name : library_names()) {
    bool held_to_it = false;
    for (const std::string& subject : subjects_with_claims) held_to_it = held_to_it || name.rfind(subject, 0) == 0;
    if (!held_to_it) continue;
    Scenario scenario = load_scenario_file(testing::library_scenario(name), testing::builtin_registry());
    for (std::size_t i = 0; i < scenario.story.size(); ++i) {
      const StoryLine& line = scenario.story[i];
      for (std::size_t at = line.text.find("(mark "); at != std::string::npos; at = line.text.find("(mark ", at + 1)) {
        std::string mark = line.text.substr(at + 6, line.text.find_first_of(",)", at) - at - 6);
        bool claimed = false;
        for (const StoryCondition& condition : line.when) {
          claimed = claimed || (condition.kind == StoryCondition::Kind::mark && condition.name == mark);
        }
        INFO(name << " story[" << i << "] cites mark " << mark);
        CHECK(claimed);
      }
    }
  }
}
