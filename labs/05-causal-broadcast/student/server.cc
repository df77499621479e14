// Lab 5: YOUR causal-broadcast member (server.h). Work through TODO 1 to TODO 5 in order;
// ../README.md says what each step is for, and `build/dsim lab grade 05` tells you how you are
// doing. It compiles and runs as it is: its first post stops the run at TODO 1, and after that it
// delivers every message the moment it arrives, as a plain broadcast does.
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
  // TODO 1 (count your own posts): a post is an event of this member, so count it first:
  // vt_[ctx.self()] += 1. Its sequence is then vt_[ctx.self()] (1 for the first post), and it
  // carries the whole of vt_ as its timestamp: everything this member had delivered when it posted.
  causal::Multicast message;
  message.origin = ctx.self();
  message.sequence = vt_[ctx.self()];
  message.timestamp = vt_;
  message.text = std::move(text);
  record_post(ctx, message);  // the sender delivers its own post at once
  for (NodeId member = 0; member < members_; ++member) {
    if (member != ctx.self()) ctx.send(member, message);
  }
}

// ---------------------------------------------------------------- receiving

void Member::on_multicast(Context& ctx, NodeId, const causal::Multicast& message) {
  // TODO 5 (duplicates): the network may deliver a message twice. A copy of a message already
  // delivered (message.timestamp[message.origin] <= vt_[message.origin]) or already waiting in
  // hold_back_ (same origin and sequence) can never become deliverable: drop it, with
  // ctx.mark(causal::view::kMarkDuplicate).

  // TODO 4 (hold back): deliver the message only if deliverable(message), and then call
  // deliver_from_hold_back(ctx), since it may be what a held message was waiting for. Otherwise
  // append it to hold_back_ ({message, ctx.now()}) and ctx.mark(causal::view::kMarkHeldBack), so
  // the viewer shows the wait. For now every message is delivered the moment it arrives.
  deliver(ctx, message);
}

bool Member::deliverable(const causal::Multicast& message) const {
  // TODO 2 (the delivery condition of Birman, Schiper and Stephenson 1991): a message m from
  // member j may be delivered here when
  //   m.timestamp[j] == vt_[j] + 1            (it is the next message from j), and
  //   m.timestamp[k] <= vt_[k] for every k != j  (everything j had delivered, you have too).
  (void)message;
  return true;
}

void Member::deliver_from_hold_back(Context& ctx) {
  // TODO 4, continued: deliver every message of hold_back_ that has become deliverable, and look
  // again after each delivery (it may unblock another), until a pass over the queue delivers
  // nothing. deliver() may post a reply, which is fine: it changes only vt_[ctx.self()].
  (void)ctx;
}

// ---------------------------------------------------------------- delivering

void Member::deliver(Context& ctx, const causal::Multicast& message) {
  // TODO 3 (merge): count the delivery: vt_[k] = max(vt_[k], message.timestamp[k]) for every k.
  // For a deliverable message that raises vt_[j] by one and nothing else; the posts this member
  // sends later then carry it, which is what makes a reply depend on the post it answers.
  record_delivery(ctx, message);
  if (auto reply = reply_to(ctx, workload_, message)) post(ctx, std::move(*reply));
}

}  // namespace dsim::lab05
