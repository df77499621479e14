// Parsing a load-balancing scenario's "params" and "workload" (params.h), through JsonReader so
// every mistake names the file, the JSON path and what was expected.
#include "sim/protocols/loadbalance/params.h"

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/scenario/json_reader.h"

namespace dsim::loadbalance {

double LoadBalanceParams::capacity_per_second(std::uint32_t servers) const {
  double speed = 0;
  for (std::uint32_t server = 0; server < servers; ++server) speed += speed_of(server);
  return speed * static_cast<double>(kSecond) / service.mean();
}

namespace {

ServiceTime parse_service(const JsonReader& reader) {
  ServiceTime service;
  if (reader.is_string()) {
    service.kind = ServiceTime::Kind::constant;
    service.mean_us = reader.duration(1);
    return service;
  }
  const char* expected = "a duration such as \"100ms\", or one of {\"constant\": ...}, {\"exponential\": {\"mean\": ...}}, "
                         "{\"uniform\": [low, high]}, {\"lognormal\": {\"median\": ..., \"sigma\": ...}}";
  if (!reader.is_object() || reader.json().size() != 1) reader.fail_expected(expected);
  if (auto constant = reader.find("constant")) {
    service.kind = ServiceTime::Kind::constant;
    service.mean_us = constant->duration(1);
  } else if (auto exponential = reader.find("exponential")) {
    exponential->expect_keys({"mean"});
    service.kind = ServiceTime::Kind::exponential;
    service.mean_us = exponential->at("mean").duration(1);
  } else if (auto uniform = reader.find("uniform")) {
    std::vector<JsonReader> bounds = uniform->items();
    if (bounds.size() != 2) uniform->fail_expected("two durations [low, high]");
    service.kind = ServiceTime::Kind::uniform;
    service.low_us = bounds[0].duration(1);
    service.high_us = bounds[1].duration(1);
    if (service.high_us < service.low_us) uniform->fail("expected low <= high");
  } else if (auto lognormal = reader.find("lognormal")) {
    lognormal->expect_keys({"median", "sigma"});
    service.kind = ServiceTime::Kind::lognormal;
    service.mean_us = lognormal->at("median").duration(1);
    service.sigma = lognormal->number_or("sigma", service.sigma, 0, 10);
  } else {
    reader.fail_expected(expected);
  }
  return service;
}

}  // namespace

LoadBalanceParams parse_loadbalance_params(const JsonReader& params, std::uint32_t servers) {
  params.expect_keys({"policy", "choices", "epsilon", "ring_points", "service", "speeds", "balancers", "load_info",
                      "report_interval", "forget_after", "slo", "slo_quantile", "amplification_limit"});
  LoadBalanceParams result;
  PickerOptions& picker = result.picker;
  if (auto policy = params.find("policy")) {
    picker.policy = *policy_from_name(policy->choice(
        {"random", "round-robin", "least-connections", "jsq", "two-choices", "consistent-hash-bounded"}));
  }
  picker.choices = static_cast<std::uint32_t>(params.integer_or("choices", picker.choices, 1, 100));
  if (auto epsilon = params.find("epsilon")) picker.epsilon_milli = std::llround(epsilon->number(0, 100) * 1000);
  picker.ring_points = static_cast<std::uint32_t>(params.integer_or("ring_points", picker.ring_points, 1, 10000));
  picker.ring_seed = 0x10adba1a;  // every balancer places the servers alike
  if (auto service = params.find("service")) result.service = parse_service(*service);
  if (auto speeds = params.find("speeds")) {
    std::vector<JsonReader> items = speeds->items();
    if (items.size() > servers) {
      speeds->fail("expected at most one speed per server (" + std::to_string(servers) + "), found " +
                   std::to_string(items.size()));
    }
    for (const JsonReader& item : items) result.speeds.push_back(item.number(0.001, 1000));
  }
  result.balancers = static_cast<std::uint32_t>(params.integer_or("balancers", result.balancers, 1, 100));
  if (auto info = params.find("load_info")) {
    result.load_info = info->choice({"local", "reports"}) == "local" ? LoadInfo::local : LoadInfo::reports;
  }
  result.report_interval_us = params.duration_or("report_interval", result.report_interval_us, 1);
  result.forget_after_us = params.duration_or("forget_after", result.forget_after_us, 1);
  result.slo_us = params.duration_or("slo", result.slo_us, 1);
  result.slo_quantile = params.number_or("slo_quantile", result.slo_quantile, 0.5, 0.9999);
  result.amplification_limit = params.number_or("amplification_limit", result.amplification_limit, 1, 100);
  return result;
}

LoadBalanceWorkload parse_loadbalance_workload(const JsonReader& workload, const LoadBalanceParams& params,
                                               std::uint32_t servers) {
  workload.expect_keys({"clients", "rate", "load", "stop", "timeout", "max_attempts", "retry_budget", "retry_budget_cap",
                        "keys", "hot_key_share"});
  LoadBalanceWorkload result;
  result.clients = static_cast<std::uint32_t>(workload.integer_or("clients", result.clients, 1, 100));
  if (workload.has("rate") && workload.has("load")) workload.fail("expected \"rate\" or \"load\", not both");
  if (auto rate = workload.find("rate")) {
    result.rate_per_second = rate->rate_per_second();
    if (!(result.rate_per_second > 0)) rate->fail_expected("a positive rate such as \"40/s\"");
  }
  if (auto load = workload.find("load")) {
    result.rate_per_second = load->number(0.001, 10) * params.capacity_per_second(servers);
  }
  if (auto stop = workload.find("stop")) result.stop_us = stop->duration();
  result.timeout_us = workload.duration_or("timeout", result.timeout_us, 0);
  result.max_attempts = static_cast<std::uint32_t>(workload.integer_or("max_attempts", result.max_attempts, 1, 100));
  if (result.max_attempts > 1 && result.timeout_us == 0) {
    workload.at("max_attempts").fail("retries need a \"timeout\" to know when to retry");
  }
  result.retry_budget = workload.number_or("retry_budget", result.retry_budget, 0, 100);
  result.retry_budget_cap = workload.number_or("retry_budget_cap", result.retry_budget_cap, 1, 100000);
  result.keys = static_cast<std::uint64_t>(workload.integer_or("keys", static_cast<std::int64_t>(result.keys), 1, 1000000000));
  result.hot_key_share = workload.number_or("hot_key_share", result.hot_key_share, 0, 1);
  return result;
}

}  // namespace dsim::loadbalance
