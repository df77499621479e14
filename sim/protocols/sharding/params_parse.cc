// Parsing a sharding scenario's "params" and "workload" (params.h), apart from the nodes so that
// tests which build params in code never need the JSON layer.
#include <algorithm>
#include <optional>
#include <set>
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

bool ReadReplicas::holds_copy(NodeId server) const {
  return std::find(servers.begin(), servers.end(), server) != servers.end();
}

ShardingParams parse_sharding_params(const JsonReader& params, std::uint32_t nodes) {
  params.expect_keys({"partitioning", "keys", "buckets", "initial_servers", "initial_placement", "rebalance",
                      "config_poll", "transfer_retry", "load_sample", "service_time", "queue_limit", "bugs",
                      "config_service", "read_replicas"});
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
    // The buckets' ranges as the schedule's splits leave them, to check each split and move.
    ShardMap shape = initial_map(result.key_space.buckets, {}, 0);
    for (const JsonReader& item : rebalance->items()) {
      item.expect_keys({"at", "join", "leave", "move", "to", "split", "key"});
      RebalanceAction action;
      action.at_us = item.at("at").duration();
      if (action.at_us < previous) item.at("at").fail("rebalance actions must be in time order");
      previous = action.at_us;
      int kinds = (item.has("join") ? 1 : 0) + (item.has("leave") ? 1 : 0) + (item.has("move") ? 1 : 0) +
                  (item.has("split") ? 1 : 0);
      if (kinds != 1) item.fail("expected exactly one of \"join\", \"leave\", \"move\" or \"split\"");
      std::uint32_t last_bucket = static_cast<std::uint32_t>(shape.owner.size()) - 1;
      if (auto join = item.find("join")) {
        action.kind = RebalanceAction::Kind::join;
        action.server = shard_server(*join, first, nodes);
      } else if (auto leave = item.find("leave")) {
        action.kind = RebalanceAction::Kind::leave;
        action.server = shard_server(*leave, first, nodes);
      } else if (auto split = item.find("split")) {
        action.kind = RebalanceAction::Kind::split;
        action.bucket = static_cast<std::uint32_t>(split->integer(0, last_bucket));
        if (!item.has("key")) item.fail("a split needs \"key\": the first key of the new bucket, such as \"k04\"");
        std::string key = item.at("key").string();
        std::optional<std::uint32_t> index = result.key_space.key_index(key);
        if (!index) {
          item.at("key").fail("\"" + key + "\" is not one of the keys " + result.key_space.key_name(0) + " to " +
                              result.key_space.key_name(result.key_space.keys - 1));
        }
        action.at_key = *index;
        std::string problem = split_problem(shape, result.key_space, action.bucket, action.at_key);
        if (!problem.empty()) item.at("key").fail(problem);
        shape = plan_split(shape, result.key_space, action.bucket, action.at_key);
      } else {
        action.kind = RebalanceAction::Kind::move;
        action.bucket = static_cast<std::uint32_t>(item.at("move").integer(0, last_bucket));
        if (!item.has("to")) item.fail("a move needs \"to\": the shard server that takes the bucket");
        action.server = shard_server(item.at("to"), first, nodes);
      }
      if (action.kind != RebalanceAction::Kind::move && item.has("to")) item.at("to").fail("\"to\" belongs to a move only");
      if (action.kind != RebalanceAction::Kind::split && item.has("key")) item.at("key").fail("\"key\" belongs to a split only");
      result.rebalance.push_back(action);
    }
  }
  result.config_poll_us = params.duration_or("config_poll", result.config_poll_us, kMillisecond);
  result.transfer_retry_us = params.duration_or("transfer_retry", result.transfer_retry_us, kMillisecond);
  result.load_sample_us = params.duration_or("load_sample", result.load_sample_us, kMillisecond);
  result.service_time_us = params.duration_or("service_time", result.service_time_us, 0);
  result.queue_limit = static_cast<std::uint32_t>(params.integer_or("queue_limit", result.queue_limit, 1, 100000));
  if (auto replicas = params.find("read_replicas")) {
    replicas->expect_keys({"keys", "servers"});
    for (const JsonReader& key : replicas->at("keys").items()) {
      std::string name = key.string();
      if (!result.key_space.key_index(name)) {
        key.fail("\"" + name + "\" is not one of the keys " + result.key_space.key_name(0) + " to " +
                 result.key_space.key_name(result.key_space.keys - 1));
      }
      result.read_replicas.keys.insert(name);
    }
    if (result.read_replicas.keys.empty()) replicas->at("keys").fail("expected at least one key to replicate");
    std::set<NodeId> servers;
    for (const JsonReader& server : replicas->at("servers").items()) servers.insert(shard_server(server, first, nodes));
    if (servers.empty()) replicas->at("servers").fail("expected at least one shard server to hold a read copy");
    result.read_replicas.servers.assign(servers.begin(), servers.end());
  }
  if (auto bugs = params.find("bugs")) {
    for (const JsonReader& bug : bugs->items()) {
      std::string name = bug.choice({std::string(kBugHandoffBeforeData), std::string(kBugSplitForgetsData)});
      if (name == kBugHandoffBeforeData) result.bug_handoff_before_data = true;
      if (name == kBugSplitForgetsData) result.bug_split_forgets_data = true;
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
