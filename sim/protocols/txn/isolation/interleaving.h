// Hermitage-style interleavings (Kleppmann, "Hermitage: testing transaction isolation levels",
// 2014): a list of steps, each naming its transaction and its statement, run in that order a
// second apart in virtual time. A step whose transaction is still waiting for a lock is queued
// behind it, as a client sitting on a blocked connection would. run_interleaving() returns what
// each statement returned, who blocked on whom and when, who aborted and why, in words.
//
// Each test also says what "the anomaly happened" means in observable terms: values that reads
// returned (`anomaly_if` on a step), which transactions must have committed, conditions on the
// final committed state, and for OTV, a reader whose reads must not lose sight of a transaction. The outcome is then one of: allowed (the anomaly happened), block, abort,
// wait-abort, abort-at-commit, nowait (see Outcome).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/check/dsg/anomalies.h"
#include "sim/core/time.h"
#include "sim/protocols/txn/engine/engine.h"
#include "sim/protocols/txn/engine/statement.h"

namespace dsim::txn::isolation {

// A number written in a step, or one computed from the transaction's last read of the row:
// `{"read": "n", "add": -1}` is "the n I read, minus one" — what an application does when it
// reads, computes, then writes (and the root of every lost update).
struct StepValue {
  std::int64_t amount = 0;
  std::optional<std::string> read_column;  // when set: last read value of this column + amount
};

enum class OnNoRows : std::uint8_t { nothing, give_up, retry };

struct Step {
  std::uint32_t txn = 1;  // "t": 1 is T1
  bool begin_only = false;  // "do": "begin" — starts the transaction, runs nothing
  Statement statement;
  std::map<std::string, StepValue> set_from_read;  // assignments computed from the last read
  std::optional<StepValue> where_eq_from_read;     // WHERE <column> = <value from the last read>
  std::string column = "value";                    // which column a read's result shows
  std::optional<nlohmann::json> expect;            // what Hermitage documents (informational)
  std::optional<nlohmann::json> anomaly_if;        // the anomaly shows as this result
  std::optional<Predicate> if_read;                // give up (roll back) unless the last read matches
  OnNoRows on_none = OnNoRows::nothing;            // when an UPDATE changes no row
  std::string note;                                // narration shown with the step
};

// A condition on the final committed state: a row's column (`key` + predicate), or a row count.
struct FinalCondition {
  std::string table = "test";
  std::optional<std::string> key;
  Predicate predicate;                 // on the row, when `key` is set
  std::optional<std::int64_t> rows_gt; // the table has more rows than this
  std::string describe() const;
};

// Hermitage's criterion for OTV, observed transaction vanishes (the anomaly is Bailis et al.'s,
// "Highly Available Transactions", VLDB 2014; monotonic atomic view prevents it): once `reader` has
// seen a version that a committed transaction wrote, none of its reads (that one, or a later one)
// may return a version of a row older than the one that transaction wrote there. So a read that
// mixes the versions of two writers of the same rows counts, and so does a read that goes back to
// an older writer. The versions of each row are the test's initial row and the constant values its
// UPDATE steps write, in the script's order (parse_interleaving checks that they are constants,
// distinct per row, so that a value read names its version).
struct VanishCondition {
  std::uint32_t reader = 0;
  std::string column = "value";
  std::map<RowKey, std::vector<std::pair<std::uint32_t, std::int64_t>>> versions;  // (writer, value), oldest first; writer 0 = the initial row
};

struct InterleavingTest {
  std::string name;     // "g0", "p4", "seat-read-then-write"
  std::string title;    // "G0: dirty write"
  std::string anomaly;  // the class it probes: "G0", "P4", "G2-item", "oversell", ...
  std::string summary;  // one paragraph in plain words
  std::map<RowKey, Row> initial;
  std::vector<Step> steps;
  std::vector<std::uint32_t> retry;  // transactions that retry after a failure (at most twice more)
  std::optional<std::vector<std::uint32_t>> anomaly_needs_commit;  // default: those with a COMMIT step
  std::vector<FinalCondition> anomaly_final;
  std::optional<VanishCondition> anomaly_vanishes;  // "anomaly_observed_vanishes": {"reader": 3}
};

enum class Outcome : std::uint8_t { allowed, block, abort, wait_abort, abort_at_commit, nowait };
const char* outcome_name(Outcome outcome);  // "allowed", "block", "abort", "wait-abort", "abort-at-commit", "nowait"

struct StepRecord {
  std::size_t step = 0;          // index in the test's steps
  std::string txn;               // "T2", or "T2 (retry 1)"
  std::string sql;
  enum class Status : std::uint8_t { done, blocked, failed, skipped } status = Status::done;
  TimeUs issued_at = 0;
  TimeUs finished_at = 0;
  nlohmann::json result;         // a read's value or rows, a write's row count
  bool waited = false;
  std::vector<std::string> blocked_on;
  ErrorKind error = ErrorKind::none;
  bool at_commit = false;
  std::string text;              // what happened, in words
};

struct InterleavingOutcome {
  Flavour flavour = Flavour::postgres;
  Level level = Level::read_committed;
  std::string test;
  std::string title;                     // "P4: lost update"
  std::vector<StepRecord> steps;        // in the order they were issued
  std::vector<std::string> narrative;   // "[3.000s] T2: UPDATE ... -> waits for T1 (...)"
  bool anomaly = false;
  std::string anomaly_evidence;         // when it happened: the observations that define it, in words
  Outcome outcome = Outcome::nowait;
  std::string verdict;                  // one line: why this outcome
  std::map<std::string, std::string> fates;  // "T1" -> "committed", "T2" -> "rolled back: deadlock"
  std::vector<dsg::Anomaly> dsg_anomalies;   // what the DSG checker finds in the history
  std::vector<std::string> expectation_mismatches;
  std::map<RowKey, Row> final_state;
};

struct InterleavingOptions {
  DurationUs step_interval_us = kSecond;  // virtual time between consecutive steps
  EngineOptions engine;
  std::uint32_t max_attempts = 3;         // for transactions listed in `retry`
};

InterleavingOutcome run_interleaving(Flavour flavour, Level level, const InterleavingTest& test,
                                     const InterleavingOptions& options = {});
// Bare steps, as Hermitage writes its tests: on the default table (test: 1 -> 10, 2 -> 20), the
// anomaly judged by the steps' `anomaly_if` values alone.
InterleavingOutcome run_interleaving(Flavour flavour, Level level, const std::vector<Step>& steps);

// The statement a step runs, with values taken from the transaction's last reads filled in.
// `problem` (when given) says what could not be computed.
Statement resolve_step(const Step& step, const std::map<RowKey, Row>& last_reads, std::string* problem = nullptr);

// The Hermitage default table: test(id, value) = {1: 10, 2: 20}.
std::map<RowKey, Row> hermitage_table();

}  // namespace dsim::txn::isolation
