// The txn protocol: validation of params/workload, building the world (one store server playing
// the script's sessions), and its checkers (invariants.h).
//
//   "params": {"flavour": "postgres"|"mysql", "level": "read-committed", "step_interval": "1s",
//              "lock_wait_timeout": "50s",
//              "invariants": {"no_oversell": {"table": "tickets", "max_rows": 1},
//                             "money_conserved": {"table": "accounts", "column": "balance", "total": 200}}}
//   "workload": an interleaving test (see interleaving.h)
#include "sim/protocols/txn/txn_protocol.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "sim/check/checker.h"
#include "sim/protocols/txn/invariants.h"
#include "sim/protocols/txn/script_node.h"
#include "sim/runner/world.h"
#include "sim/scenario/json_reader.h"

namespace dsim::txn {

namespace {

const nlohmann::json& section(const Scenario& scenario, const char* name) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!scenario.source || !scenario.source->contains(name)) return kEmpty;
  return (*scenario.source)[name];
}

TxnParams read_params(const JsonReader& params) {
  params.expect_keys({"flavour", "level", "step_interval", "lock_wait_timeout", "invariants"});
  TxnParams out;
  out.flavour = *parse_flavour(params.has("flavour") ? params.at("flavour").choice({"postgres", "mysql"}) : "postgres");
  out.level = *parse_level(params.has("level") ? params.at("level").choice({"read-uncommitted", "read-committed",
                                                                            "repeatable-read", "serializable"})
                                               : "read-committed");
  out.step_interval_us = params.duration_or("step_interval", kSecond, 1);
  if (params.has("lock_wait_timeout")) out.engine.lock_wait_timeout_us = params.at("lock_wait_timeout").duration(1);
  return out;
}

std::shared_ptr<const InterleavingTest> read_workload(const Scenario& scenario) {
  try {
    return std::make_shared<const InterleavingTest>(parse_interleaving(section(scenario, "workload")));
  } catch (const std::invalid_argument& error) {
    std::string text = error.what();
    auto colon = text.find(": ");
    throw ScenarioError(scenario.file, colon == std::string::npos ? "workload" : text.substr(0, colon),
                        colon == std::string::npos ? text : text.substr(colon + 2));
  }
}

const TxnEngine* script_engine(const Simulator& simulator, NodeId store) {
  const auto* node = dynamic_cast<const TxnScriptNode*>(simulator.node_object(store));
  return node ? &node->engine() : nullptr;
}

class TxnProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "txn"; }
  std::string_view summary() const override {
    return "transactions under PostgreSQL- and InnoDB-style isolation: locks, snapshots, SSI and the anomalies they allow";
  }
  std::vector<std::string> checks() const override {
    return {"no_anomaly", "acyclic_history", "serializable_history", "no_oversell", "money_conserved"};
  }
  std::vector<std::string> marks() const override {
    return {"txn.blocked", "txn.deadlock", "txn.serialization_failure", "txn.abort_at_commit", "txn.lock_wait_timeout", "txn.anomaly"};
  }

  void validate(const Scenario& scenario) const override {
    JsonReader params(section(scenario, "params"), scenario.file, "params");
    read_params(params);
    if (params.has("invariants")) {
      JsonReader invariants = params.at("invariants");
      invariants.expect_keys({"no_oversell", "money_conserved"});
      if (auto oversell = invariants.find("no_oversell")) {
        oversell->expect_keys({"table", "max_rows"});
        oversell->at("table").string();
        oversell->at("max_rows").integer(0, INT64_MAX);
      }
      if (auto money = invariants.find("money_conserved")) {
        money->expect_keys({"table", "column", "total"});
        money->at("table").string();
        money->at("column").string();
        money->at("total").integer(INT64_MIN, INT64_MAX);
      }
    }
    if (scenario.nodes != 1) throw ScenarioError(scenario.file, "nodes", "the txn protocol has exactly one store server");
    read_workload(scenario);
  }

  void build(World& world) const override {
    const Scenario& scenario = world.scenario();
    JsonReader params = world.params();
    TxnParams settings = read_params(params);
    settings.scenario_name = scenario.name;
    auto test = read_workload(scenario);
    NodeId store = world.add_server([settings, test](NodeId) { return std::make_unique<TxnScriptNode>(settings, test); });
    EngineLookup engine = [store](const Simulator& simulator) { return script_engine(simulator, store); };
    ScriptLookup script = [store](const Simulator& simulator) {
      const auto* node = dynamic_cast<const TxnScriptNode*>(simulator.node_object(store));
      return node ? ScriptState{&node->runner().outcome(), node->runner().finished()} : ScriptState{};
    };
    for (const std::string& check : scenario.checks) {
      if (check == "no_anomaly") {
        world.add_checker(make_no_anomaly_checker(script));
      } else if (check == "acyclic_history") {
        world.add_checker(make_acyclic_history_checker(engine));
      } else if (check == "serializable_history") {
        world.add_checker(make_serializable_history_checker(engine, settings.level));
      } else if (check == "no_oversell") {
        JsonReader rule = params.at("invariants").at("no_oversell");
        world.add_checker(make_no_oversell_checker(engine, rule.at("table").string(), rule.at("max_rows").integer(0, INT64_MAX)));
      } else if (check == "money_conserved") {
        JsonReader rule = params.at("invariants").at("money_conserved");
        world.add_checker(make_money_conserved_checker(engine, rule.at("table").string(), rule.at("column").string(),
                                                       rule.at("total").integer(INT64_MIN, INT64_MAX)));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Protocol> make_txn_protocol() { return std::make_unique<TxnProtocol>(); }

}  // namespace dsim::txn
