// Lab 7: YOUR two-phase commit, a coordinator (server 0) and the participants (servers 1..), each a
// small bank store holding some accounts. Read ../README.md first; the TODOs are in server.cc. You
// may add fields, helpers and messages; keep the constructors, start, restart, the is_current
// overloads and the handler lists, which the lab's plugin and the kit call.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "labs/07-two-phase-commit/lab/timers.h"
#include "sim/core/protocol_node.h"
#include "sim/protocols/txn/bank/messages.h"
#include "sim/protocols/txn/bank/setup.h"

namespace dsim::lab07 {

using txn::bank::BankSetup;
using txn::bank::Decision;
using txn::bank::DecisionAck;
using txn::bank::OutcomeQuery;
using txn::bank::Prepare;
using txn::bank::Step;
using txn::bank::TransferPlan;
using txn::bank::Vote;

// Server 0. For each transfer of the workload: PREPARE to its participants, collect the votes,
// decide, log a COMMIT before anyone hears it, send the decision until every participant
// acknowledges. setup->params: vote_timeout, send_delay, resend_interval.
class Coordinator final : public ProtocolNode<Coordinator> {
 public:
  static constexpr std::string_view kNodeType = "lab 7 coordinator";

  explicit Coordinator(std::shared_ptr<const BankSetup> setup);
  void start(Context& ctx);
  void restart(Context& ctx);
  bool is_current(const BeginTransfer& timer) const { return !begun_.count(timer.transfer); }
  bool is_current(const VoteTimeout& timer) const { return in_phase(timer.transfer, Phase::preparing); }
  bool is_current(const SendDecision& timer) const { return in_phase(timer.transfer, Phase::decided); }
  bool is_current(const ResendDecision& timer) const { return in_phase(timer.transfer, Phase::decided); }

 private:
  enum class Phase { preparing, decided, ended };
  struct Transaction {
    std::vector<NodeId> participants;
    std::map<NodeId, bool> votes;  // participant -> voted yes
    Phase phase = Phase::preparing;
    bool commit = false;           // the decision, once decided
    std::set<NodeId> acked;        // participants that acknowledged the decision
  };

  void on_begin(Context& ctx, const BeginTransfer& timer);
  void on_vote_timeout(Context& ctx, const VoteTimeout& timer);
  void on_send_decision(Context& ctx, const SendDecision& timer);
  void on_resend(Context& ctx, const ResendDecision& timer);
  void on_vote(Context& ctx, NodeId from, const Vote& vote);
  void on_ack(Context& ctx, NodeId from, const DecisionAck& ack);
  void on_query(Context& ctx, NodeId from, const OutcomeQuery& query);

  void decide(Context& ctx, std::size_t index, bool commit);
  void send_decision(Context& ctx, std::size_t index);
  bool in_phase(std::size_t index, Phase phase) const;
  std::size_t index_of(const std::string& gid) const;  // npos for an unknown gid
  const TransferPlan& plan(std::size_t index) const { return setup_->workload.transfers[index]; }

  std::shared_ptr<const BankSetup> setup_;
  std::map<std::size_t, Transaction> transactions_;  // by transfer index; volatile
  std::set<std::size_t> begun_;                      // transfers whose PREPARE went out

 public:
  using Messages = MessageHandlers<&Coordinator::on_vote, &Coordinator::on_ack, &Coordinator::on_query>;
  using Timers = TimerHandlers<&Coordinator::on_begin, &Coordinator::on_vote_timeout, &Coordinator::on_send_decision,
                               &Coordinator::on_resend>;
};

// Servers 1..: a store holding the accounts the workload puts on it. It votes on each branch,
// keeps a YES durable until the decision comes, applies or drops the branch, and asks the
// coordinator when it has been in doubt too long. setup->params: inquiry_timeout.
class Participant final : public ProtocolNode<Participant> {
 public:
  static constexpr std::string_view kNodeType = "lab 7 participant";

  explicit Participant(std::shared_ptr<const BankSetup> setup);
  // A first start and a restart alike.
  void start(Context& ctx);
  bool is_current(const InquiryTick&) const { return true; }

 private:
  void on_prepare(Context& ctx, NodeId from, const Prepare& prepare);
  void on_decision(Context& ctx, NodeId from, const Decision& decision);
  void on_inquiry_tick(Context& ctx, const InquiryTick& tick);

  void vote(Context& ctx, NodeId to, const std::string& gid, bool yes, const std::string& reason);

  std::shared_ptr<const BankSetup> setup_;
  std::map<std::string, std::vector<Step>> in_doubt_;  // gid -> the branch it voted YES on, not yet decided
  std::map<std::string, std::string> locks_;           // account -> the in-doubt gid holding it

 public:
  using Messages = MessageHandlers<&Participant::on_prepare, &Participant::on_decision>;
  using Timers = TimerHandlers<&Participant::on_inquiry_tick>;
};

}  // namespace dsim::lab07
