// A rate limiter: the gateway in front of a service that lets each client request through or
// turns it away. Where the decision is made is the scenario's mode (params.h):
//   local  with its own Limiter (the whole limit, or its share when the limit is split);
//   store  by the shared counter store, one round trip per request; when the store does not
//          answer within store_timeout the limiter fails open (admits) or closed (rejects);
//   sync   with its own window counters plus the other limiters' counts as last heard from the
//          store, exchanged every sync_interval: between two exchanges the limiters drift apart.
// Every decision is recorded in the history (view.h) with the time and place it was made, which
// is what within_limit judges. A leaky bucket's admitted request waits here until its release.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/ratelimit/limiter.h"
#include "sim/protocols/ratelimit/messages.h"
#include "sim/protocols/ratelimit/params.h"
#include "sim/protocols/ratelimit/timers.h"

namespace dsim::ratelimit {

// The client that sent request `request_id` ("c2"): request ids carry the client's index.
std::string client_name(std::uint64_t request_id);

class RateLimiterNode final : public ProtocolNode<RateLimiterNode> {
 public:
  static constexpr std::string_view kNodeType = "rate limiter";

  // `store` is the store's node id in store and sync modes, kNoNode in local mode.
  RateLimiterNode(RateLimitParams params, std::uint32_t limiter_count, NodeId store);

  void start(Context& ctx);
  bool is_current(const StoreTimeout& timeout) const { return awaiting_store_.count(timeout.request_id) > 0; }
  bool is_current(const Release& release) const { return held_.count(release.request_id) > 0; }
  bool is_current(const SyncTick&) const { return true; }  // one pending at a time; a crash drops it
  bool is_current(const ViewRefresh&) const { return true; }
  void publish_view(Context& ctx);

 private:
  struct AwaitingStore {
    NodeId client = kNoNode;
    TimeUs arrived_us = 0;
  };

  void on_request(Context& ctx, NodeId from, const Request& request);
  void on_take_reply(Context& ctx, NodeId from, const TakeReply& reply);
  void on_sync_reply(Context& ctx, NodeId from, const SyncReply& reply);
  void on_store_timeout(Context& ctx, const StoreTimeout& timeout);
  void on_release(Context& ctx, const Release& release);
  void on_sync_tick(Context& ctx, const SyncTick& tick);
  void on_view_refresh(Context& ctx, const ViewRefresh& refresh);

  void decide_here(Context& ctx, NodeId client, std::uint64_t request_id);
  // Applies a decision: records it, answers the client now or holds the request until `release_us`.
  void admit(Context& ctx, NodeId client, std::uint64_t request_id, std::string_view decider, TimeUs decided_us,
             TimeUs release_us, TimeUs arrived_us);
  void reject(Context& ctx, NodeId client, std::uint64_t request_id, std::string reason, TimeUs arrived_us);
  // The mutant's choice: whether to admit a request that should be rejected.
  bool mutant_admits_anyway();
  void note_admission(TimeUs limited_at_us);
  CountsElsewhere counts_elsewhere(TimeUs now) const;
  std::int64_t level_milli(TimeUs now) const;

  RateLimitParams params_;
  Limit own_limit_;                      // what this limiter enforces when it decides itself
  NodeId store_;                         // kNoNode in local mode
  Limiter limiter_;                      // local and sync modes: the state of own_limit_
  std::map<std::uint64_t, AwaitingStore> awaiting_store_;  // store mode: asked, no answer yet
  std::map<std::uint64_t, NodeId> held_;                   // admitted, waiting for their release
  std::deque<TimeUs> recent_admissions_;  // own admissions in the last window (when each went on)
  bool over_limit_ = false;               // recent_admissions_ holds more than own_limit_.limit
  std::map<std::int64_t, std::int64_t> own_counts_;  // sync mode: window -> admitted here
  std::map<std::int64_t, std::int64_t> elsewhere_;   // sync mode: window -> admitted by the others, as last heard
  std::uint64_t sync_round_ = 0;
  std::int64_t admitted_ = 0;
  std::int64_t rejected_ = 0;
  std::uint64_t mutant_rejections_ = 0;
  std::int64_t gauged_in_window_ = -1;  // the last values sent as gauges (a gauge only on change)
  std::int64_t gauged_level_ = -1;

 public:
  using Messages = MessageHandlers<&RateLimiterNode::on_request, &RateLimiterNode::on_take_reply,
                                   &RateLimiterNode::on_sync_reply>;
  using Timers = TimerHandlers<&RateLimiterNode::on_store_timeout, &RateLimiterNode::on_release,
                               &RateLimiterNode::on_sync_tick, &RateLimiterNode::on_view_refresh>;
};

}  // namespace dsim::ratelimit
