// Parsing a log scenario's "params" and "workload" (params.h), apart from the nodes so that tests
// that build params in code never need the JSON layer.
#include "sim/protocols/log/params.h"

#include "sim/scenario/json_reader.h"

namespace dsim::log {

std::string_view acks_name(Acks acks) {
  switch (acks) {
    case Acks::none: return "0";
    case Acks::leader: return "1";
    case Acks::all: return "all";
  }
  return "?";
}

LogParams parse_log_params(const JsonReader& params) {
  params.expect_keys({"partitions", "replication_factor", "min_insync_replicas", "unclean_leader_election", "fetch_interval",
                      "replica_lag_time_max", "heartbeat_interval", "session_timeout"});
  LogParams result;
  result.partitions = static_cast<std::uint32_t>(params.integer_or("partitions", result.partitions, 1, kMaxPartitions));
  result.replication_factor = static_cast<std::uint32_t>(params.integer_or("replication_factor", result.replication_factor, 1, 16));
  result.min_insync_replicas =
      static_cast<std::uint32_t>(params.integer_or("min_insync_replicas", result.min_insync_replicas, 1, 16));
  result.unclean_leader_election = params.boolean_or("unclean_leader_election", result.unclean_leader_election);
  result.fetch_interval_us = params.duration_or("fetch_interval", result.fetch_interval_us, kMillisecond);
  result.replica_lag_time_max_us = params.duration_or("replica_lag_time_max", result.replica_lag_time_max_us, kMillisecond);
  result.heartbeat_interval_us = params.duration_or("heartbeat_interval", result.heartbeat_interval_us, kMillisecond);
  result.session_timeout_us = params.duration_or("session_timeout", result.session_timeout_us, kMillisecond);
  return result;
}

LogWorkload parse_log_workload(const JsonReader& workload) {
  workload.expect_keys({"producers", "rate", "stop", "acks", "idempotent", "max_in_flight", "request_timeout", "retry_backoff"});
  LogWorkload result;
  result.producers = static_cast<std::uint32_t>(workload.integer_or("producers", result.producers, 1, 16));
  if (auto rate = workload.find("rate")) {
    result.rate_per_second = rate->rate_per_second();
    if (!(result.rate_per_second > 0)) rate->fail_expected("a positive rate such as \"20/s\"");
  }
  if (auto stop = workload.find("stop")) result.stop_us = stop->duration();
  if (auto acks = workload.find("acks")) {
    std::string word = acks->choice({"0", "1", "all"});
    result.acks = word == "0" ? Acks::none : word == "1" ? Acks::leader : Acks::all;
  }
  result.idempotent = workload.boolean_or("idempotent", result.idempotent);
  result.max_in_flight = static_cast<std::uint32_t>(workload.integer_or("max_in_flight", result.max_in_flight, 1, 5));
  result.request_timeout_us = workload.duration_or("request_timeout", result.request_timeout_us, kMillisecond);
  result.retry_backoff_us = workload.duration_or("retry_backoff", result.retry_backoff_us, kMillisecond);
  return result;
}

}  // namespace dsim::log
