// The txn protocol: validation of params/workload, building the world, and its checkers
// (invariants.h). Three kinds of world: a step-by-step script (one store node playing the script's
// sessions, script_node.h), a flash sale (a store node and one node per buyer, sale_nodes.h), or a
// hot row (a store node, one node per client and in queue mode a worker, hot_row_nodes.h).
//
//   "params": {"flavour": "postgres"|"mysql", "level": "read-committed", "step_interval": "1s",
//              "lock_wait_timeout": "50s",
//              "invariants": {"no_oversell": {"table": "tickets", "max_rows": 1},
//                             "money_conserved": {"table": "accounts", "column": "balance", "total": 200},
//                             "seats_accounted_for": {"table": "event", "key": "e1", "column": "n",
//                                                     "tickets": "tickets", "total": 1, "seat_column": "seat"},
//                             "counter_matches_rows": {"table": "restaurants", "key": "pizza_palace",
//                                                      "column": "review_count", "rows": "reviews", "base": 10}}}
//   "workload": an interleaving test (see interleaving.h), or a flash sale (flash_sale.h):
//              {"strategy": "optimistic", "clients": 40, "seats": 20, "start_within": "20ms",
//               "think": ["0ms", "2ms"], "max_attempts": 10, "backoff": "2ms", "lookers_percent": 0},
//              or a hot row (hot_row.h):
//              {"hot_row": "queue", "clients": 40, "likes_per_client": 5, "start_within": "20ms",
//               "think": ["0ms", "2ms"], "batch": 10}
#include "sim/protocols/txn/txn_protocol.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <tuple>

#include <nlohmann/json.hpp>

#include "sim/check/checker.h"
#include "sim/protocols/txn/hot_row_nodes.h"
#include "sim/protocols/txn/invariants.h"
#include "sim/protocols/txn/sale_nodes.h"
#include "sim/protocols/txn/script_node.h"
#include "sim/runner/world.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/sections.h"

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

bool is_flash_sale(const Scenario& scenario) { return section(scenario, "workload").contains("strategy"); }
bool is_hot_row(const Scenario& scenario) { return section(scenario, "workload").contains("hot_row"); }

std::pair<DurationUs, DurationUs> think_range(const JsonReader& workload, std::pair<DurationUs, DurationUs> fallback) {
  if (!workload.has("think")) return fallback;
  std::vector<JsonReader> range = workload.at("think").items();
  if (range.size() != 2) workload.at("think").fail_expected("two durations [min, max]");
  DurationUs low = range[0].duration(0);
  return {low, range[1].duration(low)};
}

HotRowWorkload read_hot_row_workload(const JsonReader& workload) {
  workload.expect_keys({"hot_row", "clients", "likes_per_client", "start_within", "think", "batch"});
  HotRowWorkload out;
  out.mode = *parse_hot_row_mode(workload.at("hot_row").choice({"atomic-update", "for-update", "queue"}));
  if (workload.has("clients")) out.clients = static_cast<std::uint32_t>(workload.at("clients").integer(1, 10000));
  if (workload.has("likes_per_client")) out.likes_per_client = static_cast<std::uint32_t>(workload.at("likes_per_client").integer(1, 10000));
  out.start_within_us = workload.duration_or("start_within", out.start_within_us, 0);
  std::tie(out.think_min_us, out.think_max_us) = think_range(workload, {out.think_min_us, out.think_max_us});
  if (workload.has("batch")) out.batch = static_cast<std::uint32_t>(workload.at("batch").integer(1, 100000));
  return out;
}

SeatAccounting read_seat_accounting(const JsonReader& rule) {
  rule.expect_keys({"table", "key", "column", "tickets", "total", "seat_column"});
  SeatAccounting out;
  out.counter = RowKey{rule.at("table").string(), rule.at("key").string()};
  out.column = rule.at("column").string();
  out.tickets = rule.at("tickets").string();
  out.total = rule.at("total").integer(0, INT64_MAX);
  if (rule.has("seat_column")) out.seat_column = rule.at("seat_column").string();
  return out;
}

CounterOfRows read_counter_of_rows(const JsonReader& rule) {
  rule.expect_keys({"table", "key", "column", "rows", "base"});
  CounterOfRows out;
  out.counter = RowKey{rule.at("table").string(), rule.at("key").string()};
  out.column = rule.at("column").string();
  out.rows = rule.at("rows").string();
  out.base = rule.has("base") ? rule.at("base").integer(INT64_MIN, INT64_MAX) : 0;
  return out;
}

SaleWorkload read_sale_workload(const JsonReader& workload) {
  workload.expect_keys({"clients", "seats", "strategy", "start_within", "think", "max_attempts", "backoff", "lookers_percent"});
  SaleWorkload out;
  out.strategy = *parse_sale_strategy(workload.at("strategy").choice(
      {"read-then-write", "atomic-update", "for-update", "optimistic", "serializable-retry"}));
  if (workload.has("clients")) out.clients = static_cast<std::uint32_t>(workload.at("clients").integer(1, 10000));
  if (workload.has("seats")) out.seats = workload.at("seats").integer(0, 1000000);
  out.start_within_us = workload.duration_or("start_within", out.start_within_us, 0);
  std::tie(out.think_min_us, out.think_max_us) = think_range(workload, {out.think_min_us, out.think_max_us});
  if (workload.has("max_attempts")) out.max_attempts = static_cast<std::uint32_t>(workload.at("max_attempts").integer(1, 1000));
  out.backoff_us = workload.duration_or("backoff", out.backoff_us, 1);
  if (workload.has("lookers_percent")) out.lookers_percent = workload.at("lookers_percent").integer(0, 100);
  return out;
}

const TxnEngine* sale_engine(const Simulator& simulator, NodeId store) {
  const auto* node = dynamic_cast<const SaleStoreNode*>(simulator.node_object(store));
  return node ? &node->engine() : nullptr;
}

const TxnEngine* hot_row_engine(const Simulator& simulator, NodeId store) {
  const auto* node = dynamic_cast<const HotRowStoreNode*>(simulator.node_object(store));
  return node ? &node->engine() : nullptr;
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
    return {"no_anomaly", "acyclic_history", "serializable_history", "no_oversell", "money_conserved",
            "seats_accounted_for", "counter_matches_rows"};
  }
  std::vector<std::string> marks() const override {
    return {"txn.blocked", "txn.deadlock", "txn.serialization_failure", "txn.abort_at_commit", "txn.lock_wait_timeout", "txn.anomaly"};
  }

  void validate(const Scenario& scenario) const override {
    JsonReader params(section(scenario, "params"), scenario.file, "params");
    read_params(params);
    if (params.has("invariants")) {
      JsonReader invariants = params.at("invariants");
      invariants.expect_keys({"no_oversell", "money_conserved", "seats_accounted_for", "counter_matches_rows"});
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
      if (auto seats = invariants.find("seats_accounted_for")) read_seat_accounting(*seats);
      if (auto counter = invariants.find("counter_matches_rows")) read_counter_of_rows(*counter);
    }
    if (scenario.nodes != 1) throw ScenarioError(scenario.file, "nodes", "the txn protocol has exactly one store server");
    if (is_flash_sale(scenario)) {
      read_sale_workload(JsonReader(section(scenario, "workload"), scenario.file, "workload"));
    } else if (is_hot_row(scenario)) {
      read_hot_row_workload(JsonReader(section(scenario, "workload"), scenario.file, "workload"));
    } else {
      read_workload(scenario);
    }
    for (const char* rule : {"money_conserved", "no_oversell", "seats_accounted_for", "counter_matches_rows"}) {
      bool listed = std::find(scenario.checks.begin(), scenario.checks.end(), rule) != scenario.checks.end();
      bool configured = params.has("invariants") && params.at("invariants").has(rule);
      bool defaulted = is_flash_sale(scenario) && (std::string(rule) == "no_oversell" || std::string(rule) == "seats_accounted_for");
      if (listed && !configured && !defaulted)
        throw ScenarioError(scenario.file, "checks", std::string("the ") + rule + " check needs params.invariants." + rule);
    }
  }

  void build(World& world) const override {
    const Scenario& scenario = world.scenario();
    JsonReader params = world.params();
    TxnParams settings = read_params(params);
    settings.scenario_name = scenario.name;
    if (is_flash_sale(scenario)) {
      build_flash_sale(world, settings);
      return;
    }
    if (is_hot_row(scenario)) {
      build_hot_row(world, settings);
      return;
    }
    auto test = read_workload(scenario);
    world.add_server([settings, test](NodeId) { return std::make_unique<TxnScriptNode>(settings, test); });
  }

  // The store is always node 0, the one server of every txn world.
  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    constexpr NodeId kStore = 0;
    JsonReader params = scenario_params(scenario);
    TxnParams settings = read_params(params);
    EngineLookup engine = [](const Simulator& simulator) { return script_engine(simulator, kStore); };
    if (is_flash_sale(scenario)) engine = [](const Simulator& simulator) { return sale_engine(simulator, kStore); };
    if (is_hot_row(scenario)) engine = [](const Simulator& simulator) { return hot_row_engine(simulator, kStore); };
    ScriptLookup script = [](const Simulator&) { return ScriptState{}; };
    if (!is_flash_sale(scenario) && !is_hot_row(scenario)) {
      script = [](const Simulator& simulator) {
        const auto* node = dynamic_cast<const TxnScriptNode*>(simulator.node_object(kStore));
        return node ? ScriptState{&node->runner().outcome(), node->runner().finished()} : ScriptState{};
      };
    }
    auto configured = [&params](const char* rule) { return params.has("invariants") && params.at("invariants").has(rule); };
    if (name == "no_anomaly") return make_no_anomaly_checker(script);
    if (name == "acyclic_history") return make_acyclic_history_checker(engine);
    if (name == "serializable_history") return make_serializable_history_checker(engine, settings.level);
    if (name == "no_oversell") {
      if (configured("no_oversell")) {
        JsonReader rule = params.at("invariants").at("no_oversell");
        return make_no_oversell_checker(engine, rule.at("table").string(), rule.at("max_rows").integer(0, INT64_MAX));
      }
      // A flash sale's default: tickets holds at most `seats` rows.
      if (is_flash_sale(scenario)) return make_no_oversell_checker(engine, "tickets", read_sale_workload(scenario_workload(scenario)).seats);
      return nullptr;
    }
    if (name == "money_conserved" && configured("money_conserved")) {
      JsonReader rule = params.at("invariants").at("money_conserved");
      return make_money_conserved_checker(engine, rule.at("table").string(), rule.at("column").string(),
                                          rule.at("total").integer(INT64_MIN, INT64_MAX));
    }
    if (name == "seats_accounted_for") {
      if (configured("seats_accounted_for")) {
        return make_seats_accounted_for_checker(engine, read_seat_accounting(params.at("invariants").at("seats_accounted_for")));
      }
      // A flash sale's default: tickets + event/e1.n = seats, no seat number on two tickets.
      if (is_flash_sale(scenario)) {
        SeatAccounting rule;
        rule.total = read_sale_workload(scenario_workload(scenario)).seats;
        rule.seat_column = "seat";
        return make_seats_accounted_for_checker(engine, rule);
      }
      return nullptr;
    }
    if (name == "counter_matches_rows" && configured("counter_matches_rows")) {
      return make_counter_matches_rows_checker(engine, read_counter_of_rows(params.at("invariants").at("counter_matches_rows")));
    }
    return nullptr;
  }

 private:
  // One store, one node per buyer.
  static void build_flash_sale(World& world, const TxnParams& settings) {
    SaleWorkload sale = read_sale_workload(world.workload());
    NodeId store = world.add_server([settings, sale](NodeId) { return std::make_unique<SaleStoreNode>(settings, sale); });
    for (std::uint32_t buyer = 1; buyer <= sale.clients; ++buyer)
      world.add_client("buyer" + std::to_string(buyer), [sale, buyer, store](NodeId) {
        return std::make_unique<BuyerNode>(sale, buyer, store);
      });
  }

  // One store, one node per client, and in queue mode the worker between them.
  static void build_hot_row(World& world, const TxnParams& settings) {
    HotRowWorkload hot = read_hot_row_workload(world.workload());
    NodeId store = world.add_server([settings, hot](NodeId) { return std::make_unique<HotRowStoreNode>(settings, hot); });
    NodeId target = store;
    if (hot.mode == HotRowMode::queue)
      target = world.add_client("queue", [hot, store](NodeId) { return std::make_unique<QueueWorkerNode>(hot, store); });
    for (std::uint32_t client = 1; client <= hot.clients; ++client)
      world.add_client("client" + std::to_string(client), [hot, client, target, store](NodeId) {
        return std::make_unique<LikeClientNode>(hot, client, target, store);
      });
  }
};

}  // namespace

std::unique_ptr<Protocol> make_txn_protocol() { return std::make_unique<TxnProtocol>(); }

}  // namespace dsim::txn
