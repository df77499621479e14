// Lab 5's reference member (server.h): CBCAST (Birman, Schiper and Stephenson 1991), as
// docs/concepts/causality.md describes it.
// Sections: start and view; posting; receiving (hold back or deliver); delivering.
#include "server.h"

#include <algorithm>
#include <utility>

#include "labs/05-causal-broadcast/lab/support.h"
#include "sim/protocols/causal/view.h"

namespace dsim::lab05 {

Member::Member(causal::CausalWorkload workload, std::uint32_t members)
    : workload_(workload), members_(members), vt_(members, 0) {}

void Member::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kServer);
  schedule_next_post(ctx, workload_);
}

void Member::publish_view(Context& ctx) {
  std::int64_t delivered = 0;
  for (std::uint64_t count : vt_) delivered += static_cast<std::int64_t>(count);
  ctx.publish(causal::view::kDelivered, delivered);
  ctx.publish(causal::view::kHeldBack, static_cast<std::int64_t>(hold_back_.size()));
  ctx.publish(causal::view::kVectorTimestamp, causal::to_string(vt_));
}

// ---------------------------------------------------------------- posting

void Member::on_post_timer(Context& ctx, const causal::PostTimer&) {
  post(ctx, "post");
  schedule_next_post(ctx, workload_);
}

void Member::post(Context& ctx, std::string text) {
  // The sender counts its own post first (VT_i[i] += 1), then stamps the whole vector on it, and
  // delivers it to itself at once.
  ++vt_[ctx.self()];
  causal::Multicast message;
  message.origin = ctx.self();
  message.sequence = vt_[ctx.self()];
  message.timestamp = vt_;
  message.text = std::move(text);
  record_post(ctx, message);
  for (NodeId member = 0; member < members_; ++member) {
    if (member != ctx.self()) ctx.send(member, message);
  }
}

// ---------------------------------------------------------------- receiving

void Member::on_multicast(Context& ctx, NodeId, const causal::Multicast& message) {
  // A copy of a message already delivered (its sender's count here has reached it) or already
  // waiting: the network duplicated it. Drop it; held, it would never become deliverable.
  bool waiting = std::any_of(hold_back_.begin(), hold_back_.end(), [&](const Waiting& held) {
    return held.message.origin == message.origin && held.message.sequence == message.sequence;
  });
  if (message.timestamp[message.origin] <= vt_[message.origin] || waiting) {
    ctx.mark(causal::view::kMarkDuplicate);
    return;
  }
  if (deliverable(message)) {
    deliver(ctx, message);
    deliver_from_hold_back(ctx);
    return;
  }
  // Something it depends on has not arrived yet: hold it back.
  ctx.mark(causal::view::kMarkHeldBack);
  ctx.count(causal::view::kMetricHeldBack);
  hold_back_.push_back({message, ctx.now()});
  ctx.gauge(causal::view::kMetricQueue, static_cast<std::int64_t>(hold_back_.size()));
}

bool Member::deliverable(const causal::Multicast& message) const {
  // CBCAST's delivery condition: m from j is the next message from j here, and everything j had
  // delivered when it sent m has been delivered here too.
  NodeId sender = message.origin;
  if (message.timestamp[sender] != vt_[sender] + 1) return false;
  for (NodeId k = 0; k < members_; ++k) {
    if (k != sender && message.timestamp[k] > vt_[k]) return false;
  }
  return true;
}

void Member::deliver_from_hold_back(Context& ctx) {
  // Each delivery may unblock others, so scan again until a pass delivers nothing.
  bool progress = true;
  while (progress) {
    progress = false;
    for (auto it = hold_back_.begin(); it != hold_back_.end(); ++it) {
      if (!deliverable(it->message)) continue;
      Waiting held = std::move(*it);
      hold_back_.erase(it);
      ctx.observe(causal::view::kMetricHoldBackDelay, ctx.now() - held.arrived_us);
      deliver(ctx, held.message);
      progress = true;
      break;
    }
  }
  ctx.gauge(causal::view::kMetricQueue, static_cast<std::int64_t>(hold_back_.size()));
}

// ---------------------------------------------------------------- delivering

void Member::deliver(Context& ctx, const causal::Multicast& message) {
  // After delivering m: VT_i := max(VT_i, VT(m)); for a deliverable m that is VT_i[j] += 1.
  for (NodeId k = 0; k < members_; ++k) vt_[k] = std::max(vt_[k], message.timestamp[k]);
  record_delivery(ctx, message);
  if (auto reply = reply_to(ctx, workload_, message)) post(ctx, std::move(*reply));
}

}  // namespace dsim::lab05
