// The shared resource the lock protects (a file, a database row): it applies the writes clients
// send it. With fencing it remembers the newest token it has accepted and refuses any write that
// quotes an older one, so a client whose lease ran out while it was paused can no longer do harm
// (Kleppmann 2016, "Making the lock safe with fencing"). Without fencing it applies everything,
// and two clients who both believe they hold the lock interleave their writes.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/lock/messages.h"
#include "sim/protocols/lock/params.h"

namespace dsim::lock {

class SharedResource final : public ProtocolNode<SharedResource> {
 public:
  static constexpr std::string_view kNodeType = "lock resource";

  explicit SharedResource(LockParams params) : params_(params) {}

  void start(Context& ctx);
  void publish_view(Context& ctx);

  std::uint64_t highest_token() const { return highest_token_; }

 private:
  void on_write(Context& ctx, NodeId from, const Write& write);
  bool refuses(std::uint64_t token) const;

  LockParams params_;
  std::uint64_t highest_token_ = 0;  // newest token a write was accepted under; durable
  NodeId last_writer_ = kNoNode;     // who wrote last (volatile: only for the view)
  std::int64_t writes_accepted_ = 0; // since this incarnation started
  std::int64_t writes_refused_ = 0;

 public:
  using Messages = MessageHandlers<&SharedResource::on_write>;
  using Timers = TimerHandlers<>;
};

}  // namespace dsim::lock
