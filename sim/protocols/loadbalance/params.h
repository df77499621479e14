// What a load-balancing scenario can tune: the "params" (policy, servers' service times and
// speeds, how many balancers and what they know, the checks' objectives) and the "workload"
// (clients, load, timeouts and retries). The servers are the scenario's nodes; balancers (lb0,
// lb1, ...) and clients (c0, c1, ...) are added after them.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/time.h"
#include "sim/protocols/loadbalance/server_picker.h"
#include "sim/protocols/loadbalance/service_time.h"

namespace dsim {
class JsonReader;
}

namespace dsim::loadbalance {

enum class LoadInfo : std::uint8_t {
  local,    // the balancer's own count of its requests outstanding at each server
  reports,  // the servers' queue lengths as last reported (every report_interval)
};

struct LoadBalanceParams {
  PickerOptions picker;              // the policy and its knobs
  ServiceTime service;               // at speed 1
  std::vector<double> speeds;        // per server; empty or short: 1 for the rest
  std::uint32_t balancers = 1;
  LoadInfo load_info = LoadInfo::local;  // least-connections always uses local
  DurationUs report_interval_us = 500 * kMillisecond;  // servers' load reports, when load_info is reports
  DurationUs forget_after_us = 10 * kSecond;  // a balancer stops counting an unanswered dispatch
  // The checks' objectives.
  double slo_quantile = 0.99;                 // latency_slo: this share of requests ...
  DurationUs slo_us = kSecond;                // ... answered within this
  double amplification_limit = 1.5;           // retry_amplification: attempts per new request, per second

  // Test-only mutants that prove the checkers can fail; no scenario key sets them.
  bool mutant_ignore_bound = false;           // consistent-hash-bounded sends every key home, full or not

  double speed_of(std::uint32_t server) const { return server < speeds.size() ? speeds[server] : 1.0; }
  // The servers' total capacity in requests per second.
  double capacity_per_second(std::uint32_t servers) const;
};

struct LoadBalanceWorkload {
  std::uint32_t clients = 1;        // client c talks to balancer c mod balancers
  double rate_per_second = 10;      // Poisson requests per second over all clients ("rate", or "load" x capacity)
  TimeUs stop_us = kTimeNever;
  DurationUs timeout_us = 0;        // 0: wait for ever
  std::uint32_t max_attempts = 1;   // 1: no retries
  double retry_budget = -1;         // retries per new request the client may spend (< 0: no budget)
  double retry_budget_cap = 10;     // the most retries a client may save up
  std::uint64_t keys = 1000;        // keys drawn uniformly from 0..keys-1 ...
  double hot_key_share = 0;         // ... except this share of requests, all for key 0

  // Test-only mutant: the budget is checked but never spent.
  bool mutant_budget_never_spent = false;
};

// Reads "params": {"policy", "choices", "epsilon", "ring_points", "service", "speeds",
// "balancers", "load_info", "report_interval", "forget_after", "slo", "slo_quantile",
// "amplification_limit"}; `servers` checks "speeds".
LoadBalanceParams parse_loadbalance_params(const JsonReader& params, std::uint32_t servers);
// Reads "workload": {"clients", "rate" or "load", "stop", "timeout", "max_attempts",
// "retry_budget", "retry_budget_cap", "keys", "hot_key_share"}; "load" is a share of the
// servers' capacity.
LoadBalanceWorkload parse_loadbalance_workload(const JsonReader& workload, const LoadBalanceParams& params,
                                               std::uint32_t servers);

}  // namespace dsim::loadbalance
