// Parsing a sharding scenario's "params" and "workload" (params.h), apart from the nodes so that
// tests which build params in code never need the JSON layer.
#include <string>

#include "sim/protocols/sharding/config_address.h"
#include "sim/protocols/sharding/params.h"
#include "sim/scenario/json_reader.h"

namespace dsim::sharding {
namespace {

NodeId shard_server(const JsonReader& value, NodeId first, std::uint32_t nodes) {
  // The config service comes first (node 0, or its Raft group); shard servers are first..nodes-1.
  return static_cast<NodeId>(value.integer(first, static_cast<std::int64_t>(nodes) - 1));
}

}  // namespace

ShardingParams parse_sharding_params(const JsonReader& params, std::uint32_t nodes) {
  params.expect_keys({"partitioning", "keys", "buckets", "initial_servers", "initial_placement", "rebalance",
                      "config_poll", "transfer_retry", "load_sample", "service_time", "queue_limit", "bugs", "config_service"});
  if (nodes < 2) params.fail("a sharded service needs at least 2 nodes (the config service n0 and a shard server)");
  ShardingParams result;
  if (auto placement = params.find("config_service")) result.config_group = replicated::parse_group_params(*placement, nodes - 1);
  const NodeId first = first_shard_server(result);
  if (auto partitioning = params.find("partitioning")) {
    result.key_space.partitioning =
        partitioning->choice({"range", "hash"}) == "range" ? Partitioning::range : Partitioning::hash;
  }
  result.key_space.keys = static_cast<std::uint32_t>(params.integer_or("keys", result.key_space.keys, 1, 10000));
  result.key_space.buckets = static_cast<std::uint32_t>(params.integer_or("buckets", result.key_space.buckets, 1, 1024));
  if (result.key_space.buckets > result.key_space.keys && result.key_space.partitioning == Partitioning::range) {
    params.at("buckets").fail("range sharding needs no more buckets than keys (" +
                              std::to_string(result.key_space.keys) + ")");
  }
  result.initial_servers =
      static_cast<std::uint32_t>(params.integer_or("initial_servers", nodes - first, 1, static_cast<std::int64_t>(nodes - first)));
  if (auto placement = params.find("initial_placement")) {
    result.initial_placement = placement->choice({"round-robin", "ranges"}) == "ranges" ? InitialPlacement::ranges
                                                                                       : InitialPlacement::round_robin;
  }
  if (auto rebalance = params.find("rebalance")) {
    TimeUs previous = 0;
    for (const JsonReader& item : rebalance->items()) {
      item.expect_keys({"at", "join", "leave", "move", "to"});
      RebalanceAction action;
      action.at_us = item.at("at").duration();
      if (action.at_us < previous) item.at("at").fail("rebalance actions must be in time order");
      previous = action.at_us;
      int kinds = (item.has("join") ? 1 : 0) + (item.has("leave") ? 1 : 0) + (item.has("move") ? 1 : 0);
      if (kinds != 1) item.fail("expected exactly one of \"join\", \"leave\" or \"move\"");
      if (auto join = item.find("join")) {
        action.kind = RebalanceAction::Kind::join;
        action.server = shard_server(*join, first, nodes);
      } else if (auto leave = item.find("leave")) {
        action.kind = RebalanceAction::Kind::leave;
        action.server = shard_server(*leave, first, nodes);
      } else {
        action.kind = RebalanceAction::Kind::move;
        action.bucket = static_cast<std::uint32_t>(item.at("move").integer(0, result.key_space.buckets - 1));
        if (!item.has("to")) item.fail("a move needs \"to\": the shard server that takes the bucket");
        action.server = shard_server(item.at("to"), first, nodes);
      }
      if (action.kind != RebalanceAction::Kind::move && item.has("to")) item.at("to").fail("\"to\" belongs to a move only");
      result.rebalance.push_back(action);
    }
  }
  result.config_poll_us = params.duration_or("config_poll", result.config_poll_us, kMillisecond);
  result.transfer_retry_us = params.duration_or("transfer_retry", result.transfer_retry_us, kMillisecond);
  result.load_sample_us = params.duration_or("load_sample", result.load_sample_us, kMillisecond);
  result.service_time_us = params.duration_or("service_time", result.service_time_us, 0);
  result.queue_limit = static_cast<std::uint32_t>(params.integer_or("queue_limit", result.queue_limit, 1, 100000));
  if (auto bugs = params.find("bugs")) {
    for (const JsonReader& bug : bugs->items()) {
      if (bug.choice({std::string(kBugHandoffBeforeData)}) == kBugHandoffBeforeData) result.bug_handoff_before_data = true;
    }
  }
  return result;
}

ShardingWorkload parse_sharding_workload(const JsonReader& workload) {
  workload.expect_keys({"clients", "rate", "append", "zipf", "attempt_timeout", "retry", "timeout", "stop", "salt"});
  ShardingWorkload result;
  result.clients = static_cast<std::uint32_t>(workload.integer_or("clients", result.clients, 1, 100));
  if (auto rate = workload.find("rate")) {
    result.rate_per_second = rate->rate_per_second();
    if (!(result.rate_per_second > 0)) rate->fail_expected("a positive rate such as \"20/s\"");
  }
  if (auto append = workload.find("append")) {
    result.append_weight_ppm = static_cast<std::uint64_t>(append->number(0, 1) * 1000000 + 0.5);
  }
  result.zipf_exponent = workload.number_or("zipf", result.zipf_exponent, 0, 5);
  result.attempt_timeout_us = workload.duration_or("attempt_timeout", result.attempt_timeout_us, kMillisecond);
  result.retry_us = workload.duration_or("retry", result.retry_us, kMillisecond);
  result.timeout_us = workload.duration_or("timeout", result.timeout_us, kMillisecond);
  if (auto stop = workload.find("stop")) result.stop_us = stop->duration();
  if (auto salt = workload.find("salt")) {
    salt->expect_keys({"keys", "ways"});
    for (const JsonReader& key : salt->at("keys").items()) result.salt.keys.insert(key.string());
    result.salt.ways = static_cast<std::uint32_t>(salt->at("ways").integer(2, 64));
  }
  return result;
}

}  // namespace dsim::sharding
