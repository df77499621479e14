// The counter store's reactions: deciding (store mode), adding up reports (sync mode), and
// recovering its state after a crash.
#include "sim/protocols/ratelimit/store_node.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "sim/protocols/ratelimit/view.h"

namespace dsim::ratelimit {

namespace {

std::string count_key(std::int64_t window, NodeId limiter) {
  return std::string(view::kDurableCountPrefix) + std::to_string(window) + "/" + std::to_string(limiter);
}

}  // namespace

CounterStore::CounterStore(RateLimitParams params) : params_(params), limiter_(params.limit) {}

void CounterStore::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, view::role::kStore);
  ctx.publish(view::kAlgorithm, algorithm_name(params_.limit.algorithm));
  ctx.publish(view::kLimit, params_.limit.limit);
  ctx.publish(view::kWindow, params_.limit.window_us);
  const DurableStorage& storage = ctx.storage();
  if (const std::string* state = storage.get(view::kDurableLimiter)) {
    if (limiter_.restore(*state)) ctx.mark(view::kMarkStoreRecovered);
  }
  for (auto it = storage.entries().lower_bound(view::kDurableCountPrefix); it != storage.entries().end(); ++it) {
    std::string_view key = it->first;
    if (key.substr(0, view::kDurableCountPrefix.size()) != view::kDurableCountPrefix) break;
    key.remove_prefix(view::kDurableCountPrefix.size());
    std::int64_t window = 0;
    NodeId limiter = 0;
    std::int64_t count = 0;
    auto slash = key.find('/');
    if (slash == std::string_view::npos) continue;
    bool read = std::from_chars(key.data(), key.data() + slash, window).ec == std::errc() &&
                std::from_chars(key.data() + slash + 1, key.data() + key.size(), limiter).ec == std::errc() &&
                std::from_chars(it->second.data(), it->second.data() + it->second.size(), count).ec == std::errc();
    if (read) reported_[window][limiter] = count;
  }
  ctx.set_timer(view_refresh_interval(params_.limit.window_us), ViewRefresh{});
}

void CounterStore::on_view_refresh(Context& ctx, const ViewRefresh&) {
  ctx.set_timer(view_refresh_interval(params_.limit.window_us), ViewRefresh{});
}

void CounterStore::restart(Context& ctx) {
  start(ctx);
  if (!params_.store_persists) {
    ctx.mark(view::kMarkStoreForgot);
    ctx.annotate("restarted with empty counters: this store keeps nothing on disk");
  }
}

// ---------------------------------------------------------------- store mode

void CounterStore::on_take(Context& ctx, NodeId from, const Take& take) {
  TimeUs now = ctx.now();
  Decision decision = limiter_.offer(now);
  // Durable before the answer: once a limiter has heard "yes", a crash cannot give the token back.
  if (params_.store_persists) ctx.persist(view::kDurableLimiter, limiter_.encode());
  if (decision.admitted) {
    ++admitted_;
    auto position = std::upper_bound(recent_admissions_.begin(), recent_admissions_.end(), decision.release_us);
    recent_admissions_.insert(position, decision.release_us);
  } else {
    ++rejected_;
  }
  TakeReply reply;
  reply.request_id = take.request_id;
  reply.admitted = decision.admitted;
  reply.decided_us = now;
  reply.release_us = decision.admitted ? decision.release_us : now;
  ctx.send(from, std::move(reply));
}

// ---------------------------------------------------------------- sync mode

void CounterStore::on_sync_counts(Context& ctx, NodeId from, const SyncCounts& counts) {
  SyncReply reply;
  for (const WindowCount& entry : counts.own) {
    std::int64_t& known = reported_[entry.window][from];
    if (entry.count > known) {
      known = entry.count;
      if (params_.store_persists) ctx.persist(count_key(entry.window, from), std::to_string(known));
    }
    reply.elsewhere.push_back({entry.window, total_in(entry.window) - known});
  }
  // Windows two or more behind the newest reported one matter to nobody.
  if (!reported_.empty()) {
    std::int64_t newest = reported_.rbegin()->first;
    while (!reported_.empty() && reported_.begin()->first < newest - 1) {
      for (const auto& [limiter, count] : reported_.begin()->second) {
        if (params_.store_persists) ctx.erase_durable(count_key(reported_.begin()->first, limiter));
      }
      reported_.erase(reported_.begin());
    }
  }
  ctx.send(from, std::move(reply));
}

std::int64_t CounterStore::total_in(std::int64_t window) const {
  auto it = reported_.find(window);
  if (it == reported_.end()) return 0;
  std::int64_t total = 0;
  for (const auto& [limiter, count] : it->second) total += count;
  return total;
}

// ---------------------------------------------------------------- the view

void CounterStore::publish_view(Context& ctx) {
  TimeUs now = ctx.now();
  std::int64_t level = 0;
  std::int64_t in_window = 0;
  if (params_.mode == Mode::sync) {
    // What the limiters have reported for the current window: the store sees drift only after
    // the fact, when the reports add up to more than the limit.
    std::int64_t current = window_index(now, params_.limit.window_us);
    in_window = total_in(current);
    level = in_window * 1000;
    ctx.publish(view::kCapacity, params_.limit.limit * 1000);
  } else {
    while (!recent_admissions_.empty() && recent_admissions_.front() <= now - params_.limit.window_us) {
      recent_admissions_.pop_front();
    }
    in_window = static_cast<std::int64_t>(
        std::upper_bound(recent_admissions_.begin(), recent_admissions_.end(), now) - recent_admissions_.begin());
    level = limiter_.level_milli(now);
    ctx.publish(view::kCapacity, limiter_.capacity_milli());
    ctx.publish(view::kAdmitted, admitted_);
    ctx.publish(view::kRejected, rejected_);
  }
  bool over = in_window > params_.limit.limit;
  if (over && !over_limit_) ctx.mark(view::kMarkOverLimitInWindow);
  over_limit_ = over;
  ctx.publish(view::kInWindow, in_window);
  ctx.publish(view::kLevel, level);
  if (level != gauged_level_) ctx.gauge(view::kMetricLevel, level);
  gauged_level_ = level;
}

}  // namespace dsim::ratelimit
