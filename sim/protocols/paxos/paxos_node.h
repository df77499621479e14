// A Paxos server (Lamport, "Paxos Made Simple", 2001) as a pure state machine: it reacts to
// messages and timers and acts only through its Context. A node holds any of the three roles of
// §2.1 (proposer, acceptor, learner); its roles talk to each other through the kit's send_to_self,
// never the network. Two modes (params.h):
//
//   single-decree (§2): each proposer is given a value and a start time; it runs phase 1 and
//     phase 2 with ever higher ballots until its value or another is chosen; acceptors answer
//     the proposer and every learner; a learner decides when a majority accepted one ballot.
//   Multi-Paxos (§3, and van Renesse and Altinbuken's "Paxos Made Moderately Complex"): every
//     server holds all roles; a server that hears no leader runs phase 1 for every slot after the
//     ones it has learned, re-proposes what the promises report (filling holes with no-ops), and
//     then, as the distinguished leader, proposes each client command in the next slot with phase
//     2 only. Learned slots are applied in order to the shared key-value store.
//
// Durable (survives a crash): the acceptor's promise and accepted proposals, the proposer's
// highest round, the learned values; each is persisted before the reply that depends on it.
// Everything else is volatile and rebuilt by start().
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/kvservice/kv.h"
#include "sim/protocols/kvservice/messages.h"
#include "sim/protocols/paxos/acceptor.h"
#include "sim/protocols/paxos/messages.h"
#include "sim/protocols/paxos/params.h"
#include "sim/protocols/paxos/quorum.h"
#include "sim/protocols/paxos/timers.h"

namespace dsim::paxos {

// A proposer's phase. Single-decree: idle -> prepare -> accept -> done (or back to idle when a
// Nack shows a higher ballot). Multi-Paxos: idle -> prepare -> lead, and back to idle.
enum class Phase : std::uint8_t { idle, prepare, accept, lead, done };
const char* phase_name(Phase phase);  // "", "prepare", "accept", "lead", "done"

class PaxosNode final : public ProtocolNode<PaxosNode> {
 public:
  static constexpr std::string_view kNodeType = "Paxos server";

  // `params` with its role lists filled in (fill_default_roles); `servers`: every server, ascending.
  PaxosNode(PaxosParams params, std::vector<NodeId> servers);

  // A first start: rebuild from durable storage (empty), schedule the proposals or the leader
  // watch. A restart does the same, then catches up (a single-decree proposer resumes its value; a
  // learner that missed the outcome asks the proposers).
  void start(Context& ctx);
  void restart(Context& ctx);

  // The stale checks, one per timer (protocol_node.h).
  bool is_current(const ProposeTimeout&) const { return true; }
  bool is_current(const AttemptTimeout& timeout) const { return timeout.attempt == attempt_ && phase_ != Phase::done; }
  bool is_current(const LeaderElectionTimeout& timeout) const { return timeout.epoch == election_epoch_; }
  bool is_current(const HeartbeatTimeout& timeout) const { return phase_ == Phase::lead && timeout.round == ballot_.round; }
  void publish_view(Context& ctx);

  // Read-only access for white-box tests.
  Phase phase() const { return phase_; }
  Ballot ballot() const { return ballot_; }
  const Acceptor& acceptor() const { return acceptor_; }
  const std::map<Slot, Value>& learned() const { return learned_; }
  Slot learned_through() const { return learned_through_; }
  NodeId leader() const { return leader_; }
  const kvservice::KeyValueStore& state_machine() const { return state_machine_; }

 private:
  struct Proposal {                 // a Multi-Paxos leader's slot that is proposed, not yet chosen
    Value value;
    std::set<NodeId> accepted_by;   // acceptors whose Accepted for this ballot arrived
    TimeUs proposed_us = 0;         // when the Accept last went out (for re-sending)
  };

  // --- sending: to another node through the network, to one of its own roles through the kit ---
  template <typename M>
  void send_to(Context& ctx, NodeId to, M message);
  template <typename M>
  void send_to_acceptors(Context& ctx, const M& message);

  // --- single-decree proposer (§2.2) ---
  void on_propose_timeout(Context& ctx, const ProposeTimeout& timeout);
  void on_attempt_timeout(Context& ctx, const AttemptTimeout& timeout);
  void start_attempt(Context& ctx);
  void send_phase2a(Context& ctx);

  // --- Multi-Paxos proposer and leader (§3) ---
  void on_leader_election_timeout(Context& ctx, const LeaderElectionTimeout& timeout);
  void start_phase1(Context& ctx);
  void become_leader(Context& ctx);
  void propose(Context& ctx, Slot slot, Value value);
  // Accepts for `slots`, batched, to every acceptor that has not accepted them yet.
  void send_accepts(Context& ctx, const std::vector<Slot>& slots);
  void on_heartbeat_timeout(Context& ctx, const HeartbeatTimeout& timeout);
  void step_down(Context& ctx, NodeId leader_hint);
  void reset_election_timer(Context& ctx);

  // --- phase 1 and 2 answers, both modes ---
  void on_promise(Context& ctx, NodeId from, const Promise& promise);
  void on_accepted(Context& ctx, NodeId from, const Accepted& accepted);
  void on_nack(Context& ctx, NodeId from, const Nack& nack);
  void note_round(std::int64_t round) { highest_round_seen_ = std::max(highest_round_seen_, round); }

  // --- acceptor (§2.2, P1a; leases) ---
  void on_prepare(Context& ctx, NodeId from, const Prepare& prepare);
  void on_accept(Context& ctx, NodeId from, const Accept& accept);
  void on_heartbeat(Context& ctx, NodeId from, const Heartbeat& heartbeat);
  // A leader's Accept or Heartbeat (Multi-Paxos): returns false, after sending a Nack, when its
  // ballot is below the promise; otherwise follows that leader and renews its lease.
  bool follow_leader(Context& ctx, NodeId from, Ballot ballot);
  bool lease_refuses(const Context& ctx, NodeId proposer) const;
  void grant_lease(const Context& ctx, NodeId proposer);
  void raise_promise(Context& ctx, Ballot ballot);

  // --- learner (§2.3) and the state machine ---
  void on_heartbeat_reply(Context& ctx, NodeId from, const HeartbeatReply& reply);
  void on_decide(Context& ctx, NodeId from, const Decide& decide);
  void on_learn_request(Context& ctx, NodeId from, const LearnRequest& request);
  void learn(Context& ctx, Slot slot, const Value& value);
  // Multi-Paxos: slots the leader of `ballot` says are chosen, learned where this acceptor holds
  // that ballot's value.
  void learn_from_leader(Context& ctx, Ballot ballot, Slot chosen_through);
  void apply_learned(Context& ctx, bool replaying);

  // --- clients (Multi-Paxos; the key-value service's protocol) ---
  void on_client_request(Context& ctx, NodeId from, const kvservice::ClientRequest& request);

  // --- durable state ---
  void recover_from_storage(Context& ctx);
  void persist_promise(Context& ctx);
  void persist_accepted(Context& ctx, Slot slot);
  void persist_round(Context& ctx);
  void publish_accepted(Context& ctx, Slot slot);

  bool single() const { return params_.mode == Mode::single_decree; }
  std::size_t acceptor_majority() const { return majority(params_.acceptors.size()); }

  const PaxosParams params_;
  const std::vector<NodeId> servers_;
  bool is_proposer_ = false, is_acceptor_ = false, is_learner_ = false;  // roles this node holds

  // Proposer. Durable: highest_round_seen_ covers every round this node used (persisted before
  // the Prepare goes out), so a restarted proposer never reuses a ballot.
  std::int64_t highest_round_seen_ = 0;  // the highest ballot round heard of or used
  Ballot ballot_;                        // this proposer's current ballot (zero: none yet)
  Phase phase_ = Phase::idle;
  std::map<NodeId, std::vector<SlotProposal>> promises_;  // phase 1 answers to ballot_
  struct Issued {                        // single-decree: a proposal this proposer sent
    Value value;
    std::set<NodeId> accepted_by;        // acceptors whose Accepted for it arrived
  };
  std::map<Ballot, Issued> issued_;      // single-decree: by ballot, until one is chosen
  Value input_;                          // single-decree: the value this proposer was given
  bool has_input_ = false;
  Value proposed_;                       // single-decree: the value sent in phase 2a
  std::optional<Value> decision_;        // single-decree: the value this node knows is chosen
  std::uint64_t attempt_ = 0;            // single-decree: attempts so far; stamps AttemptTimeouts
  std::uint64_t failed_attempts_ = 0;    // single-decree: for the randomized backoff's ceiling
  TimeUs phase1_started_us_ = 0;

  // Multi-Paxos leader (volatile; a new leader rebuilds it from phase 1).
  Slot next_slot_ = 1;                   // the slot the next client command takes
  std::map<Slot, Proposal> proposals_;   // proposed under ballot_, not yet chosen
  NodeId leader_ = kNoNode;              // the leader this server follows (itself when leading)
  std::uint64_t election_epoch_ = 0;     // stamps leader-election timers; a reset makes old ones stale
  TimerId election_timer_ = kNoTimer;

  // Acceptor. Durable: the promise and the accepted proposals (acceptor_).
  Acceptor acceptor_;
  NodeId lease_holder_ = kNoNode;        // the proposer this acceptor keeps a lease for
  TimeUs lease_until_us_ = 0;            // on this node's clock

  // Learner. Durable: learned_.
  AcceptanceTally tally_;                // single-decree: Accepted messages heard
  std::map<Slot, Value> learned_;        // every slot learned
  Slot learned_through_ = 0;             // every slot up to here is learned
  Slot applied_through_ = 0;             // Multi-Paxos: applied to state_machine_
  kvservice::KeyValueStore state_machine_;

 public:
  using Messages = MessageHandlers<&PaxosNode::on_prepare, &PaxosNode::on_promise, &PaxosNode::on_accept,
                                   &PaxosNode::on_accepted, &PaxosNode::on_nack, &PaxosNode::on_heartbeat,
                                   &PaxosNode::on_heartbeat_reply, &PaxosNode::on_decide,
                                   &PaxosNode::on_learn_request, &PaxosNode::on_client_request>;
  using Timers = TimerHandlers<&PaxosNode::on_propose_timeout, &PaxosNode::on_attempt_timeout,
                               &PaxosNode::on_leader_election_timeout, &PaxosNode::on_heartbeat_timeout>;
};

}  // namespace dsim::paxos
