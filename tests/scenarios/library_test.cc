// Tests over the whole scenario library (scenarios/*/*.json); pin_trace_hashes.py rewrites the pins:
//  - each scenario's trace at its own seed is pinned by a hash (trace_hashes.txt), so a change to
//    the simulator, a protocol or the trace format that alters any run is noticed and must be
//    explained (STYLE.md §5: the same scenario and seed give the same trace, byte for byte);
//  - each trace re-judged offline (recheck_trace, as `dsim check` does) gives the very verdicts the
//    run gave, so checkers read only what the run records (issue "One shape for every protocol").
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
