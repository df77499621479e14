// Tests over the whole scenario library (scenarios/*/*.json); pin_trace_hashes.py rewrites the pins:
//  - each scenario's trace at its own seed is pinned by a hash (trace_hashes.txt), so a change to
//    the simulator, a protocol or the trace format that alters any run is noticed and must be
//    explained (STYLE.md §5: the same scenario and seed give the same trace, byte for byte);
//  - each trace re-judged offline (recheck_trace, as `dsim check` does) gives the very verdicts the
//    run gave, so checkers read only what the run records (issue "One shape for every protocol");
//  - each scenario teaches what it says at its own seed (issue 11): its verdict is the one it
//    declares (expect_verdict), it hits every expected mark, every story line that claims events
//    ("when") is borne out by the run, and a line that cites a mark or a past time of the run claims it.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
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
    // A swarm run tells the story of the scenario it drew, which opens with a line naming the draws:
    // the outcomes' line numbers are of that story.
    const Scenario told = scenario.swarm.empty()
                              ? scenario
                              : draw_swarm_scenario(scenario, scenario.seed, testing::builtin_registry());
    std::size_t claims = 0;
    for (const StoryLine& line : told.story) claims += line.when.empty() ? 0 : 1;
    CHECK(result.story.size() == claims);
    for (const StoryOutcome& outcome : result.story) {
      REQUIRE(outcome.line < told.story.size());
      INFO("story[" << outcome.line << "] at " << format_time_seconds(outcome.at_us) << ": "
                    << told.story[outcome.line].text);
      CHECK(outcome.held);
    }
  }
}

// The run facts a story line's text states that the test can see (a story line that states one must
// claim it, docs/scenario-format.md "Stories that follow the run"):
//  - the marks it cites: "(mark X", "(mark X for the rest)", or a declared mark in parentheses, "(swim.suspect)";
//  - the times of the run at or before its own moment that it cites: "at 420 ms", "by 13.4 s",
//    "since 4.9 s", "until 1s", "from 0.95s" (a later time is the scenario's plan, such as "P1 will
//    propose at 10 ms", which no condition can judge yet).
struct CitedFacts {
  std::vector<std::string> marks;
  std::vector<std::string> past_times;
};

CitedFacts cited_facts(const StoryLine& line, const std::vector<std::string>& declared_marks) {
  CitedFacts facts;
  static const std::regex mark_citation(R"(\((?:mark )?([a-z0-9_]+\.[a-z0-9_.]*[a-z0-9_]))");
  for (auto it = std::sregex_iterator(line.text.begin(), line.text.end(), mark_citation); it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[1];
    bool says_mark = it->str().rfind("(mark ", 0) == 0;
    bool declared = std::find(declared_marks.begin(), declared_marks.end(), name) != declared_marks.end();
    if (says_mark || declared) facts.marks.push_back(name);
  }
  static const std::regex time_citation(R"(\b(?:[Aa]t|[Bb]y|[Ss]ince|[Uu]ntil|[Ff]rom) (\d+(?:\.\d+)?) ?(ms|s)\b)");
  for (auto it = std::sregex_iterator(line.text.begin(), line.text.end(), time_citation); it != std::sregex_iterator(); ++it) {
    double value = std::stod((*it)[1]);
    double us = (*it)[2] == "ms" ? value * 1e3 : value * 1e6;
    if (us <= static_cast<double>(line.at_us) + 0.5) facts.past_times.push_back(it->str());
  }
  return facts;
}

TEST_CASE("the run facts a story line cites are facts it claims") {
  // "(mark raft.stepped_down)" or "at 0.937 s" in a line's text states a fact of the run: the line
  // must carry a "when" (naming that mark), or after a --set, another seed or a fork it would narrate
  // an event that never happened. Held for every subject.
  for (const std::string& name : library_names()) {
    Scenario scenario = load_scenario_file(testing::library_scenario(name), testing::builtin_registry());
    std::vector<std::string> declared = testing::builtin_registry().find(scenario.protocol)->marks();
    for (std::size_t i = 0; i < scenario.story.size(); ++i) {
      const StoryLine& line = scenario.story[i];
      CitedFacts facts = cited_facts(line, declared);
      for (const std::string& mark : facts.marks) {
        bool claimed = false;
        for (const StoryCondition& condition : line.when) {
          claimed = claimed || (condition.kind == StoryCondition::Kind::mark && condition.name == mark && condition.happened);
        }
        INFO(name << " story[" << i << "] cites mark " << mark << " without claiming it: " << line.text);
        CHECK(claimed);
      }
      for (const std::string& time : facts.past_times) {
        INFO(name << " story[" << i << "] cites a time of the run (\"" << time << "\") without a claim: " << line.text);
        CHECK(!line.when.empty());
      }
    }
  }
}

// The verdicts a closing line (at the run's end) states: "slo fails", "stale_read and slo pass",
// "Both checks pass". Each is a check of the run named in the text with a verdict word before the
// clause ends; the line must claim it with that verdict (docs/scenario-format.md, "check").
std::map<std::string, bool> stated_verdicts(const std::string& text, const std::vector<std::string>& checks) {
  std::map<std::string, bool> stated;
  static const std::regex all_pass(R"(^(Both|All three|All) checks pass)");
  if (std::regex_search(text, all_pass)) {
    for (const std::string& check : checks) stated[check] = true;
    return stated;
  }
  static const std::regex verdict_word(R"(\b(passes|pass|holds|hold|held|FAILS|fails|fail)\b)");
  for (const std::string& check : checks) {
    std::regex named("\\b" + check + "\\b(?!')");
    std::smatch at;
    if (!std::regex_search(text, at, named)) continue;
    std::string clause = at.suffix().str();
    clause = clause.substr(0, clause.find_first_of(".:;"));
    std::smatch word;
    if (!std::regex_search(clause, word, verdict_word)) continue;
    std::string verdict = word[1].str();
    stated[check] = verdict.rfind("fail", 0) != 0 && verdict != "FAILS";  // "fails", "fail", "FAILS"
  }
  return stated;
}

TEST_CASE("a closing line that states a check's verdict claims it") {
  // "slo fails: 46.5% of operations failed" at the run's end is a fact of the run: after a --set or
  // another seed the verdict may differ, so the line must carry {"check": "slo", "passed": false}.
  for (const std::string& name : library_names()) {
    Scenario scenario = load_scenario_file(testing::library_scenario(name), testing::builtin_registry());
    for (std::size_t i = 0; i < scenario.story.size(); ++i) {
      const StoryLine& line = scenario.story[i];
      if (line.at_us != scenario.duration_us) continue;
      for (const auto& [check, passed] : stated_verdicts(line.text, scenario.checks)) {
        bool claimed = false;
        for (const StoryCondition& condition : line.when) {
          claimed = claimed || (condition.kind == StoryCondition::Kind::check && condition.name == check &&
                                condition.passed == passed);
        }
        INFO(name << " story[" << i << "] states that " << check << (passed ? " passes" : " fails")
                  << " without claiming it: " << line.text);
        CHECK(claimed);
      }
    }
  }
}

TEST_CASE("the verdict rule sees the verdicts a closing line states") {
  std::vector<std::string> checks = {"within_limit", "within_limit_any_window", "slo"};
  CHECK(stated_verdicts("Both checks pass: nothing failed.", checks) ==
        std::map<std::string, bool>{{"within_limit", true}, {"within_limit_any_window", true}, {"slo", true}});
  CHECK(stated_verdicts("within_limit passes (no window held more than 10) but within_limit_any_window fails and names "
                        "the 90ms.",
                        checks) == std::map<std::string, bool>{{"within_limit", true}, {"within_limit_any_window", false}});
  CHECK(stated_verdicts("slo FAILS, on purpose.", checks) == std::map<std::string, bool>{{"slo", false}});
  CHECK(stated_verdicts("Compare slo's objective: see the docs. Nothing is stated here.", checks).empty());
}

TEST_CASE("the story rule sees a cited mark and a cited time") {
  // The rule above is only as good as what it detects: a line written the way the library writes them.
  std::vector<std::string> declared = {"swim.suspect", "ratelimit.rejected"};
  StoryLine line;
  line.at_us = 2'000'000;
  line.text = "n0 suspects n5 (swim.suspect); by 1.5 s every member does, and gw0 rejects (mark ratelimit.rejected for the rest). "
              "P1 will propose at 10 s (the plan, not a fact yet); see the docs (e.g. the page).";
  CitedFacts facts = cited_facts(line, declared);
  CHECK(facts.marks == std::vector<std::string>{"swim.suspect", "ratelimit.rejected"});
  CHECK(facts.past_times == std::vector<std::string>{"by 1.5 s"});
  line.text = "Explains, cites nothing: a digest every 200ms, values cached for 30 s.";
  facts = cited_facts(line, declared);
  CHECK(facts.marks.empty());
  CHECK(facts.past_times.empty());
}
