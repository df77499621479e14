// The published state of load balancing's nodes: the contract with the visualizer and the
// checkers (STYLE.md §15, §16). Servers publish the shared role "server", balancers "balancer",
// clients "client".
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/view.h"

namespace dsim::loadbalance::view {

namespace role {
inline constexpr std::string_view kBalancer = "balancer";
}  // namespace role

inline constexpr ViewKey<std::int64_t> kQueue{"queue"};            // server: requests in it (served and waiting)
inline constexpr ViewKey<std::int64_t> kServed{"served"};          // server: requests served
inline constexpr ViewKey<std::int64_t> kSpeed{"speed_milli"};      // server: its speed, in thousandths
inline constexpr ViewKey<std::string> kPolicy{"policy"};           // balancer
inline constexpr ViewKey<JsonText> kLoads{"loads"};                // balancer: the loads it picks by, per server
inline constexpr ViewKey<std::int64_t> kCapacity{"capacity"};      // balancer, consistent-hash-bounded: the last bound
inline constexpr ViewKey<std::int64_t> kSent{"sent"};              // client: new requests
inline constexpr ViewKey<std::int64_t> kAnswered{"answered"};      // client
inline constexpr ViewKey<std::int64_t> kRetries{"retries"};        // client: attempts after the first
inline constexpr ViewKey<std::int64_t> kGaveUp{"gave_up"};         // client: requests abandoned

// History. Clients record each request (op kOpRequest: invoke, then ok when answered or fail when
// abandoned) and each retry (op kOpRetry, kind invoke, value the attempt number); latency_slo and
// retry_amplification read these. A consistent-hash-bounded balancer records each dispatch (op
// kOpDispatch, kind ok, key the server's number, value "<load before> <capacity>"); bounded_load
// reads these.
inline constexpr std::string_view kOpRequest = "request";
inline constexpr std::string_view kOpRetry = "retry";
inline constexpr std::string_view kOpDispatch = "dispatch";

// Marks (STYLE.md §10).
inline constexpr std::string_view kMarkRetry = "loadbalance.retry";
inline constexpr std::string_view kMarkBudgetExhausted = "loadbalance.retry_budget_exhausted";
inline constexpr std::string_view kMarkGaveUp = "loadbalance.gave_up";
inline constexpr std::string_view kMarkSpill = "loadbalance.spill";          // a key passed over its full home server
inline constexpr std::string_view kMarkForgotten = "loadbalance.forgotten";  // a dispatch unanswered for forget_after
inline constexpr std::string_view kMarkDuplicate = "loadbalance.duplicate_answer";  // work done twice

// Metrics.
inline constexpr std::string_view kMetricLatency = "loadbalance.latency_us";      // client: request to answer
inline constexpr std::string_view kMetricQueue = "loadbalance.queue";             // server gauge
inline constexpr std::string_view kMetricServed = "loadbalance.served";
inline constexpr std::string_view kMetricRequests = "loadbalance.requests";
inline constexpr std::string_view kMetricRetries = "loadbalance.retries";
inline constexpr std::string_view kMetricWasted = "loadbalance.wasted";           // answers nobody waited for

}  // namespace dsim::loadbalance::view
