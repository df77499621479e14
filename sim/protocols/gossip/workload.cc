// The rumor source (workload.h): an injection is an "invoke" in the history and its InjectOk an
// "ok"; a timeout only moves the injection to another site, so every update is eventually stored
// somewhere once some site is reachable.
#include "sim/protocols/gossip/workload.h"

#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/gossip/view.h"

namespace dsim::gossip {

RumorSource::RumorSource(GossipWorkload workload, std::uint32_t site_count) : workload_(workload), site_count_(site_count) {
  DSIM_ASSERT(site_count_ >= 1, "a rumor source needs a site");
}

void RumorSource::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kClient);
  // A restarted source never reuses an update's number.
  if (auto stored = ctx.storage().get_int(view::kDurableNextUpdate)) next_update_ = static_cast<UpdateId>(*stored);
  scheduled_injected_ = next_update_;
  publish_progress(ctx);
  if (scheduled_injected_ >= workload_.updates) return;
  TimeUs at = workload_.start_us + static_cast<TimeUs>(scheduled_injected_) * workload_.every_us;
  ctx.set_timer(std::max<DurationUs>(0, at - ctx.now()), NextUpdate{});
}

void RumorSource::on_next_update(Context& ctx, const NextUpdate&) {
  NodeId origin = workload_.origin ? *workload_.origin : static_cast<NodeId>(ctx.rng().index(site_count_));
  inject(ctx, origin);
  ++scheduled_injected_;
  if (scheduled_injected_ < workload_.updates) ctx.set_timer(workload_.every_us, NextUpdate{});
}

std::string RumorSource::on_operator_request(Context& ctx, std::string_view request) {
  if (request != "inject") return "expected \"inject\" (a new update at a random site), found \"" + std::string(request) + "\"";
  inject(ctx, static_cast<NodeId>(ctx.rng().index(site_count_)));
  return "";
}

void RumorSource::inject(Context& ctx, NodeId origin) {
  UpdateId update = next_update_++;
  ctx.persist_int(view::kDurableNextUpdate, next_update_);
  ctx.count(view::kMetricInjected);
  HistoryEvent invoke;
  invoke.kind = HistoryEvent::Kind::invoke;
  invoke.op = std::string(view::kOpInject);
  invoke.value = update_name(update);
  invoke.request_id = update;
  ctx.record(std::move(invoke));
  Pending& pending = pending_[update];
  pending.site = origin;
  send_attempt(ctx, update, pending);
  publish_progress(ctx);
}

void RumorSource::send_attempt(Context& ctx, UpdateId update, const Pending& pending) {
  Inject message;
  message.update = update;
  message.attempt = pending.attempt;
  ctx.send(pending.site, std::move(message));
  ctx.set_timer(workload_.timeout_us, InjectTimeout{update, pending.attempt});
}

bool RumorSource::is_current(const InjectTimeout& timeout) const {
  auto it = pending_.find(static_cast<UpdateId>(timeout.update));
  return it != pending_.end() && it->second.attempt == timeout.attempt;
}

void RumorSource::on_inject_timeout(Context& ctx, const InjectTimeout& timeout) {
  Pending& pending = pending_.at(static_cast<UpdateId>(timeout.update));
  ++pending.attempt;
  if (site_count_ > 1) {
    NodeId next = static_cast<NodeId>(ctx.rng().index(site_count_ - 1));
    pending.site = next >= pending.site ? next + 1 : next;
  }
  send_attempt(ctx, static_cast<UpdateId>(timeout.update), pending);
}

void RumorSource::on_inject_ok(Context& ctx, NodeId, const InjectOk& ok) {
  auto it = pending_.find(ok.update);
  if (it == pending_.end()) return;  // a second acknowledgement of a retried update
  pending_.erase(it);
  HistoryEvent done;
  done.kind = HistoryEvent::Kind::ok;
  done.op = std::string(view::kOpInject);
  done.value = update_name(ok.update);
  done.request_id = ok.update;
  ctx.record(std::move(done));
  ++acknowledged_;
  publish_progress(ctx);
}

void RumorSource::publish_progress(Context& ctx) {
  ctx.publish(view::kInjected, static_cast<std::int64_t>(next_update_));
  ctx.publish(view::kAcknowledged, static_cast<std::int64_t>(acknowledged_));
}

}  // namespace dsim::gossip
