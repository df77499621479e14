// The sharding client (workload.h).
#include "sim/protocols/sharding/workload.h"

#include <algorithm>
#include <string>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/sharding/view.h"

namespace dsim::sharding {

ShardClient::ShardClient(ShardingWorkload workload, KeySpace key_space, std::uint32_t client_index,
                         std::vector<NodeId> config_nodes, ReadReplicas replicas)
    : workload_(workload),
      key_space_(key_space),
      client_index_(client_index),
      config_(std::move(config_nodes)),
      replicas_(std::move(replicas)) {
  DSIM_ASSERT(workload_.clients >= 1 && workload_.rate_per_second > 0, "a workload has clients and a rate");
  if (workload_.zipf_exponent > 0) zipf_.emplace(key_space_.keys, workload_.zipf_exponent);
}

void ShardClient::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kClient);
  // A restarted client never reuses a request number: its values stay unique.
  if (auto stored = ctx.storage().get_int(view::kDurableNextSequence)) sequence_ = static_cast<std::uint64_t>(*stored);
  ctx.publish(view::kAcknowledged, 0);
  ctx.publish(view::kRoutingConfig, 0);
  refresh_map(ctx);
  schedule_next_operation(ctx);
}

void ShardClient::schedule_next_operation(Context& ctx) {
  // Poisson arrivals at this client's share of the rate, each after the previous one finished.
  double mean_gap_us = static_cast<double>(workload_.clients) * static_cast<double>(kSecond) / workload_.rate_per_second;
  DurationUs gap = std::max<std::int64_t>(1, ctx.rng().exponential(mean_gap_us));
  if (ctx.now() + gap >= workload_.stop_us) return;
  ctx.set_timer(gap, NextOperation{sequence_ + 1});
}

void ShardClient::on_next_operation(Context& ctx, const NextOperation&) {
  bool append = ctx.rng().chance(workload_.append_weight_ppm, 1000000);
  std::uint32_t index = zipf_ ? static_cast<std::uint32_t>(zipf_->draw(ctx.rng()))
                              : static_cast<std::uint32_t>(ctx.rng().index(key_space_.keys));
  begin(ctx, append ? "append" : "get", key_space_.key_name(index));
}

std::string ShardClient::on_operator_request(Context& ctx, std::string_view request) {
  std::size_t space = request.find(' ');
  std::string_view op = request.substr(0, space);
  std::string_view key = space == std::string_view::npos ? std::string_view() : request.substr(space + 1);
  if ((op != "append" && op != "get") || !key_space_.key_index(key)) {
    return "expected \"append KEY\" or \"get KEY\" with a key from " + key_space_.key_name(0) + " to " +
           key_space_.key_name(key_space_.keys - 1) + ", found \"" + std::string(request) + "\"";
  }
  if (in_flight_) return "an operation is in flight; try again when it ends";
  begin(ctx, std::string(op), std::string(key));
  return "";
}

void ShardClient::begin(Context& ctx, std::string op, std::string key) {
  ++sequence_;
  ctx.persist_int(view::kDurableNextSequence, static_cast<std::int64_t>(sequence_));
  in_flight_ = true;
  op_ = std::move(op);
  key_ = std::move(key);
  value_ = op_ == "append" ? "c" + std::to_string(client_index_) + "." + std::to_string(sequence_) : std::string();
  started_us_ = ctx.now();
  attempt_ = 0;
  routing_keys_.clear();
  pending_parts_.clear();
  merged_.clear();
  if (workload_.salt.keys.count(key_)) {
    if (op_ == "append") {
      routing_keys_.push_back(key_ + "#" + std::to_string(ctx.rng().index(workload_.salt.ways)));
    } else {
      for (std::uint32_t i = 0; i < workload_.salt.ways; ++i) routing_keys_.push_back(key_ + "#" + std::to_string(i));
    }
  } else {
    routing_keys_.push_back(key_);
  }
  for (std::uint32_t part = 0; part < routing_keys_.size(); ++part) pending_parts_.insert(part);
  HistoryEvent invoke;
  invoke.kind = HistoryEvent::Kind::invoke;
  invoke.op = op_;
  invoke.key = key_;
  invoke.value = value_;
  invoke.request_id = sequence_;
  ctx.record(std::move(invoke));
  ctx.set_timer(workload_.timeout_us, OperationTimeout{sequence_});
  send_attempt(ctx);
}

void ShardClient::send_attempt(Context& ctx) {
  ++attempt_;
  bool refreshed = false;
  for (std::uint32_t part : pending_parts_) {
    NodeId owner = map_.owner_of(map_.bucket_of(key_space_, routing_keys_[part]));
    if (owner == kNoNode) {
      if (!refreshed) refresh_map(ctx);  // no map yet: the reply resends
      refreshed = true;
      continue;
    }
    if (op_ == "get" && replicas_.replicated(routing_keys_[part])) {
      // The owner or any read copy, with equal chances.
      std::vector<NodeId> choices = replicas_.servers;
      if (!replicas_.holds_copy(owner)) choices.push_back(owner);
      owner = choices[ctx.rng().index(choices.size())];
    }
    ShardRequest request;
    request.op = op_;
    request.key = routing_keys_[part];
    request.value = value_;
    request.sequence = sequence_;
    request.config = map_.number;
    request.part = part;
    ctx.send(owner, std::move(request));
  }
  ctx.set_timer(workload_.attempt_timeout_us, AttemptTimeout{sequence_, attempt_});
}

void ShardClient::refresh_map(Context& ctx) {
  ctx.count(view::kMetricMapRefresh);
  config_.ask(ctx, QueryConfig{});
}

void ShardClient::on_attempt_timeout(Context& ctx, const AttemptTimeout&) {
  // The owner may have crashed, be cut off, or no longer own the key: ask for the latest map too.
  refresh_map(ctx);
  send_attempt(ctx);
}

void ShardClient::on_config_reply(Context& ctx, NodeId from, const ConfigReply& reply) {
  if (config_.redirected(ctx, from, reply)) return;
  if (reply.map.number <= map_.number) return;
  map_ = reply.map;
  ctx.publish(view::kRoutingConfig, static_cast<std::int64_t>(map_.number));
  if (in_flight_) send_attempt(ctx);  // route the operation in flight by the newer map at once
}

void ShardClient::on_shard_reply(Context& ctx, NodeId from, const ShardReply& reply) {
  if (!in_flight_ || reply.sequence != sequence_) return;  // an answer to an earlier attempt's twin
  switch (reply.status) {
    case ShardReply::Status::ok: {
      if (!pending_parts_.erase(reply.part)) return;  // this part was answered already
      if (op_ == "get") {
        for (std::string& value : split_values(reply.values)) merged_.push_back(std::move(value));
      }
      if (!pending_parts_.empty()) return;
      finish(ctx, HistoryEvent::Kind::ok,
             op_ == "append" ? ctx.node_name(from) + "@" + std::to_string(reply.config) : join_values(merged_));
      return;
    }
    case ShardReply::Status::wrong_shard:
      // Our map is stale: the answer comes with the config service's reply.
      refresh_map(ctx);
      ++attempt_;  // the pending attempt timeout is stale; this one resends if the map never comes
      ctx.set_timer(workload_.attempt_timeout_us, AttemptTimeout{sequence_, attempt_});
      return;
    case ShardReply::Status::not_ready:
      ++attempt_;
      ctx.set_timer(workload_.retry_us, AttemptTimeout{sequence_, attempt_});
      return;
  }
}

void ShardClient::on_operation_timeout(Context& ctx, const OperationTimeout&) {
  finish(ctx, HistoryEvent::Kind::info, "");
}

void ShardClient::finish(Context& ctx, HistoryEvent::Kind kind, std::string value) {
  HistoryEvent done;
  done.kind = kind;
  done.op = op_;
  done.key = key_;
  done.value = std::move(value);
  done.request_id = sequence_;
  ctx.record(std::move(done));
  in_flight_ = false;
  if (kind == HistoryEvent::Kind::ok) {
    ++acknowledged_;
    ctx.count(view::kMetricClientOk);
    ctx.observe(view::kMetricLatency, ctx.now() - started_us_);
    ctx.publish(view::kAcknowledged, static_cast<std::int64_t>(acknowledged_));
  } else {
    ctx.count(view::kMetricClientInfo);
  }
  schedule_next_operation(ctx);
}

}  // namespace dsim::sharding
