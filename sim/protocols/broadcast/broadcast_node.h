// A broadcast server: a pure state machine that stores every value it hears of, floods each new
// one to its peers once, and (in flood+anti-entropy mode) repairs what flooding lost by a periodic
// push-pull exchange of digests with random peers (Demers et al., PODC 1987, §1.3).
//
// Servers are nodes 0..server_count-1; anything else that sends a Broadcast is a client. Every
// held value is persisted before it is acknowledged or forwarded, so a restarted server recovers
// what it had and anti-entropy brings it the rest.
#pragma once

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/broadcast/messages.h"
#include "sim/protocols/broadcast/params.h"
#include "sim/protocols/broadcast/timers.h"
#include "sim/protocols/broadcast/value_summary.h"

namespace dsim::broadcast {

// What a server knows about one value it holds.
struct HeldValue {
  TimeUs origin_us = 0;      // when the first server saw it (carried in every message)
  TimeUs first_seen_us = 0;  // when this server first saw it, on its own clock
};

// A held value as read back from a server's durable storage.
struct StoredValue {
  ValueId value;
  HeldValue held;
};
// Every value in `storage`, ascending; entries that do not parse are skipped. The checkers use
// this to learn what each server holds at the end of a run.
std::vector<StoredValue> stored_values(const DurableEntries& storage);

class BroadcastServer final : public ProtocolNode<BroadcastServer> {
 public:
  static constexpr std::string_view kNodeType = "broadcast server";

  BroadcastServer(BroadcastParams params, std::uint32_t server_count);

  // A first start and a restart are the same: whatever was persisted is held again.
  void start(Context& ctx);
  // Never stale: one round timer is pending at a time, and a crash already drops an incarnation's
  // timers (the simulator's doing).
  bool is_current(const AntiEntropyTick&) const { return true; }

  // For white-box tests and the visualizer's inspector.
  const std::map<ValueId, HeldValue>& held() const { return held_; }

 private:
  // Where a value came from decides whether it is flooded on and whether it counts as a repair.
  enum class Source : std::uint8_t { client, flood, repair };

  void on_broadcast(Context& ctx, NodeId from, const Broadcast& request);
  void on_gossip(Context& ctx, NodeId from, const Gossip& gossip);
  void on_digest(Context& ctx, NodeId from, const Digest& digest);
  void on_digest_reply(Context& ctx, NodeId from, const DigestReply& reply);
  void on_anti_entropy_tick(Context& ctx, const AntiEntropyTick& tick);

  void recover_from_storage(Context& ctx);
  // Stores `entry` if it is new and returns whether it was; a known value is ignored.
  bool learn(Context& ctx, const ValueEntry& entry, Source source);
  // Sends the newly learnt values once to every other server.
  void flood(Context& ctx, const std::vector<ValueEntry>& values);
  void publish_held(Context& ctx);
  ValueEntry entry_for(const ValueId& value) const;
  bool anti_entropy_enabled() const { return params_.mode == SpreadMode::flood_and_anti_entropy; }

  BroadcastParams params_;
  std::uint32_t server_count_;          // servers are nodes 0..server_count_-1
  std::map<ValueId, HeldValue> held_;   // every value this server holds; mirrors durable storage
  ValueSummary summary_;                // the same set, compacted for digests
  std::uint64_t anti_entropy_round_ = 0;  // rounds started since this incarnation began

 public:
  using Messages = MessageHandlers<&BroadcastServer::on_broadcast, &BroadcastServer::on_gossip,
                                   &BroadcastServer::on_digest, &BroadcastServer::on_digest_reply>;
  using Timers = TimerHandlers<&BroadcastServer::on_anti_entropy_tick>;
};

}  // namespace dsim::broadcast
