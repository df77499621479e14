// Reads a key-value scenario's "workload" object (format in client.h).
#include <cmath>

#include <nlohmann/json.hpp>

#include "sim/protocols/kvservice/client.h"
#include "sim/scenario/json_reader.h"

namespace dsim::kvservice {

KvWorkload parse_kv_workload(const JsonReader& workload) {
  KvWorkload result;
  if (!workload.is_object()) workload.fail_expected("an object describing the clients");
  workload.expect_keys({"clients", "rate", "keys", "ops", "timeout", "retry", "stop", "linearizable_budget"});
  result.clients = workload.integer_or("clients", result.clients, 0, 1000);
  if (auto rate = workload.find("rate")) result.rate_per_second = rate->rate_per_second();
  result.keys = workload.integer_or("keys", result.keys, 1, 100000);
  if (auto ops = workload.find("ops")) {
    ops->expect_keys({"put", "get", "append", "cas"});
    // Weights become integer odds in millionths, so the draw is exact (Rng::weighted); a weight
    // too small to count at that precision is refused rather than silently dropped.
    auto millionths = [&ops](const char* op) -> std::uint64_t {
      double weight = ops->number_or(op, 0, 0, 1e9);
      auto ppm = static_cast<std::uint64_t>(std::llround(weight * 1e6));
      if (weight > 0 && ppm == 0) ops->at(op).fail("expected 0 or a weight of at least 0.000001");
      return ppm;
    };
    result.put_weight_ppm = millionths("put");
    result.get_weight_ppm = millionths("get");
    result.append_weight_ppm = millionths("append");
    result.cas_weight_ppm = millionths("cas");
    if (result.put_weight_ppm + result.get_weight_ppm + result.append_weight_ppm + result.cas_weight_ppm == 0) {
      ops->fail("at least one operation needs a positive weight");
    }
  }
  result.timeout_us = workload.duration_or("timeout", result.timeout_us, 1);
  result.retry_us = workload.duration_or("retry", result.retry_us, 1);
  result.max_retry_us = std::max(result.max_retry_us, result.retry_us);
  if (workload.has("stop")) result.stop_us = workload.at("stop").duration();
  if (workload.has("linearizable_budget")) {
    result.linearizable_budget = workload.at("linearizable_budget").integer(1, 1'000'000'000);
  }
  return result;
}

}  // namespace dsim::kvservice
