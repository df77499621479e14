// Reading the store's params and making its checks (see store_params.h).
#include "sim/protocols/txn/store_protocol/store_params.h"

#include <algorithm>
#include <cstdint>

#include "sim/protocols/txn/store_protocol/invariants.h"
#include "sim/scenario/sections.h"

namespace dsim::txn {
namespace {

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

// The rules the scenario configures under params.invariants, as checks.
constexpr std::string_view kConfiguredChecks[] = {kCheckMoneyConserved, kCheckNoOversell, kCheckSeatsAccountedFor,
                                                  kCheckCounterMatchesRows};

std::optional<JsonReader> invariant(const JsonReader& params, std::string_view rule) {
  if (!params.has("invariants")) return std::nullopt;
  return params.at("invariants").find(std::string(rule));
}

bool defaulted(std::string_view rule, const StoreCheckDefaults& defaults) {
  return (rule == kCheckNoOversell && defaults.no_oversell) || (rule == kCheckSeatsAccountedFor && defaults.seats_accounted_for);
}

}  // namespace

StoreSettings parse_store_settings(const JsonReader& params) {
  StoreSettings out;
  out.flavour = *parse_flavour(params.has("flavour") ? params.at("flavour").choice({"postgres", "mysql"}) : "postgres");
  out.level = *parse_level(params.has("level") ? params.at("level").choice({"read-uncommitted", "read-committed",
                                                                            "repeatable-read", "serializable"})
                                               : "read-committed");
  if (params.has("lock_wait_timeout")) out.engine.lock_wait_timeout_us = params.at("lock_wait_timeout").duration(1);
  return out;
}

void validate_invariants(const JsonReader& params) {
  if (!params.has("invariants")) return;
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

std::pair<DurationUs, DurationUs> parse_think_range(const JsonReader& workload, std::pair<DurationUs, DurationUs> fallback) {
  if (!workload.has("think")) return fallback;
  std::vector<JsonReader> range = workload.at("think").items();
  if (range.size() != 2) workload.at("think").fail_expected("two durations [min, max]");
  DurationUs low = range[0].duration(0);
  return {low, range[1].duration(low)};
}

std::vector<std::string> store_check_names() {
  return {std::string(kCheckAcyclicHistory), std::string(kCheckSerializableHistory), std::string(kCheckNoOversell),
          std::string(kCheckMoneyConserved), std::string(kCheckSeatsAccountedFor), std::string(kCheckCounterMatchesRows)};
}

void require_invariant_settings(const Scenario& scenario, const StoreCheckDefaults& defaults) {
  JsonReader params = scenario_params(scenario);
  for (std::string_view rule : kConfiguredChecks) {
    bool listed = std::find(scenario.checks.begin(), scenario.checks.end(), rule) != scenario.checks.end();
    if (listed && !invariant(params, rule) && !defaulted(rule, defaults))
      throw ScenarioError(scenario.file, "checks", "the " + std::string(rule) + " check needs params.invariants." + std::string(rule));
  }
}

std::unique_ptr<Checker> make_store_checker(std::string_view name, const Scenario& scenario, const StoreCheckDefaults& defaults) {
  JsonReader params = scenario_params(scenario);
  if (name == kCheckAcyclicHistory) return make_acyclic_history_checker(kStoreNode);
  if (name == kCheckSerializableHistory) return make_serializable_history_checker(kStoreNode, parse_store_settings(params).level);
  std::optional<JsonReader> rule = invariant(params, name);
  if (name == kCheckNoOversell) {
    if (rule) return make_no_oversell_checker(kStoreNode, rule->at("table").string(), rule->at("max_rows").integer(0, INT64_MAX));
    if (defaults.no_oversell) return make_no_oversell_checker(kStoreNode, defaults.no_oversell->first, defaults.no_oversell->second);
    return nullptr;
  }
  if (name == kCheckMoneyConserved && rule) {
    return make_money_conserved_checker(kStoreNode, rule->at("table").string(), rule->at("column").string(),
                                        rule->at("total").integer(INT64_MIN, INT64_MAX));
  }
  if (name == kCheckSeatsAccountedFor) {
    if (rule) return make_seats_accounted_for_checker(kStoreNode, read_seat_accounting(*rule));
    if (defaults.seats_accounted_for) return make_seats_accounted_for_checker(kStoreNode, *defaults.seats_accounted_for);
    return nullptr;
  }
  if (name == kCheckCounterMatchesRows && rule) return make_counter_matches_rows_checker(kStoreNode, read_counter_of_rows(*rule));
  return nullptr;
}

}  // namespace dsim::txn
