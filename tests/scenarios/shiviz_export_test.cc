// `dsim export shiviz` (sim/trace/shiviz.h), read back as ShiViz's default parser reads it: the
// expression (?<event>.*)\n(?<host>\S*) (?<clock>{.*}) applied over the log must consume it whole,
// each clock must be a JSON object naming its own host, each host's own count must rise by one per
// event from 1 (ShiViz's rule for a host's events), and each clock must equal the vector clock the
// simulator stamped on the same event when the run kept clocks.
#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "sim/trace/shiviz.h"
#include "sim/trace/trace_clocks.h"
#include "sim/trace/trace_reader.h"
#include "tests/support/library.h"

using namespace dsim;

namespace {

// ShiViz's expression in std::regex's ECMAScript dialect: named groups unnamed (event, host, clock
// in that order) and the braces escaped. Derived from the constant, not typed again.
std::regex ecmascript_form(std::string pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern.compare(i, 3, "(?<") == 0) {
      out += '(';
      i = pattern.find('>', i);
      continue;
    }
    if (pattern[i] == '{' || pattern[i] == '}') out += '\\';
    out += pattern[i];
  }
  return std::regex(out);
}

struct ParsedEvent {
  std::string description;
  std::string host;
  std::map<std::string, std::uint64_t> clock;
};

std::vector<ParsedEvent> parse_like_shiviz(const std::string& file) {
  std::istringstream lines(file);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  REQUIRE(first == kShivizRegex);
  REQUIRE(second.empty());
  std::string log = file.substr(first.size() + second.size() + 2);
  std::regex expression = ecmascript_form(first);
  std::vector<ParsedEvent> events;
  std::size_t consumed = 0;
  for (auto match = std::sregex_iterator(log.begin(), log.end(), expression); match != std::sregex_iterator(); ++match) {
    // Between matches only the newline that ends the previous entry.
    std::string gap = log.substr(consumed, static_cast<std::size_t>(match->position()) - consumed);
    CHECK((gap.empty() || gap == "\n"));
    consumed = static_cast<std::size_t>(match->position() + match->length());
    ParsedEvent event{(*match)[1], (*match)[2], {}};
    nlohmann::json clock = nlohmann::json::parse((*match)[3].str());
    REQUIRE(clock.is_object());
    for (auto& [host, count] : clock.items()) {
      REQUIRE(count.is_number_unsigned());
      event.clock[host] = count.get<std::uint64_t>();
    }
    events.push_back(std::move(event));
  }
  CHECK(log.substr(consumed) == "\n");
  return events;
}

std::string run_trace(const std::string& name, bool clocks) {
  std::vector<Override> overrides;
  if (clocks) overrides.push_back({"clocks", "\"vector\""});
  Scenario scenario = load_scenario_file(testing::library_scenario(name), testing::builtin_registry(), overrides);
  std::ostringstream trace;
  RunOptions options;
  options.trace = &trace;
  run_scenario(scenario, testing::builtin_registry(), options);
  return trace.str();
}

}  // namespace

TEST_CASE("a ShiViz export of a library run parses with ShiViz's default expression into valid, matching vector clocks") {
  for (const std::string name : {"broadcast/lossy-links", "raft/leader-crash"}) {
    INFO(name);
    Trace trace = read_trace_text(run_trace(name, true), name);
    std::ostringstream out;
    std::size_t written = write_shiviz(trace, out);
    std::vector<ParsedEvent> events = parse_like_shiviz(out.str());
    REQUIRE(events.size() == written);
    REQUIRE(written > 100);

    // The trace's clock events, in order, with their hosts and stamped clocks.
    std::vector<const TraceEvent*> stamped;
    for (const TraceEvent& event : trace.events) {
      if (clocked_event(event)) stamped.push_back(&event);
    }
    REQUIRE(stamped.size() == events.size());
    std::map<std::string, std::uint64_t> seen;  // host -> events so far
    for (std::size_t i = 0; i < events.size(); ++i) {
      const ParsedEvent& event = events[i];
      INFO("entry " << i << ": " << event.description);
      REQUIRE(event.clock.count(event.host) == 1);
      CHECK(event.clock.at(event.host) == ++seen[event.host]);  // 1, 2, 3, ... per host
      for (const auto& [host, count] : event.clock) {
        CHECK(count >= 1);
        CHECK(count <= seen[host]);  // a clock counts only events that already happened
      }
      // The same event as the trace's, with the clock the simulator stamped on it.
      ClockedEvent clocked = *clocked_event(*stamped[i]);
      CHECK(event.host == shiviz_host(trace.header.nodes[clocked.node].name));
      std::map<std::string, std::uint64_t> expected;
      for (const auto& [node, count] : stamped[i]->vector) expected[trace.header.nodes[node].name] = count;
      CHECK(event.clock == expected);
    }
  }
}

TEST_CASE("a trace recorded without clocks exports the same ShiViz log, its clocks recomputed from send/deliver pairs") {
  std::ostringstream with, without;
  write_shiviz(read_trace_text(run_trace("broadcast/happy-path", true), "with"), with);
  write_shiviz(read_trace_text(run_trace("broadcast/happy-path", false), "without"), without);
  CHECK(with.str() == without.str());
}

TEST_CASE("a ShiViz host is the node's name with white space made '_'") {
  CHECK(shiviz_host("n0") == "n0");
  CHECK(shiviz_host("node one\tx") == "node_one_x");
}
