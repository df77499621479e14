// Clocks switched on across the library (issue 15): every scenario run with vector clocks passes
// clock_order live and re-judged from its trace, and switching clocks on changes no decision of
// the run (the trace without its "lc"/"vc" fields is the trace of the run without clocks). A
// mutant whose clocks forget to merge on receive is caught; and on a small run the clocks' order
// is compared pair by pair with reachability in the send/deliver graph, the definition itself.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string_view>
#include <sstream>
#include <string>
#include <vector>

#include "sim/runner/recheck.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "sim/trace/trace_clocks.h"
#include "sim/trace/trace_reader.h"
#include "tests/support/library.h"

using namespace dsim;

namespace {

std::vector<std::string> library_names() {
  const char* root = std::getenv("DSIM_SOURCE_DIR");
  std::string dir = std::string(root ? root : ".") + "/scenarios";
  std::vector<std::string> names;
  for (const auto& subject : std::filesystem::directory_iterator(dir)) {
    if (!subject.is_directory()) continue;
    for (const auto& entry : std::filesystem::directory_iterator(subject.path())) {
      if (entry.path().extension() != ".json") continue;
      names.push_back(subject.path().filename().string() + "/" + entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Scenarios larger than this are left out here: a dense vector clock per node is n^2 counters,
// 10^10 for gossip/100k-sites, the only library scenario above it, which a test below runs with
// Lamport clocks. The 1,000-site gossip runs take well under a second each with clocks on.
constexpr std::uint32_t kLargestClockedScenario = 1000;

Scenario with_clocks(const std::string& name, const std::string& mode) {
  return load_scenario_file(testing::library_scenario(name), testing::builtin_registry(),
                            {Override{"clocks", "\"" + mode + "\""}});
}

std::string trace_of(const Scenario& scenario, RunResult& result, const RunOptions& base = {}) {
  std::ostringstream trace;
  RunOptions options = base;
  options.trace = &trace;
  result = run_scenario(scenario, testing::builtin_registry(), options);
  return trace.str();
}

// The trace's event lines without what clocks add: "lc"/"vc" (always a record's last fields), the
// clock_order verdict record, and the end record's event count (which counts that verdict). The
// header names the scenario source, which differs too, and is left out. Plain string work: the
// traces run to many megabytes.
std::string events_without_clocks(const std::string& trace) {
  std::string out;
  out.reserve(trace.size());
  std::size_t at = trace.find('\n') + 1;
  while (at < trace.size()) {
    std::size_t end = trace.find('\n', at);
    if (end == std::string::npos) end = trace.size();
    std::string_view line(trace.data() + at, end - at);
    at = end + 1;
    if (line.find("\"e\":\"verdict\",\"check\":\"clock_order\"") != std::string_view::npos) continue;
    if (line.find("\"e\":\"end\"") != std::string_view::npos) {
      out += "end\n";
      continue;
    }
    std::size_t clocks = line.rfind(",\"lc\":");
    if (clocks != std::string_view::npos) {
      out += line.substr(0, clocks);
      out += "}\n";
      continue;
    }
    out += line;
    out += '\n';
  }
  return out;
}

const Verdict* find_verdict(const std::vector<Verdict>& verdicts, const std::string& name) {
  for (const Verdict& verdict : verdicts) {
    if (verdict.name == name) return &verdict;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("every library scenario with vector clocks on passes clock_order, live and from its trace, and runs as without") {
  // A swarm scenario (raft/swarm) draws its settings from the seed, the same with clocks as without.
  std::size_t checked = 0;
  for (const std::string& name : library_names()) {
    INFO(name);
    Scenario plain = load_scenario_file(testing::library_scenario(name), testing::builtin_registry());
    if (plain.nodes > kLargestClockedScenario) continue;
    RunResult without;
    std::string plain_trace = trace_of(plain, without);
    RunResult result;
    std::string text = trace_of(with_clocks(name, "vector"), result);
    const Verdict* clock_order = find_verdict(result.checks, kClockOrderCheck);
    REQUIRE(clock_order != nullptr);
    CHECK(clock_order->passed());
    if (!clock_order->passed()) FAIL_CHECK(clock_order->violations.front().message);
    bool same_run = events_without_clocks(text) == events_without_clocks(plain_trace);
    CHECK(same_run);  // not CHECK(a == b): a failure would print two whole traces
    Trace trace = read_trace_text(text, name);
    RecheckResult recheck = recheck_trace(trace, testing::builtin_registry());
    CHECK(recheck.verdicts == result.checks);
    ++checked;
  }
  CHECK(checked > 100);
}

TEST_CASE("Lamport clocks alone pass clock_order on a Raft run with a crash") {
  RunResult result;
  std::string text = trace_of(with_clocks("raft/leader-crash", "lamport"), result);
  const Verdict* clock_order = find_verdict(result.checks, kClockOrderCheck);
  REQUIRE(clock_order != nullptr);
  CHECK(clock_order->passed());
  CHECK(text.find("\"lc\":") != std::string::npos);
  CHECK(text.find("\"vc\":") == std::string::npos);
}

TEST_CASE("the library's largest run, gossip/100k-sites, passes clock_order with Lamport clocks") {
  // Vector clocks there would be 10^10 counters; Lamport clocks cost one counter a node, and the
  // check keeps the true causal past only for vector clocks, so the run fits (about 1.6 GB, most
  // of it the events the check names in its messages).
  Scenario scenario = with_clocks("gossip/100k-sites", "lamport");
  REQUIRE(scenario.nodes == 100000);
  RunResult result = run_scenario(scenario, testing::builtin_registry());
  const Verdict* clock_order = find_verdict(result.checks, kClockOrderCheck);
  REQUIRE(clock_order != nullptr);
  CHECK(clock_order->passed());
  CHECK(result.stats.messages_delivered > 100000);
}

TEST_CASE("a clock that forgets to merge on receive is caught by clock_order, naming the two events") {
  for (const std::string mode : {"vector", "lamport"}) {
    INFO(mode);
    RunOptions options;
    options.clock_mutant_forget_merge = true;
    RunResult result;
    std::string text = trace_of(with_clocks("broadcast/happy-path", mode), result, options);
    const Verdict* clock_order = find_verdict(result.checks, kClockOrderCheck);
    REQUIRE(clock_order != nullptr);
    REQUIRE_FALSE(clock_order->violations.empty());
    const std::string& message = clock_order->violations.front().message;
    INFO(message);
    CHECK(message.find("'s send of message ") != std::string::npos);
    CHECK(message.find("happens before") != std::string::npos);
    CHECK(message.find("'s delivery of message ") != std::string::npos);
    // `dsim check` finds the same from the trace alone.
    RecheckResult recheck = recheck_trace(read_trace_text(text, "mutant"), testing::builtin_registry());
    CHECK(*find_verdict(recheck.verdicts, kClockOrderCheck) == *clock_order);
  }
}

TEST_CASE("on a small run, a < b in vector-clock order exactly when a path of program order and messages leads from a to b") {
  // The definition of happens-before (Lamport 1978, "The Partial Ordering"), checked pair by pair by graph search,
  // independent of how the clocks or the check compute anything.
  RunResult result;
  Trace trace = read_trace_text(trace_of(with_clocks("broadcast/lossy-links", "vector"), result), "lossy");
  std::vector<std::size_t> events;  // indices of clock events in the trace
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    if (clocked_event(trace.events[i])) events.push_back(i);
  }
  if (events.size() > 600) events.resize(600);  // a prefix is closed under happens-before
  std::size_t n = events.size();
  REQUIRE(n > 100);
  // Edges: next event on the same node; send -> each delivery of its message.
  std::vector<std::vector<std::size_t>> next(n);
  std::vector<long> last_on_node(trace.header.nodes.size(), -1);
  for (std::size_t k = 0; k < n; ++k) {
    ClockedEvent e = *clocked_event(trace.events[events[k]]);
    if (last_on_node[e.node] >= 0) next[static_cast<std::size_t>(last_on_node[e.node])].push_back(k);
    last_on_node[e.node] = static_cast<long>(k);
    if (e.kind == ClockedEvent::Kind::deliver) {
      for (std::size_t s = 0; s < k; ++s) {
        ClockedEvent f = *clocked_event(trace.events[events[s]]);
        if (f.kind == ClockedEvent::Kind::send && f.message == e.message) next[s].push_back(k);
      }
    }
  }
  auto less = [](const SparseVectorClock& a, const SparseVectorClock& b) {
    // a <= b componentwise and a != b
    for (const auto& [node, count] : a) {
      auto found = std::find_if(b.begin(), b.end(), [node = node](auto& entry) { return entry.first == node; });
      if (found == b.end() || found->second < count) return false;
    }
    return a != b;
  };
  std::size_t ordered = 0;
  for (std::size_t a = 0; a < n; ++a) {
    std::vector<bool> reach(n, false);
    std::vector<std::size_t> stack = next[a];
    while (!stack.empty()) {
      std::size_t k = stack.back();
      stack.pop_back();
      if (reach[k]) continue;
      reach[k] = true;
      for (std::size_t m : next[k]) stack.push_back(m);
    }
    for (std::size_t b = 0; b < n; ++b) {
      bool clocks_say = less(trace.events[events[a]].vector, trace.events[events[b]].vector);
      if (clocks_say != reach[b]) {
        FAIL("events " << a << " and " << b << ": reachable " << reach[b] << ", clock order " << clocks_say);
      }
      ordered += reach[b] ? 1 : 0;
    }
  }
  CHECK(ordered > 0);
  CHECK(ordered < n * (n - 1) / 2);  // some pairs are concurrent, or the run proves little
}
