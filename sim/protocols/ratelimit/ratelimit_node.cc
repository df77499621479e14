// The rate limiter's reactions. Sections: start; requests; the store's answers and silence;
// sync mode; applying a decision; the view.
#include "sim/protocols/ratelimit/ratelimit_node.h"

#include <algorithm>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/ratelimit/view.h"

namespace dsim::ratelimit {

std::string client_name(std::uint64_t request_id) { return "c" + std::to_string(request_id >> 32); }

RateLimiterNode::RateLimiterNode(RateLimitParams params, std::uint32_t limiter_count, NodeId store)
    : params_(params), own_limit_(limiter_limit(params, limiter_count)), store_(store), limiter_(own_limit_) {
  DSIM_ASSERT(limiter_count >= 1, "at least one limiter");
  DSIM_ASSERT((params_.mode == Mode::local) == (store_ == kNoNode), "a store exactly in store and sync modes");
}

// ---------------------------------------------------------------- start

void RateLimiterNode::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, view::role::kLimiter);
  ctx.publish(view::kAlgorithm, algorithm_name(own_limit_.algorithm));
  ctx.publish(view::kLimit, own_limit_.limit);
  ctx.publish(view::kWindow, own_limit_.window_us);
  if (params_.mode == Mode::sync) {
    // A random first delay spreads the limiters' exchanges over the interval.
    ctx.set_timer(ctx.rng().uniform(1, params_.sync_interval_us), SyncTick{0});
  }
  // In store mode the level lives in the store, which refreshes its own.
  if (params_.mode != Mode::store) ctx.set_timer(view_refresh_interval(own_limit_.window_us), ViewRefresh{});
}

void RateLimiterNode::on_view_refresh(Context& ctx, const ViewRefresh&) {
  ctx.set_timer(view_refresh_interval(own_limit_.window_us), ViewRefresh{});
}

// ---------------------------------------------------------------- requests

void RateLimiterNode::on_request(Context& ctx, NodeId from, const Request& request) {
  if (params_.mode != Mode::store) return decide_here(ctx, from, request.request_id);
  awaiting_store_[request.request_id] = AwaitingStore{from, ctx.now()};
  Take take;
  take.request_id = request.request_id;
  ctx.send(store_, std::move(take));
  ctx.set_timer(params_.store_timeout_us, StoreTimeout{request.request_id});
}

void RateLimiterNode::decide_here(Context& ctx, NodeId client, std::uint64_t request_id) {
  TimeUs now = ctx.now();
  Decision decision = limiter_.offer(now, counts_elsewhere(now));
  if (decision.admitted && params_.mode == Mode::sync) ++own_counts_[window_index(now, own_limit_.window_us)];
  if (decision.admitted || mutant_admits_anyway()) {
    admit(ctx, client, request_id, view::kDecidedLocally, now, decision.admitted ? decision.release_us : now, now);
  } else {
    reject(ctx, client, request_id, "over the limit", now);
  }
}

bool RateLimiterNode::mutant_admits_anyway() {
  if (params_.mutant_admit_every_nth_rejection == 0) return false;
  return ++mutant_rejections_ % params_.mutant_admit_every_nth_rejection == 0;
}

// ---------------------------------------------------------------- the store's answers and silence

void RateLimiterNode::on_take_reply(Context& ctx, NodeId, const TakeReply& reply) {
  auto it = awaiting_store_.find(reply.request_id);
  if (it == awaiting_store_.end()) {
    // Too late: this limiter already failed open or closed. The store counted the request anyway,
    // so a slow store costs capacity as well as time.
    ctx.mark(view::kMarkLateStoreReply);
    return;
  }
  AwaitingStore awaiting = it->second;
  awaiting_store_.erase(it);
  if (reply.admitted || mutant_admits_anyway()) {
    TimeUs release = reply.admitted ? reply.release_us : reply.decided_us;
    admit(ctx, awaiting.client, reply.request_id, reply.admitted ? view::kDecidedByStore : view::kDecidedLocally,
          reply.admitted ? reply.decided_us : ctx.now(), reply.admitted ? release : ctx.now(), awaiting.arrived_us);
  } else {
    reject(ctx, awaiting.client, reply.request_id, "over the limit", awaiting.arrived_us);
  }
}

void RateLimiterNode::on_store_timeout(Context& ctx, const StoreTimeout& timeout) {
  AwaitingStore awaiting = awaiting_store_.at(timeout.request_id);
  awaiting_store_.erase(timeout.request_id);
  ctx.mark(view::kMarkStoreTimeout);
  if (params_.on_store_failure == StoreFailure::open) {
    // Nobody counts this admission: while the store is gone, the limit is not enforced at all.
    ctx.mark(view::kMarkFailOpen);
    ctx.count(view::kMetricFailOpen);
    admit(ctx, awaiting.client, timeout.request_id, view::kDecidedFailOpen, ctx.now(), ctx.now(), awaiting.arrived_us);
  } else {
    ctx.mark(view::kMarkFailClosed);
    ctx.count(view::kMetricRejectedStoreDown);
    reject(ctx, awaiting.client, timeout.request_id, "store unavailable", awaiting.arrived_us);
  }
}

// ---------------------------------------------------------------- sync mode

void RateLimiterNode::on_sync_tick(Context& ctx, const SyncTick&) {
  ++sync_round_;
  ctx.set_timer(params_.sync_interval_us, SyncTick{sync_round_});
  std::int64_t current = window_index(ctx.now(), own_limit_.window_us);
  // Windows older than the previous one no longer matter to either counter.
  own_counts_.erase(own_counts_.begin(), own_counts_.lower_bound(current - 1));
  elsewhere_.erase(elsewhere_.begin(), elsewhere_.lower_bound(current - 1));
  SyncCounts counts;
  for (std::int64_t window : {current - 1, current}) {
    auto it = own_counts_.find(window);
    counts.own.push_back({window, it == own_counts_.end() ? 0 : it->second});
  }
  ctx.send(store_, std::move(counts));
}

void RateLimiterNode::on_sync_reply(Context&, NodeId, const SyncReply& reply) {
  // Counts only grow, so a reply that arrives late or twice never lowers what is known.
  for (const WindowCount& entry : reply.elsewhere) {
    std::int64_t& known = elsewhere_[entry.window];
    known = std::max(known, entry.count);
  }
}

CountsElsewhere RateLimiterNode::counts_elsewhere(TimeUs now) const {
  if (params_.mode != Mode::sync) return {};
  std::int64_t current = window_index(now, own_limit_.window_us);
  auto known = [&](std::int64_t window) {
    auto it = elsewhere_.find(window);
    return it == elsewhere_.end() ? std::int64_t{0} : it->second;
  };
  return {known(current), known(current - 1)};
}

// ---------------------------------------------------------------- applying a decision

void RateLimiterNode::admit(Context& ctx, NodeId client, std::uint64_t request_id, std::string_view decider,
                            TimeUs decided_us, TimeUs release_us, TimeUs arrived_us) {
  ++admitted_;
  ctx.count(view::kMetricAdmitted);
  ctx.observe(view::kMetricDecisionLatency, ctx.now() - arrived_us);
  HistoryEvent event;
  event.kind = HistoryEvent::Kind::ok;
  event.op = std::string(view::kHistoryOp);
  event.key = client_name(request_id);
  event.value = std::string(decider) + " " + std::to_string(decided_us) + " " + std::to_string(release_us);
  event.request_id = request_id;
  ctx.record(std::move(event));
  note_admission(release_us);
  if (release_us > ctx.now()) {
    ctx.mark(view::kMarkQueued);
    held_[request_id] = client;
    ctx.set_timer(release_us - ctx.now(), Release{request_id});
    return;
  }
  Response response;
  response.request_id = request_id;
  response.admitted = true;
  ctx.send(client, std::move(response));
}

void RateLimiterNode::on_release(Context& ctx, const Release& release) {
  NodeId client = held_.at(release.request_id);
  held_.erase(release.request_id);
  Response response;
  response.request_id = release.request_id;
  response.admitted = true;
  ctx.send(client, std::move(response));
}

void RateLimiterNode::reject(Context& ctx, NodeId client, std::uint64_t request_id, std::string reason,
                             TimeUs arrived_us) {
  ++rejected_;
  ctx.count(view::kMetricRejected);
  ctx.mark(view::kMarkRejected);
  ctx.observe(view::kMetricDecisionLatency, ctx.now() - arrived_us);
  HistoryEvent event;
  event.kind = HistoryEvent::Kind::fail;
  event.op = std::string(view::kHistoryOp);
  event.key = client_name(request_id);
  event.value = reason;
  event.request_id = request_id;
  ctx.record(std::move(event));
  Response response;
  response.request_id = request_id;
  response.admitted = false;
  response.reason = std::move(reason);
  ctx.send(client, std::move(response));
}

void RateLimiterNode::note_admission(TimeUs limited_at_us) {
  // When the request goes on (a leaky bucket's release time), in order: releases are scheduled
  // in increasing order, and everything else goes on at once.
  auto position = std::upper_bound(recent_admissions_.begin(), recent_admissions_.end(), limited_at_us);
  recent_admissions_.insert(position, limited_at_us);
}

// ---------------------------------------------------------------- the view

std::int64_t RateLimiterNode::level_milli(TimeUs now) const {
  if (params_.mode != Mode::sync) return limiter_.level_milli(now);
  // Sync mode: the counters as this limiter sees them, its own plus everyone else's as last heard.
  std::int64_t current = window_index(now, own_limit_.window_us);
  auto own = [&](std::int64_t window) {
    auto it = own_counts_.find(window);
    return it == own_counts_.end() ? std::int64_t{0} : it->second;
  };
  CountsElsewhere elsewhere = counts_elsewhere(now);
  if (own_limit_.algorithm == Algorithm::fixed_window) return (own(current) + elsewhere.current) * 1000;
  return sliding_estimate_scaled(own_limit_, now, own(current - 1) + elsewhere.previous, own(current) + elsewhere.current) *
         1000 / own_limit_.window_us;
}

void RateLimiterNode::publish_view(Context& ctx) {
  TimeUs now = ctx.now();
  while (!recent_admissions_.empty() && recent_admissions_.front() <= now - own_limit_.window_us) {
    recent_admissions_.pop_front();
  }
  // Admissions released later (a leaky bucket's queue) count from their release on.
  auto in_window = static_cast<std::int64_t>(
      std::upper_bound(recent_admissions_.begin(), recent_admissions_.end(), now) - recent_admissions_.begin());
  bool over = in_window > own_limit_.limit;
  if (over && !over_limit_) ctx.mark(view::kMarkOverLimitInWindow);
  over_limit_ = over;
  ctx.publish(view::kInWindow, in_window);
  if (in_window != gauged_in_window_) ctx.gauge(view::kMetricInWindow, in_window);
  gauged_in_window_ = in_window;
  ctx.publish(view::kAdmitted, admitted_);
  ctx.publish(view::kRejected, rejected_);
  ctx.publish(view::kWaiting, static_cast<std::int64_t>(awaiting_store_.size() + held_.size()));
  if (params_.mode != Mode::store) {
    std::int64_t level = level_milli(now);
    ctx.publish(view::kLevel, level);
    ctx.publish(view::kCapacity, limiter_.capacity_milli());
    if (level != gauged_level_) ctx.gauge(view::kMetricLevel, level);
    gauged_level_ = level;
  }
}

}  // namespace dsim::ratelimit
