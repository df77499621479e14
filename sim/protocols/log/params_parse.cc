// Parsing a log scenario's "params" and "workload" (params.h), apart from the nodes so that tests
// that build params in code never need the JSON layer.
#include "sim/protocols/log/params.h"

#include <optional>
#include <string>

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

std::string_view guarantee_name(Guarantee guarantee) {
  switch (guarantee) {
    case Guarantee::at_most_once: return "at_most_once";
    case Guarantee::at_least_once: return "at_least_once";
    case Guarantee::effectively_once: return "effectively_once";
  }
  return "?";
}

ConsumerGroupConfig parse_consumer_group(const JsonReader& workload) {
  ConsumerGroupConfig result;
  std::optional<JsonReader> found = workload.find("consumers");
  if (!found) return result;
  const JsonReader& group = *found;
  group.expect_keys({"count", "late", "coordinator", "assignor", "commit", "dedup", "parallel", "guarantee", "max_poll_records",
                     "processing_time", "poll_interval", "heartbeat_interval", "session_timeout", "request_timeout"});
  result.count = static_cast<std::uint32_t>(group.integer_or("count", 1, 1, 16));
  result.late = static_cast<std::uint32_t>(group.integer_or("late", 0, 0, result.count));
  result.coordinator = static_cast<NodeId>(group.integer_or("coordinator", 0, 0, 15));
  if (auto assignor = group.find("assignor")) {
    result.assignor = assignor->choice({"range", "round_robin"}) == "range" ? Assignor::range : Assignor::round_robin;
  }
  if (auto commit = group.find("commit")) {
    result.commit = commit->choice({"before_process", "after_process"}) == "before_process" ? CommitOrder::before_process
                                                                                           : CommitOrder::after_process;
  }
  result.dedup = group.boolean_or("dedup", result.dedup);
  result.parallel = group.boolean_or("parallel", result.parallel);
  if (auto guarantee = group.find("guarantee")) {
    std::string word = guarantee->choice({"at_most_once", "at_least_once", "effectively_once"});
    result.guarantee = word == "at_most_once" ? Guarantee::at_most_once
                       : word == "at_least_once" ? Guarantee::at_least_once
                                                 : Guarantee::effectively_once;
  }
  result.max_poll_records = static_cast<std::uint32_t>(group.integer_or("max_poll_records", result.max_poll_records, 1, kMaxFetchRecords));
  result.processing_time_us = group.duration_or("processing_time", result.processing_time_us, 1);
  result.poll_interval_us = group.duration_or("poll_interval", result.poll_interval_us, 1);
  result.heartbeat_interval_us = group.duration_or("heartbeat_interval", result.heartbeat_interval_us, 1);
  result.session_timeout_us = group.duration_or("session_timeout", result.session_timeout_us, 1);
  result.request_timeout_us = group.duration_or("request_timeout", result.request_timeout_us, 1);
  if (result.session_timeout_us <= result.heartbeat_interval_us) {
    group.fail("session_timeout must be longer than heartbeat_interval, or every consumer would time out between heartbeats");
  }
  return result;
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
  workload.expect_keys({"producers", "rate", "stop", "acks", "idempotent", "max_in_flight", "request_timeout", "retry_backoff", "consumers"});
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
  result.group = parse_consumer_group(workload);
  return result;
}

}  // namespace dsim::log
