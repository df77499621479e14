// The two-phase commit coordinator (server 0). For each transfer: PREPARE to every participant,
// collect the votes, decide, write a COMMIT decision to the durable log BEFORE telling anyone (the
// commit point), then send it and re-send until every participant acknowledges; the end record
// lets the log entry be forgotten. Presumed abort (Mohan, Lindsay & Obermarck 1986): an abort is
// not logged, and a coordinator that finds no decision in its log answers ABORT.
//
// After a crash, restart reads the log: a logged decision not yet acknowledged is re-sent; a
// transaction begun but undecided is presumed aborted. Participants in doubt also ask (OutcomeQuery).
// Durable layout: view.h.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/txn/bank/messages.h"
#include "sim/protocols/txn/bank/setup.h"
#include "sim/protocols/txn/two_phase_commit/timers.h"

namespace dsim::txn::two_phase {

using bank::BankSetup;
using bank::DecisionAck;
using bank::OutcomeQuery;
using bank::TransferPlan;
using bank::Vote;

class CoordinatorNode final : public ProtocolNode<CoordinatorNode> {
 public:
  static constexpr std::string_view kNodeType = "2pc coordinator";

  explicit CoordinatorNode(std::shared_ptr<const BankSetup> setup);
  void start(Context& ctx);
  void restart(Context& ctx);
  // Each timer is current while its transaction is in the phase the timer belongs to.
  bool is_current(const BeginTransfer& timer) const { return !begun_.count(timer.transfer); }
  bool is_current(const VoteTimeout& timer) const { return in_phase(timer.transfer, Phase::preparing); }
  bool is_current(const DecideTimeout& timer) const { return in_phase(timer.transfer, Phase::deciding); }
  bool is_current(const SendDecision& timer) const;
  bool is_current(const LateLog& timer) const;
  bool is_current(const ResendDecision& timer) const { return in_phase(timer.transfer, Phase::decided); }

 private:
  enum class Phase : std::uint8_t { preparing, deciding, decided, ended };
  struct Global {
    std::vector<NodeId> participants;
    std::map<NodeId, bool> votes;  // participant -> yes
    Phase phase = Phase::preparing;
    bool commit = false;           // the decision, once phase >= decided
    bool sent = false;             // the decision has been sent at least once
    std::set<NodeId> acked;
    TimeUs began_at = 0;
    bool logged = false;           // a COMMIT decision is in the durable log
  };

  void on_begin(Context& ctx, const BeginTransfer& timer);
  void on_vote_timeout(Context& ctx, const VoteTimeout& timer);
  void on_decide(Context& ctx, const DecideTimeout& timer);
  void on_send_decision(Context& ctx, const SendDecision& timer);
  void on_late_log(Context& ctx, const LateLog& timer);
  void on_resend(Context& ctx, const ResendDecision& timer);
  bool in_phase(std::size_t index, Phase phase) const;
  void begin(Context& ctx, std::size_t index);
  void on_vote(Context& ctx, NodeId from, const Vote& vote);
  void decide(Context& ctx, std::size_t index);
  void send_decision(Context& ctx, std::size_t index);
  void on_ack(Context& ctx, NodeId from, const DecisionAck& ack);
  void on_query(Context& ctx, NodeId from, const OutcomeQuery& query);
  std::size_t index_of(const std::string& gid) const;  // npos when unknown
  std::string names(const std::vector<NodeId>& nodes) const;
  const TransferPlan& plan(std::size_t index) const { return setup_->workload.transfers[index]; }

  std::shared_ptr<const BankSetup> setup_;
  std::map<std::size_t, Global> globals_;  // by transfer index; volatile
  std::set<std::size_t> begun_;            // transfers whose PREPARE went out: in the log, or this incarnation

 public:
  using Messages = MessageHandlers<&CoordinatorNode::on_vote, &CoordinatorNode::on_ack, &CoordinatorNode::on_query>;
  using Timers = TimerHandlers<&CoordinatorNode::on_begin, &CoordinatorNode::on_vote_timeout, &CoordinatorNode::on_decide,
                               &CoordinatorNode::on_send_decision, &CoordinatorNode::on_late_log, &CoordinatorNode::on_resend>;
};

}  // namespace dsim::txn::two_phase
