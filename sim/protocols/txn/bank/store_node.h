// One database among several: a store node holding some of the accounts in its own TxnEngine.
// It serves three kinds of work, each a local transaction of the engine:
//   - a 2PC branch: run the steps, then PREPARE (vote yes, keep the row locks, write the prepared
//     branch to the durable log first) or vote no; later COMMIT or ABORT as the coordinator says.
//     While prepared it is "in doubt": it may not decide alone, so anyone who needs its rows waits.
//     In doubt for inquiry_timeout, it asks the coordinator (the termination protocol).
//   - a saga step or compensation: run it and commit at once (or fail), recording it durably.
//   - a client read: SELECT (plain or FOR SHARE) and commit.
// Durable layout: "row/<account>" committed rows; "prepared/<gid>" the branch while in doubt, with
// "prepared_at/<gid>" and "coordinator/<gid>"; "vote/<gid>"; "outcome/<gid>" committed|aborted;
// "saga/<saga>.<step>" and "saga/<saga>.<step>c" applied steps and compensations. A restart
// rebuilds the engine from the rows and replays every prepared branch, taking its locks again
// (as PostgreSQL restores PREPARE TRANSACTION state from its WAL).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/txn/bank/messages.h"
#include "sim/protocols/txn/bank/setup.h"
#include "sim/protocols/txn/bank/timers.h"
#include "sim/protocols/txn/engine/engine.h"

namespace dsim::txn::bank {

class StoreNode final : public ProtocolNode<StoreNode> {
 public:
  static constexpr std::string_view kNodeType = "bank store";

  explicit StoreNode(std::shared_ptr<const BankSetup> setup);
  void start(Context& ctx);
  void restart(Context& ctx);
  // Stale once the branch it asks about is resolved (no prepared branch holds its serial).
  bool is_current(const InquiryTimeout& inquiry) const;
  // Never stale (engine/lock_timeout_timer.h).
  bool is_current(const StoreLockTimeout&) const { return true; }

 private:
  enum class WorkKind : std::uint8_t { branch, saga_step, read };
  // A local transaction in progress: its statements run one by one, possibly waiting for locks.
  struct Work {
    WorkKind kind = WorkKind::read;
    NodeId requester = kNoNode;
    std::string name;              // gid "T1", saga "S1", or the reader's name
    std::vector<Step> steps;       // branch / saga step
    std::uint32_t step = 0;        // saga step number
    bool compensation = false;     // saga
    std::uint32_t read = 0;        // read number
    std::vector<Statement> statements;
    std::size_t next = 0;
    std::vector<StatementResult> results;
    TimeUs blocked_since = kTimeNever;
    DurationUs waited_us = 0;
    bool behind_in_doubt = false;  // the current wait is for a prepared, in-doubt branch
  };
  // A 2PC branch from its first statement to its outcome.
  struct Branch {
    TxnId txn = 0;
    NodeId coordinator = kNoNode;
    std::vector<Step> steps;
    bool prepared = false;      // voted yes: in doubt until the decision arrives
    TimeUs locked_at = 0;       // since when it holds its row locks (this incarnation)
    TimeUs prepared_at = 0;     // when it voted yes (durable, survives a restart)
    std::uint64_t serial = 0;   // guards its inquiry timer
  };

  void load_from_storage(Context& ctx);
  // Every message's work may finish other work or release locks: flush carries on the statements
  // that stopped waiting.
  template <typename M, void (StoreNode::*Work)(Context&, NodeId, const M&)>
  void handle(Context& ctx, NodeId from, const M& message) {
    (this->*Work)(ctx, from, message);
    flush(ctx);
  }
  void prepare_branch(Context& ctx, NodeId from, const Prepare& prepare);
  void apply_decision(Context& ctx, NodeId from, const Decision& decision);
  void start_saga_step(Context& ctx, NodeId from, const StepRequest& request);
  void start_read(Context& ctx, NodeId from, const ReadRequest& request);
  void on_inquiry_timeout(Context& ctx, const InquiryTimeout& inquiry);
  void on_lock_timeout(Context& ctx, const StoreLockTimeout& timeout);

  void begin_work(Context& ctx, TxnId txn, Work work);
  void advance(Context& ctx, TxnId txn);
  void note_blocked(Context& ctx, TxnId txn, Work& work, const StatementResult& result);
  void finish(Context& ctx, TxnId txn, Work work, bool failed);
  void finish_branch(Context& ctx, TxnId txn, const Work& work, bool failed);
  void finish_saga_step(Context& ctx, TxnId txn, const Work& work, bool failed);
  void finish_read(Context& ctx, TxnId txn, const Work& work);
  void flush(Context& ctx);
  void resolve(Context& ctx, const std::string& gid, bool commit);
  void arm_inquiry(Context& ctx, const Branch& branch, DurationUs delay);
  void ask_coordinator(Context& ctx, const std::string& gid, const Branch& branch);
  void persist_rows(Context& ctx);
  void publish_balances(Context& ctx);
  std::string guard_failure(const Work& work) const;
  std::string in_doubt_blockers(const StatementResult& result) const;
  const std::string& name_of(NodeId node) const { return setup_->names.at(node); }

  std::shared_ptr<const BankSetup> setup_;
  TxnEngine engine_;
  std::map<TxnId, Work> work_;              // local transactions in progress, by engine id
  std::map<std::string, Branch> branches_;  // 2PC branches not yet resolved, by gid
  std::uint64_t next_serial_ = 0;
  std::uint32_t reads_served_ = 0;
  LockTimeoutTimer<StoreLockTimeout::kKind.number> lock_timeout_;

 public:
  using Messages = MessageHandlers<&StoreNode::handle<Prepare, &StoreNode::prepare_branch>,
                                   &StoreNode::handle<Decision, &StoreNode::apply_decision>,
                                   &StoreNode::handle<StepRequest, &StoreNode::start_saga_step>,
                                   &StoreNode::handle<ReadRequest, &StoreNode::start_read>>;
  using Timers = TimerHandlers<&StoreNode::on_inquiry_timeout, &StoreNode::on_lock_timeout>;
};

}  // namespace dsim::txn::bank
