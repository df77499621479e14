// run_scenario: the one place where a scenario becomes a finished run. See run.h.
#include "sim/runner/run.h"

#include <algorithm>

#include "sim/check/clock_order.h"
#include "sim/core/assert.h"
#include "sim/core/message.h"
#include "sim/faults/fault_injector.h"
#include "sim/runner/story_watch.h"
#include "sim/runner/world.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/loader.h"
#include "sim/trace/fault_words.h"
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
    if (names_.size() != simulator_.node_count()) {
      names_.clear();
      for (NodeId node = 0; node < simulator_.node_count(); ++node) names_.push_back(simulator_.node_name(node));
    }
    add(time, "fault", fault_in_words(fault.kind, fault.nodes, fault.detail, names_), "fault");
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
  std::vector<std::string> names_;  // every node's name, for fault lines
  RunResult& result_;
  const Simulator& simulator_;
  const RunOptions& options_;
};

// Feeds each send, delivery and timer firing, with the clocks the simulator stamped on it, to the
// clock_order check, as the trace records them (so a live run and `dsim check` judge alike).
class ClockWatch final : public Observer {
 public:
  void on_run_start(const Simulator& simulator) override {
    simulator_ = &simulator;
    std::vector<std::string> names;
    for (NodeId node = 0; node < simulator.node_count(); ++node) names.push_back(simulator.node_name(node));
    check_ = std::make_unique<ClockOrderCheck>(std::move(names));
  }
  void on_send(TimeUs time, NodeId from, NodeId, const Message& message, TimeUs) override {
    add(ClockedEvent::Kind::send, time, from, message.id(), std::string(message.type()));
  }
  void on_deliver(TimeUs time, NodeId, NodeId to, const Message& message) override {
    add(ClockedEvent::Kind::deliver, time, to, message.id(), std::string(message.type()));
  }
  void on_timer_fire(TimeUs time, NodeId node, TimerId, const Timer& timer) override {
    const Node* object = simulator_->node_object(node);
    add(ClockedEvent::Kind::local, time, node, 0,
        std::string(object != nullptr ? object->timer_name(timer.kind) : std::string_view("timer")));
  }
  Verdict verdict() const { return check_ ? check_->verdict() : Verdict{kClockOrderCheck, {}, 0, {}}; }

 private:
  void add(ClockedEvent::Kind kind, TimeUs time, NodeId node, MessageId message, std::string what) {
    const CausalClocks* clocks = simulator_->causal_clocks();
    if (clocks == nullptr) return;
    ClockedEvent event;
    event.kind = kind;
    event.time_us = time;
    event.node = node;
    event.message = message;
    event.what = std::move(what);
    event.has_lamport = true;
    event.lamport = clocks->lamport(node);
    event.has_vector = clocks->mode() == ClockMode::vector;
    if (event.has_vector) event.vector = clocks->vector(node);
    check_->add(event);
  }
  const Simulator* simulator_ = nullptr;
  std::unique_ptr<ClockOrderCheck> check_;
};

}  // namespace

std::string describe_send_rate_exceeded(const SendRateExceeded& exceeded, const Simulator& simulator) {
  return simulator.node_name(exceeded.node) + " sent " + std::to_string(exceeded.sends) + " messages between " +
         format_time_seconds(exceeded.window_start_us) + " and " + format_time_seconds(exceeded.at_us) +
         ", over the bound of " + std::to_string(exceeded.bound) +
         " per node per second of virtual time (the scenario's max_send_rate); the run was stopped there: a "
         "retransmission storm or another runaway loop";
}

CheckVerdict RunResult::verdict() const {
  // An expected mark never hit is a note about teaching (missing_marks), not a correctness failure.
  if (failed_checks() > 0) return CheckVerdict::fail;
  return undecided_checks() > 0 ? CheckVerdict::undecided : CheckVerdict::pass;
}

std::size_t RunResult::failed_checks() const {
  return static_cast<std::size_t>(
      std::count_if(checks.begin(), checks.end(), [](auto& c) { return c.outcome() == CheckVerdict::fail; }));
}

std::size_t RunResult::undecided_checks() const {
  return static_cast<std::size_t>(
      std::count_if(checks.begin(), checks.end(), [](auto& c) { return c.outcome() == CheckVerdict::undecided; }));
}

RunResult run_scenario(const Scenario& scenario, const ProtocolRegistry& registry, const RunOptions& options) {
  const Protocol* protocol = registry.find(scenario.protocol);
  if (!protocol) throw ScenarioError(scenario.file, "protocol", "unknown protocol \"" + scenario.protocol + "\"");
  if (!scenario.swarm.empty()) {
    // A swarm scenario runs the scenario its seed draws (docs/scenario-format.md, "Swarm").
    return run_scenario(draw_swarm_scenario(scenario, options.seed.value_or(scenario.seed), registry), registry, options);
  }

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
  for (Observer* observer : options.observers) simulator.add_observer(*observer);
  std::unique_ptr<ClockWatch> clock_watch;
  if (scenario.clocks != ClockMode::off) {
    simulator.set_clocks(scenario.clocks, options.clock_mutant_forget_merge);
    clock_watch = std::make_unique<ClockWatch>();
    simulator.add_observer(*clock_watch);
  }

  protocol->build(world);
  result.servers = world.servers().size();
  result.clients = world.clients().size();
  DSIM_ASSERT(result.servers == scenario.nodes, "the protocol built exactly scenario.nodes servers");
  RunInfo info{result.seed, {}, result.servers};
  for (NodeId node = 0; node < simulator.node_count(); ++node) info.node_names.push_back(simulator.node_name(node));
  for (const std::string& check : scenario.checks) {
    std::unique_ptr<Checker> checker = protocol->make_checker(check, scenario);
    if (!checker) throw ScenarioError(scenario.file, "checks", "unknown check \"" + check + "\" for " + scenario.protocol);
    checker->begin(info);
    world.add_checker(std::move(checker));
  }

  for (const StoryLine& line : scenario.story) {
    if (line.at_us > end_us || !line.when.empty()) continue;
    simulator.schedule(line.at_us, [text = line.text](Simulator& sim) { sim.narrate(text); });
  }
  FaultInjector injector(simulator, network, world.servers());
  injector.schedule(scenario.faults);
  TimeUs nemesis_end = std::min(end_us, scenario.heal_at_us.value_or(end_us));
  if (scenario.nemesis.enabled) injector.schedule_nemesis(scenario.nemesis, nemesis_end);
  if (scenario.heal_at_us && *scenario.heal_at_us <= end_us) {
    injector.schedule_final_heal(*scenario.heal_at_us);  // every fault undone, so checkers can demand convergence
  }
  // A line that claims events is judged after everything already due at its moment (faults, and
  // deliveries and timers scheduled before it): when the moment comes, its judgement is scheduled
  // again for the same time, behind them. It is narrated as written only when its events happened.
  StoryWatch story_watch(scenario, info.node_names);
  simulator.add_observer(story_watch);
  for (std::size_t i = 0; i < scenario.story.size(); ++i) {
    const StoryLine& line = scenario.story[i];
    if (line.at_us > end_us || line.when.empty() || story_watch.claims_verdict(i)) continue;
    simulator.schedule(line.at_us, [&story_watch, &result, &line, i](Simulator& sim) {
      sim.schedule(line.at_us, [&story_watch, &result, &line, i](Simulator& later) {
        bool held = story_watch.holds(i);
        result.story.push_back({i, line.at_us, held});
        later.narrate(held ? line.text : line.unmet_text);
      });
    });
  }

  simulator.set_max_sends_per_second(scenario.max_sends_per_second);
  simulator.run_until(end_us);
  if (simulator.send_rate_exceeded()) {
    // A runaway: say so in the story and the trace, and fail the run with that as its evidence.
    result.send_rate_exceeded = simulator.send_rate_exceeded();
    std::string message = describe_send_rate_exceeded(*result.send_rate_exceeded, simulator);
    simulator.narrate("run stopped: " + message);
    result.end_us = simulator.now();
  }

  // Judge from what the run recorded and what survived it, then record the verdicts in the trace
  // before its end, so that a replay and `dsim check` see them.
  FinalState final_state = final_state_of(simulator);
  for (const auto& checker : world.checkers()) {
    checker->finish(final_state);
    result.checks.push_back(checker->verdict());
  }
  if (result.send_rate_exceeded) {
    Verdict runaway;
    runaway.name = kSendRateCheck;
    runaway.violations.push_back({result.send_rate_exceeded->at_us, {result.send_rate_exceeded->node},
                                  describe_send_rate_exceeded(*result.send_rate_exceeded, simulator)});
    result.checks.push_back(std::move(runaway));
  }
  if (clock_watch) result.checks.push_back(clock_watch->verdict());
  // A line that states a verdict (always at the run's end) is judged now that the verdicts are
  // known, after every other line of that moment, and before the trace records the verdicts.
  for (std::size_t i = 0; i < scenario.story.size(); ++i) {
    const StoryLine& line = scenario.story[i];
    if (line.at_us > end_us || !story_watch.claims_verdict(i)) continue;
    bool held = story_watch.holds(i, &result.checks);
    result.story.push_back({i, line.at_us, held});
    simulator.narrate(held ? line.text : line.unmet_text);
  }
  if (trace) {
    trace->write_durable(final_state);
    trace->write_verdicts(result.checks);
  }
  simulator.finish();

  result.stats = simulator.stats();
  result.metrics.add_simulator_stats(result.stats);
  for (const std::string& mark : scenario.expect_marks) {
    if (!result.marks.count(mark)) result.missing_marks.push_back(mark);
  }
  return result;
}

}  // namespace dsim
