// Parsing a lock scenario's "params" and "workload" (params.h). Kept apart from the nodes so that
// tests, which build params in code, never need the JSON layer.
#include "sim/protocols/lock/params.h"

#include "sim/scenario/json_reader.h"

namespace dsim::lock {

LockParams parse_lock_params(const JsonReader& params) {
  params.expect_keys({"ttl", "fencing", "recovery_wait", "lock_service"});
  LockParams result;
  // The node count is checked against the group's size when the scenario is validated (protocol.cc).
  if (auto placement = params.find("lock_service")) result.group = replicated::parse_group_params(*placement, 9);
  result.ttl_us = params.duration_or("ttl", result.ttl_us, kMillisecond);
  result.fencing = params.boolean_or("fencing", result.fencing);
  result.recovery_wait = params.boolean_or("recovery_wait", result.recovery_wait);
  return result;
}

LockWorkload parse_lock_workload(const JsonReader& workload) {
  workload.expect_keys(
      {"writes_per_lease", "work_time", "think_time", "retry", "request_timeout", "safety_margin", "start_stagger"});
  LockWorkload result;
  result.writes_per_lease =
      static_cast<std::uint32_t>(workload.integer_or("writes_per_lease", result.writes_per_lease, 1, 1000));
  result.work_time_us = workload.duration_or("work_time", result.work_time_us, 1);
  result.think_time_us = workload.duration_or("think_time", result.think_time_us, 1);
  result.retry_us = workload.duration_or("retry", result.retry_us, 2);
  result.request_timeout_us = workload.duration_or("request_timeout", result.request_timeout_us, kMillisecond);
  result.safety_margin_us = workload.duration_or("safety_margin", result.safety_margin_us, 0);
  result.start_stagger_us = workload.duration_or("start_stagger", result.start_stagger_us, 0);
  return result;
}

}  // namespace dsim::lock
