// The key-value clients (see client.h).
#include "sim/protocols/kvservice/client.h"

#include <algorithm>

#include "sim/core/assert.h"
#include "sim/core/words.h"
#include "sim/protocols/kvservice/view.h"

namespace dsim::kvservice {

KvClient::KvClient(KvWorkload workload, std::vector<NodeId> servers, std::string_view metric_prefix)
    : workload_(std::move(workload)),
      servers_(std::move(servers)),
      ok_metric_(std::string(metric_prefix) + ".client_ok"),
      fail_metric_(std::string(metric_prefix) + ".client_fail"),
      info_metric_(std::string(metric_prefix) + ".client_info"),
      timeouts_metric_(std::string(metric_prefix) + ".client_timeouts"),
      latency_metric_(std::string(metric_prefix) + ".client_latency_us") {
  DSIM_ASSERT(!servers_.empty(), "a client needs servers");
}

void KvClient::start(Context& ctx) {
  leader_guess_ = ctx.rng().index(servers_.size());
  publish_client_view(ctx);
  start_next_operation(ctx);
}

void KvClient::schedule_next_operation(Context& ctx) {
  if (workload_.rate_per_second <= 0) return;
  double mean_gap_us = static_cast<double>(workload_.clients) * 1e6 / workload_.rate_per_second;
  DurationUs gap = std::max<std::int64_t>(1, ctx.rng().exponential(mean_gap_us));
  ctx.set_timer(gap, NextOperationTimeout{sequence_ + 1});
}

void KvClient::on_next_operation_timeout(Context& ctx, const NextOperationTimeout&) {
  if (ctx.now() >= workload_.stop_us) return;
  start_operation(ctx);
}

void KvClient::on_retry_timeout(Context& ctx, const RetryTimeout&) {
  // No answer: the server may be down or cut off. Try the next one.
  leader_guess_ = (leader_guess_ + 1) % servers_.size();
  send_current(ctx);
}

void KvClient::on_operation_timeout(Context& ctx, const OperationTimeout&) {
  // It may or may not have taken effect: the history says so ("info").
  ctx.count(timeouts_metric_);
  finish_operation(ctx, HistoryEvent::Kind::info, "");
}

void KvClient::start_operation(Context& ctx) {
  const std::uint64_t weights[] = {workload_.put_weight_ppm, workload_.get_weight_ppm, workload_.append_weight_ppm,
                                   workload_.cas_weight_ppm};
  static const char* const kOps[] = {"put", "get", "append", "cas"};
  static const OpKind kKinds[] = {OpKind::put, OpKind::get, OpKind::append, OpKind::cas};
  std::size_t drawn = ctx.rng().weighted(weights);
  Command command;
  command.op = kOps[drawn];
  const OpKind kind = kKinds[drawn];
  command.key = "k" + std::to_string(ctx.rng().index(static_cast<std::size_t>(workload_.keys)));
  // Values name their writer and request, so every written value is unique in the history.
  if (kind != OpKind::get) {
    std::string unique = ctx.node_name(ctx.self()) + "." + std::to_string(sequence_ + 1);
    if (kind == OpKind::put) command.value = std::move(unique);
    if (kind == OpKind::append) command.value.append("+").append(unique);
    if (kind == OpKind::cas) {
      auto seen = last_seen_.find(command.key);
      if (seen != last_seen_.end()) command.expected = seen->second;
      command.value = std::move(unique);
    }
  }
  begin_operation(ctx, std::move(command));
}

std::optional<Command> parse_operator_command(std::string_view text, std::string& error) {
  std::vector<std::string> words = split_words(text);
  struct Form {
    const char* op;
    std::size_t words;
  };
  static const Form kForms[] = {{"put", 3}, {"get", 2}, {"append", 3}, {"cas", 4}};
  for (const Form& form : kForms) {
    if (words.empty() || words[0] != form.op || words.size() != form.words) continue;
    Command command;
    command.op = words[0];
    command.key = words[1];
    if (command.op == "put" || command.op == "append") command.value = words[2];
    if (command.op == "cas") {
      command.expected = words[2];
      command.value = words[3];
    }
    return command;
  }
  error = "expected \"put KEY VALUE\", \"get KEY\", \"append KEY VALUE\" or \"cas KEY EXPECTED NEW\", found \"" +
          std::string(text) + "\"";
  return std::nullopt;
}

std::string KvClient::on_operator_request(Context& ctx, std::string_view request) {
  std::string error;
  std::optional<Command> command = parse_operator_command(request, error);
  if (!command) return error;
  if (!in_flight_) {
    begin_operation(ctx, std::move(*command));
    return "";
  }
  if (operator_requests_.size() >= kMaxQueuedOperatorRequests) {
    return "already " + std::to_string(kMaxQueuedOperatorRequests) + " requests wait for the one in flight";
  }
  operator_requests_.push_back(std::move(*command));
  return "";
}

// A request a person typed goes first; otherwise the workload draws its next operation.
void KvClient::start_next_operation(Context& ctx) {
  if (operator_requests_.empty()) {
    schedule_next_operation(ctx);
    return;
  }
  Command next = std::move(operator_requests_.front());
  operator_requests_.pop_front();
  begin_operation(ctx, std::move(next));
  publish_client_view(ctx);
}

void KvClient::begin_operation(Context& ctx, Command command) {
  ++sequence_;
  command.client = ctx.self();
  command.sequence = sequence_;
  current_ = std::move(command);
  in_flight_ = true;
  started_us_ = ctx.now();
  attempt_ = 0;

  HistoryEvent invoke;
  invoke.time = ctx.now();
  invoke.process = ctx.self();
  invoke.kind = HistoryEvent::Kind::invoke;
  invoke.op = current_.op;
  invoke.key = current_.key;
  invoke.value = current_.value;
  invoke.expected = current_.expected;  // "" but for a cas
  invoke.request_id = sequence_;
  ctx.record(invoke);
  ctx.set_timer(workload_.timeout_us, OperationTimeout{sequence_});
  send_current(ctx);
}

void KvClient::send_current(Context& ctx) {
  ++attempt_;
  ClientRequest request;
  request.command = current_;
  ctx.send(servers_[leader_guess_], request);
  DurationUs backoff = workload_.retry_us;
  for (std::uint64_t i = 1; i < attempt_ && backoff < workload_.max_retry_us; ++i) backoff *= 2;
  backoff = std::min(backoff, workload_.max_retry_us);
  ctx.set_timer(backoff, RetryTimeout{sequence_, attempt_});
}

void KvClient::on_client_reply(Context& ctx, NodeId from, const ClientReply& reply) {
  if (!in_flight_ || reply.sequence != sequence_) return;  // late: an earlier request's answer
  if (reply.status == ClientReply::Status::not_leader) {
    auto hinted = std::find(servers_.begin(), servers_.end(), reply.leader_hint);
    if (hinted != servers_.end() && reply.leader_hint != from) {
      // Follow the hint at once: the redirect costs one round trip, not a backoff.
      leader_guess_ = static_cast<std::size_t>(hinted - servers_.begin());
      send_current(ctx);
    }
    // No useful hint: the retry timer will move on to the next server.
    return;
  }
  leader_guess_ = static_cast<std::size_t>(std::find(servers_.begin(), servers_.end(), from) - servers_.begin()) %
                  servers_.size();
  ctx.observe(latency_metric_, ctx.now() - started_us_);
  const OpKind kind = op_kind(current_.op);
  if (kind == OpKind::cas && !reply.result.ok) {
    finish_operation(ctx, HistoryEvent::Kind::fail, "");
    return;
  }
  if (kind == OpKind::get) last_seen_[current_.key] = reply.result.value;
  if (kind == OpKind::put || kind == OpKind::cas) last_seen_[current_.key] = current_.value;
  if (kind == OpKind::append) last_seen_.erase(current_.key);  // unknown: others may have appended too
  finish_operation(ctx, HistoryEvent::Kind::ok, kind == OpKind::get ? reply.result.value : std::string());
}

void KvClient::finish_operation(Context& ctx, HistoryEvent::Kind kind, const std::string& value) {
  HistoryEvent done;
  done.time = ctx.now();
  done.process = ctx.self();
  done.kind = kind;
  done.op = current_.op;
  done.key = current_.key;
  done.value = value;
  done.request_id = sequence_;
  ctx.record(done);
  in_flight_ = false;
  if (kind != HistoryEvent::Kind::info) ++completed_;
  ctx.count(kind == HistoryEvent::Kind::ok     ? ok_metric_
            : kind == HistoryEvent::Kind::fail ? fail_metric_
                                               : info_metric_);
  publish_client_view(ctx);
  start_next_operation(ctx);
}

void KvClient::publish_client_view(Context& ctx) {
  // The role never changes, and a crash that clears it ends this object (a restart makes a new
  // one): published once, it need not be offered again (the simulator would emit nothing).
  if (!role_published_) {
    ctx.publish(dsim::view::kRole, dsim::view::role::kClient);
    role_published_ = true;
  }
  ctx.publish(view::kCompleted, static_cast<std::int64_t>(completed_));
  ctx.publish(view::kInFlight, in_flight_ ? current_.describe(ctx.node_name(ctx.self())) : std::string());
}

}  // namespace dsim::kvservice
