// The txn protocol: validation of params/workload, building the world (one store server, one
// client per transaction), and its checkers.
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
#include "sim/check/dsg/anomalies.h"
#include "sim/protocols/txn/txn_nodes.h"
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

dsg::AdyaLevel adya_level(Level level) {
  switch (level) {
    case Level::read_uncommitted: return dsg::AdyaLevel::pl1;
    case Level::read_committed: return dsg::AdyaLevel::pl2;
    case Level::repeatable_read: return dsg::AdyaLevel::pl2_99;
    case Level::serializable: return dsg::AdyaLevel::pl3;
  }
  return dsg::AdyaLevel::pl3;
}

const TxnStoreNode* store_of(const Simulator& simulator, NodeId store) {
  return dynamic_cast<const TxnStoreNode*>(simulator.node_object(store));
}

// The DSG checker at the scenario's level (ANSI names read as Adya's PL levels).
class SerializableHistoryChecker final : public Checker {
 public:
  SerializableHistoryChecker(NodeId store, Level level) : Checker("serializable_history"), store_(store), level_(level) {}
  void finish(const Simulator& simulator) override {
    const TxnStoreNode* node = store_of(simulator, store_);
    if (!node) return;
    for (const dsg::Anomaly& anomaly : dsg::violations(node->engine().history(), adya_level(level_)))
      report(simulator.now(), {store_}, anomaly.name + " is forbidden at " + dsg::adya_level_name(adya_level(level_)) +
                                            ": " + anomaly.evidence + " — " + anomaly.explanation);
  }

 private:
  NodeId store_;
  Level level_;
};

// A table holds at most `max_rows` committed rows (no seat sold twice).
class NoOversellChecker final : public Checker {
 public:
  NoOversellChecker(NodeId store, std::string table, std::int64_t max_rows)
      : Checker("no_oversell"), store_(store), table_(std::move(table)), max_rows_(max_rows) {}
  void finish(const Simulator& simulator) override {
    const TxnStoreNode* node = store_of(simulator, store_);
    if (!node) return;
    std::int64_t rows = 0;
    for (const auto& [row_key, row] : node->engine().store().committed_state()) rows += row_key.table == table_;
    if (rows > max_rows_)
      report(simulator.now(), {store_}, table_ + " holds " + std::to_string(rows) + " committed rows but only " +
                                            std::to_string(max_rows_) + " were available: oversold");
  }

 private:
  NodeId store_;
  std::string table_;
  std::int64_t max_rows_;
};

// The sum of a column over a table's committed rows equals `total` (no money made or lost).
class MoneyConservedChecker final : public Checker {
 public:
  MoneyConservedChecker(NodeId store, std::string table, std::string column, std::int64_t total)
      : Checker("money_conserved"), store_(store), table_(std::move(table)), column_(std::move(column)), total_(total) {}
  void finish(const Simulator& simulator) override {
    const TxnStoreNode* node = store_of(simulator, store_);
    if (!node) return;
    std::int64_t sum = 0;
    for (const auto& [row_key, row] : node->engine().store().committed_state())
      if (row_key.table == table_ && row.count(column_)) sum += row.at(column_);
    if (sum != total_)
      report(simulator.now(), {store_}, "the " + column_ + " column of " + table_ + " sums to " + std::to_string(sum) +
                                            " instead of " + std::to_string(total_));
  }

 private:
  NodeId store_;
  std::string table_;
  std::string column_;
  std::int64_t total_;
};

class TxnProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "txn"; }
  std::string_view summary() const override {
    return "transactions under PostgreSQL- and InnoDB-style isolation: locks, snapshots, SSI and the anomalies they allow";
  }
  std::vector<std::string> checks() const override { return {"serializable_history", "no_oversell", "money_conserved"}; }
  std::vector<std::string> marks() const override {
    return {"txn.blocked", "txn.deadlock", "txn.serialization_failure", "txn.abort_at_commit", "txn.lock_wait_timeout"};
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
    auto test = read_workload(scenario);
    NodeId store = world.add_server([settings, test](NodeId) { return std::make_unique<TxnStoreNode>(settings, test); });
    std::vector<std::uint32_t> txns;
    for (const Step& step : test->steps)
      if (std::find(txns.begin(), txns.end(), step.txn) == txns.end()) txns.push_back(step.txn);
    std::sort(txns.begin(), txns.end());
    for (std::uint32_t txn : txns)
      world.add_client("T" + std::to_string(txn), [settings, test, txn, store](NodeId) {
        return std::make_unique<TxnClientNode>(settings, test, txn, store);
      });
    for (const std::string& check : scenario.checks) {
      if (check == "serializable_history") {
        world.add_checker(std::make_unique<SerializableHistoryChecker>(store, settings.level));
      } else if (check == "no_oversell") {
        JsonReader rule = params.at("invariants").at("no_oversell");
        world.add_checker(std::make_unique<NoOversellChecker>(store, rule.at("table").string(), rule.at("max_rows").integer(0, INT64_MAX)));
      } else if (check == "money_conserved") {
        JsonReader rule = params.at("invariants").at("money_conserved");
        world.add_checker(std::make_unique<MoneyConservedChecker>(store, rule.at("table").string(), rule.at("column").string(),
                                                                  rule.at("total").integer(INT64_MIN, INT64_MAX)));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Protocol> make_txn_protocol() { return std::make_unique<TxnProtocol>(); }

}  // namespace dsim::txn
