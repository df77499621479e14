// The rumor source: the client that injects updates r0, r1, ... one every `every`, each at its
// origin site (a fixed one or a random one), and retries at another site until one acknowledges
// it. Its history (invoke when sent, ok when acknowledged) tells all_informed which updates exist.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/gossip/messages.h"
#include "sim/protocols/gossip/params.h"
#include "sim/protocols/gossip/timers.h"

namespace dsim::gossip {

class RumorSource final : public ProtocolNode<RumorSource> {
 public:
  static constexpr std::string_view kNodeType = "gossip rumor source";

  // Sites are nodes 0..site_count-1.
  RumorSource(GossipWorkload workload, std::uint32_t site_count);

  void start(Context& ctx);
  // One injection timer is pending at a time, and a crash drops it: never stale.
  bool is_current(const NextUpdate&) const { return true; }
  // Stale once the update is acknowledged or a later attempt owns it.
  bool is_current(const InjectTimeout& timeout) const;
  // "inject": injects one more update now, through the same path as the workload's.
  std::string on_operator_request(Context& ctx, std::string_view request) override;

 private:
  struct Pending {
    std::uint64_t attempt = 0;
    NodeId site = kNoNode;
  };
  void on_next_update(Context& ctx, const NextUpdate& timer);
  void on_inject_ok(Context& ctx, NodeId from, const InjectOk& ok);
  void on_inject_timeout(Context& ctx, const InjectTimeout& timeout);
  void inject(Context& ctx, NodeId origin);
  void send_attempt(Context& ctx, UpdateId update, const Pending& pending);
  void publish_progress(Context& ctx);

  GossipWorkload workload_;
  std::uint32_t site_count_;
  UpdateId next_update_ = 0;                // the next update's number; persisted
  std::uint32_t scheduled_injected_ = 0;    // of the workload's updates, how many went out
  std::map<UpdateId, Pending> pending_;     // injected, awaiting InjectOk
  std::uint64_t acknowledged_ = 0;

 public:
  using Messages = MessageHandlers<&RumorSource::on_inject_ok>;
  using Timers = TimerHandlers<&RumorSource::on_next_update, &RumorSource::on_inject_timeout>;
};

}  // namespace dsim::gossip
