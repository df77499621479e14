// The consumer's reactions (consumer.h). Sections: membership; the poll loop; processing and
// commits; requests; view.
#include "sim/protocols/log/consumer.h"

#include <algorithm>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/log/partition_log.h"
#include "sim/protocols/log/view.h"

namespace dsim::log {
namespace {

bool contains(const std::vector<std::uint32_t>& partitions, std::uint32_t partition) {
  return std::find(partitions.begin(), partitions.end(), partition) != partitions.end();
}

}  // namespace

Consumer::Consumer(ConsumerGroupConfig config, std::uint32_t partitions, NodeId controller, NodeId sink, bool joined,
                   ConsumerMutants mutants)
    : config_(config),
      partitions_(partitions),
      controller_(controller),
      sink_(sink),
      joined_at_start_(joined),
      mutants_(mutants),
      leaders_(partitions, -1) {
  DSIM_ASSERT(partitions_ >= 1, "a consumer needs partitions");
}

// ---------------------------------------------------------------- membership

void Consumer::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kClient);
  ctx.send(controller_, MetadataRequest{});
  // A restarted consumer joins again whether or not it started late: it was a member when it crashed.
  std::optional<std::int64_t> joined = ctx.storage().get_int(view::kDurableJoined);
  if (joined ? *joined > 0 : joined_at_start_) join(ctx);
  ctx.set_timer(ctx.rng().uniform(1, config_.heartbeat_interval_us), ConsumerHeartbeat{});
}

std::string Consumer::on_operator_request(Context& ctx, std::string_view request) {
  if (request == "join") {
    if (state_ != State::outside) return "already in the group";
    join(ctx);
    return "";
  }
  if (request == "leave") {
    if (state_ == State::outside || state_ == State::leaving) return "not in the group";
    state_ = State::leaving;
    if (!batch_) leave(ctx);
    return "";
  }
  return "expected \"join\" or \"leave\", found \"" + std::string(request) + "\"";
}

void Consumer::join(Context& ctx) {
  drop_everything();
  state_ = State::joining;
  std::int64_t last = ctx.storage().get_int(view::kDurableJoined).value_or(0);
  join_ = (last < 0 ? -last : last) + 1;
  ctx.persist_int(view::kDurableJoined, join_);
  JoinGroup message;
  message.join = join_;
  ctx.send(config_.coordinator, message);
}

void Consumer::leave(Context& ctx) {
  drop_everything();
  state_ = State::outside;
  ctx.persist_int(view::kDurableJoined, -join_);  // outside; a restart stays outside, and the next join is new
  ctx.annotate("leaves the group");
  ctx.send(config_.coordinator, LeaveGroup{});
}

void Consumer::drop_everything() {
  owned_.clear();
  positions_.clear();
  batch_.reset();
  outstanding_.clear();
  ++poll_round_;
}

void Consumer::on_heartbeat_timer(Context& ctx, const ConsumerHeartbeat&) {
  ctx.set_timer(config_.heartbeat_interval_us, ConsumerHeartbeat{});
  if (state_ == State::joining) {
    JoinGroup message;  // the first JoinGroup or its answer may be lost
    message.join = join_;
    ctx.send(config_.coordinator, message);
  } else if (state_ == State::member || state_ == State::leaving) {
    GroupHeartbeat heartbeat;
    heartbeat.owned = owned_report();
    heartbeat.applied_epoch = applied_epoch_;
    ctx.send(config_.coordinator, heartbeat);
  }
}

void Consumer::on_heartbeat_response(Context& ctx, NodeId, const GroupHeartbeatResponse& response) {
  if (state_ == State::outside) return;
  if (response.unknown_member) {
    // Expired (or the coordinator restarted): its partitions may be someone else's by now, so it
    // drops everything, even a batch half processed, and joins again.
    if (state_ == State::joining) return;
    ctx.annotate("the coordinator no longer knows it as a member: drops its partitions and joins again");
    join(ctx);
    return;
  }
  if (response.assignment_epoch <= applied_epoch_ && state_ != State::joining) return;  // an older answer
  if (state_ == State::joining) {
    state_ = State::member;
    applied_epoch_ = 0;
  }
  applied_epoch_ = response.assignment_epoch;
  generation_ = response.generation;
  if (state_ == State::leaving) return;
  std::vector<std::uint32_t> kept;
  for (std::uint32_t partition : owned_) {
    if (contains(response.assigned, partition)) {
      kept.push_back(partition);
      continue;
    }
    // Revoked: its position is forgotten; a batch of it still running finishes first (owned_report).
    positions_.erase(partition);
    ctx.mark(view::kMarkPartitionRevoked);
    ctx.annotate(view::partition_member(partition) + " revoked in generation " + std::to_string(generation_));
  }
  std::vector<std::uint32_t> added;
  for (std::uint32_t partition : response.assigned) {
    if (!contains(kept, partition)) added.push_back(partition);
  }
  owned_ = response.assigned;
  std::sort(owned_.begin(), owned_.end());
  if (!added.empty()) {
    std::string names;
    for (std::uint32_t partition : added) names += (names.empty() ? "" : ", ") + view::partition_member(partition);
    ctx.annotate("now owns " + names + " in generation " + std::to_string(generation_));
  }
  poll(ctx);
}

void Consumer::on_metadata_response(Context& ctx, NodeId, const MetadataResponse& response) {
  if (response.leaders.size() != partitions_) return;
  leaders_ = response.leaders;
  poll(ctx);
}

// ---------------------------------------------------------------- the poll loop

bool Consumer::owns(std::uint32_t partition) const { return contains(owned_, partition); }

std::vector<std::uint32_t> Consumer::owned_report() const {
  std::vector<std::uint32_t> report = owned_;
  if (batch_ && !contains(report, batch_->partition)) report.push_back(batch_->partition);
  std::sort(report.begin(), report.end());
  return report;
}

bool Consumer::busy() const { return batch_.has_value() || !outstanding_.empty(); }

void Consumer::poll_later(Context& ctx) { ctx.set_timer(config_.poll_interval_us, PollAgain{++poll_round_}); }

void Consumer::on_poll_again(Context& ctx, const PollAgain&) { poll(ctx); }

void Consumer::poll(Context& ctx) {
  if (state_ != State::member || busy() || owned_.empty()) return;
  std::uint32_t partition = owned_[cursor_++ % owned_.size()];
  auto position = positions_.find(partition);
  if (position == positions_.end()) {
    send_request(ctx, Request{RequestKind::offset_fetch, partition, 0, 0});
    return;
  }
  if (leaders_[partition] < 0) {
    ctx.send(controller_, MetadataRequest{});
    poll_later(ctx);
    return;
  }
  send_request(ctx, Request{RequestKind::fetch, partition, position->second, 0});
}

void Consumer::on_offset_fetch_response(Context& ctx, NodeId, const OffsetFetchResponse& response) {
  if (!settle(response.request)) return;
  if (owns(response.partition)) positions_[response.partition] = response.offset;
  poll(ctx);
}

void Consumer::on_fetch_response(Context& ctx, NodeId, const ConsumerFetchResponse& response) {
  if (!settle(response.request)) return;
  if (response.not_leader) {
    leaders_[response.partition] = -1;
    ctx.send(controller_, MetadataRequest{});
    poll_later(ctx);
    return;
  }
  auto position = positions_.find(response.partition);
  if (position == positions_.end() || position->second != response.offset || response.records.empty()) {
    poll_later(ctx);
    return;
  }
  Batch batch;
  batch.id = next_batch_++;
  batch.partition = response.partition;
  batch.start = response.offset;
  batch.records = response.records;
  batch_ = std::move(batch);
  if (config_.commit == CommitOrder::before_process) {
    commit(ctx);
  } else {
    start_processing(ctx);
  }
}

// ---------------------------------------------------------------- processing and commits

void Consumer::start_processing(Context& ctx) {
  if (config_.parallel) {
    // Every record at once, each taking its own time: they finish, and reach the sink, in any order.
    for (std::size_t i = 0; i < batch_->records.size(); ++i) process(ctx, i, ctx.rng().uniform(1, 2 * config_.processing_time_us));
  } else {
    process(ctx, 0, config_.processing_time_us);
  }
}

void Consumer::process(Context& ctx, std::size_t index, DurationUs after) {
  ctx.set_timer(after, ProcessRecord{batch_->id, index});
}

bool Consumer::is_current(const ProcessRecord& process) const {
  return batch_ && batch_->id == process.batch && process.index < batch_->records.size() && !batch_->started.count(process.index);
}

void Consumer::on_process_record(Context& ctx, const ProcessRecord& timer) {
  batch_->started.insert(timer.index);
  std::size_t index = timer.index;
  if (mutants_.reverse_batch && !config_.parallel) index = batch_->records.size() - 1 - timer.index;
  Request request{RequestKind::write, batch_->partition, batch_->start + static_cast<std::int64_t>(index), index};
  if (mutants_.skip_second_record && index == 1) {
    record_done(ctx);  // mutant: counted as processed, never written
    return;
  }
  send_request(ctx, request);
  if (mutants_.write_twice) {
    // Mutant: an untracked second copy (request 0 matches nothing, so its answer is ignored).
    std::uint64_t saved = next_request_;
    next_request_ = 0;
    send_request(ctx, request);
    outstanding_.erase(0);
    next_request_ = saved;
  }
}

void Consumer::on_write_ack(Context& ctx, NodeId, const SinkWriteAck& ack) {
  if (!settle(ack.request) || !batch_) return;
  record_done(ctx);
}

void Consumer::record_done(Context& ctx) {
  ++batch_->done;
  ctx.count(view::kMetricProcessed);
  if (batch_->done < batch_->records.size()) {
    if (!config_.parallel) process(ctx, batch_->done, config_.processing_time_us);
    return;
  }
  if (config_.commit == CommitOrder::before_process) {
    finish_batch(ctx);
  } else {
    commit(ctx);
  }
}

void Consumer::commit(Context& ctx) { send_request(ctx, Request{RequestKind::commit, batch_->partition, batch_->end(), 0}); }

void Consumer::on_commit_response(Context& ctx, NodeId, const OffsetCommitResponse& response) {
  if (!settle(response.request) || !batch_) return;
  if (response.fenced) {
    // It does not own the partition any more (its session expired): the batch is someone else's now.
    ctx.annotate(view::partition_member(response.partition) + ": commit refused (not its partition any more); drops the batch");
    positions_.erase(response.partition);
    batch_.reset();
    poll(ctx);
    return;
  }
  batch_->committed = true;
  ctx.count(view::kMetricCommits);
  HistoryEvent done;
  done.kind = HistoryEvent::Kind::ok;
  done.op = std::string(view::kOpCommit);
  done.key = view::partition_member(batch_->partition);
  done.value = std::to_string(batch_->end());
  done.request_id = static_cast<std::uint64_t>(batch_->end());
  ctx.record(std::move(done));
  if (config_.commit == CommitOrder::before_process) {
    start_processing(ctx);
  } else {
    finish_batch(ctx);
  }
}

void Consumer::finish_batch(Context& ctx) {
  if (owns(batch_->partition)) positions_[batch_->partition] = batch_->end();
  batch_.reset();
  if (state_ == State::leaving) {
    leave(ctx);
    return;
  }
  poll(ctx);
}

// ---------------------------------------------------------------- requests

void Consumer::send_request(Context& ctx, const Request& request) {
  std::uint64_t id = next_request_++;
  outstanding_[id] = request;
  switch (request.kind) {
    case RequestKind::offset_fetch: {
      OffsetFetch message;
      message.partition = request.partition;
      message.request = id;
      ctx.send(config_.coordinator, message);
      break;
    }
    case RequestKind::fetch: {
      ConsumerFetch message;
      message.partition = request.partition;
      message.offset = request.offset;
      message.max_records = config_.max_poll_records;
      message.request = id;
      ctx.send(static_cast<NodeId>(leaders_[request.partition]), message);
      break;
    }
    case RequestKind::commit: {
      OffsetCommit message;
      message.partition = request.partition;
      message.offset = request.offset;
      message.request = id;
      ctx.send(config_.coordinator, message);
      break;
    }
    case RequestKind::write: {
      const LogRecord& record = batch_->records.at(request.index);
      SinkWrite message;
      message.partition = request.partition;
      message.offset = request.offset;
      message.message = message_name(record.producer, request.partition, record.sequence);
      message.dedup = config_.dedup;
      message.request = id;
      ctx.send(sink_, message);
      break;
    }
  }
  ctx.set_timer(config_.request_timeout_us, ConsumerRequestTimeout{id});
}

bool Consumer::settle(std::uint64_t id) { return outstanding_.erase(id) > 0; }

void Consumer::on_request_timeout(Context& ctx, const ConsumerRequestTimeout& timeout) {
  Request request = outstanding_.at(timeout.request);
  outstanding_.erase(timeout.request);
  if (request.kind == RequestKind::fetch) {
    // The leader may be gone: learn the leaders again and poll anew.
    ctx.send(controller_, MetadataRequest{});
    poll_later(ctx);
    return;
  }
  send_request(ctx, request);  // the same commit, write or offset fetch again
}

// ---------------------------------------------------------------- view

void Consumer::publish_view(Context& ctx) {
  std::string owned = "[";
  std::vector<std::uint32_t> report = owned_report();
  for (std::size_t i = 0; i < report.size(); ++i) owned += (i ? "," : "") + std::to_string(report[i]);
  owned += "]";
  std::string positions = "[";
  for (std::uint32_t partition = 0; partition < partitions_; ++partition) {
    auto found = positions_.find(partition);
    positions += (partition ? "," : "") + std::to_string(found == positions_.end() ? -1 : found->second);
  }
  positions += "]";
  const char* state = state_ == State::outside ? "outside" : state_ == State::joining ? "joining" : state_ == State::member ? "member" : "leaving";
  ctx.publish(view::kConsumer, std::string("{\"state\":\"") + state + "\",\"generation\":" + std::to_string(generation_) +
                                   ",\"owned\":" + owned + ",\"positions\":" + positions + "}");
}

}  // namespace dsim::log
