// The two-phase commit coordinator (server 0). For each transfer: PREPARE to every participant,
// collect the votes, decide, write a COMMIT decision to the durable log BEFORE telling anyone (the
// commit point), then send it and re-send until every participant acknowledges; the end record
// lets the log entry be forgotten. Presumed abort (Mohan, Lindsay & Obermarck 1986): an abort is
// not logged, and a coordinator that finds no decision in its log answers ABORT.
//
// After a crash, on_restart reads the log: a logged decision not yet acknowledged is re-sent; a
// transaction begun but undecided is presumed aborted. Participants in doubt also ask (OutcomeQuery).
// Durable layout: "begun/<gid>", "decision/<gid>" (commit only), "ended/<gid>".
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/core/node.h"
#include "sim/protocols/txn/distributed/messages.h"
#include "sim/protocols/txn/distributed/setup.h"

namespace dsim::txn::distributed {

class CoordinatorNode final : public Node {
 public:
  explicit CoordinatorNode(std::shared_ptr<const BankSetup> setup);
  void on_start(Context& ctx) override;
  void on_restart(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& message) override;
  void on_timer(Context& ctx, TimerId id, const Timer& timer) override;
  std::string_view timer_name(std::uint16_t kind) const override;

 private:
  // Timer kinds; each timer carries the transfer's index (a).
  static constexpr std::uint16_t kBegin = 1;
  static constexpr std::uint16_t kVoteTimeout = 2;
  static constexpr std::uint16_t kDecide = 3;
  static constexpr std::uint16_t kSend = 4;
  static constexpr std::uint16_t kLateLog = 5;
  static constexpr std::uint16_t kResend = 6;

  enum class Phase : std::uint8_t { preparing, deciding, decided, ended };
  struct Global {
    std::vector<NodeId> participants;
    std::map<NodeId, bool> votes;  // participant -> yes
    Phase phase = Phase::preparing;
    bool commit = false;           // the decision, once phase >= decided
    bool sent = false;             // the decision has been sent at least once
    std::set<NodeId> acked;
    TimeUs began_at = 0;
  };

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
};

}  // namespace dsim::txn::distributed
