// Parsing a jobs scenario's "params" and "workload" (params.h). Kept apart from the nodes so that
// tests, which build params in code, never need the JSON layer.
#include "sim/protocols/jobs/params.h"

#include "sim/scenario/json_reader.h"

namespace dsim::jobs {

JobsParams parse_jobs_params(const JsonReader& params) {
  params.expect_keys({"guarantee", "drain", "jobs", "submit_every", "poison", "visibility", "max_attempts", "backoff",
                      "retry_delay", "backoff_base", "backoff_cap", "idempotency", "cron", "cron_period",
                      "cron_failover", "cron_heartbeat", "cron_failover_timeout"});
  JobsParams result;
  if (auto guarantee = params.find("guarantee")) {
    result.guarantee = guarantee->choice({"at_least_once", "effectively_once"}) == "at_least_once"
                           ? Guarantee::at_least_once
                           : Guarantee::effectively_once;
  }
  result.drain_us = params.duration_or("drain", result.drain_us, 0);
  result.jobs = static_cast<std::uint32_t>(params.integer_or("jobs", result.jobs, 0, 100000));
  result.submit_every = params.duration_or("submit_every", result.submit_every, 1);
  if (auto poison = params.find("poison")) {
    for (const JsonReader& item : poison->items()) {
      result.poison.push_back(static_cast<std::uint64_t>(item.integer(1, 100000)));
    }
  }
  result.visibility_us = params.duration_or("visibility", result.visibility_us, kMillisecond);
  result.max_attempts = static_cast<std::uint32_t>(params.integer_or("max_attempts", result.max_attempts, 0, 1000));
  if (auto backoff = params.find("backoff")) {
    std::string word = backoff->choice({"none", "full", "equal"});
    result.backoff = word == "none" ? Backoff::none : word == "full" ? Backoff::full : Backoff::equal;
  }
  result.retry_delay_us = params.duration_or("retry_delay", result.retry_delay_us, 0);
  result.backoff_base_us = params.duration_or("backoff_base", result.backoff_base_us, 1);
  result.backoff_cap_us = params.duration_or("backoff_cap", result.backoff_cap_us, 1);
  result.idempotency = params.boolean_or("idempotency", result.idempotency);
  result.cron_schedulers = params.boolean_or("cron", false) ? 2 : 0;
  result.cron_period_us = params.duration_or("cron_period", result.cron_period_us, kMillisecond);
  if (auto failover = params.find("cron_failover")) {
    result.cron_failover =
        failover->choice({"naive", "replicated"}) == "naive" ? CronFailover::naive : CronFailover::replicated;
  }
  result.cron_heartbeat_us = params.duration_or("cron_heartbeat", result.cron_heartbeat_us, kMillisecond);
  result.cron_failover_timeout_us =
      params.duration_or("cron_failover_timeout", result.cron_failover_timeout_us, kMillisecond);
  return result;
}

JobsWorkload parse_jobs_workload(const JsonReader& workload) {
  workload.expect_keys(
      {"work_time", "poll_every", "slow_worker", "slow_work_time", "heartbeat", "request_timeout", "crash_restart"});
  JobsWorkload result;
  result.work_time_us = workload.duration_or("work_time", result.work_time_us, 1);
  result.poll_every_us = workload.duration_or("poll_every", result.poll_every_us, 1);
  result.slow_worker = workload.integer_or("slow_worker", result.slow_worker, -1, 1000);
  result.slow_work_time_us = workload.duration_or("slow_work_time", result.slow_work_time_us, 1);
  result.heartbeat_us = workload.duration_or("heartbeat", result.heartbeat_us, 0);
  result.request_timeout_us = workload.duration_or("request_timeout", result.request_timeout_us, kMillisecond);
  result.crash_restart_us = workload.duration_or("crash_restart", result.crash_restart_us, 1);
  return result;
}

}  // namespace dsim::jobs
