// Reads a Raft scenario's "workload" object (format in workload.h).
#include <nlohmann/json.hpp>

#include "sim/protocols/raft/workload.h"
#include "sim/scenario/json_reader.h"

namespace dsim::raft {

RaftWorkload parse_raft_workload(const JsonReader& workload) {
  RaftWorkload result;
  if (!workload.is_object()) workload.fail_expected("an object describing the clients");
  workload.expect_keys({"clients", "rate", "keys", "ops", "timeout", "retry", "stop", "linearizable_budget"});
  result.clients = workload.integer_or("clients", result.clients, 0, 1000);
  if (auto rate = workload.find("rate")) result.rate_per_second = rate->rate_per_second();
  result.keys = workload.integer_or("keys", result.keys, 1, 100000);
  if (auto ops = workload.find("ops")) {
    ops->expect_keys({"put", "get", "append", "cas"});
    result.put_weight = ops->number_or("put", 0, 0, 1e9);
    result.get_weight = ops->number_or("get", 0, 0, 1e9);
    result.append_weight = ops->number_or("append", 0, 0, 1e9);
    result.cas_weight = ops->number_or("cas", 0, 0, 1e9);
    if (result.put_weight + result.get_weight + result.append_weight + result.cas_weight <= 0) {
      ops->fail("at least one operation needs a positive weight");
    }
  }
  result.timeout_us = workload.duration_or("timeout", result.timeout_us, 1);
  result.retry_us = workload.duration_or("retry", result.retry_us, 1);
  result.max_retry_us = std::max(result.max_retry_us, result.retry_us);
  if (workload.has("stop")) result.stop_us = workload.at("stop").duration();
  result.linearizable_budget = workload.integer_or("linearizable_budget", result.linearizable_budget, 1, 1'000'000'000);
  return result;
}

}  // namespace dsim::raft
