// The transactional store as a pure state machine: sessions run statements against a version store
// under the concurrency control of one flavour (PostgreSQL or InnoDB) at each session's level.
// No clock of its own: every call says what time it is, so waits happen in virtual time.
//
// A statement that must wait for a lock returns `blocked` (and on whom); the engine resumes it when
// the lock is granted, and reports the finished statement through take_completions(). Deadlocks
// (wait_for_graph.h) are found as each flavour finds them (ConcurrencyPolicy::deadlock_timeout_us):
// InnoDB when a wait begins, rolling back the lightest transaction of the cycle (the requester on a
// tie); PostgreSQL when a waiter's deadlock_timeout expires, rolling back that waiter. A wait longer
// than the lock-wait timeout fails the statement and, in this model, rolls back its transaction.
//
// The engine also records the history the checkers judge (transaction_record.h) and, when asked,
// the changes a real database would make to its durable storage (durable_log.h): its committed
// rows and its transaction log. The node that holds the engine persists them.
//
// Sections of engine.cc: sessions and snapshots; plain reads; locking (the lock phase per flavour);
// UPDATE/DELETE/SELECT FOR; INSERT; COMMIT/ROLLBACK and failures; waking and timeouts; history and
// durable storage.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/check/dsg/history.h"
#include "sim/core/time.h"
#include "sim/protocols/txn/engine/concurrency_policy.h"
#include "sim/protocols/txn/engine/durable_log.h"
#include "sim/protocols/txn/engine/lock_manager.h"
#include "sim/protocols/txn/engine/ssi_tracker.h"
#include "sim/protocols/txn/engine/statement.h"
#include "sim/protocols/txn/engine/transaction_record.h"
#include "sim/protocols/txn/engine/version_store.h"

namespace dsim::txn {

struct EngineOptions {
  // Overrides the flavour's lock-wait timeout (InnoDB 50 s, PostgreSQL none) when set.
  std::optional<DurationUs> lock_wait_timeout_us;
  // Keep the durable storage's changes for take_durable_changes(); a node that persists them sets
  // it, a batch run (the isolation matrix) leaves it off.
  bool durable_log = false;
  // Keep the lane events (lane_events.h) for take_lane_events(): what the visualizer's
  // transactions panel draws. A node that publishes them sets it; a batch run leaves it off.
  bool lane_events = false;
  // Test-only mutant that proves the history checks can fail; no scenario key sets it: writes take
  // no exclusive row lock, so a transaction overwrites rows another has not committed (dirty
  // writes, Adya's G0).
  bool mutant_dirty_writes = false;
};

// What a store runs: the engine's flavour and options, and the isolation level every transaction
// of the store's protocol runs at.
struct StoreSettings {
  Flavour flavour = Flavour::postgres;
  Level level = Level::read_committed;
  EngineOptions engine;
};

// A statement that finished after waiting (or failed while waiting).
struct Completion {
  TxnId txn = 0;
  StatementResult result;
  TimeUs at = 0;
};

class TxnEngine {
 public:
  explicit TxnEngine(Flavour flavour, EngineOptions options = {});

  Flavour flavour() const { return flavour_; }
  void load(const RowKey& row_key, Row row);

  // Starts a transaction; its label ("T1") appears in every explanation.
  TxnId begin(Level level, std::string label, TimeUs now);
  // Runs one statement of an active, non-waiting transaction.
  StatementResult execute(TxnId txn, const Statement& statement, TimeUs now);
  // Statements of other transactions that finished (or failed) as a result of earlier calls.
  std::vector<Completion> take_completions();
  // Fails every wait older than its timeout; then take_completions() reports them.
  void expire_waits(TimeUs now);
  // When the next lock wait times out (kTimeNever if none can).
  TimeUs next_timeout() const;

  bool waiting(TxnId txn) const;
  TxnState state(TxnId txn) const { return store_.state(txn); }
  const std::string& label(TxnId txn) const;
  Level level(TxnId txn) const;
  const VersionStore& store() const { return store_; }
  const SsiTracker& ssi() const { return ssi_; }
  // The history so far in Adya's model, for the anomaly checker.
  dsg::History history() const;
  // With options.durable_log: the changes to the store's durable storage since the last call, in
  // the order they were made (durable_log.h), for the node to persist.
  std::vector<DurableChange> take_durable_changes();
  // With options.lane_events: every begin, statement, wait, write and end since the last call, in
  // order, each a JSON object (lane_events.h), for the node to publish.
  std::vector<std::string> take_lane_events();

 private:
  struct Pending {
    Statement statement;
    Snapshot snapshot;
    TimeUs waiting_since = 0;
    bool deadlock_checked = false;  // PostgreSQL: this wait's deadlock_timeout check has run
  };
  // InnoDB: a waiting transaction chosen as a deadlock victim by another's request (see lock()).
  struct DeadlockVictim {
    TxnId txn = 0;
    std::string message;
  };
  struct Session {
    TxnId id = 0;
    Level level = Level::read_committed;
    ConcurrencyPolicy policy;
    std::string label;
    std::optional<Snapshot> transaction_snapshot;
    std::optional<Pending> pending;
    bool ended = false;
    TransactionRecord record;  // what the checker will see
  };
  // One row a locking statement will act on, and the version its snapshot saw (PostgreSQL).
  struct Target {
    RowKey row;
    std::optional<std::pair<TxnId, std::uint32_t>> seen;  // writer and sequence of the seen version
  };
  enum class Step : std::uint8_t { ok, stop };  // stop: `out` holds a blocked or failed result

  Session& session(TxnId txn);
  const Session& session(TxnId txn) const;
  Snapshot statement_snapshot(Session& s, const Statement& statement, bool plain_read);
  StatementResult run(Session& s, const Statement& statement, const Snapshot& snapshot);

  StatementResult plain_read(Session& s, const Statement& statement, const Snapshot& snapshot);
  Step lock(Session& s, const LockResource& resource, LockMode mode, StatementResult& out);
  Step lock_targets(Session& s, const Statement& statement, const Snapshot& snapshot, LockMode mode,
                    std::vector<Target>& targets, StatementResult& out);
  StatementResult locking_statement(Session& s, const Statement& statement, const Snapshot& snapshot);
  StatementResult insert(Session& s, const Statement& statement);
  StatementResult commit(Session& s);
  void rollback(Session& s);
  StatementResult fail(Session& s, ErrorKind kind, std::string message, bool at_commit = false);
  void release(Session& s);
  void drain(TimeUs now);
  void abort_waiting_victim(TxnId victim, std::string message, TimeUs now);
  std::size_t deadlock_weight(TxnId txn) const;

  void record_item_read(Session& s, const RowKey& row_key, const Version* version);
  void record_predicate_read(Session& s, const Statement& statement, const std::map<RowKey, const Version*>& observed);
  void record_write(Session& s, const RowKey& row_key, const Version& version);
  // The row's committed versions in version order: the final write of each committed writer, in
  // the order the versions were installed.
  std::vector<VersionRef> committed_versions(const RowKey& row_key) const;
  void log_change(DurableChange change);
  void log_commit(const Session& s);
  void note_invisible_writers(Session& s, const RowKey& row_key, const Version* seen);
  std::string holders_text(const LockResource& resource, TxnId except) const;
  std::vector<RowKey> physical_rows(const std::string& table) const;
  // Lane events (options_.lane_events): one statement's outcome, with the snapshot it read from
  // (none for COMMIT/ROLLBACK), or the wait it began; and the raw emitter that numbers them.
  void lane_statement(const Session& s, const Statement& statement, const StatementResult& result,
                      std::optional<std::uint64_t> snapshot_as_of);
  void lane_event(nlohmann::json event);

  Flavour flavour_;
  EngineOptions options_;
  VersionStore store_;
  LockManager locks_;
  SsiTracker ssi_;
  std::map<TxnId, Session> sessions_;
  std::vector<TxnId> commit_order_;
  std::deque<TxnId> to_resume_;
  std::vector<Completion> completions_;
  std::optional<DeadlockVictim> waiting_victim_;  // set by lock(), handled by execute()
  TxnId next_txn_ = 1;
  std::vector<DurableChange> durable_changes_;  // with options_.durable_log: not yet taken
  std::set<TxnId> changed_records_;             // with options_.durable_log: records to write at the next take
  std::vector<std::string> lane_events_;        // with options_.lane_events: not yet taken
  std::uint64_t lane_sequence_ = 0;             // numbers every lane event, so that each publish differs
  std::optional<LockResource> blocked_resource_;  // set by lock() when it returns blocked, for the wait event
  LockMode blocked_mode_ = LockMode::shared;
};

}  // namespace dsim::txn
