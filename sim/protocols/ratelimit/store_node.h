// The shared counter store (a Redis every gateway talks to, in miniature). In store mode it holds
// the one shared Limiter and decides every request (Take -> TakeReply), persisting the limiter's
// state before it answers unless the scenario says it does not (store_persists: false, a cache
// with no disk, which forgets every count when it crashes). In sync mode it only adds up the
// window counts the limiters report and tells each the others' sums.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/ratelimit/limiter.h"
#include "sim/protocols/ratelimit/messages.h"
#include "sim/protocols/ratelimit/params.h"
#include "sim/protocols/ratelimit/timers.h"

namespace dsim::ratelimit {

class CounterStore final : public ProtocolNode<CounterStore> {
 public:
  static constexpr std::string_view kNodeType = "counter store";

  explicit CounterStore(RateLimitParams params);

  // Reads back what was persisted (nothing, the first time).
  void start(Context& ctx);
  // The same, and says so when the store kept nothing: every count starts again from zero.
  void restart(Context& ctx);
  bool is_current(const ViewRefresh&) const { return true; }  // one pending at a time; a crash drops it
  void publish_view(Context& ctx);

 private:
  void on_take(Context& ctx, NodeId from, const Take& take);
  void on_sync_counts(Context& ctx, NodeId from, const SyncCounts& counts);
  void on_view_refresh(Context& ctx, const ViewRefresh& refresh);
  std::int64_t total_in(std::int64_t window) const;

  RateLimitParams params_;
  Limiter limiter_;  // store mode: the one limiter every request is decided by
  // Sync mode: window -> limiter -> the count it last reported for that window.
  std::map<std::int64_t, std::map<NodeId, std::int64_t>> reported_;
  std::deque<TimeUs> recent_admissions_;  // store mode: admissions in the last window
  bool over_limit_ = false;
  std::int64_t admitted_ = 0;
  std::int64_t rejected_ = 0;
  std::int64_t gauged_level_ = -1;

 public:
  using Messages = MessageHandlers<&CounterStore::on_take, &CounterStore::on_sync_counts>;
  using Timers = TimerHandlers<&CounterStore::on_view_refresh>;
};

}  // namespace dsim::ratelimit
