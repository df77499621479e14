// Test harness for the cache protocol.
//  - run_library: a library scenario, run exactly as `dsim run` runs it, but with the parsed params
//    changed first (a remedy off, a test mutant on), which no scenario key can do;
//  - ScriptNode: a node that sends given messages at given times and keeps every reply, for
//    step-by-step interaction tests of a cache node or the database;
//  - RecordLog: the marks, histories and metrics a run produced.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/check/checker.h"
#include "sim/core/protocol_node.h"
#include "sim/core/simulator.h"
#include "sim/faults/fault_injector.h"
#include "sim/protocols/cache/cache_node.h"
#include "sim/protocols/cache/database_node.h"
#include "sim/protocols/cache/params.h"
#include "sim/protocols/cache/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/sections.h"
#include "tests/support/library.h"

namespace dsim::cache::testing {

class RecordLog final : public Observer {
 public:
  void on_mark(TimeUs, NodeId, std::string_view name) override { ++marks[std::string(name)]; }
  void on_history(const HistoryEvent& event) override { history.push_back(event); }
  void on_metric(TimeUs, NodeId, std::string_view name, MetricKind kind, std::int64_t value) override {
    if (kind == MetricKind::counter) counters[std::string(name)] += value;
    if (kind == MetricKind::histogram) samples[std::string(name)].push_back(value);
  }
  std::uint64_t mark(std::string_view name) const {
    auto it = marks.find(std::string(name));
    return it == marks.end() ? 0 : it->second;
  }
  std::int64_t counter(std::string_view name) const {
    auto it = counters.find(std::string(name));
    return it == counters.end() ? 0 : it->second;
  }

  std::map<std::string, std::uint64_t> marks;
  std::vector<HistoryEvent> history;
  std::map<std::string, std::int64_t> counters;
  std::map<std::string, std::vector<std::int64_t>> samples;
};

struct LibraryRun {
  std::map<std::string, Verdict> verdicts;  // by check name
  RecordLog log;

  bool passed(const std::string& check) const { return verdicts.at(check).outcome() == CheckVerdict::pass; }
  // Every violation of `check`, one per line.
  std::string violations(const std::string& check) const {
    std::string text;
    for (const Violation& violation : verdicts.at(check).violations) text += violation.message + "\n";
    return text;
  }
};

// Runs library scenario `name` (e.g. "cache/stampede") at `seed` with `change` applied to its
// params, as run_scenario does: the same world, nodes, checks and faults.
inline LibraryRun run_library(const std::string& name, std::uint64_t seed,
                              const std::function<void(CacheParams&)>& change = {}) {
  Scenario scenario = load_scenario_file(dsim::testing::library_scenario(name), dsim::testing::builtin_registry());
  CacheParams params = parse_cache_params(scenario_params(scenario));
  params.cache_nodes = scenario.nodes - 1;
  if (change) change(params);
  CacheWorkload workload = parse_cache_workload(scenario_workload(scenario));
  Placement placement(params.cache_nodes, params.cache.clusters, params.cache.replicated_keys, params.cache.replicas);

  LibraryRun run;
  World world(scenario, seed);
  Simulator& simulator = world.simulator();
  simulator.add_observer(run.log);
  world.add_server([params](NodeId) { return std::make_unique<DatabaseServer>(params.database, params.keys); });
  for (std::uint32_t i = 0; i < params.cache_nodes; ++i) {
    world.add_server([params, placement](NodeId) { return std::make_unique<CacheServer>(params, placement); });
  }
  for (std::uint32_t c = 0; c < workload.clients; ++c) {
    world.add_client("c" + std::to_string(c), [params, workload, placement, c](NodeId) {
      return std::make_unique<CacheClient>(params, workload, placement, c);
    });
  }
  const Protocol* protocol = dsim::testing::builtin_registry().find("cache");
  RunInfo info{seed, {}, world.servers().size()};
  for (NodeId node = 0; node < simulator.node_count(); ++node) info.node_names.push_back(simulator.node_name(node));
  for (const std::string& check : scenario.checks) {
    std::unique_ptr<Checker> checker = protocol->make_checker(check, scenario);
    checker->begin(info);
    world.add_checker(std::move(checker));
  }
  FaultInjector injector(simulator, world.network(), world.servers());
  injector.schedule(scenario.faults);
  simulator.run_until(scenario.duration_us);
  FinalState final_state = final_state_of(simulator);
  for (const auto& checker : world.checkers()) {
    checker->finish(final_state);
    run.verdicts.emplace(checker->name(), checker->verdict());
  }
  simulator.finish();
  return run;
}

// A timer that says which scripted step is due.
struct ScriptStep {
  static constexpr TimerKind kKind{1, "script-step"};
  std::uint64_t index = 0;
  TimerWords pack() const { return {index}; }
  static ScriptStep unpack(TimerWords words) { return {words.a}; }
};

// Sends each step's message at its time and keeps every message it receives, in order.
class ScriptNode final : public ProtocolNode<ScriptNode> {
 public:
  static constexpr std::string_view kNodeType = "script";
  struct Step {
    TimeUs at_us = 0;
    NodeId to = kNoNode;
    std::shared_ptr<const Message> message;
  };
  struct Received {
    TimeUs at_us = 0;
    NodeId from = kNoNode;
    std::shared_ptr<const Message> message;
  };

  ScriptNode(std::vector<Step> steps, std::shared_ptr<std::vector<Received>> received)
      : steps_(std::move(steps)), received_(std::move(received)) {}

  void start(Context& ctx) {
    for (std::size_t i = 0; i < steps_.size(); ++i) ctx.set_timer(steps_[i].at_us - ctx.now(), ScriptStep{i});
  }
  bool is_current(const ScriptStep&) const { return true; }

 private:
  void on_step(Context& ctx, const ScriptStep& step) { ctx.send(steps_[step.index].to, steps_[step.index].message->clone()); }
  template <typename M>
  void keep(Context& ctx, NodeId from, const M& message) {
    received_->push_back({ctx.now(), from, std::make_shared<M>(message)});
  }
  void on_get_reply(Context& ctx, NodeId from, const CacheGetReply& reply) { keep(ctx, from, reply); }
  void on_write_reply(Context& ctx, NodeId from, const CacheWriteReply& reply) { keep(ctx, from, reply); }
  void on_db_read_reply(Context& ctx, NodeId from, const DbReadReply& reply) { keep(ctx, from, reply); }
  void on_db_write_reply(Context& ctx, NodeId from, const DbWriteReply& reply) { keep(ctx, from, reply); }

  std::vector<Step> steps_;
  std::shared_ptr<std::vector<Received>> received_;

 public:
  using Messages = MessageHandlers<&ScriptNode::on_get_reply, &ScriptNode::on_write_reply,
                                   &ScriptNode::on_db_read_reply, &ScriptNode::on_db_write_reply>;
  using Timers = TimerHandlers<&ScriptNode::on_step>;
};

template <typename M>
std::shared_ptr<const Message> message(M value) {
  return std::make_shared<M>(std::move(value));
}

}  // namespace dsim::cache::testing
