// The causal-broadcast member's reactions. Sections: posting; receiving (hold back or deliver);
// delivering.
#include "sim/protocols/causal/causal_node.h"

#include <algorithm>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/causal/view.h"

namespace dsim::causal {
namespace {

std::string message_key(NodeId origin, std::uint64_t sequence) {
  return std::to_string(origin) + "#" + std::to_string(sequence);
}

void record(Context& ctx, std::string_view op, const Multicast& message) {
  HistoryEvent event;
  event.kind = HistoryEvent::Kind::info;
  event.op = std::string(op);
  event.key = message_key(message.origin, message.sequence);
  event.value = message.text;
  ctx.record(std::move(event));
}

}  // namespace

CausalMember::CausalMember(CausalParams params, CausalWorkload workload, std::uint32_t members)
    : params_(params), workload_(workload), members_(members), delivered_(members, 0) {
  DSIM_ASSERT(members_ >= 1, "a group has members");
}

void CausalMember::start(Context& ctx) {
  DSIM_ASSERT(ctx.self() < members_, "members are the first nodes");
  ctx.publish(dsim::view::kRole, dsim::view::role::kServer);
  schedule_next_post(ctx);
}

void CausalMember::publish_view(Context& ctx) {
  std::int64_t delivered = 0;
  for (std::uint64_t count : delivered_) delivered += static_cast<std::int64_t>(count);
  ctx.publish(view::kDelivered, delivered);
  ctx.publish(view::kHeldBack, static_cast<std::int64_t>(hold_back_.size()));
  ctx.publish(view::kVectorTimestamp, to_string(delivered_));
}

// ---------------------------------------------------------------- posting

void CausalMember::schedule_next_post(Context& ctx) {
  auto mean_gap_us = static_cast<double>(kSecond) / workload_.posts_per_second;
  DurationUs gap = std::max<std::int64_t>(1, ctx.rng().exponential(mean_gap_us));
  if (ctx.now() + gap >= workload_.stop_us) return;
  ctx.set_timer(gap, PostTimer{});
}

void CausalMember::on_post_timer(Context& ctx, const PostTimer&) {
  post(ctx, "post");
  schedule_next_post(ctx);
}

std::string CausalMember::on_operator_request(Context& ctx, std::string_view request) {
  if (request != "post") return "expected \"post\", found \"" + std::string(request) + "\"";
  post(ctx, "post");
  return "";
}

void CausalMember::post(Context& ctx, std::string text) {
  // CBCAST: before sending, VT_i[i] += 1; the message carries the whole of VT_i. The sender
  // delivers its own message at once.
  ++delivered_[ctx.self()];
  Multicast message;
  message.origin = ctx.self();
  message.sequence = delivered_[ctx.self()];
  message.timestamp = delivered_;
  message.text = std::move(text);
  record(ctx, view::kOpPost, message);
  for (NodeId member = 0; member < members_; ++member) {
    if (member != ctx.self()) ctx.send(member, message);
  }
}

// ---------------------------------------------------------------- receiving

void CausalMember::on_multicast(Context& ctx, NodeId, const Multicast& message) {
  // A copy of a message already delivered or already waiting (the network duplicated it): the
  // paper's channels never do, so say so and drop it; it would otherwise wait for ever.
  if (!params_.bug_deliver_at_once && (message.timestamp[message.origin] <= delivered_[message.origin] || is_held(message))) {
    ctx.mark(view::kMarkDuplicate);
    return;
  }
  if (params_.bug_deliver_at_once || deliverable(delivered_, message.origin, message.timestamp)) {
    deliver(ctx, message);
    deliver_from_hold_back(ctx);
    return;
  }
  // Something it depends on has not arrived yet: wait for it.
  ctx.mark(view::kMarkHeldBack);
  ctx.count(view::kMetricHeldBack);
  hold_back_.push_back({message, ctx.now()});
  ctx.gauge(view::kMetricQueue, static_cast<std::int64_t>(hold_back_.size()));
}

void CausalMember::deliver_from_hold_back(Context& ctx) {
  // Each delivery may unblock others, so scan again until a pass delivers nothing. The queue is
  // short (messages from a few members overtaken by a few others), so the passes stay cheap.
  bool progress = true;
  while (progress) {
    progress = false;
    for (auto it = hold_back_.begin(); it != hold_back_.end(); ++it) {
      if (!deliverable(delivered_, it->message.origin, it->message.timestamp)) continue;
      Waiting waiting = std::move(*it);
      hold_back_.erase(it);
      ctx.observe(view::kMetricHoldBackDelay, ctx.now() - waiting.arrived_us);
      deliver(ctx, waiting.message);
      progress = true;
      break;
    }
  }
  ctx.gauge(view::kMetricQueue, static_cast<std::int64_t>(hold_back_.size()));
}

bool CausalMember::is_held(const Multicast& message) const {
  return std::any_of(hold_back_.begin(), hold_back_.end(), [&](const Waiting& waiting) {
    return waiting.message.origin == message.origin && waiting.message.sequence == message.sequence;
  });
}

// ---------------------------------------------------------------- delivering

void CausalMember::deliver(Context& ctx, const Multicast& message) {
  merge_into(delivered_, message.timestamp);
  record(ctx, view::kOpDeliver, message);
  // A reply causally depends on what it answers: it is posted after that delivery.
  if (message.text == "post" && ctx.now() < workload_.stop_us && ctx.rng().chance(workload_.reply_percent, 100)) {
    post(ctx, "reply to " + message_key(message.origin, message.sequence));
  }
}

}  // namespace dsim::causal
