// A store that serves single statements to many client nodes over one TxnEngine: the shared core
// of the flash sale's and the hot row's store nodes. Each (sender, transaction, attempt) gets its
// own engine transaction; a statement that must wait for a lock is remembered and answered when
// the engine reports it done or failed (deadlock victim, lock-wait timeout), with its wait
// observed in txn.lock_wait_us. The node keeps what differs in Hooks: labels, story lines, views.
// Every change the engine makes to its durable storage (engine/durable_log.h) is persisted as it
// happens, for the store checks to judge.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <tuple>

#include "sim/core/node.h"
#include "sim/protocols/txn/engine/engine.h"
#include "sim/protocols/txn/statement_service/messages.h"
#include "sim/protocols/txn/statement_service/timers.h"

namespace dsim::txn {

class StatementServer {
 public:
  // What the node adds. Passed to each call rather than stored, so the node stays freely movable.
  class Hooks {
   public:
    // The engine's label ("B3.2") for the transaction a sender's first statement starts.
    virtual std::string label(NodeId from, const StatementRequest& request) const = 0;
    // A statement now waits for a lock; runs before the txn.blocked mark.
    virtual void on_blocked(Context&, TxnId, const StatementResult&) {}
    // A statement failed; runs after its failure is marked, before the reply is sent.
    virtual void on_failed(Context&, const StatementResult&) {}
    // The statements that stopped waiting are answered; runs before the lock timer is armed.
    virtual void after_completions(Context&) {}

   protected:
    ~Hooks() = default;
  };

  // `mark_aborts_at_commit`: mark a serialization failure at COMMIT as txn.abort_at_commit
  // rather than txn.serialization_failure.
  StatementServer(const StoreSettings& store, bool mark_aborts_at_commit);

  // Loads a row before the first transaction (from the node's constructor).
  void load(const RowKey& row, Row contents) { engine_.load(row, std::move(contents)); }
  // Persists what the engine has written so far: the node's start calls it for the loaded rows.
  void persist(Context& ctx);
  // After a crash the store recovers nothing (a fresh engine with the initial rows), so its disk
  // starts over too: the node's restart calls this, then starts as at first.
  void start_over(Context& ctx);
  // Runs `request` for `from`, then answers it (or remembers it while it waits) and every waiter
  // it released.
  void serve(Context& ctx, NodeId from, const StatementRequest& request, Hooks& hooks);
  // The lock-timeout timer fired: fails the waits that are due and answers them.
  void on_lock_timeout(Context& ctx, const StoreLockTimeout& timeout, Hooks& hooks);

  const TxnEngine& engine() const { return engine_; }
  // How many statements wait for a lock.
  std::size_t waiting_count() const { return waiting_.size(); }

 private:
  // A statement blocked on a lock, to be answered when the engine completes it.
  struct Waiter {
    NodeId sender;
    std::uint32_t attempt;
    TimeUs since;
  };
  void reply(Context& ctx, NodeId to, std::uint32_t attempt, const StatementResult& result, Hooks& hooks);
  void answer_completions(Context& ctx, Hooks& hooks);

  Level level_;                       // every transaction runs at this isolation level
  bool mark_aborts_at_commit_;
  TxnEngine engine_;
  std::map<std::tuple<NodeId, std::uint32_t, std::uint32_t>, TxnId> txn_of_request_;  // (sender, txn, attempt) -> engine id
  std::map<TxnId, Waiter> waiting_;   // blocked statements, by engine id
  LockTimeoutTimer<StoreLockTimeout::kKind.number> lock_timeout_;
};

}  // namespace dsim::txn
