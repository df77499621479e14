// recheck_trace (see recheck.h).
#include "sim/runner/recheck.h"

#include <algorithm>
#include <memory>

#include "sim/check/checker.h"
#include "sim/scenario/loader.h"
#include "sim/trace/trace_clocks.h"

namespace dsim {
namespace {

// Hands one recorded event to a checker, through the callback the live run used.
void replay(const TraceEvent& event, Checker& checker) {
  switch (event.kind) {
    case TraceEventKind::state: checker.on_state(event.time_us, event.node, event.key, event.value); break;
    case TraceEventKind::op: checker.on_history(event.to_history_event()); break;
    case TraceEventKind::fault:
      checker.on_fault(event.time_us, FaultEvent{event.fault_kind, event.nodes, event.detail});
      break;
    case TraceEventKind::note: checker.on_note(event.time_us, event.node, event.text); break;
    case TraceEventKind::mark: checker.on_mark(event.time_us, event.node, event.name); break;
    case TraceEventKind::metric:
      checker.on_metric(event.time_us, event.node, event.name, event.metric_kind, event.metric_value);
      break;
    case TraceEventKind::timer_set:
      checker.on_timer_set(event.time_us, event.node, event.timer, Timer{event.timer_kind, event.timer_a, event.timer_b},
                           event.fire_at_us);
      break;
    case TraceEventKind::timer_fire:
      checker.on_timer_fire(event.time_us, event.node, event.timer, Timer{event.timer_kind, event.timer_a, event.timer_b});
      break;
    case TraceEventKind::timer_cancel: checker.on_timer_cancel(event.time_us, event.node, event.timer); break;
    // Messages are closed to checkers (checker.h); durable and verdict records are read apart.
    case TraceEventKind::send:
    case TraceEventKind::deliver:
    case TraceEventKind::drop:
    case TraceEventKind::durable:
    case TraceEventKind::verdict:
    case TraceEventKind::unknown: break;
  }
}

}  // namespace

RecheckResult recheck_trace(const Trace& trace, const ProtocolRegistry& registry, const std::vector<std::string>& checks) {
  const TraceHeader& header = trace.header;
  std::string label = header.scenario.empty() ? std::string("the trace") : header.scenario + " (from the trace)";
  if (header.source.is_null()) {
    throw ScenarioError(label, "source", "the trace's header holds no scenario source, so its checks cannot be rebuilt");
  }
  Scenario scenario = load_scenario_text(header.source.dump(), label, registry);
  const Protocol* protocol = registry.find(scenario.protocol);
  if (!protocol) throw ScenarioError(label, "protocol", "unknown protocol \"" + scenario.protocol + "\"");

  RecheckResult result;
  result.scenario = header.scenario;
  result.seed = header.seed;
  RunInfo info;
  info.seed = header.seed;
  for (const TraceNode& node : header.nodes) {
    info.node_names.push_back(node.name);
    if (node.server) ++info.servers;
  }

  // clock_order is not the protocol's: it judges any trace whose records carry clocks.
  bool clock_order = checks.empty() ? trace_has_clocks(trace)
                                    : std::find(checks.begin(), checks.end(), kClockOrderCheck) != checks.end();
  const std::vector<std::string>& names = checks.empty() ? scenario.checks : checks;
  std::vector<std::unique_ptr<Checker>> checkers;
  for (const std::string& name : names) {
    if (name == kClockOrderCheck) continue;
    std::unique_ptr<Checker> checker = protocol->make_checker(name, scenario);
    if (!checker) throw ScenarioError(label, "checks", "unknown check \"" + name + "\" for " + scenario.protocol);
    checker->begin(info);
    checkers.push_back(std::move(checker));
  }

  std::vector<DurableEntries> durable(header.nodes.size());
  std::vector<bool> alive(header.nodes.size(), true);
  for (const TraceEvent& event : trace.events) {
    if (event.kind == TraceEventKind::fault &&
        (event.fault_kind == fault_kind::kCrash || event.fault_kind == fault_kind::kRestart)) {
      for (NodeId node : event.nodes) alive[node] = event.fault_kind == fault_kind::kRestart;
    }
    if (event.kind == TraceEventKind::durable) {
      for (const auto& [key, value] : event.entries) durable[event.node].emplace(key, value);
    } else if (event.kind == TraceEventKind::verdict) {
      result.recorded.push_back(event.verdict);
      result.recorded_words.push_back(event.verdict_word);
    } else {
      for (const auto& checker : checkers) replay(event, *checker);
    }
  }
  FinalState final_state(trace.end_time_us, std::move(durable), std::move(alive));
  for (const auto& checker : checkers) {
    checker->finish(final_state);
    result.verdicts.push_back(checker->verdict());
  }
  if (clock_order) result.verdicts.push_back(check_trace_clocks(trace));
  return result;
}

}  // namespace dsim
