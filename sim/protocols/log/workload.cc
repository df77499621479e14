// The producer. Each new message is an "invoke" of op "produce" in the history (key "p<partition>",
// value its name) and its first successful ProduceResponse an "ok"; with acks=0 nothing answers, so
// the message is never acknowledged and nothing is promised about it.
#include "sim/protocols/log/workload.h"

#include <algorithm>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/log/partition_log.h"
#include "sim/protocols/log/view.h"

namespace dsim::log {

Producer::Producer(LogWorkload workload, std::uint32_t index, std::uint32_t partitions, NodeId controller)
    : workload_(workload), index_(index), partitions_(partitions), controller_(controller), leaders_(partitions, -1), queues_(partitions) {
  DSIM_ASSERT(partitions_ >= 1 && controller_ >= 1, "a producer needs partitions and brokers");
}

void Producer::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kClient);
  // A restarted producer never reuses a sequence: that would be a second message of the same name.
  for (std::uint32_t partition = 0; partition < partitions_; ++partition) {
    std::string key = std::string(view::kDurableNextSequencePrefix) + view::partition_member(partition);
    if (auto stored = ctx.storage().get_int(key)) queues_[partition].next_sequence = *stored;
  }
  request_metadata(ctx);
  schedule_next_message(ctx);
}

void Producer::request_metadata(Context& ctx) { ctx.send(controller_, MetadataRequest{}); }

void Producer::on_metadata_response(Context& ctx, NodeId, const MetadataResponse& response) {
  if (response.leaders.size() != partitions_) return;
  leaders_ = response.leaders;
  for (std::uint32_t partition = 0; partition < partitions_; ++partition) send_more(ctx, partition);
}

void Producer::schedule_next_message(Context& ctx) {
  double mean_gap_us = static_cast<double>(workload_.producers) * static_cast<double>(kSecond) / workload_.rate_per_second;
  DurationUs gap = std::max<std::int64_t>(1, ctx.rng().exponential(mean_gap_us));
  if (ctx.now() + gap >= workload_.stop_us) return;
  ctx.set_timer(gap, NextMessage{});
}

void Producer::on_next_message(Context& ctx, const NextMessage&) {
  originate(ctx);
  schedule_next_message(ctx);
}

std::string Producer::on_operator_request(Context& ctx, std::string_view request) {
  if (request != "produce") return "expected \"produce\" (a new message), found \"" + std::string(request) + "\"";
  originate(ctx);
  return "";
}

void Producer::originate(Context& ctx) {
  std::uint32_t partition = static_cast<std::uint32_t>(next_partition_++ % partitions_);
  PartitionQueue& queue = queues_[partition];
  std::int64_t sequence = queue.next_sequence++;
  ctx.persist_int(std::string(view::kDurableNextSequencePrefix) + view::partition_member(partition), queue.next_sequence);
  ctx.count(view::kMetricProduced);
  HistoryEvent invoke;
  invoke.kind = HistoryEvent::Kind::invoke;
  invoke.op = std::string(view::kOpProduce);
  invoke.key = view::partition_member(partition);
  invoke.value = message_name(index_, partition, sequence);
  invoke.request_id = static_cast<std::uint64_t>(sequence);
  ctx.record(std::move(invoke));
  queue.unsent.push_back(sequence);
  // No leader known (the first Metadata request or its answer was lost, or the partition is
  // offline): ask again, or the message would wait for ever.
  if (leaders_[partition] < 0) request_metadata(ctx);
  send_more(ctx, partition);
}

void Producer::send_more(Context& ctx, std::uint32_t partition) {
  PartitionQueue& queue = queues_[partition];
  while (!queue.unsent.empty() && queue.in_flight.size() < workload_.max_in_flight && leaders_[partition] >= 0) {
    std::int64_t sequence = queue.unsent.front();
    queue.unsent.pop_front();
    send_attempt(ctx, partition, sequence, queue.in_flight[sequence]);
  }
}

void Producer::send_attempt(Context& ctx, std::uint32_t partition, std::int64_t sequence, InFlight& message) {
  message.waiting_to_retry = false;
  if (leaders_[partition] < 0) {
    // No leader known: ask the controller, and try again after a backoff.
    message.waiting_to_retry = true;
    request_metadata(ctx);
    ctx.set_timer(workload_.retry_backoff_us, RetryBackoff{partition, sequence, message.attempt});
    return;
  }
  Produce produce;
  produce.partition = partition;
  produce.producer = index_;
  produce.sequence = sequence;
  produce.acks = static_cast<std::int64_t>(workload_.acks);
  produce.idempotent = workload_.idempotent;
  produce.attempt = message.attempt;
  ctx.send(static_cast<NodeId>(leaders_[partition]), produce);
  if (workload_.acks == Acks::none) {
    // Fire and forget: nothing will answer, and the slot is free at once.
    queues_[partition].in_flight.erase(sequence);
    return;
  }
  ctx.set_timer(workload_.request_timeout_us, ProduceTimeout{partition, sequence, message.attempt});
}

bool Producer::is_current(const ProduceTimeout& timeout) const {
  if (timeout.partition >= partitions_) return false;
  const auto& in_flight = queues_[timeout.partition].in_flight;
  auto it = in_flight.find(timeout.sequence);
  return it != in_flight.end() && it->second.attempt == timeout.attempt && !it->second.waiting_to_retry;
}

bool Producer::is_current(const RetryBackoff& backoff) const {
  if (backoff.partition >= partitions_) return false;
  const auto& in_flight = queues_[backoff.partition].in_flight;
  auto it = in_flight.find(backoff.sequence);
  return it != in_flight.end() && it->second.attempt == backoff.attempt && it->second.waiting_to_retry;
}

void Producer::on_produce_timeout(Context& ctx, const ProduceTimeout& timeout) {
  // The leader may be dead or cut off: ask the controller, and retry after the backoff.
  fail_attempt(ctx, timeout.partition, timeout.sequence, true);
}

void Producer::fail_attempt(Context& ctx, std::uint32_t partition, std::int64_t sequence, bool refresh_metadata) {
  InFlight& message = queues_[partition].in_flight.at(sequence);
  message.waiting_to_retry = true;
  if (refresh_metadata) request_metadata(ctx);
  ctx.set_timer(workload_.retry_backoff_us, RetryBackoff{partition, sequence, message.attempt});
}

void Producer::on_retry_backoff(Context& ctx, const RetryBackoff& backoff) {
  InFlight& message = queues_[backoff.partition].in_flight.at(backoff.sequence);
  ++message.attempt;
  ctx.mark(view::kMarkProducerRetry);
  ctx.count(view::kMetricRetries);
  send_attempt(ctx, backoff.partition, backoff.sequence, message);
}

void Producer::on_produce_response(Context& ctx, NodeId, const ProduceResponse& response) {
  if (response.partition >= partitions_) return;
  auto& in_flight = queues_[response.partition].in_flight;
  auto it = in_flight.find(response.sequence);
  // An answer to an attempt already given up on (or a second answer) is ignored: the retry owns it.
  if (it == in_flight.end() || it->second.attempt != response.attempt || it->second.waiting_to_retry) return;
  if (response.error != ProduceError::none) {
    fail_attempt(ctx, response.partition, response.sequence, response.error == ProduceError::not_leader);
    return;
  }
  acknowledge(ctx, response.partition, response.sequence);
}

void Producer::acknowledge(Context& ctx, std::uint32_t partition, std::int64_t sequence) {
  queues_[partition].in_flight.erase(sequence);
  ++acknowledged_;
  ctx.count(view::kMetricAcknowledged);
  HistoryEvent done;
  done.kind = HistoryEvent::Kind::ok;
  done.op = std::string(view::kOpProduce);
  done.key = view::partition_member(partition);
  done.value = message_name(index_, partition, sequence);
  done.request_id = static_cast<std::uint64_t>(sequence);
  ctx.record(std::move(done));
  send_more(ctx, partition);
}

void Producer::publish_view(Context& ctx) {
  std::int64_t pending = 0;
  for (const PartitionQueue& queue : queues_) pending += static_cast<std::int64_t>(queue.unsent.size() + queue.in_flight.size());
  ctx.publish(view::kAcknowledged, acknowledged_);
  ctx.publish(view::kPending, pending);
}

}  // namespace dsim::log
