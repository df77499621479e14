// The lock service: one node that grants a time-limited lease on one lock (Gray & Cheriton, SOSP
// 1989) and numbers every grant with a fencing token that only grows (Kleppmann 2016). A lease
// lasts `ttl` on the service's own clock from its grant or last renewal; the service forgets it when
// it expires, is released, or the service crashes. The token counter is durable, so a restarted
// service never hands out a token twice; and it grants nothing for one ttl after a restart, so a
// lease it has forgotten runs out before another is granted.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/lock/messages.h"
#include "sim/protocols/lock/params.h"
#include "sim/protocols/lock/timers.h"

namespace dsim::lock {

class LockService final : public ProtocolNode<LockService> {
 public:
  static constexpr std::string_view kNodeType = "lock service";

  explicit LockService(LockParams params);

  void start(Context& ctx);
  void restart(Context& ctx);
  // Stale once the lease it guards was renewed, released or replaced.
  bool is_current(const LeaseExpiry& expiry) const;
  void publish_view(Context& ctx);

  // For white-box tests.
  NodeId holder() const { return holder_; }
  std::uint64_t token() const { return token_; }

 private:
  void on_acquire(Context& ctx, NodeId from, const Acquire& request);
  void on_renew(Context& ctx, NodeId from, const Renew& request);
  void on_release(Context& ctx, NodeId from, const Release& release);
  void on_lease_expiry(Context& ctx, const LeaseExpiry& expiry);

  bool lease_live(Context& ctx) const { return holder_ != kNoNode && ctx.now() < expires_us_; }
  void grant(Context& ctx, NodeId to, std::uint64_t request_id);
  void extend(Context& ctx);
  void forget_lease() { holder_ = kNoNode; token_ = 0; expires_us_ = 0; }

  LockParams params_;
  std::uint64_t next_token_ = 1;   // the next grant's token; durable (unless the mutant forgets it)
  NodeId holder_ = kNoNode;        // who holds the live lease, if anyone
  std::uint64_t token_ = 0;        // the live lease's token
  TimeUs expires_us_ = 0;          // when the live lease ends, on this node's clock
  std::uint64_t renewals_ = 0;     // renewals of the live lease; stales older expiry timers
  TimeUs grants_resume_us_ = 0;    // after a restart: no grant before this (this node's clock)

 public:
  using Messages = MessageHandlers<&LockService::on_acquire, &LockService::on_renew, &LockService::on_release>;
  using Timers = TimerHandlers<&LockService::on_lease_expiry>;
};

}  // namespace dsim::lock
