// run_scenario: the one place where a scenario becomes a finished run. See run.h.
#include "sim/runner/run.h"

#include <algorithm>

#include "sim/core/assert.h"
#include "sim/faults/fault_injector.h"
#include "sim/runner/world.h"
#include "sim/scenario/json_reader.h"
#include "sim/trace/trace_writer.h"

namespace dsim {
namespace {

// Collects the run's story for the summary: faults, narration and marks.
class RunLog final : public Observer {
 public:
  RunLog(RunResult& result, const Simulator& simulator, const RunOptions& options)
      : result_(result), simulator_(simulator), options_(options) {}

  void on_fault(TimeUs time, const FaultEvent& fault) override {
    if (!wanted()) return;
    std::string text = fault.kind;
    if (!fault.nodes.empty() && fault.detail.empty()) {
      text += " ";
      for (std::size_t i = 0; i < fault.nodes.size(); ++i) {
        if (i) text += ",";
        text += simulator_.node_name(fault.nodes[i]);
      }
    }
    if (!fault.detail.empty()) text += " (" + fault.detail + ")";
    add(time, "fault", text, "fault");
  }

  void on_note(TimeUs time, NodeId node, std::string_view text) override {
    if (!wanted()) return;
    if (node == kNoNode) {
      add(time, "story", std::string(text), "story");
    } else {
      add(time, "note", simulator_.node_name(node) + ": " + std::string(text), simulator_.node_name(node));
    }
  }

  void on_drop(TimeUs, NodeId, NodeId, const Message&, DropReason reason) override {
    ++result_.drops_by_reason[drop_reason_name(reason)];
  }

  void on_mark(TimeUs, NodeId, std::string_view name) override {
    ++result_.marks[std::string(name)];
  }

 private:
  // Whether anyone reads the story lines; a sweep's runs skip building them.
  bool wanted() const { return options_.keep_events || options_.on_narration; }

  void add(TimeUs time, const char* kind, std::string text, const std::string& who) {
    if (options_.on_narration) options_.on_narration(time, who, text);
    // Keep the summary readable and bounded; the trace has everything.
    if (options_.keep_events && result_.events.size() < kMaxEvents) result_.events.push_back({time, kind, std::move(text)});
  }

  static constexpr std::size_t kMaxEvents = 10000;
  RunResult& result_;
  const Simulator& simulator_;
  const RunOptions& options_;
};

// Undoes every fault at the scenario's heal_at, so that checkers can demand convergence.
void schedule_final_heal(Simulator& simulator, Network& network, const std::vector<NodeId>& servers, TimeUs at) {
  simulator.schedule(at, [&network, servers](Simulator& sim) {
    if (network.partitioned()) {
      network.heal();
      sim.report_fault(FaultEvent{"heal", {}, "final heal"});
    }
    network.reset_all_links();  // back to the scenario's own link models
    for (NodeId node : servers) {
      if (sim.paused(node)) sim.resume(node);
      if (!sim.alive(node)) sim.restart(node);
      if (sim.local_time(node) != sim.now()) sim.set_clock(node, 0, 0);
    }
  });
}

}  // namespace

bool RunResult::passed() const { return failed_checks() == 0 && missing_marks.empty(); }

std::size_t RunResult::failed_checks() const {
  return static_cast<std::size_t>(std::count_if(checks.begin(), checks.end(), [](auto& c) { return !c.passed(); }));
}

RunResult run_scenario(const Scenario& scenario, const ProtocolRegistry& registry, const RunOptions& options) {
  const Protocol* protocol = registry.find(scenario.protocol);
  if (!protocol) throw ScenarioError(scenario.file, "protocol", "unknown protocol \"" + scenario.protocol + "\"");

  RunResult result;
  result.file = scenario.file;
  result.scenario = scenario.name;
  result.title = scenario.title;
  result.seed = options.seed.value_or(scenario.seed);
  TimeUs end_us = options.until_us.value_or(scenario.duration_us);
  result.end_us = end_us;

  World world(scenario, result.seed);
  Simulator& simulator = world.simulator();
  Network& network = world.network();
  if (!scenario.topology.empty()) network.set_topology(scenario.topology);
  for (const LinkOverride& link : scenario.links) network.configure_link(link.from, link.to, link.link);

  // Observers first, so that they see the nodes' very first actions.
  std::unique_ptr<TraceWriter> trace;
  if (options.trace) {
    trace = std::make_unique<TraceWriter>(*options.trace, scenario, result.seed);
    simulator.add_observer(*trace);
  }
  RunLog log(result, simulator, options);
  simulator.add_observer(log);
  simulator.add_observer(result.metrics);

  protocol->build(world);
  result.servers = world.servers().size();
  result.clients = world.clients().size();
  DSIM_ASSERT(result.servers == scenario.nodes, "the protocol built exactly scenario.nodes servers");

  for (const StoryLine& line : scenario.story) {
    if (line.at_us > end_us) continue;
    simulator.schedule(line.at_us, [text = line.text](Simulator& sim) { sim.narrate(text); });
  }
  FaultInjector injector(simulator, network, world.servers());
  injector.schedule(scenario.faults);
  TimeUs nemesis_end = std::min(end_us, scenario.heal_at_us.value_or(end_us));
  if (scenario.nemesis.enabled) injector.schedule_nemesis(scenario.nemesis, nemesis_end);
  if (scenario.heal_at_us && *scenario.heal_at_us <= end_us) {
    schedule_final_heal(simulator, network, world.servers(), *scenario.heal_at_us);
  }

  simulator.run_until(end_us);
  simulator.finish();

  result.stats = simulator.stats();
  result.metrics.add_simulator_stats(result.stats);

  for (const auto& checker : world.checkers()) {
    checker->finish(simulator);
    result.checks.push_back({checker->name(), checker->violations(), checker->suppressed()});
  }
  for (const std::string& mark : scenario.expect_marks) {
    if (!result.marks.count(mark)) result.missing_marks.push_back(mark);
  }
  return result;
}

}  // namespace dsim
