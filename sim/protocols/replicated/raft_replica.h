// One way to run a service on a Raft group, for any protocol whose state must survive the loss of
// a node: each replica of the group is one node holding a Raft server (sim/protocols/raft, its
// code and its traces unchanged) and the service's own logic beside it, the shape of MIT
// 6.824/6.5840's shard controller and of a Chubby cell (Burrows 2006, §2.1: the master is the
// replica the consensus protocol elected; the others only keep copies).
//
// The service's state is the Raft group's key-value store (sim/protocols/kvservice): it reads the
// store as applied on its replica, and only the leader changes it, by proposing get/put/cas
// commands to its own Raft server. Two rules make the proposals safe:
//  - A leader proposes only once it has applied an entry of its own term (Raft §8: until then it
//    may not know everything committed), so what it reads is the whole committed state.
//  - One proposal at a time, numbered in the store's session of the client kNoNode with the next
//    request number after the last one applied. A proposal made from an out-of-date view (a
//    deposed leader's, racing a new leader's with the same number) is then executed at most once
//    by the store's session rule (Raft §8, "the state machine tracks the latest serial number
//    processed for each client"): only the first of two commands with one number changes
//    anything, whatever their order in the log. The command's client is kNoNode, so Raft answers
//    no one: the service learns the outcome from the store, on every replica alike.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/assert.h"
#include "sim/core/node.h"
#include "sim/core/protocol_node.h"
#include "sim/protocols/kvservice/kv.h"
#include "sim/protocols/raft/raft_node.h"

namespace dsim::replicated {

// Timer kinds of a service start here; Raft's own timers use the kinds below.
inline constexpr std::uint16_t kFirstServiceTimerKind = 32;

// What a service sees of the Raft server it runs beside.
class RaftReplica {
 public:
  RaftReplica(raft::RaftParams params, std::vector<NodeId> group);

  raft::RaftNode& raft() { return raft_; }
  const raft::RaftNode& raft() const { return raft_; }
  const std::vector<NodeId>& group() const { return group_; }

  bool leads() const { return raft_.role() == raft::Role::leader; }
  // Leads and has applied an entry of its own term: its store holds everything committed.
  bool ready() const;
  // Who this replica believes leads (itself when it does; kNoNode: unknown).
  NodeId leader_hint() const { return raft_.leader_id(); }
  const kvservice::KeyValueStore& store() const { return raft_.state_machine(); }

  // A proposal of this leader is in its log and not yet applied (and this replica still leads in
  // the term it proposed in): the service waits for it before proposing again.
  bool busy() const;
  // Proposes `command` (op, key, value, expected; the client and request number are set here).
  // Only when ready() and not busy(). Returns the request number.
  std::uint64_t propose(Context& ctx, kvservice::Command command);
  // The proposal numbered `sequence` is applied, or overtaken by another with its number.
  bool applied(std::uint64_t sequence) const { return store().last_sequence(kNoNode) >= sequence; }

 private:
  raft::RaftNode raft_;
  std::vector<NodeId> group_;
  struct Proposal {
    std::uint64_t sequence = 0;
    raft::Term term = 0;
  };
  std::optional<Proposal> in_flight_;
};

// The node: Raft's messages and timers go to the Raft server, the service's to the service
// (`Service::Messages` and `Service::Timers` as in protocol_node.h, timer kinds from
// kFirstServiceTimerKind). After every event the service's `after_event` runs (it reads the store
// and may propose or answer), then its `publish_view`. A crash loses both; a restart rebuilds
// Raft from storage and the service from the store Raft rebuilt.
//
// `Service` is constructed with the replica first: Service(RaftReplica&, args...), and has
// `void start(Context&)`, `void after_event(Context&)`, `void publish_view(Context&)`.
template <typename Service>
class ReplicaNode final : public Node {
 public:
  template <typename... Args>
  ReplicaNode(raft::RaftParams params, std::vector<NodeId> group, Args&&... args)
      : replica_(std::move(params), std::move(group)), service_(replica_, std::forward<Args>(args)...) {}

  void on_start(Context& ctx) override {
    replica_.raft().on_start(ctx);
    service_.start(ctx);
    after_event(ctx);
  }
  void on_restart(Context& ctx) override {
    replica_.raft().on_restart(ctx);
    service_.start(ctx);
    after_event(ctx);
  }
  void on_crash() override { replica_.raft().on_crash(); }

  void on_message(Context& ctx, NodeId from, const Message& message) override {
    if (!Service::Messages::dispatch(service_, ctx, from, message)) replica_.raft().on_message(ctx, from, message);
    after_event(ctx);
  }

  void on_timer(Context& ctx, TimerId id, const Timer& timer) override {
    if (timer.kind < kFirstServiceTimerKind) {
      replica_.raft().on_timer(ctx, id, timer);
    } else {
      auto is_current = [](const auto& service, const auto& typed) { return service.is_current(typed); };
      if (!Service::Timers::dispatch(service_, ctx, timer, is_current)) {
        kit_detail::unknown_timer(Service::kNodeType, timer.kind);
      }
    }
    after_event(ctx);
  }

  std::string_view timer_name(std::uint16_t kind) const override {
    return kind < kFirstServiceTimerKind ? replica_.raft().timer_name(kind) : Service::Timers::name(kind);
  }

  const RaftReplica& replica() const { return replica_; }
  const Service& service() const { return service_; }

 private:
  void after_event(Context& ctx) {
    service_.after_event(ctx);
    service_.publish_view(ctx);
  }

  RaftReplica replica_;
  Service service_;
};

}  // namespace dsim::replicated
